import type { Knex } from 'knex';
import type {
  TenantCompliance,
  TenantHealth,
} from '@tenancy/plugin-tenants-common';
import { expandHealth, type StoredHealth } from '../collectors/health/status';
import { amountToText, parseAmount } from '../collectors/spend/money';
import type { SpendFact } from '../collectors/spend/spendModel';
import type { SpendSlice } from '../collectors/spend/spendFetch';

/** Rows per INSERT statement (keeps SQLite under its bound-variable limit). */
const CHUNK = 200;

/**
 * Persistence of the spend, health and compliance snapshot (tables of migration
 * `20261130_insights.js`), on the plugin's knex database (SQLite or PostgreSQL).
 * @public
 */
export class InsightsStore {
  constructor(private readonly db: Knex) {}

  /** Closed months (`YYYY-MM`) already stored for `metric`. */
  async cachedClosedMonths(metric: string): Promise<Set<string>> {
    const rows = await this.db('tenant_spend_months')
      .where({ metric })
      .select('month');
    return new Set(rows.map(r => r.month as string));
  }

  /**
   * Replaces every slice (all facts of its dimension and granularity in its range) and records
   * the closed months fetched, in one transaction.
   */
  async replaceSpend(
    metric: string,
    slices: SpendSlice[],
    closedMonths: string[],
    fetchedAt: Date,
  ): Promise<void> {
    await this.db.transaction(async tx => {
      for (const s of slices) {
        await tx('tenant_spend_facts')
          .where({ metric, dimension: s.dimension, granularity: s.granularity })
          .where('period_start', '>=', s.range.start)
          .where('period_start', '<', s.range.end)
          .delete();
        const rows = s.facts.map(f => ({
          metric,
          granularity: f.granularity,
          period_start: f.periodStart,
          account_id: f.accountId,
          dimension: f.dimension,
          key: f.key.slice(0, 255),
          amount: amountToText(f.amount),
          estimated: f.estimated,
        }));
        for (let i = 0; i < rows.length; i += CHUNK) {
          await tx('tenant_spend_facts').insert(rows.slice(i, i + CHUNK));
        }
      }
      if (closedMonths.length) {
        await tx('tenant_spend_months')
          .insert(
            closedMonths.map(month => ({
              metric,
              month,
              fetched_at: fetchedAt.toISOString(),
            })),
          )
          .onConflict(['metric', 'month'])
          .merge();
      }
    });
  }

  /** Facts with period start in [from, to) for the given accounts (all accounts when omitted). */
  async spendFacts(options: {
    metric: string;
    from: string;
    to: string;
    accountIds?: string[];
    dimensions?: SpendFact['dimension'][];
  }): Promise<SpendFact[]> {
    const q = this.db('tenant_spend_facts')
      .where({ metric: options.metric })
      .where('period_start', '>=', options.from)
      .where('period_start', '<', options.to);
    if (options.accountIds) q.whereIn('account_id', options.accountIds);
    if (options.dimensions) q.whereIn('dimension', options.dimensions);
    const rows = await q.select();
    return rows.map(r => ({
      granularity: r.granularity,
      periodStart: r.period_start,
      accountId: r.account_id,
      dimension: r.dimension,
      key: r.key,
      amount: parseAmount(r.amount),
      estimated: Boolean(r.estimated),
    }));
  }

  async setMeta(key: string, value: unknown): Promise<void> {
    await this.db('tenant_insights_meta')
      .insert({ key, value: JSON.stringify(value) })
      .onConflict('key')
      .merge();
  }

  async getMeta<T>(key: string): Promise<T | undefined> {
    const row = await this.db('tenant_insights_meta').where({ key }).first();
    return row ? (JSON.parse(row.value) as T) : undefined;
  }

  /** Replaces the health of every tenant (tenants not given are removed). */
  async replaceHealth(
    items: Array<{ tenantId: string; accountId: string; health: StoredHealth }>,
  ): Promise<void> {
    await this.db.transaction(async tx => {
      await tx('tenant_health').delete();
      const rows = items.map(i => ({
        tenant_id: i.tenantId,
        account_id: i.accountId,
        status: i.health.status,
        collected_at: i.health.collectedAt,
        data: JSON.stringify(i.health),
      }));
      for (let i = 0; i < rows.length; i += CHUNK)
        await tx('tenant_health').insert(rows.slice(i, i + CHUNK));
    });
  }

  async getHealth(tenantId: string): Promise<TenantHealth | undefined> {
    const row = await this.db('tenant_health')
      .where({ tenant_id: tenantId })
      .first();
    if (!row) return undefined;
    return expandHealth(JSON.parse(row.data) as StoredHealth);
  }

  /** Replaces the compliance of every tenant (tenants not given are removed). */
  async replaceCompliance(
    items: Array<{
      tenantId: string;
      accountId: string;
      compliance: TenantCompliance;
    }>,
  ): Promise<void> {
    await this.db.transaction(async tx => {
      await tx('tenant_compliance').delete();
      const rows = items.map(i => ({
        tenant_id: i.tenantId,
        account_id: i.accountId,
        collected_at: i.compliance.collectedAt,
        data: JSON.stringify(i.compliance),
      }));
      for (let i = 0; i < rows.length; i += CHUNK)
        await tx('tenant_compliance').insert(rows.slice(i, i + CHUNK));
    });
  }

  async getCompliance(tenantId: string): Promise<TenantCompliance | undefined> {
    const row = await this.db('tenant_compliance')
      .where({ tenant_id: tenantId })
      .first();
    return row ? (JSON.parse(row.data) as TenantCompliance) : undefined;
  }
}
