import useAsync from 'react-use/esm/useAsync';
import Alert from '@mui/material/Alert';
import Box from '@mui/material/Box';
import Link from '@mui/material/Link';
import Table from '@mui/material/Table';
import TableBody from '@mui/material/TableBody';
import TableCell from '@mui/material/TableCell';
import TableHead from '@mui/material/TableHead';
import TableRow from '@mui/material/TableRow';
import Typography from '@mui/material/Typography';
import { InfoCard } from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import {
  tenantLogsReadPermission,
  type TenantRecentErrors,
} from '@tenancy/plugin-tenants-common';
import { tenantsApiRef } from '../../api';
import { AsyncState } from '../common/AsyncState';
import { formatUtc } from '../common/format';
import { PermissionGate } from '../common/PermissionGate';

const STATUS_NOTE: Record<string, string> = {
  TimedOut:
    'The query did not finish in time and was stopped; the rows below may be incomplete.',
  NoLogGroups:
    'This tenant shares no log group with the monitoring account here.',
  Failed: 'Logs Insights could not run the query.',
  Cancelled: 'The query was cancelled.',
  Timeout: 'Logs Insights stopped the query after 60 minutes.',
};

function RecentErrorsView(props: { logs: TenantRecentErrors }) {
  const { logs } = props;
  return (
    <Box>
      <Typography variant="body2" data-testid="recent-errors-range">
        Last {logs.minutes} min: {formatUtc(logs.start)} – {formatUtc(logs.end)}
        {logs.cached ? ' (cached)' : ''}
      </Typography>
      {logs.regions
        .filter(r => STATUS_NOTE[r.status])
        .map(r => (
          <Alert key={r.region} severity="info" sx={{ mt: 1 }}>
            {r.region}: {STATUS_NOTE[r.status]}
          </Alert>
        ))}
      <Typography variant="subtitle2" sx={{ mt: 2 }}>
        Logs Insights query (paste it into the console)
      </Typography>
      <Box
        component="pre"
        data-testid="recent-errors-query"
        sx={{ p: 1, bgcolor: 'action.hover', overflowX: 'auto', my: 1 }}
      >
        {logs.query}
      </Box>
      {logs.rows.length === 0 ? (
        <Typography variant="body2">
          No ERROR lines in this time range.
        </Typography>
      ) : (
        <Table size="small" aria-label="Recent errors">
          <TableHead>
            <TableRow>
              <TableCell sx={{ whiteSpace: 'nowrap' }}>Time (UTC)</TableCell>
              <TableCell>Log group</TableCell>
              <TableCell>Message</TableCell>
            </TableRow>
          </TableHead>
          <TableBody>
            {logs.rows.map((row, i) => (
              <TableRow key={`${row.timestamp}-${i}`}>
                <TableCell sx={{ whiteSpace: 'nowrap' }}>
                  {row.timestamp.slice(0, 19).replace('T', ' ')}
                </TableCell>
                <TableCell>
                  {logs.regions.length > 1
                    ? `${row.region} ${row.logGroup}`
                    : row.logGroup}
                </TableCell>
                <TableCell>{row.message}</TableCell>
              </TableRow>
            ))}
          </TableBody>
        </Table>
      )}
      <Box mt={1} display="flex" gap={2}>
        {logs.regions
          .filter(r => r.logGroups.length > 0)
          .map(r => (
            <Link
              key={r.region}
              href={r.consoleUrl}
              target="_blank"
              rel="noopener noreferrer"
            >
              Open in CloudWatch Logs Insights ({r.region})
            </Link>
          ))}
      </Box>
    </Box>
  );
}

function RecentErrorsLoader(props: { tenantId: string }) {
  const api = useApi(tenantsApiRef);
  const state = useAsync(
    () => api.getTenantRecentErrors(props.tenantId),
    [api, props.tenantId],
  );
  return (
    <AsyncState
      {...state}
      what="recent errors"
      permission={tenantLogsReadPermission.name}
    >
      {logs => <RecentErrorsView logs={logs} />}
    </AsyncState>
  );
}

/**
 * "Recent errors" on the Health tab: the tenant's most recent ERROR log lines from a Logs
 * Insights query in the monitoring account (needs `tenants.logs.read`), with the time range,
 * the query text, the rows and a link to the console.
 */
export function RecentErrorsCard(props: { tenantId: string }) {
  return (
    <InfoCard title="Recent errors">
      <PermissionGate
        permission={tenantLogsReadPermission}
        resourceRef={props.tenantId}
        what="this tenant's logs"
      >
        <RecentErrorsLoader tenantId={props.tenantId} />
      </PermissionGate>
    </InfoCard>
  );
}
