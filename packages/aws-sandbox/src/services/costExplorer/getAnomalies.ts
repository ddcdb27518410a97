/**
 * Cost Explorer GetAnomalies: the usage spikes of the generated cost data (a runaway job, a
 * load test — see costModel's spikes) as Cost Anomaly Detection reports them, for each
 * DIMENSIONAL monitor by LINKED_ACCOUNT or SERVICE: one anomaly per account × service × day
 * with an impact of at least USD 1.00, its actual and expected spend, and one root cause
 * (service, region, linked account, usage type). AWS keeps anomalies for 90 days; an anomaly is
 * known from the day after its day (Cost Explorer's data lag). Paged by NextPageToken.
 */
import type { OperationHandler } from '../../core/service';
import {
  DataCall,
  defineDataSlot,
  orgAccounts,
  today as todayOf,
} from '../../core/context';
import { formatDay, parseDay } from '../../core/dates';
import { hexId } from '../../core/random';
import {
  decodePageToken,
  encodePageToken,
  requestFingerprint,
} from '../../core/pageToken';
import { int, str } from '../../core/input';
import { forEachUsageSpike } from './costModel';
import { costData, LruCache } from './data';
import { ceValidation } from './costFilter';
import { ALL_SERVICE_NAMES } from './serviceCatalog';
import { usageTypeOf } from './usageTypes';
import { findMonitor, monitorsOf } from './anomalyMonitors';
import { CE_TOKEN_ERRORS } from './ceRequest';
import type { AnomalyMonitorRecord } from '../../core/state';

/** Days of anomaly history AWS keeps. */
export const ANOMALY_RETENTION_DAYS = 90;
/** Smallest impact the sandbox reports, in cents. */
const MIN_IMPACT_CENTS = 100;
const PAGE = 100;

interface Spike {
  accountId: string;
  accountName: string;
  key: number;
  service: number;
  region: string;
  day: number;
  actual: number;
  expected: number;
}

const SPIKES = defineDataSlot(
  'costExplorer.anomalies',
  () => new LruCache<Spike[]>(2),
);

/** The spikes of every account on days [today − 90, today), cached per day. */
function spikes(ctx: DataCall, today: number): Spike[] {
  const cache = ctx.data.slot(SPIKES);
  const hit = cache.get(String(today));
  if (hit) return hit;
  const dc = costData(ctx);
  const out: Spike[] = [];
  for (const a of orgAccounts(ctx)) {
    const p = dc.cost.profile(a);
    forEachUsageSpike(
      ctx.data.seed,
      p,
      today - ANOMALY_RETENTION_DAYS,
      today,
      s => {
        if (s.actual - s.expected >= MIN_IMPACT_CENTS)
          out.push({
            accountId: a.accountId,
            accountName: a.name,
            key: p.key,
            ...s,
          });
      },
    );
  }
  out.sort(
    (x, y) =>
      y.day - x.day ||
      x.accountId.localeCompare(y.accountId) ||
      x.service - y.service,
  );
  cache.set(String(today), out);
  return out;
}

const usd = (cents: number) => Math.round(cents) / 100;

function anomalyShape(s: Spike, m: AnomalyMonitorRecord, seed: number) {
  const service = ALL_SERVICE_NAMES[s.service];
  const impact = s.actual - s.expected;
  const day = formatDay(s.day);
  const score = Math.min(
    1,
    Math.round((s.actual / Math.max(1, s.expected) / 8) * 100) / 100,
  );
  return {
    AnomalyId: `${hexId(8, seed, s.key, s.service, s.day)}-${hexId(
      4,
      seed,
      s.key,
      s.day,
      1,
    )}-${hexId(4, seed, s.key, s.day, 2)}-${hexId(
      4,
      seed,
      s.key,
      s.day,
      3,
    )}-${hexId(12, seed, s.key, s.service, s.day, 4)}`,
    AnomalyStartDate: day,
    AnomalyEndDate: day,
    DimensionValue: m.dimension === 'SERVICE' ? service : s.accountId,
    RootCauses: [
      {
        Service: service,
        Region: s.region,
        LinkedAccount: s.accountId,
        LinkedAccountName: s.accountName,
        UsageType: usageTypeOf(s.service, s.region, 'Usage'),
        Impact: { Contribution: usd(impact) },
      },
    ],
    AnomalyScore: { MaxScore: score, CurrentScore: score },
    Impact: {
      MaxImpact: usd(impact),
      TotalImpact: usd(impact),
      TotalActualSpend: usd(s.actual),
      TotalExpectedSpend: usd(s.expected),
      TotalImpactPercentage:
        Math.round((impact / Math.max(1, s.expected)) * 10000) / 100,
    },
    MonitorArn: m.arn,
  };
}

