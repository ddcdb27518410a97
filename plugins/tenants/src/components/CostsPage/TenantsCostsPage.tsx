import { useEffect, useState } from 'react';
import { useSearchParams } from 'react-router-dom';
import useAsync from 'react-use/esm/useAsync';
import Box from '@mui/material/Box';
import Grid from '@mui/material/Grid';
import List from '@mui/material/List';
import ListItem from '@mui/material/ListItem';
import ListItemText from '@mui/material/ListItemText';
import Typography from '@mui/material/Typography';
import {
  Content,
  ContentHeader,
  Header,
  InfoCard,
  Link,
  Page,
} from '@backstage/core-components';
import { alertApiRef, useApi } from '@backstage/core-plugin-api';
import {
  addMonths,
  monthOf,
  centsToUsd,
  usdToCents,
  type FleetSpend,
} from '@tenancy/plugin-tenants-common';
import { tenantsApiRef } from '../../api';
import { AsyncState } from '../common/AsyncState';
import { formatChange, formatDollars, formatUsd } from '../common/format';
import { Figure } from '../common/Figure';
import { FinanceFleetSection } from '../Finance/FinanceFleetSection';
import { MonthPicker } from './MonthPicker';
import { ServiceStackChart } from './ServiceStackChart';
import { TENANT_PAGE_SIZE, TenantSpendTable } from './TenantSpendTable';
import { StaleSpendParts } from './StaleSpendParts';
import { SourceFreshnessLine } from '../common/SourceFreshnessLine';

/**
 * Months shown in the chart stacked by service: the chosen one and those before it, never
 * before the oldest month the backend answers.
 */
const CHART_MONTHS = 6;
/** Months in the CSV export (the chosen one and those before it). */
const EXPORT_MONTHS = 13;

/**
 * Total change vs the previous month, over the spend the accounts carry (tenants + shared +
 * unallocated, as the previous total is): a ratio; "new spend +…" when the previous month was
 * 0.00 and this one is not; "no change" for 0.00 → 0.00; "unknown" for the oldest stored month.
 */
function totalChange(spend: FleetSpend): string {
  if (spend.previousMonthKnown === false || spend.previousMonthTotal === null)
    return 'unknown';
  const prev = usdToCents(spend.previousMonthTotal);
  const current =
    usdToCents(spend.tenantsTotal) +
    usdToCents(spend.shared) +
    usdToCents(spend.unallocated);
  if (prev === 0) {
    return current === 0
      ? 'no change'
      : `new spend +${formatUsd(centsToUsd(current))}`;
  }
  return formatChange((current - prev) / prev);
}

function CsvDownload(props: { month: string; minMonth?: string }) {
  const api = useApi(tenantsApiRef);
  const alertApi = useApi(alertApiRef);
  // Never before the oldest stored month: the backend refuses that range (400).
  const wanted = addMonths(props.month, -(EXPORT_MONTHS - 1));
  const from =
    props.minMonth && wanted < props.minMonth ? props.minMonth : wanted;
  const to = props.month;
  const url = useAsync(() => api.getSpendExportUrl(from, to), [api, from, to]);
  // Lines received so far and the most the backend announced, while a download streams.
  const [progress, setProgress] = useState<{
    rows: number;
    expected?: number;
  }>();
  const download = async (e: React.MouseEvent) => {
    e.preventDefault();
    if (progress) return;
    setProgress({ rows: 0 });
    try {
      const blob = await api.downloadSpendExport(from, to, (rows, expected) =>
        setProgress({ rows, expected }),
      );
      const href = URL.createObjectURL(blob);
      const a = document.createElement('a');
      a.href = href;
      a.download = `tenant-spend-${from}-${to}.csv`;
      a.click();
      URL.revokeObjectURL(href);
    } catch (err) {
      alertApi.post({
        message: `CSV export failed: ${(err as Error).message}`,
        severity: 'error',
      });
    } finally {
      setProgress(undefined);
    }
  };
  return (
    <>
      <Link to={url.value ?? '#'} onClick={download} download>
        Download CSV ({from} to {to}, tenant × month × service)
      </Link>
      {progress && (
        <Typography
          component="span"
          variant="body2"
          sx={{ ml: 2 }}
          data-testid="csv-progress"
        >
          Downloading… {progress.rows.toLocaleString('en-US')} rows
          {progress.expected !== undefined
            ? ` of at most ${progress.expected.toLocaleString('en-US')}`
            : ''}
        </Typography>
      )}
    </>
  );
}

