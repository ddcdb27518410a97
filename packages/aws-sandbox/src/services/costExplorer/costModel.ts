/**
 * The deterministic daily cost of one account: which services it runs and what each costs on
 * each UTC day, as Cost Explorer line items (record types Usage, Tax, Credit, Refund,
 * DiscountedUsage and an all-upfront Reserved Instance purchase).
 *
 * Every amount is an integer number of US cents, so every sum over any grouping of the same
 * records is exact and grouped totals reconcile with ungrouped ones to the cent.
 * Nothing is stored per day: records are recomputed from (seed, account, day) on demand.
 */
import { DataAccount, accountKey, tierScale } from '../../core/dataAccounts';
import {
  addMonths,
  daysInMonth,
  monthIndex,
  monthStart,
  weekday,
  dayOf,
} from '../../core/dates';
import { hashString, rand, randInt } from '../../core/random';
import {
  ALL_SERVICE_NAMES,
  BILLED_SERVICES,
  BilledService,
  RecordType,
  SHARED_ONLY_SERVICES,
  TAX_SERVICE,
  WORKLOAD_REGIONS,
} from './serviceCatalog';
import { SHARED_SERVICES_ACCOUNT_ID } from '../../core/organization/organization';
import type { TenantRoster } from './tenantRoster';

/** One Cost Explorer line item of one account on one day. Amounts in cents. */
export interface CostRecord {
  /** Index into {@link ALL_SERVICE_NAMES}. */
  service: number;
  region: string;
  recordType: RecordType;
  /**
   * Whether the line item carries a `tenant` cost-allocation tag: a tenant account's own
   * `tenant` and `tier` tags, or (shared data platform) the tenant in {@link CostRecord.tenant}.
   */
  tagged: boolean;
  /** The `tenant` tag value of a tagged line item of a shared account; '' otherwise. */
  tenant?: string;
  /** UnblendedCost (= BlendedCost = NetUnblendedCost) in cents. */
  unblended: number;
  /** AmortizedCost (= NetAmortizedCost) in cents. */
  amortized: number;
  /** UsageQuantity in thousandths of a unit. */
  usage: number;
}

interface ServiceLine {
  svc: BilledService;
  index: number;
  region: string;
  /** Daily cents before trend, rhythm, noise. */
  base: number;
  tagged: boolean;
}

/** Everything that shapes one account's spend; derived once per account and cached. */
export interface CostProfile {
  account: DataAccount;
  key: number;
  /** First day with any data: a few days after the account joined. */
  dataStart: number;
  /** Daily growth rate of usage (e.g. 0.002 = +0.2 %/day). */
  growth: number;
  lines: ServiceLine[];
  /** Sales tax / VAT rate applied monthly, 0 when the entity is tax exempt. */
  taxRate: number;
  /** A promotional credit covering `share` of usage on [start, end). */
  credit?: { start: number; end: number; share: number };
  /** An all-upfront 1-year EC2 Reserved Instance bought on `purchaseDay` and renewed yearly. */
  ri?: { purchaseDay: number; dailyCents: number; region: string };
  /** The tenants a shared account's tagged line items are tagged with (set by the cost engine). */
  roster?: TenantRoster;
}

const SERVICE_INDEX = new Map(ALL_SERVICE_NAMES.map((n, i) => [n, i]));
const TAX_INDEX = SERVICE_INDEX.get(TAX_SERVICE)!;
const EC2_NAME = 'Amazon Elastic Compute Cloud - Compute';
const RI_TERM_DAYS = 365;

function regionOf(svc: BilledService, regional: string): string {
  return svc.global ? 'global' : regional;
}