function impactFilter(f: any): (usdImpact: number) => boolean {
  if (!f) return () => true;
  const a = Number(f.StartValue);
  const b = Number(f.EndValue);
  switch (f.NumericOperator) {
    case 'EQUAL':
      return v => v === a;
    case 'GREATER_THAN_OR_EQUAL':
      return v => v >= a;
    case 'LESS_THAN_OR_EQUAL':
      return v => v <= a;
    case 'GREATER_THAN':
      return v => v > a;
    case 'LESS_THAN':
      return v => v < a;
    case 'BETWEEN':
      if (!Number.isFinite(b)) throw ceValidation('BETWEEN needs an EndValue.');
      return v => v >= a && v <= b;
    default:
      throw ceValidation(
        'TotalImpact NumericOperator must be one of EQUAL, GREATER_THAN_OR_EQUAL, LESS_THAN_OR_EQUAL, GREATER_THAN, LESS_THAN, BETWEEN.',
      );
  }
}

/** The GetAnomalies handler. */
export const getAnomalies: OperationHandler = (input, ctx) => {
  const today = todayOf(ctx);
  const start = parseDay(input.DateInterval?.StartDate);
  if (start === undefined)
    throw ceValidation('DateInterval.StartDate is required, as YYYY-MM-DD.');
  const endText = input.DateInterval?.EndDate;
  const end = endText === undefined ? today : parseDay(endText);
  if (end === undefined)
    throw ceValidation('DateInterval.EndDate must be YYYY-MM-DD.');
  if (end < start)
    throw ceValidation(
      'DateInterval.EndDate must not be before its StartDate.',
    );
  const arn = str(input.MonitorArn);
  const monitors = (arn ? [findMonitor(ctx, arn)] : monitorsOf(ctx)).filter(
    m =>
      m.type === 'DIMENSIONAL' &&
      (m.dimension === 'LINKED_ACCOUNT' || m.dimension === 'SERVICE'),
  );
  if (
    input.Feedback !== undefined &&
    !['YES', 'NO', 'PLANNED_ACTIVITY'].includes(input.Feedback)
  )
    throw ceValidation('Feedback must be YES, NO or PLANNED_ACTIVITY.');
  const max = int(input.MaxResults, 'MaxResults', ceValidation) ?? PAGE;
  if (max < 1) throw ceValidation('MaxResults must be at least 1.');
  const impactOk = impactFilter(input.TotalImpact);
  // No anomaly has feedback until someone gives it (ProvideAnomalyFeedback is not modelled).
  const all =
    input.Feedback !== undefined
      ? []
      : monitors.flatMap(m =>
          spikes(ctx, today)
            .filter(s => s.day >= start && s.day <= end)
            .filter(s => impactOk(usd(s.actual - s.expected)))
            .map(s => anomalyShape(s, m, ctx.data.seed)),
        );
  const fp = requestFingerprint(input, 'NextPageToken');
  const offset =
    decodePageToken(input.NextPageToken, fp, CE_TOKEN_ERRORS)?.o ?? 0;
  const page = all.slice(offset, offset + max);
  const next =
    offset + page.length < all.length ? offset + page.length : undefined;
  return {
    Anomalies: page,
    ...(next !== undefined
      ? { NextPageToken: encodePageToken(fp, { o: next }) }
      : {}),
  };
};