/**
 * What the backend compares a month with: for its current month the same days of the previous
 * month (month to date vs month to date), for a past month the whole previous month.
 */
export function previousLabel(isCurrentMonth: boolean): string {
  return isCurrentMonth ? 'Same days of previous month' : 'Previous month';
}

function FleetView(props: {
  month: string;
  isCurrentMonth: boolean;
  spend: FleetSpend;
  history: FleetSpend[];
  disableVirtualization?: boolean;
}) {
  const { spend, history } = props;
  const previous = previousLabel(props.isCurrentMonth);
  return (
    <Grid container spacing={3}>
      <Grid item xs={12}>
        <StaleSpendParts stale={spend.stale} />
        <InfoCard
          title={`Spend in ${spend.month}${
            spend.estimated ? ' (month to date, estimated)' : ''
          }`}
          subheader={`Cost metric: ${spend.metric} (${spend.currency}); usage + tax, credits and refunds apart`}
        >
          <Box display="flex" gap={6} flexWrap="wrap">
            <Figure
              label="Organization total"
              value={formatDollars(spend.total)}
              testId="fleet-total"
            />
            <Figure
              label="Tenants"
              value={formatDollars(spend.tenantsTotal)}
              testId="fleet-tenants"
            />
            <Figure
              label="Shared, tagged to tenants (platform accounts)"
              value={formatDollars(spend.shared)}
              testId="fleet-shared"
            />
            <Figure
              label="Unallocated (platform accounts, no tenant tag)"
              value={formatDollars(spend.unallocated)}
              testId="fleet-unallocated"
            />
            {spend.notAttributed !== undefined && (
              <Figure
                label="Not attributed to an account"
                value={formatDollars(spend.notAttributed)}
                testId="fleet-not-attributed"
                note="Cost Explorer's total minus its groups by linked account"
              />
            )}
            <Figure
              label={`Change vs ${previous.toLowerCase()}`}
              value={totalChange(spend)}
              testId="fleet-change"
              note={
                spend.previousMonthKnown === false ||
                spend.previousMonthTotal === null
                  ? `${addMonths(spend.month, -1)} is not stored`
                  : // the change is over the accounts' spend: the part not attributed to an
                    // account is not in either side
                    `${previous} ${formatDollars(
                      spend.previousMonthTotal,
                    )} (the accounts' spend)`
              }
            />
          </Box>
          <Typography
            variant="body2"
            color="text.secondary"
            sx={{ mt: 2 }}
            data-testid="fleet-allocation-note"
          >
            Tenants is the spend of the tenant accounts; shared and unallocated
            are spend of the platform (non-tenant) accounts, shared when it
            carries a tenant tag, unallocated when it carries none. Not
            attributed to an account is what Cost Explorer's organization total
            holds beyond its groups by linked account. Together they make the
            organization total, to the cent.
          </Typography>
        </InfoCard>
      </Grid>
      <Grid item xs={12} md={8}>
        <InfoCard
          title="By service"
          subheader={`${history[0]?.month ?? spend.month} to ${
            spend.month
          }, stacked; * = estimated`}
        >
          {spend.byService.length === 0 ? (
            <Typography variant="body2">
              No spend by service in this month.
            </Typography>
          ) : (
            <ServiceStackChart months={history} />
          )}
        </InfoCard>
      </Grid>
      <Grid item xs={12} md={4}>
        <InfoCard
          title="Top movers"
          subheader={`Largest change vs the ${previous.toLowerCase()}`}
          noPadding
        >
          {spend.movers.length === 0 ? (
            <Box p={2}>
              <Typography variant="body2">No change to show.</Typography>
            </Box>
          ) : (
            <List dense>
              {spend.movers.map(m => (
                <ListItem key={m.tenantId} data-testid={`mover-${m.tenantId}`}>
                  <ListItemText
                    primary={m.tenantId}
                    secondary={`${
                      usdToCents(m.change) > 0 ? '+' : ''
                    }${formatDollars(m.change)} (${
                      m.changeRatio === null
                        ? 'new spend'
                        : formatChange(m.changeRatio)
                    })`}
                  />
                </ListItem>
              ))}
            </List>
          )}
        </InfoCard>
      </Grid>
      <Grid item xs={12}>
        <InfoCard title="Per tenant">
          {/* A new month starts at its first page, largest first. */}
          <TenantSpendTable
            key={spend.month}
            month={spend.month}
            first={spend}
            previousLabel={previous}
            disableVirtualization={props.disableVirtualization}
          />
        </InfoCard>
      </Grid>
    </Grid>
  );
}

