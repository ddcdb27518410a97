import type { Knex } from 'knex';
import { amountToText, parseAmount } from './money';
import type { SpendFact } from './spendModel';
import {
  SPEND_PARTS,
  SpendPart,
  SpendSlice,
  SpendSliceWriter,
} from './spendFetch';
import type { SpendStalePart } from '@tenancy/plugin-tenants-common';
import type { TagStatus, TenantAccount } from './fleetModel';
import type { ServiceRow } from './exportLines';

/** Keys of the spend snapshot's rows in `tenant_insights_meta` (stored values unchanged). */
const META = {
  runId: 'spend.runId',
  collectedAt: 'spend.collectedAt',
  tenants: 'spend.tenants',
  tagStatus: (metric: string) => `spend.tagStatus.${metric}`,
  dailyThrough: (metric: string) => `spend.dailyThrough.${metric}`,
  parts: (metric: string) => `spend.parts.${metric}`,
};

/** The last outcome of one part of the spend snapshot (see SPEND_PARTS). */
export interface SpendPartStatus {
  /** Last successful read (ISO-8601 UTC), null when never. */
  lastSuccessAt: string | null;
  /** The error of the last read when it failed; absent when it succeeded. */
  error?: string;
  failedAt?: string;
}

/** Rows per INSERT statement (keeps SQLite under its bound-variable limit). */
const CHUNK = 200;

/** Suffix of the metric of a slice's rows while the refresh writes them (see openSlice). */
const STAGED = '~staged';

function factRow(metric: string, f: SpendFact) {
  return {
    metric,
    granularity: f.granularity,
    period_start: f.periodStart,
    account_id: f.accountId,
    dimension: f.dimension,
    key: f.key.slice(0, 255),
    amount: amountToText(f.amount),
    estimated: f.estimated,
  };
}

/**
 * Persistence of the spend snapshot (tables `tenant_spend_facts`, `tenant_spend_months` and
 * `tenant_insights_meta` of migration `20261130_insights.js`), on the plugin's knex database
 * (SQLite or PostgreSQL). The snapshot's metadata is read and written through typed accessors.
 */
export class SpendStore {
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
        const rows = s.facts.map(f => factRow(metric, f));
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