/** Builds the cost profile of an account; pure function of (seed, account). */
export function buildCostProfile(
  seed: number,
  account: DataAccount,
): CostProfile {
  const key = accountKey(account);
  const r = (salt: string, more = 0) => rand(seed, key, hashString(salt), more);
  const joined = dayOf(account.createdAt);
  // New accounts have no data for their first days (billing pipeline lag).
  const dataStart = joined + randInt(1, 4, seed, key, 11);
  const scale = account.kind === 'tenant' ? tierScale(account.tier) : 3;
  const home =
    account.regions?.[0] ??
    WORKLOAD_REGIONS[Math.floor(r('home') * WORKLOAD_REGIONS.length)];
  const second =
    account.regions?.[1] ??
    account.regions?.[0] ??
    WORKLOAD_REGIONS[Math.floor(r('second') * WORKLOAD_REGIONS.length)];
  const sloppiness = account.kind === 'tenant' ? r('slop') * 0.5 : 1;

  let chosen: BilledService[];
  if (account.kind === 'tenant') {
    const core = BILLED_SERVICES.filter(s => s.core);
    const extras = BILLED_SERVICES.filter(s => !s.core);
    const count = randInt(0, Math.min(30, extras.length), seed, key, 12);
    const picked = extras
      .map((s, i) => ({ s, k: r('pick', i) }))
      .sort((a, b) => a.k - b.k)
      .slice(0, count)
      .map(x => x.s);
    chosen = [...core, ...picked];
  } else {
    const sharedNames = new Set([
      'Amazon Simple Storage Service',
      'AmazonCloudWatch',
      'AWS Config',
      'Amazon GuardDuty',
      'AWS CloudTrail',
      'AWS Key Management Service',
      'Amazon Virtual Private Cloud',
      'AWS Security Hub',
      'Amazon Elastic Compute Cloud - Compute',
      'EC2 - Other',
      'Amazon Route 53',
      'AWS Lambda',
      'Amazon Athena',
      'AWS Data Transfer',
      'Amazon OpenSearch Service',
      'Amazon Macie',
    ]);
    chosen = BILLED_SERVICES.filter(s => sharedNames.has(s.name));
    if (account.kind === 'management')
      chosen = [...chosen, ...SHARED_ONLY_SERVICES];
  }

  const lines: ServiceLine[] = chosen.map(svc => {
    const index = SERVICE_INDEX.get(svc.name)!;
    const spread = Math.exp((r('size', index) - 0.5) * 2.4);
    return {
      svc,
      index,
      region: regionOf(svc, r('region', index) < 0.75 ? home : second),
      base: svc.dailyCents * scale * spread,
      tagged:
        svc.taggable &&
        (account.kind === 'tenant'
          ? r('tag', index) >= sloppiness
          : // the shared data platform: half its taggable services are tagged per tenant
            account.accountId === SHARED_SERVICES_ACCOUNT_ID &&
            r('data-platform', index) < 0.5),
    };
  });

  const ec2 = lines.find(l => l.svc.name === EC2_NAME);
  const profile: CostProfile = {
    account,
    key,
    dataStart,
    growth: -0.0006 + r('growth') * 0.0036,
    lines,
    taxRate:
      r('tax') < 0.3
        ? 0
        : [0.06, 0.0825, 0.19, 0.2][randInt(0, 3, seed, key, 13)],
  };
  if (account.kind === 'tenant' && r('credit') < 0.2) {
    profile.credit = {
      start: dataStart,
      end: dataStart + randInt(30, 120, seed, key, 14),
      share: r('credit-share') < 0.5 ? 1 : 0.5,
    };
  }
  if (ec2 && r('ri') < 0.4) {
    profile.ri = {
      purchaseDay: dataStart + randInt(20, 320, seed, key, 15),
      dailyCents: Math.max(100, Math.round(ec2.base * 0.4)),
      region: ec2.region,
    };
  }
  return profile;
}

function trendFactor(p: CostProfile, day: number): number {
  const age = day - p.dataStart;
  const ramp = age < 21 ? (age + 1) / 21 : 1;
  const trend = Math.min(4, Math.max(0.3, Math.exp(p.growth * age)));
  return ramp * trend;
}

/** Usage of one service line on one day before credits: the cents billed and without a spike. */
function usageParts(
  seed: number,
  p: CostProfile,
  line: ServiceLine,
  day: number,
): { cents: number; expected: number } {
  const wd = weekday(day);
  const weekly = wd === 0 || wd === 6 ? line.svc.weekend : 1;
  const noise = 0.85 + 0.3 * rand(seed, p.key, line.index, day);
  let value = line.base * trendFactor(p, day) * weekly * noise;
  const expected = Math.round(value);
  if (rand(seed, p.key, line.index, day, 7) < 0.004) {
    value *= 3 + 5 * rand(seed, p.key, line.index, day, 8); // a spike: a runaway job, a load test
  }
  return { cents: Math.round(value), expected };
}

/** Usage cents of one service line on one day (before credits). */
function usageCents(
  seed: number,
  p: CostProfile,
  line: ServiceLine,
  day: number,
): number {
  return usageParts(seed, p, line, day).cents;
}

/** A day on which one service line of an account spiked (what Cost Anomaly Detection finds). */
export interface UsageSpike {
  /** Index into {@link ALL_SERVICE_NAMES}. */
  service: number;
  region: string;
  day: number;
  /** Usage cents billed that day. */
  actual: number;
  /** Usage cents the line would have billed without the spike. */
  expected: number;
}

