/** Cost Explorer record types kept apart. @public */
export interface RecordTypeAmounts {
  /** Decimal USD strings. */
  usage: string;
  tax: string;
  credit: string;
  refund: string;
  /** usage + tax + credit + refund. */
  net: string;
}

/**
 * How a spend amount moved against the amount of its previous period (decimal USD strings):
 * - `ratio`: the previous amount was positive; `ratio` = (current − previous) / previous
 * - `new`: the previous amount was 0.00 and the current is not ("new spend +25.00")
 * - `none`: both are 0.00 (never "new spend")
 * - `unknown`: no previous period is stored (the oldest stored month), `reason` says so
 * @public
 */
export type SpendChange =
  | { kind: 'ratio'; ratio: number; delta: string }
  | { kind: 'new'; delta: string }
  | { kind: 'none' }
  | { kind: 'unknown'; reason: string };

/**
 * A part of the spend snapshot whose last Cost Explorer call failed: its values are the last
 * ones read (at `lastSuccessAt`, null when never), shown as stale with the error.
 * @public
 */
export interface SpendStalePart {
  /** `recordTypes`, `services`, `daily`, `tags`, `organizationTotal`. */
  part: string;
  /** What the part feeds, for a person, e.g. `monthly amounts by record type`. */
  feeds: string;
  /** The AWS error, e.g. `DataUnavailableException: Data is not available…`. */
  error: string;
  /** When it failed (ISO-8601 UTC). */
  failedAt: string;
  lastSuccessAt: string | null;
}

/** Spend of one tenant. @public */
export interface TenantSpend {
  /** Cost Explorer metric the amounts are in, e.g. `AmortizedCost`. */
  metric: string;
  currency: 'USD';
  /** The headline amount: usage + tax month to date. */
  monthToDate: string;
  /** Local forecast to month end (usage + tax); null when there is not enough data. */
  forecastMonthEnd: string | null;
  /** Previous full month (usage + tax). */
  lastMonth: string;
  /** Month-over-month change ratio of month to date vs last month; null when last month was 0 ("new spend"). */
  changeRatio: number | null;
  /** Up to 13 calendar months, oldest first; `month` is `YYYY-MM`. */
  monthly: Array<{
    month: string;
    amounts: RecordTypeAmounts;
    estimated: boolean;
  }>;
  /**
   * Current month by day; `date` is `YYYY-MM-DD`, `amount` is usage + tax. `estimated` is Cost
   * Explorer's `Estimated`; `provisional` marks today's point (the UTC day still being billed).
   */
  daily: Array<{
    date: string;
    amount: string;
    estimated: boolean;
    provisional?: boolean;
  }>;
  /** Current month by service (usage + tax), largest first. */
  byService: Array<{ service: string; amount: string }>;
  /** True when Cost Explorer has no data for the account yet (a new tenant). */
  noData: boolean;
  /**
   * Why there is no data, for a person, e.g. `no billing data yet (account created 2026-12-04;
   * new accounts appear within a day of first usage, sometimes up to 4)`; null when there is.
   */
  noDataReason?: string | null;
  /** Month to date against the same days of the previous month. */
  change?: SpendChange;
  /** Why `forecastMonthEnd` is null, e.g. `forecast needs 3 complete days of data; 2 so far`. */
  forecastNote?: string | null;
  /** Parts of the snapshot whose last refresh failed (their values are the last read). */
  stale?: SpendStalePart[];
}

/**
 * The name of the part of the organization total that Cost Explorer attributes to no linked
 * account, where a breakdown lists it as its own row (by service, the CSV export): the way Cost
 * Explorer names a group with no value for its dimension.
 * @public
 */
export const NO_LINKED_ACCOUNT = 'No linked account';

/**
 * Query of the costs page's tenant table (`GET /spend/fleet`): like `GET /tenants`, `limit`
 * 1–100 (default 50), `offset`, `sort` (default `amount`), `order` (default `desc` for amounts)
 * and `q`, a substring of tenant id or account id. @public
 */
export interface FleetSpendQuery {
  /** The UTC month `YYYY-MM`; default the backend's snapshot month. */
  month?: string;
  /** Rows in the page, 1–100 (default 50). */
  limit?: number;
  /** Rows skipped before the page (0-based). */
  offset?: number;
  /** Tenant id, account id, amount, previous amount or change (default amount). */
  sort?: 'name' | 'account' | 'amount' | 'previous' | 'change';
  /** Default `desc` for amounts and change, `asc` for name and account. */
  order?: 'asc' | 'desc';
  /** Case-insensitive substring of tenant id or account id. */
  q?: string;
}

/** Finance view of one calendar month (`GET /spend/fleet?month=YYYY-MM`). @public */
export interface FleetSpend {
  month: string;
  metric: string;
  currency: 'USD';
  /**
   * Organization total: Cost Explorer's ungrouped total of the month and metric (usage + tax).
   * tenants + shared + unallocated + notAttributed = total, to the cent.
   */
  total: string;
  /**
   * The part of the total that no LINKED_ACCOUNT group carries (ungrouped total − sum of the
   * groups), shown as its own line "not attributed to an account". Absent from older backends.
   */
  notAttributed?: string;
  tenantsTotal: string;
  /** Spend in non-tenant accounts (management, Security, Infrastructure). */
  shared: string;
  /** Spend that carries no tenant tag and sits in no tenant account. */
  unallocated: string;
  /**
   * The accounts' spend (tenants + shared + unallocated) of the previous month (for the current
   * month: the same days of it); null when that month is not stored (`previousMonthKnown`
   * false), never `0.00` for a value nobody read.
   */
  previousMonthTotal: string | null;
  /**
   * False for the oldest stored month: its previous month is not stored, so
   * `previousMonthTotal` and every `previousAmount` are null and every change is `unknown`.
   * Absent from older backends.
   */
  previousMonthKnown?: boolean;
  /** Tenant rows matching the query's `q`; `tenants` holds one page of them. */
  totalCount?: number;
  /** The page's size (`GET /spend/fleet?limit`). */
  limit?: number;
  /** The page's start (`GET /spend/fleet?offset`). */
  offset?: number;
  /** One page of the month's tenant rows (sorted, searched and paged on the server). */
  tenants: Array<{
    tenantId: string;
    accountId: string;
    amount: string;
    /** The tenant's spend of the previous month; null when that month is not stored. */
    previousAmount: string | null;
    /** null when the previous month was not positive (see `change`). */
    changeRatio: number | null;
    /** The change against the previous month; `unknown` for the oldest stored month. */
    change?: SpendChange;
    /** Set when Cost Explorer has no data for the tenant's account yet. */
    noDataReason?: string | null;
  }>;
  /** Top movers by absolute change, largest first (none for the oldest stored month). */
  movers: Array<{
    tenantId: string;
    change: string;
    changeRatio: number | null;
  }>;
  /**
   * The month by service (usage + tax), largest first. The part of the total no linked account
   * carries ({@link FleetSpend.notAttributed}) is its own row, {@link NO_LINKED_ACCOUNT}, so the
   * rows add to `total`.
   */
  byService: Array<{ service: string; amount: string }>;
  estimated: boolean;
  /**
   * The UTC months (`YYYY-MM`, inclusive) `GET /spend/fleet` answers: the month of the spend
   * snapshot and the 12 before it. Any other month is a 400. Absent from older backends.
   */
  availableMonths?: { from: string; to: string };
  /** Parts of the snapshot whose last refresh failed (their values are the last read). */
  stale?: SpendStalePart[];
}
