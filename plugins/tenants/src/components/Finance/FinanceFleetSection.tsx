import { useState } from 'react';
import useAsync from 'react-use/esm/useAsync';
import Button from '@mui/material/Button';
import Grid from '@mui/material/Grid';
import MenuItem from '@mui/material/MenuItem';
import Select from '@mui/material/Select';
import Table from '@mui/material/Table';
import TableBody from '@mui/material/TableBody';
import TableCell from '@mui/material/TableCell';
import TableHead from '@mui/material/TableHead';
import TableRow from '@mui/material/TableRow';
import Typography from '@mui/material/Typography';
import { InfoCard } from '@backstage/core-components';
import { alertApiRef, useApi, useApiHolder } from '@backstage/core-plugin-api';
import { financeApiRef, type FinanceApi } from '../../api';
import { AsyncState } from '../common/AsyncState';
import { formatDollars, formatUtc } from '../common/format';
import { AnomaliesCard, pct } from './TenantFinanceCards';

/** Months and amounts stay on one line in a narrow card ("Mont h", "$663,01 7.59" otherwise). */
const NO_WRAP = { whiteSpace: 'nowrap' } as const;

/** The monthly chargeback reports with their generation time and CSV downloads. */
export function ChargebackReportsCard(props: { api: FinanceApi }) {
  const { api } = props;
  const alertApi = useApi(alertApiRef);
  const state = useAsync(() => api.listChargebackReports(), [api]);
  const download = async (month: string, part: 'rows' | 'summary') => {
    try {
      const href = URL.createObjectURL(
        await api.downloadChargebackReport(month, part),
      );
      const a = document.createElement('a');
      a.href = href;
      a.download = `chargeback-${month}${
        part === 'summary' ? '-summary' : ''
      }.csv`;
      a.click();
      URL.revokeObjectURL(href);
    } catch (err) {
      alertApi.post({
        message: `Report download failed: ${(err as Error).message}`,
        severity: 'error',
      });
    }
  };
  return (
    <InfoCard title="Monthly chargeback reports (FinOps FOCUS columns)">
      <AsyncState
        {...state}
        what="chargeback reports"
        permission="tenants.spend.read"
      >
        {reports =>
          reports.items.length === 0 ? (
            <Typography>
              No report yet: a month's report is produced once Cost Explorer no
              longer marks it estimated (a few days after the month closes).
            </Typography>
          ) : (
            <Table size="small" aria-label="Chargeback reports">
              <TableHead>
                <TableRow>
                  <TableCell sx={NO_WRAP}>Month</TableCell>
                  <TableCell align="right" sx={NO_WRAP}>
                    Total
                  </TableCell>
                  <TableCell>Generated</TableCell>
                  <TableCell>Download</TableCell>
                </TableRow>
              </TableHead>
              <TableBody>
                {reports.items.map(r => (
                  <TableRow key={r.month}>
                    <TableCell sx={NO_WRAP}>{r.month}</TableCell>
                    <TableCell align="right" sx={NO_WRAP}>
                      {formatDollars(r.total)}
                    </TableCell>
                    <TableCell>{formatUtc(r.generatedAt)}</TableCell>
                    <TableCell>
                      <Button
                        size="small"
                        onClick={() => download(r.month, 'rows')}
                      >
                        Report CSV
                      </Button>
                      <Button
                        size="small"
                        onClick={() => download(r.month, 'summary')}
                      >
                        Per-tenant summary
                      </Button>
                    </TableCell>
                  </TableRow>
                ))}
              </TableBody>
            </Table>
          )
        }
      </AsyncState>
    </InfoCard>
  );
}

