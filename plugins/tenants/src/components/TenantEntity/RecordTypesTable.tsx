import Table from '@mui/material/Table';
import TableBody from '@mui/material/TableBody';
import TableCell from '@mui/material/TableCell';
import TableHead from '@mui/material/TableHead';
import TableRow from '@mui/material/TableRow';
import type { TenantSpend } from '@tenancy/plugin-tenants-common';
import { formatUsd } from '../common/format';
import { headlineOf } from '../common/money';

/**
 * Each month's Cost Explorer record types kept apart (docs/aws-behaviours/fleet.md#credits-and-refunds): usage, tax, credits, refunds,
 * the net of all four, and the headline (usage + tax) that the charts and the trend use.
 */
export function RecordTypesTable(props: { monthly: TenantSpend['monthly'] }) {
  const rows = [...props.monthly].reverse();
  return (
    <Table
      size="small"
      aria-label="Spend by record type"
      sx={{ '& td, & th': { whiteSpace: 'nowrap' } }}
    >
      <TableHead>
        <TableRow>
          <TableCell>Month (UTC)</TableCell>
          <TableCell align="right">Usage</TableCell>
          <TableCell align="right">Tax</TableCell>
          <TableCell align="right">Credits</TableCell>
          <TableCell align="right">Refunds</TableCell>
          <TableCell align="right">Net</TableCell>
          <TableCell align="right">Usage + tax</TableCell>
        </TableRow>
      </TableHead>
      <TableBody>
        {rows.map(m => (
          <TableRow key={m.month} data-testid={`record-types-${m.month}`}>
            <TableCell>
              {m.month}
              {m.estimated ? ' (estimated)' : ''}
            </TableCell>
            <TableCell align="right">{formatUsd(m.amounts.usage)}</TableCell>
            <TableCell align="right">{formatUsd(m.amounts.tax)}</TableCell>
            <TableCell align="right">{formatUsd(m.amounts.credit)}</TableCell>
            <TableCell align="right">{formatUsd(m.amounts.refund)}</TableCell>
            <TableCell align="right">{formatUsd(m.amounts.net)}</TableCell>
            <TableCell align="right">
              {formatUsd(headlineOf(m.amounts))}
            </TableCell>
          </TableRow>
        ))}
      </TableBody>
    </Table>
  );
}