  /**
   * Opens the writer of one slice of the refresh: each page's facts are inserted as staged rows
   * (metric `<metric>~staged`, invisible to readers) as they come, so memory holds one page;
   * `commit` swaps them in for the stored slice in one transaction, `discard` deletes them.
   * Staged rows a crashed run left behind are deleted when the slice is opened again.
   */
  async openSlice(
    metric: string,
    slice: Omit<SpendSlice, 'facts'>,
  ): Promise<SpendSliceWriter> {
    const staged = `${metric}${STAGED}`;
    const ofSlice = (q: Knex.QueryBuilder, m: string) =>
      q
        .where({
          metric: m,
          dimension: slice.dimension,
          granularity: slice.granularity,
        })
        .where('period_start', '>=', slice.range.start)
        .where('period_start', '<', slice.range.end);
    const dropStaged = () =>
      this.db('tenant_spend_facts')
        .where({
          metric: staged,
          dimension: slice.dimension,
          granularity: slice.granularity,
        })
        .delete();
    await dropStaged();
    return {
      add: async facts => {
        const rows = facts.map(f => factRow(staged, f));
        for (let i = 0; i < rows.length; i += CHUNK)
          await this.db('tenant_spend_facts').insert(rows.slice(i, i + CHUNK));
      },
      commit: async () => {
        await this.db.transaction(async tx => {
          await ofSlice(tx('tenant_spend_facts'), metric).delete();
          await tx('tenant_spend_facts')
            .where({
              metric: staged,
              dimension: slice.dimension,
              granularity: slice.granularity,
            })
            .update({ metric });
        });
      },
      discard: async () => {
        await dropStaged();
      },
    };
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

  /**
   * The distinct account ids with facts of `metric` (any dimension and period), ascending, one
   * index seek per account (a skip scan of `tenant_spend_facts_account_idx`), never a read of
   * every fact.
   */
  async factAccounts(metric: string): Promise<string[]> {
    const next = `SELECT MIN(account_id) FROM tenant_spend_facts WHERE metric = ?`;
    const rows = await this.db.raw(
      `WITH RECURSIVE a(id) AS (${next} UNION ALL SELECT (${next} AND account_id > a.id) FROM a WHERE a.id IS NOT NULL) SELECT id FROM a WHERE id IS NOT NULL`,
      [metric, metric],
    );
    // better-sqlite3 answers the rows, pg a result with them
    const list: { id: string }[] = Array.isArray(rows) ? rows : rows.rows;
    return list.map(r => r.id);
  }

  /**
   * The SERVICE facts of `accountIds` with period start in [from, to), ordered by account,
   * period and service, their amounts as stored (exact decimal text), for the export: only the
   * columns it writes, no parsing (index `tenant_spend_facts_dimension_idx`).
   */
  async serviceRows(options: {
    metric: string;
    from: string;
    to: string;
    accountIds: string[];
  }): Promise<ServiceRow[]> {
    return this.db('tenant_spend_facts')
      .where({ metric: options.metric, dimension: 'SERVICE' })
      .whereIn('account_id', options.accountIds)
      .where('period_start', '>=', options.from)
      .where('period_start', '<', options.to)
      .orderBy(['account_id', 'period_start', 'key'])
      .select({
        accountId: 'account_id',
        periodStart: 'period_start',
        key: 'key',
        amount: 'amount',
      });
  }

  /** How many facts of `dimension` have a period start in [from, to). */
  async countFacts(options: {
    metric: string;
    from: string;
    to: string;
    dimension: SpendFact['dimension'];
  }): Promise<number> {
    const row = await this.db('tenant_spend_facts')
      .where({ metric: options.metric, dimension: options.dimension })
      .where('period_start', '>=', options.from)
      .where('period_start', '<', options.to)
      .count({ n: '*' })
      .first();
    return Number(row?.n ?? 0);
  }

  /** Id of the last refresh run whose spend collector ran: the version of the spend snapshot. */
  spendRunId(): Promise<string | undefined> {
    return this.getMeta<string>(META.runId);
  }

  async setSpendRunId(runId: string): Promise<void> {
    await this.setMeta(META.runId, runId);
  }

  /** When the spend snapshot was collected (UTC), or undefined before the first collection. */
  async collectedAt(): Promise<Date | undefined> {
    const at = await this.getMeta<string>(META.collectedAt);
    return at ? new Date(at) : undefined;
  }

  /** The tenants (id and account) the spend snapshot was collected for; `[]` before the first. */
  async snapshotTenants(): Promise<TenantAccount[]> {
    return (await this.getMeta<TenantAccount[]>(META.tenants)) ?? [];
  }

  /** Whether the tenant cost-allocation tag was active for `metric`'s snapshot; `unknown` before. */
  async tagStatus(metric: string): Promise<TagStatus> {
    return (await this.getMeta<TagStatus>(META.tagStatus(metric))) ?? 'unknown';
  }

  /** Last day (`YYYY-MM-DD`, UTC) whose daily facts of `metric` are stored, if any. */
  dailyThrough(metric: string): Promise<string | undefined> {
    return this.getMeta<string>(META.dailyThrough(metric));
  }

  /** Records a spend collection of `metric` at `collectedAt` for `tenants`. */
  async recordCollection(options: {
    metric: string;
    collectedAt: Date;
    tenants: TenantAccount[];
    tagStatus: TagStatus;
    dailyThrough: string | undefined;
  }): Promise<void> {
    await this.setMeta(META.tagStatus(options.metric), options.tagStatus);
    if (options.dailyThrough !== undefined)
      await this.setMeta(
        META.dailyThrough(options.metric),
        options.dailyThrough,
      );
    await this.setMeta(META.collectedAt, options.collectedAt.toISOString());
    await this.setMeta(META.tenants, options.tenants);
  }

  /** The last outcome of every part of `metric`'s snapshot that was ever read. */
  async partStatus(
    metric: string,
  ): Promise<Partial<Record<SpendPart, SpendPartStatus>>> {
    return (await this.getMeta(META.parts(metric))) ?? {};
  }

  /**
   * Records one fetch's outcome per part: the parts in `failed` keep their last success time
   * and carry the error; every other part succeeded at `at`.
   */
  async recordParts(
    metric: string,
    failed: Partial<Record<SpendPart, string>>,
    at: Date,
  ): Promise<void> {
    const before = await this.partStatus(metric);
    const next: Partial<Record<SpendPart, SpendPartStatus>> = {};
    for (const part of Object.keys(SPEND_PARTS) as SpendPart[]) {
      const error = failed[part];
      next[part] = error
        ? {
            lastSuccessAt: before[part]?.lastSuccessAt ?? null,
            error,
            failedAt: at.toISOString(),
          }
        : { lastSuccessAt: at.toISOString() };
    }
    await this.setMeta(META.parts(metric), next);
  }

  /** The parts of `metric`'s snapshot whose last read failed, for the views. */
  async staleParts(
    metric: string,
    parts: SpendPart[] = Object.keys(SPEND_PARTS) as SpendPart[],
  ): Promise<SpendStalePart[]> {
    const status = await this.partStatus(metric);
    return parts.flatMap(part => {
      const s = status[part];
      return s?.error
        ? [
            {
              part,
              feeds: SPEND_PARTS[part],
              error: s.error,
              failedAt: s.failedAt ?? '',
              lastSuccessAt: s.lastSuccessAt,
            },
          ]
        : [];
    });
  }

  private async setMeta(key: string, value: unknown): Promise<void> {
    await this.db('tenant_insights_meta')
      .insert({ key, value: JSON.stringify(value) })
      .onConflict('key')
      .merge();
  }

  private async getMeta<T>(key: string): Promise<T | undefined> {
    const row = await this.db('tenant_insights_meta').where({ key }).first();
    return row ? (JSON.parse(row.value) as T) : undefined;
  }
}
