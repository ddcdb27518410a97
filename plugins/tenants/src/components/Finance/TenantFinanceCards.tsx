import useAsync from 'react-use/esm/useAsync';
import Grid from '@mui/material/Grid';
import Table from '@mui/material/Table';
import TableBody from '@mui/material/TableBody';
import TableCell from '@mui/material/TableCell';
import TableHead from '@mui/material/TableHead';
import TableRow from '@mui/material/TableRow';
import Typography from '@mui/material/Typography';
import { InfoCard } from '@backstage/core-components';
import { useApiHolder } from '@backstage/core-plugin-api';
import { financeApiRef, type FinanceApi, type TenantFinance } from '../../api';
import { AsyncState } from '../common/AsyncState';
import { formatDollars } from '../common/format';

/** A ratio as a percentage with one decimal, `—` when there is none. */
export const pct = (r: number | null | undefined) =>
  r === null || r === undefined ? '—' : `${(r * 100).toFixed(1)}%`;

const BUDGET_STATE: Record<string, string> = {
  over: 'Over budget',
  'forecast-over': 'Forecast over budget',
  under: 'Within budget',
};

/** The vend-time budget: amount, actual and forecast against it, notifications. */
export function BudgetCard(props: { budget: TenantFinance['budget'] }) {
  const b = props.budget;
  return (
    <InfoCard title="Budget (this month)">
      {!b ? (
        <Typography>No vend-time budget found for this tenant.</Typography>
      ) : (
        <>
          <Typography variant="h6">{BUDGET_STATE[b.state]}</Typography>
          <Typography>
            {b.name}: {formatDollars(b.amount)} a month · actual{' '}
            {formatDollars(b.actual)} ({pct(b.actualRatio)}) · forecast{' '}
            {b.forecast === null
              ? 'not available yet'
              : `${formatDollars(b.forecast)} (${pct(b.forecastRatio)})`}
          </Typography>
          {b.notifications.map((n, i) => (
            <Typography key={i} variant="body2">
              {n.type === 'ACTUAL' ? 'Actual' : 'Forecast'} over {n.threshold}
              {n.thresholdType === 'PERCENTAGE' ? '%' : ' USD'}:{' '}
              {n.crossed ? 'crossed' : 'not crossed'}
              {n.awsState ? ` (AWS: ${n.awsState})` : ''}
            </Typography>
          ))}
        </>
      )}
    </InfoCard>
  );
}

/** AWS Cost Anomaly Detection's anomalies of this tenant, with impact and root causes. */
export function AnomaliesCard(props: {
  anomalies: TenantFinance['anomalies'];
}) {
  const a = props.anomalies;
  let body;
  if (a.status === 'no-monitor')
    body = (
      <Typography>
        No anomaly monitor exists in the payer account: AWS Cost Anomaly
        Detection is not set up, so no anomalies are reported.
      </Typography>
    );
  else if (a.status === 'not-read')
    body = (
      <Typography>
        Anomalies have not been read yet (after the next refresh).
      </Typography>
    );
  else if (!a.items?.length)
    body = <Typography>No anomalies in the last 90 days.</Typography>;
  else
    body = (
      <Table size="small" aria-label="Anomalies">
        <TableHead>
          <TableRow>
            <TableCell>Days (UTC)</TableCell>
            <TableCell align="right">Impact</TableCell>
            <TableCell>Root causes</TableCell>
          </TableRow>
        </TableHead>
        <TableBody>
          {a.items.map(x => (
            <TableRow key={x.anomalyId}>
              <TableCell>
                {x.startDate}
                {x.endDate && x.endDate !== x.startDate
                  ? ` – ${x.endDate}`
                  : ''}
              </TableCell>
              <TableCell align="right">{formatDollars(x.impact)}</TableCell>
              <TableCell>
                {x.rootCauses
                  .map(
                    c =>
                      `${c.service ?? '?'} ${c.usageType ?? ''} ${
                        c.region ?? ''
                      } ${c.contribution ? formatDollars(c.contribution) : ''}`,
                  )
                  .join('; ')}
              </TableCell>
            </TableRow>
          ))}
        </TableBody>
      </Table>
    );
  return (
    <InfoCard title="Cost anomalies (AWS Cost Anomaly Detection)">
      {body}
    </InfoCard>
  );
}

/** The always-on share of spend by month and the unit cost by month. */
export function FootprintCard(props: { finance: TenantFinance }) {
  const { footprint, unitCost } = props.finance;
  return (
    <InfoCard title="Fixed-cost footprint and unit cost">
      <Table size="small" aria-label="Footprint">
        <TableHead>
          <TableRow>
            <TableCell>Month</TableCell>
            <TableCell align="right">Always-on</TableCell>
            <TableCell align="right">Usage-based</TableCell>
            <TableCell align="right">Always-on share</TableCell>
            <TableCell align="right">Per 1,000 requests</TableCell>
          </TableRow>
        </TableHead>
        <TableBody>
          {footprint.map(m => {
            const u = unitCost.find(c => c.month === m.month);
            return (
              <TableRow key={m.month}>
                <TableCell>{m.month}</TableCell>
                <TableCell align="right">{formatDollars(m.alwaysOn)}</TableCell>
                <TableCell align="right">
                  {formatDollars(m.usageBased)}
                </TableCell>
                <TableCell align="right">{pct(m.alwaysOnShare)}</TableCell>
                <TableCell align="right">
                  {!u || u.requests === null
                    ? 'no request data'
                    : `$${u.per1000}`}
                </TableCell>
              </TableRow>
            );
          })}
        </TableBody>
      </Table>
    </InfoCard>
  );
}

/**
 * The Spend tab's finance cards (budget, anomalies, footprint, unit cost); nothing when the app
 * registers no `financeApiRef` (an app that did not install the finance routes).
 */
export function TenantFinanceCards(props: { tenantId: string }) {
  const api = useApiHolder().get(financeApiRef);
  return api ? (
    <TenantFinanceLoader api={api} tenantId={props.tenantId} />
  ) : null;
}

function TenantFinanceLoader(props: { api: FinanceApi; tenantId: string }) {
  const { api, tenantId } = props;
  const state = useAsync(() => api.getTenantFinance(tenantId), [api, tenantId]);
  return (
    <AsyncState {...state} what="finance" permission="tenants.spend.read">
      {finance => (
        <Grid container spacing={3}>
          <Grid item xs={12} md={6}>
            <BudgetCard budget={finance.budget} />
          </Grid>
          <Grid item xs={12} md={6}>
            <AnomaliesCard anomalies={finance.anomalies} />
          </Grid>
          <Grid item xs={12}>
            <FootprintCard finance={finance} />
          </Grid>
        </Grid>
      )}
    </AsyncState>
  );
}