/** Calls `emit` for every usage spike of `p` on days [start, end) (none before its data starts). */
export function forEachUsageSpike(
  seed: number,
  p: CostProfile,
  start: number,
  end: number,
  emit: (spike: UsageSpike) => void,
): void {
  for (let day = Math.max(start, p.dataStart); day < end; day++) {
    for (const line of p.lines) {
      if (rand(seed, p.key, line.index, day, 7) >= 0.004) continue;
      const { cents, expected } = usageParts(seed, p, line, day);
      emit({
        service: line.index,
        region: line.region,
        day,
        actual: cents,
        expected,
      });
    }
  }
}

/**
 * Calls `emit` for every line item of `profile` on `day` (none before its data starts).
 * The `out` object is reused between calls: copy what you keep.
 */
export function forEachCostRecord(
  seed: number,
  p: CostProfile,
  day: number,
  emit: (rec: CostRecord) => void,
): void {
  if (day < p.dataStart) return;
  const out: CostRecord = {
    service: 0,
    region: '',
    recordType: 'Usage',
    tagged: false,
    tenant: '',
    unblended: 0,
    amortized: 0,
    usage: 0,
  };
  const credit =
    p.credit && day >= p.credit.start && day < p.credit.end
      ? p.credit
      : undefined;
  const shared = p.account.kind !== 'tenant';
  /** Sets `tagged` and `tenant` of `out` for a line item of `line` (or none: untagged). */
  const tag = (line: ServiceLine | undefined) => {
    out.tenant =
      shared && line?.tagged
        ? p.roster?.pick(day, rand(seed, p.key, line.index, day, 29)) ?? ''
        : '';
    out.tagged = (line?.tagged ?? false) && (!shared || out.tenant !== '');
  };
  for (const line of p.lines) {
    const cents = usageCents(seed, p, line, day);
    out.service = line.index;
    out.region = line.region;
    out.recordType = 'Usage';
    tag(line);
    out.unblended = cents;
    out.amortized = cents;
    out.usage = cents * ((line.index % 7) + 1) * 10;
    emit(out);
    if (credit && cents > 0) {
      const c = -Math.round(cents * credit.share);
      out.recordType = 'Credit';
      out.unblended = c;
      out.amortized = c;
      out.usage = 0;
      emit(out);
    }
  }
  const first = monthStart(day);
  if (day === first && p.taxRate > 0) {
    let expected = 0;
    for (const line of p.lines) expected += line.base * trendFactor(p, day);
    const tax = Math.round(expected * daysInMonth(day) * p.taxRate);
    if (tax > 0) {
      tag(undefined);
      Object.assign(out, {
        service: TAX_INDEX,
        region: 'NoRegion',
        recordType: 'Tax',
        unblended: tax,
        amortized: tax,
        usage: 0,
      });
      emit(out);
    }
  }
  const month = monthIndex(day);
  if (rand(seed, p.key, month, 21) < 0.08 && p.lines.length > 0) {
    const refundDay = first + randInt(2, 26, seed, p.key, month, 22);
    if (day === refundDay) {
      const line =
        p.lines[randInt(0, p.lines.length - 1, seed, p.key, month, 23)];
      const amount = randInt(500, 20_000, seed, p.key, month, 24);
      tag(line);
      Object.assign(out, {
        service: line.index,
        region: line.region,
        recordType: 'Refund',
        unblended: -amount,
        amortized: -amount,
        usage: 0,
      });
      emit(out);
    }
  }
  if (p.ri && day >= p.ri.purchaseDay) {
    // Renewed every year on the anniversary: each term starts with its upfront fee.
    const termStart =
      p.ri.purchaseDay +
      Math.floor((day - p.ri.purchaseDay) / RI_TERM_DAYS) * RI_TERM_DAYS;
    const ec2 = SERVICE_INDEX.get(EC2_NAME)!;
    tag(p.lines.find(l => l.index === ec2));
    if (day === termStart) {
      Object.assign(out, {
        service: ec2,
        region: p.ri.region,
        recordType: 'Upfront reservation fee',
        unblended: p.ri.dailyCents * RI_TERM_DAYS,
        amortized: 0,
        usage: 1000,
      });
      emit(out);
    }
    Object.assign(out, {
      service: ec2,
      region: p.ri.region,
      recordType: 'DiscountedUsage',
      unblended: 0,
      amortized: p.ri.dailyCents,
      usage: 24_000,
    });
    emit(out);
  }
}

/** Expected (noise-free) daily cents of an account around `day`, for forecasts. */
export function expectedDailyCents(p: CostProfile, day: number): number {
  let total = 0;
  for (const line of p.lines) {
    const weekly = (5 + 2 * line.svc.weekend) / 7;
    total +=
      line.base * trendFactor(p, Math.max(day, p.dataStart)) * weekly * 1.0;
  }
  return total;
}

/** First day of the month `months` months before the month of `day`. */
export function historyStart(day: number, months: number): number {
  return addMonths(day, -months);
}
