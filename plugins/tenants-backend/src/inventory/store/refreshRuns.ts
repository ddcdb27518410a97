import type { Knex } from 'knex';
import { RefreshRunRow, toRefreshRun } from './rows';
import type {
  RefreshRunRequest,
  RefreshRunResult,
  StoredRefreshRun,
} from './types';

/** How `refresh_runs.sources` holds a run's sources: a JSON array, or null for every source. */
function sourcesKey(sources: string[] | undefined): string | null {
  return sources ? JSON.stringify(sources) : null;
}

/**
 * The `refresh_runs` table of {@link KnexTenantsStore}: one row per requested or started
 * refresh run, its status, AWS call counts, errors and duration. Times are ISO-8601 UTC.
 */
export class KnexRefreshRuns {
  constructor(private readonly db: Knex) {}

  private table() {
    return this.db<RefreshRunRow>('refresh_runs');
  }

  /** Inserts a run that has not finished: no AWS calls, errors or tenants counted yet. */
  private async insert(
    run: RefreshRunRequest,
    status: 'queued' | 'running',
    requestedAt: string,
    startedAt: string | null,
  ): Promise<void> {
    await this.table().insert({
      id: run.id,
      status,
      trigger: run.trigger,
      actor: run.actor ?? null,
      requested_at: requestedAt,
      started_at: startedAt,
      finished_at: null,
      aws_calls: '{}',
      errors: '[]',
      tenant_count: 0,
      duration_seconds: null,
      sources: sourcesKey(run.sources),
    });
  }

  async queue(run: RefreshRunRequest & { requestedAt: Date }): Promise<void> {
    await this.insert(run, 'queued', run.requestedAt.toISOString(), null);
  }

  /**
   * The oldest run with `status` (`asc`) or the newest (`desc`) that reads exactly `sources`
   * (absent: a full refresh).
   */
  async first(
    status: 'queued' | 'running',
    order: 'asc' | 'desc',
    sources?: string[],
  ): Promise<StoredRefreshRun | undefined> {
    const key = sourcesKey(sources);
    const row = await this.table()
      .where('status', status)
      .andWhere(q =>
        key === null ? q.whereNull('sources') : q.where('sources', key),
      )
      .orderBy('requested_at', order)
      .first();
    return row ? toRefreshRun(row as RefreshRunRow) : undefined;
  }

  /** Marks a queued run running, or inserts it running when it was never queued. */
  async start(run: RefreshRunRequest & { startedAt: Date }): Promise<void> {
    const startedAt = run.startedAt.toISOString();
    const updated = await this.table()
      .where('id', run.id)
      .update({ status: 'running', started_at: startedAt });
    if (updated === 0) {
      await this.insert(run, 'running', startedAt, startedAt);
    }
  }

  /** Records the end of a run; its duration runs from its start (or its request). */
  async finish(id: string, result: RefreshRunResult): Promise<void> {
    const row = await this.table().where('id', id).first();
    const startedAt = row?.started_at ?? row?.requested_at;
    const duration = startedAt
      ? (result.finishedAt.getTime() - Date.parse(startedAt)) / 1000
      : null;
    await this.table()
      .where('id', id)
      .update({
        status: result.status,
        finished_at: result.finishedAt.toISOString(),
        aws_calls: JSON.stringify(result.awsCalls),
        errors: JSON.stringify(result.errors),
        tenant_count: result.tenantCount,
        duration_seconds: duration,
      });
  }

  /** Runs newest first, ties by id. */
  async list(limit: number): Promise<StoredRefreshRun[]> {
    const rows = await this.table()
      .orderBy('requested_at', 'desc')
      .orderBy('id', 'desc')
      .limit(limit);
    return (rows as RefreshRunRow[]).map(toRefreshRun);
  }

  async get(id: string): Promise<StoredRefreshRun | undefined> {
    const row = await this.table().where('id', id).first();
    return row ? toRefreshRun(row as RefreshRunRow) : undefined;
  }
}
