/**
 * Aggregates the generated line items the way Cost Explorer does: per time period, optionally
 * grouped by up to two dimensions or tags, summed in integer cents.
 */
import { DataAccount } from '../../core/dataAccounts';
import { CompiledFilter, dimensionValue, tagValue } from './costFilter';
import {
  CostProfile,
  CostRecord,
  buildCostProfile,
  forEachCostRecord,
} from './costModel';
import { addMonths } from '../../core/dates';
import { TenantRoster } from './tenantRoster';
import { NO_LINKED_ACCOUNT, unattributedRecord } from './unattributed';

/** A GroupBy definition as Cost Explorer takes it. */
export interface GroupDefinition {
  Type: 'DIMENSION' | 'TAG';
  Key: string;
}

/** One time period, half-open [start, end) in day numbers. */
export interface Period {
  start: number;
  end: number;
}

/** Sums of one group (or the total) in cents / thousandths. */
export interface Sums {
  unblended: number;
  amortized: number;
  usage: number;
  /** Whether any line item contributed. */
  records: number;
}

/** The groups of one period, in a stable order, stored column-wise to stay small. */
export interface PeriodGroups {
  /** First key of each group. */
  key0: string[];
  /** Second key of each group (empty when grouped by one key). */
  key1: string[];
  unblended: number[];
  amortized: number[];
  usage: number[];
}

/** The Keys of group `i`. */
export function groupKeys(g: PeriodGroups, i: number): string[] {
  return g.key1.length > 0 ? [g.key0[i], g.key1[i]] : [g.key0[i]];
}

/** Splits [start, end) into DAILY or MONTHLY periods (a MONTHLY period ends at a month's end). */
export function buildPeriods(
  start: number,
  end: number,
  granularity: 'DAILY' | 'MONTHLY',
): Period[] {
  const out: Period[] = [];
  let s = start;
  while (s < end) {
    const e = granularity === 'DAILY' ? s + 1 : Math.min(end, addMonths(s, 1));
    out.push({ start: s, end: e });
    s = e;
  }
  return out;
}

/**
 * Line items kept between queries, at most this many (about 120 bytes each): an organization
 * of a few dozen accounts keeps its whole 14 months, a large one (thousands of tenants) keeps
 * what fits and generates the rest on each query.
 */
export const KEPT_RECORDS_LIMIT = 250_000;

/** The line items kept of one account, valid while its profile and roster stay the same. */
interface KeptRecords {
  profile: CostProfile;
  roster?: TenantRoster;
  days: Map<number, CostRecord[]>;
  count: number;
}

/**
 * Cost data of an organization: profiles cached per account, line items generated on demand
 * and kept (up to {@link KEPT_RECORDS_LIMIT}) so that the many queries of one refresh over the
 * same days generate each day once.
 */
export class CostEngine {
  readonly seed: number;
  readonly #profiles = new Map<string, CostProfile>();
  readonly #kept = new Map<string, KeptRecords>();
  #keptCount = 0;
  #accounts?: DataAccount[];
  #roster?: TenantRoster;

  constructor(seed: number) {
    this.seed = seed;
  }

  /**
   * Sets the organization's accounts (a new list when an account joins or its tags change):
   * the tenants the shared data platform tags its line items with.
   */
  useAccounts(accounts: DataAccount[]): void {
    if (accounts === this.#accounts) return;
    this.#accounts = accounts;
    this.#roster = new TenantRoster(accounts);
  }

  /** The cost profile of an account (cached; rebuilt when its tags or creation date change). */
  profile(account: DataAccount): CostProfile {
    const p = this.#profileOf(account);
    if (account.kind !== 'tenant') p.roster = this.#roster;
    return p;
  }

  #profileOf(account: DataAccount): CostProfile {
    const cached = this.#profiles.get(account.accountId);
    if (cached && cached.account === account) return cached;
    if (
      cached &&
      cached.account.tenantId === account.tenantId &&
      cached.account.tier === account.tier &&
      cached.account.createdAt.getTime() === account.createdAt.getTime()
    ) {
      cached.account = account;
      return cached;
    }
    const built = buildCostProfile(this.seed, account);
    this.#profiles.set(account.accountId, built);
    return built;
  }

  /** Accounts that can contribute to a query, honoring the filter's account narrowing. */
  candidates(accounts: DataAccount[], filter: CompiledFilter): DataAccount[] {
    const ids = filter.accountIds;
    return ids ? accounts.filter(a => ids.has(a.accountId)) : accounts;
  }

  /**
   * Calls `fn` for every line item on days [start, end) that belongs to no linked account
   * (see {@link unattributedRecord}) and matches `filter`; none when the filter narrows accounts.
   */
  scanUnattributed(
    start: number,
    end: number,
    filter: CompiledFilter,
    fn: (account: DataAccount, rec: CostRecord) => void,
  ): void {
    if (filter.accountIds) return;
    for (let day = start; day < end; day++) {
      const rec = unattributedRecord(this.seed, day);
      if (rec && filter.matches(NO_LINKED_ACCOUNT, rec))
        fn(NO_LINKED_ACCOUNT, rec);
    }
  }

