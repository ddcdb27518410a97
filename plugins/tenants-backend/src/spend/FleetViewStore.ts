import type { Knex } from 'knex';
import { usdToCents } from '@tenancy/plugin-tenants-common';
import type { FleetSpendView } from './fleetModel';
import { whereSearchTextHas } from '../database/searchText';

/** One tenant row of a stored costs page (a `FleetSpend.tenants` item). */
export type FleetTenantRow = FleetSpendView['tenants'][number];

/** A stored costs page without its tenant rows, and the spend run it was computed from. */
export interface StoredFleetView {
  /** `FleetSpendView` without `tenants`. */
  view: Omit<FleetSpendView, 'tenants'>;
  /** The spend run id (`''` when computed before any run was recorded). */
  runId: string;
  /** ISO-8601 UTC */
  computedAt: string;
}

/** Columns the tenant table of the costs page sorts by. */
export const FLEET_SORT_FIELDS = [
  'name',
  'account',
  'amount',
  'previous',
  'change',
] as const;

/** A sort field of {@link FLEET_SORT_FIELDS}. */
export type FleetSortField = (typeof FLEET_SORT_FIELDS)[number];

const SORT_COLUMN: Record<FleetSortField, string> = {
  name: 'tenant_id',
  account: 'account_id',
  amount: 'amount_cents',
  previous: 'previous_cents',
  change: 'change_cents',
};

/** A page of tenant rows: which, in what order, matching what. */
export interface FleetRowsQuery {
  limit: number;
  offset: number;
  /** Default `amount`. */
  sort?: FleetSortField;
  /** Default `desc` for amounts, `asc` for names. */
  order?: 'asc' | 'desc';
  /** Case-insensitive substring of tenant id or account id. */
  q?: string;
}

/** Rows per INSERT statement (keeps SQLite under its bound-variable limit). */
const CHUNK = 100;

const changeCents = (r: FleetTenantRow): number | null => {
  const c = r.change;
  if (!c || c.kind === 'unknown') return null;
  if (c.kind === 'none') return 0;
  return usdToCents(c.delta);
};

/**
 * The costs page's fleet views as stored once per spend run (tables `tenant_spend_fleet_views`
 * and `tenant_spend_fleet_rows` of migration `20261208_finance_at_scale.js`): per metric and
 * month, the totals, movers and by-service series, and one row per tenant that
 * {@link FleetViewStore.page} pages, sorts and searches in the database.
 */
export class FleetViewStore {
  constructor(private readonly db: Knex) {}

  /** The stored view of a month, without its rows; undefined when none is stored. */
  async view(
    metric: string,
    month: string,
  ): Promise<StoredFleetView | undefined> {
    const row = await this.db('tenant_spend_fleet_views')
      .where({ metric, month })
      .first();
    if (!row) return undefined;
    return {
      view: JSON.parse(row.body),
      runId: row.run_id,
      computedAt: row.computed_at,
    };
  }

  /** Replaces a month's view and all its tenant rows in one transaction. */
  async put(
    metric: string,
    runId: string,
    view: FleetSpendView,
    computedAt: Date,
  ): Promise<void> {
    const { tenants, ...rest } = view;
    const { month } = view;
    await this.db.transaction(async tx => {
      await tx('tenant_spend_fleet_rows').where({ metric, month }).delete();
      await tx('tenant_spend_fleet_views').where({ metric, month }).delete();
      await tx('tenant_spend_fleet_views').insert({
        metric,
        month,
        run_id: runId,
        body: JSON.stringify(rest),
        computed_at: computedAt.toISOString(),
      });
      for (let i = 0; i < tenants.length; i += CHUNK) {
        await tx('tenant_spend_fleet_rows').insert(
          tenants.slice(i, i + CHUNK).map(t => ({
            metric,
            month,
            tenant_id: t.tenantId,
            account_id: t.accountId,
            amount_cents: usdToCents(t.amount),
            previous_cents:
              t.previousAmount === null ? null : usdToCents(t.previousAmount),
            change_cents: changeCents(t),
            search_text: `${t.tenantId} ${t.accountId}`.toLowerCase(),
            body: JSON.stringify(t),
          })),
        );
      }
    });
  }

  /**
   * One page of a stored month's tenant rows with the count of rows matching `q`. Rows without
   * a value in the sort column (previous amount or change unknown) sort last in both directions;
   * ties are broken by tenant id in the same direction, as `GET /tenants` does, so that the
   * (metric, month, column, tenant id) indexes serve the order without sorting.
   */
  async page(
    metric: string,
    month: string,
    query: FleetRowsQuery,
  ): Promise<{ items: FleetTenantRow[]; totalCount: number }> {
    const sort = query.sort ?? 'amount';
    const column = SORT_COLUMN[sort];
    const order =
      query.order ?? (sort === 'name' || sort === 'account' ? 'asc' : 'desc');
    const where = (qb: Knex.QueryBuilder) => {
      qb.where({ metric, month });
      if (query.q) whereSearchTextHas(qb, query.q);
    };
    const items = this.db('tenant_spend_fleet_rows').where(where);
    if (sort === 'previous' || sort === 'change')
      items.orderByRaw(`(?? IS NULL) ASC`, [column]);
    items
      .orderBy(column, order)
      .orderBy('tenant_id', order)
      .limit(query.limit)
      .offset(query.offset)
      .select('body');
    const [rows, count] = await Promise.all([
      items,
      this.db('tenant_spend_fleet_rows').where(where).count({ n: '*' }).first(),
    ]);
    return {
      items: rows.map((r: { body: string }) => JSON.parse(r.body)),
      totalCount: Number(count?.n ?? 0),
    };
  }
}