/** Tenants over (or forecast over) their vend-time budget. */
export function BudgetsCard(props: { api: FinanceApi }) {
  const { api } = props;
  const [filter, setFilter] = useState<'over' | 'forecast-over'>(
    'forecast-over',
  );
  const state = useAsync(() => api.listTenantBudgets(filter), [api, filter]);
  return (
    <InfoCard title="Budgets">
      <Select
        size="small"
        value={filter}
        onChange={e => setFilter(e.target.value as 'over' | 'forecast-over')}
        inputProps={{ 'aria-label': 'Budget filter' }}
      >
        <MenuItem value="over">Over budget</MenuItem>
        <MenuItem value="forecast-over">Forecast over budget</MenuItem>
      </Select>
      <AsyncState {...state} what="budgets" permission="tenants.spend.read">
        {b =>
          b.items.length === 0 ? (
            <Typography>
              No tenant is {filter === 'over' ? 'over' : 'forecast over'} its
              budget.
            </Typography>
          ) : (
            <Table size="small" aria-label="Budgets">
              <TableBody>
                {b.items.map(x => (
                  <TableRow key={x.tenantId}>
                    <TableCell>{x.tenantId}</TableCell>
                    <TableCell align="right">
                      {formatDollars(x.amount)}
                    </TableCell>
                    <TableCell align="right">
                      actual {formatDollars(x.actual)}
                    </TableCell>
                    <TableCell align="right">
                      forecast{' '}
                      {x.forecast === null ? '—' : formatDollars(x.forecast)}
                    </TableCell>
                  </TableRow>
                ))}
              </TableBody>
            </Table>
          )
        }
      </AsyncState>
    </InfoCard>
  );
}

/**
 * The costs page's finance section: reports, footprint leaders, unit cost, anomalies, budgets;
 * nothing when the app registers no `financeApiRef`.
 */
export function FinanceFleetSection(props: { month: string }) {
  const api = useApiHolder().get(financeApiRef);
  return api ? <FinanceFleetView api={api} month={props.month} /> : null;
}

function FinanceFleetView(props: { api: FinanceApi; month: string }) {
  const { api, month } = props;
  const state = useAsync(() => api.getFinanceFleet(month), [api, month]);
  return (
    <Grid container spacing={3}>
      <Grid item xs={12} md={6}>
        <ChargebackReportsCard api={api} />
      </Grid>
      <Grid item xs={12} md={6}>
        <BudgetsCard api={api} />
      </Grid>
      <Grid item xs={12}>
        <AsyncState
          {...state}
          what="the fixed-cost footprint"
          permission="tenants.spend.read"
        >
          {fleet => (
            <Grid container spacing={3}>
              <Grid item xs={12} md={8}>
                <InfoCard title={`Largest always-on spend, ${fleet.month}`}>
                  <Table size="small" aria-label="Always-on spend">
                    <TableHead>
                      <TableRow>
                        <TableCell>Tenant</TableCell>
                        <TableCell align="right">Always-on</TableCell>
                        <TableCell align="right">Share</TableCell>
                        <TableCell>What it is</TableCell>
                      </TableRow>
                    </TableHead>
                    <TableBody>
                      {fleet.footprint.map(r => (
                        <TableRow key={r.tenantId}>
                          <TableCell>{r.tenantId}</TableCell>
                          <TableCell align="right">
                            {formatDollars(r.alwaysOn)}
                          </TableCell>
                          <TableCell align="right">
                            {pct(r.alwaysOnShare)}
                          </TableCell>
                          <TableCell>
                            {r.items
                              .map(
                                i =>
                                  `${i.usageType || i.service} ${formatDollars(
                                    i.amount,
                                  )}`,
                              )
                              .join('; ')}
                          </TableCell>
                        </TableRow>
                      ))}
                    </TableBody>
                  </Table>
                </InfoCard>
              </Grid>
              <Grid item xs={12} md={4}>
                <InfoCard title="Unit cost (per 1,000 requests)">
                  {!fleet.unitCost || fleet.unitCost.tenantsWithData === 0 ? (
                    <Typography>
                      No tenant has request data for {fleet.month}.
                    </Typography>
                  ) : (
                    <Typography>
                      median ${fleet.unitCost.median} · p25 $
                      {fleet.unitCost.p25} · p75 ${fleet.unitCost.p75} · p90 $
                      {fleet.unitCost.p90} ({fleet.unitCost.tenantsWithData}{' '}
                      tenants; {fleet.unitCost.tenantsWithoutData} without
                      request data)
                    </Typography>
                  )}
                </InfoCard>
              </Grid>
              <Grid item xs={12}>
                <AnomaliesCard anomalies={fleet.anomalies} />
              </Grid>
            </Grid>
          )}
        </AsyncState>
      </Grid>
    </Grid>
  );
}
