import useAsync from 'react-use/esm/useAsync';
import Box from '@mui/material/Box';
import Grid from '@mui/material/Grid';
import Table from '@mui/material/Table';
import TableBody from '@mui/material/TableBody';
import TableCell from '@mui/material/TableCell';
import TableRow from '@mui/material/TableRow';
import Typography from '@mui/material/Typography';
import { EmptyState, InfoCard } from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import {
  tenantSpendReadPermission,
  type TenantSpend,
} from '@tenancy/plugin-tenants-common';
import { tenantsApiRef } from '../../api';
import { AsyncState } from '../common/AsyncState';
import { Figure } from '../common/Figure';
import { formatDollars } from '../common/format';
import { formatSpendChange } from '../CostsPage/spendChange';
import { StaleSpendParts } from '../CostsPage/StaleSpendParts';
import { PermissionGate } from '../common/PermissionGate';
import { DailySpendChart, MonthlySpendChart } from './SpendCharts';
import { RecordTypesTable } from './RecordTypesTable';
import { useTenantId } from './useTenantId';
import { SourceFreshnessLine } from '../common/SourceFreshnessLine';
import { TenantFinanceCards } from '../Finance/TenantFinanceCards';

/** The Spend tab's content for one tenant's spend. */
export function SpendView(props: { spend: TenantSpend }) {
  const { spend } = props;
  if (spend.noData) {
    return (
      <>
        <StaleSpendParts stale={spend.stale} />
        <EmptyState
          missing="data"
          title="No billing data yet"
          description={
            spend.noDataReason ??
            "Cost Explorer has no data for this account yet. A new account's spend appears within 24 hours of its first usage, after the next refresh."
          }
        />
      </>
    );
  }
  const provisional = spend.daily.find(d => d.provisional);
  return (
    <Grid container spacing={3}>
      <Grid item xs={12}>
        <StaleSpendParts stale={spend.stale} />
        <InfoCard
          title="Spend"
          subheader={`Cost metric: ${spend.metric} (${spend.currency}); amounts are usage + tax, credits and refunds apart`}
        >
          <Box display="flex" gap={6} flexWrap="wrap">
            <Figure
              label="Month to date (usage + tax)"
              value={formatDollars(spend.monthToDate)}
              testId="spend-mtd"
            />
            <Figure
              label="Forecast to month end (from this month's daily spend)"
              value={
                spend.forecastMonthEnd === null
                  ? spend.forecastNote ?? 'not enough data'
                  : formatDollars(spend.forecastMonthEnd)
              }
              testId="spend-forecast"
            />
            <Figure
              label="Last month (full month)"
              value={formatDollars(spend.lastMonth)}
              testId="spend-last-month"
            />
            <Figure
              label="Change vs same days last month"
              value={formatSpendChange(spend.change, spend.changeRatio)}
              testId="spend-change"
            />
          </Box>
        </InfoCard>
      </Grid>
      <Grid item xs={12} md={6}>
        <InfoCard
          title="Last 13 months"
          subheader="Usage + tax per UTC calendar month; * = estimated"
        >
          <MonthlySpendChart monthly={spend.monthly} />
        </InfoCard>
      </Grid>
      <Grid item xs={12} md={6}>
        <InfoCard
          title="This month by day"
          subheader="Daily spend, running total and the forecast to month end (from this month's daily spend)"
        >
          {spend.daily.length === 0 ? (
            <Typography variant="body2">
              No complete day yet this month.
            </Typography>
          ) : (
            <>
              <DailySpendChart
                daily={spend.daily}
                forecastMonthEnd={spend.forecastMonthEnd}
              />
              {provisional && (
                <Typography
                  variant="caption"
                  color="text.secondary"
                  data-testid="spend-provisional"
                >
                  {provisional.date} (today, UTC) is provisional: Cost Explorer
                  is still billing it; its {formatDollars(provisional.amount)}{' '}
                  will grow.
                </Typography>
              )}
            </>
          )}
        </InfoCard>
      </Grid>
      <Grid item xs={12} md={4}>
        <InfoCard title="This month by service" noPadding>
          {spend.byService.length === 0 ? (
            <Box p={2}>
              <Typography variant="body2">
                No spend by service this month yet.
              </Typography>
            </Box>
          ) : (
            <Table size="small" aria-label="Spend by service">
              <TableBody>
                {spend.byService.map(s => (
                  <TableRow key={s.service}>
                    <TableCell>{s.service}</TableCell>
                    <TableCell align="right" sx={{ whiteSpace: 'nowrap' }}>
                      {formatDollars(s.amount)}
                    </TableCell>
                  </TableRow>
                ))}
              </TableBody>
            </Table>
          )}
        </InfoCard>
      </Grid>
      <Grid item xs={12} md={8}>
        <InfoCard title="Record types by month (USD)" noPadding>
          <RecordTypesTable monthly={spend.monthly} />
        </InfoCard>
      </Grid>
    </Grid>
  );
}

function SpendLoader(props: { tenantId: string }) {
  const api = useApi(tenantsApiRef);
  const state = useAsync(
    () => api.getTenantSpend(props.tenantId),
    [api, props.tenantId],
  );
  return (
    <AsyncState {...state} what="spend" permission="tenants.spend.read">
      {spend => (
        <>
          <SpendView spend={spend} />
          <Box mt={3}>
            <TenantFinanceCards tenantId={props.tenantId} />
          </Box>
        </>
      )}
    </AsyncState>
  );
}

/** Spend tab: only for people with `tenants.spend.read`; others get a clear message. */
export function TenantSpendContent() {
  const tenantId = useTenantId();
  return (
    <PermissionGate
      permission={tenantSpendReadPermission}
      resourceRef={tenantId}
      what="this tenant's spend"
    >
      <SourceFreshnessLine />
      <SpendLoader tenantId={tenantId} />
    </PermissionGate>
  );
}