  /**
   * Calls `fn` for every line item of `accounts` on days [start, end) that matches `filter`.
   * `fn` must not change the record it gets.
   */
  scan(
    accounts: DataAccount[],
    start: number,
    end: number,
    filter: CompiledFilter,
    fn: (account: DataAccount, rec: CostRecord) => void,
  ): void {
    for (const account of accounts) {
      const p = this.profile(account);
      const from = Math.max(start, p.dataStart);
      for (let day = from; day < end; day++) {
        for (const rec of this.#records(p, day)) {
          if (filter.matches(account, rec)) fn(account, rec);
        }
      }
    }
  }

  /**
   * The line items of profile `p` on `day`: the kept ones, or generated (and kept while under
   * the limit). A new profile or roster of the account (its tags, creation date or the tenants
   * the shared platform tags with changed) drops what was kept of it.
   */
  #records(p: CostProfile, day: number): CostRecord[] {
    const id = p.account.accountId;
    let kept = this.#kept.get(id);
    if (kept && (kept.profile !== p || kept.roster !== p.roster)) {
      this.#keptCount -= kept.count;
      kept = undefined;
    }
    if (!kept) {
      kept = { profile: p, roster: p.roster, days: new Map(), count: 0 };
      this.#kept.set(id, kept);
    }
    const known = kept.days.get(day);
    if (known) return known;
    const records: CostRecord[] = [];
    forEachCostRecord(this.seed, p, day, rec => records.push({ ...rec }));
    if (this.#keptCount + records.length <= KEPT_RECORDS_LIMIT) {
      kept.days.set(day, records);
      kept.count += records.length;
      this.#keptCount += records.length;
    }
    return records;
  }

  /**
   * The ungrouped total of a period: every account's line items plus those of no linked account
   * (unless the filter narrows accounts). Days on or after `today` have no data yet.
   */
  total(
    accounts: DataAccount[],
    period: Period,
    filter: CompiledFilter,
    today: number,
  ): Sums {
    const sums: Sums = { unblended: 0, amortized: 0, usage: 0, records: 0 };
    const add = (_a: DataAccount, rec: CostRecord) => {
      sums.unblended += rec.unblended;
      sums.amortized += rec.amortized;
      sums.usage += rec.usage;
      sums.records++;
    };
    const end = Math.min(period.end, today);
    this.scan(accounts, period.start, end, filter, add);
    this.scanUnattributed(period.start, end, filter, add);
    return sums;
  }

  /**
   * The groups of a period, in order of first appearance (accounts by id, then line items).
   * Line items of no linked account join groups by other keys, never a LINKED_ACCOUNT group.
   */
  groups(
    accounts: DataAccount[],
    period: Period,
    filter: CompiledFilter,
    groupBy: GroupDefinition[],
    today: number,
  ): PeriodGroups {
    const getters = groupBy.map(g =>
      g.Type === 'DIMENSION'
        ? (a: DataAccount, r: CostRecord) => dimensionValue(g.Key, a, r)
        : (a: DataAccount, r: CostRecord) =>
            `${g.Key}$${tagValue(g.Key, a, r)}`,
    );
    const out: PeriodGroups = {
      key0: [],
      key1: [],
      unblended: [],
      amortized: [],
      usage: [],
    };
    const two = getters.length > 1;
    // Groups of different accounts never merge when LINKED_ACCOUNT is a key: index per account.
    const perAccount = groupBy.some(
      g => g.Type === 'DIMENSION' && g.Key === 'LINKED_ACCOUNT',
    );
    // Group index by first key, then (two keys) by second key: no key string built per item.
    const index = new Map<string, number>();
    const index2 = new Map<string, Map<string, number>>();
    const end = Math.min(period.end, today);
    const push = (k0: string, k1: string) => {
      out.key0.push(k0);
      if (two) out.key1.push(k1);
      out.unblended.push(0);
      out.amortized.push(0);
      out.usage.push(0);
      return out.key0.length - 1;
    };
    const add = (a: DataAccount, rec: CostRecord) => {
      const k0 = getters[0](a, rec);
      let i: number | undefined;
      if (two) {
        const k1 = getters[1](a, rec);
        let inner = index2.get(k0);
        if (!inner) {
          inner = new Map();
          index2.set(k0, inner);
        }
        i = inner.get(k1);
        if (i === undefined) {
          i = push(k0, k1);
          inner.set(k1, i);
        }
      } else {
        i = index.get(k0);
        if (i === undefined) {
          i = push(k0, '');
          index.set(k0, i);
        }
      }
      out.unblended[i] += rec.unblended;
      out.amortized[i] += rec.amortized;
      out.usage[i] += rec.usage;
    };
    for (const account of accounts) {
      if (perAccount) {
        index.clear();
        index2.clear();
      }
      this.scan([account], period.start, end, filter, add);
    }
    if (!perAccount) this.scanUnattributed(period.start, end, filter, add);
    return out;
  }
}

/** Formats cents as Cost Explorer's decimal string, e.g. 1234 → "12.34", -5 → "-0.05". */
export function formatCents(cents: number): string {
  const neg = cents < 0;
  const abs = Math.abs(cents);
  const s = `${Math.floor(abs / 100)}.${String(abs % 100).padStart(2, '0')}`;
  return neg ? `-${s}` : s;
}

/** Formats thousandths of a unit, e.g. 1500 → "1.5". */
export function formatThousandths(v: number): string {
  const neg = v < 0;
  const abs = Math.abs(v);
  const frac = String(abs % 1000)
    .padStart(3, '0')
    .replace(/0+$/, '');
  const s = `${Math.floor(abs / 1000)}${frac ? `.${frac}` : ''}`;
  return neg ? `-${s}` : s;
}