/** `/tenants/costs`: the finance view of one UTC calendar month. */
export function TenantsCostsPage(props: { disableVirtualization?: boolean }) {
  const api = useApi(tenantsApiRef);
  const [params, setParams] = useSearchParams();
  // The backend's current month (of its latest snapshot) once known; else the browser's.
  const [serverMonth, setServerMonth] = useState<string>();
  // The months the backend answers, from its last fleet answer; undefined until then.
  const [available, setAvailable] = useState<FleetSpend['availableMonths']>();
  const maxMonth = available?.to ?? serverMonth ?? monthOf(new Date());
  const minMonth = available?.from;
  const requested = params.get('month');
  const chosen =
    requested &&
    /^\d{4}-\d{2}$/.test(requested) &&
    requested <= maxMonth &&
    (minMonth === undefined || requested >= minMonth)
      ? requested
      : undefined;
  // Without a chosen month the backend answers its own current month.
  const state = useAsync(
    () => api.getFleetSpend(chosen, { limit: TENANT_PAGE_SIZE }),
    [api, chosen],
  );
  useEffect(() => {
    if (!chosen && state.value) setServerMonth(state.value.month);
    const range = state.value?.availableMonths;
    if (range) {
      setAvailable(prev =>
        prev?.from === range.from && prev?.to === range.to ? prev : range,
      );
    }
  }, [chosen, state.value]);
  const month = chosen ?? state.value?.month ?? maxMonth;
  // Earlier months for the stacked chart, only those the backend answers (none before its
  // oldest month); a failing earlier month is left out, not an error.
  const [history, setHistory] = useState<FleetSpend[]>([]);
  useEffect(() => {
    let cancelled = false;
    if (!state.value) return undefined;
    const current = state.value;
    const oldest = current.availableMonths?.from;
    const earlier = Array.from({ length: CHART_MONTHS - 1 }, (_, i) =>
      addMonths(month, i - (CHART_MONTHS - 1)),
    ).filter(m => oldest === undefined || m >= oldest);
    setHistory([current]);
    Promise.all(
      // The chart needs each month's by-service series, not its tenant rows: one row a month.
      earlier.map(m =>
        api.getFleetSpend(m, { limit: 1 }).catch(() => undefined),
      ),
    ).then(results => {
      if (!cancelled)
        setHistory([...results.filter((r): r is FleetSpend => !!r), current]);
    });
    return () => {
      cancelled = true;
    };
  }, [api, month, state.value]);

  return (
    <Page themeId="tool">
      <Header
        title="Tenant costs"
        subtitle="Spend per tenant and per service, for finance"
      />
      <Content>
        <SourceFreshnessLine />
        <ContentHeader title="Costs">
          <MonthPicker
            month={month}
            minMonth={minMonth}
            maxMonth={maxMonth}
            onChange={m => setParams({ month: m }, { replace: true })}
          />
        </ContentHeader>
        {/* Only to users the fleet spend answered: the export answers them alone. */}
        {state.value && (
          <Box mb={2}>
            <CsvDownload month={month} minMonth={minMonth} />
          </Box>
        )}
        <AsyncState
          {...state}
          what="fleet spend"
          permission="tenants.spend.read"
        >
          {spend =>
            (spend.totalCount ?? spend.tenants.length) === 0 &&
            usdToCents(spend.total) === 0 ? (
              <Typography variant="body1">
                No billing data for {month} yet. Cost Explorer data appears
                within 24 hours of usage, after the next refresh; pick an
                earlier month to see past spend.
              </Typography>
            ) : (
              <FleetView
                month={month}
                isCurrentMonth={month === maxMonth}
                spend={spend}
                history={history}
                disableVirtualization={props.disableVirtualization}
              />
            )
          }
        </AsyncState>
        {/* Below the fold: asked for once the fleet spend answered, so that its requests do not
            queue ahead of the page's own data on the backend. */}
        {!state.loading && (
          <Box mt={3}>
            <FinanceFleetSection month={month} />
          </Box>
        )}
      </Content>
    </Page>
  );
}
