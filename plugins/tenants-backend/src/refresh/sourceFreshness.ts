import type { SourceFreshness } from '@tenancy/plugin-tenants-common';
import type { HumanDuration } from '@backstage/types';
import { durationToMilliseconds } from '@backstage/types';
import type { Knex } from 'knex';

/** Row of the `refresh_sources` table. */
interface SourceRow {
  source: string;
  refreshed_at: string | null;
  attempted_at: string | null;
  last_error: string | null;
  last_run_id: string | null;
  lease_run_id: string | null;
  lease_until: string | null;
  stale_parts: string | null;
}

/** A part of a source (e.g. compliance's `guardDuty`) whose last read failed: kept stale. */
export interface StalePart {
  part: string;
  /** The error of its last read. */
  error: string;
}

/** What is known of one source's freshness. Times are ISO-8601 UTC. */
export interface StoredSourceFreshness {
  source: string;
  /** Start of the last run that read the source successfully; null = never read. */
  refreshedAt: string | null;
  /** Start of the last run that tried to read it. */
  attemptedAt: string | null;
  /** Why the last attempt failed (its values are kept, stale); null when it succeeded. */
  error: string | null;
  /** Id of the run that is refreshing the source now, when its lease has not expired. */
  refreshingRunId: string | null;
  /** Parts whose last read failed while the rest of the source was read (none: empty). */
  staleParts: StalePart[];
}

/**
 * The API view of every scheduled source, in the order of `cadences`: what `stored` knows of
 * it (a source never read has null times), its cadence in seconds, and for a source kept live
 * by events, `live[source]`: when the events consumer last finished a poll (absent: not live).
 */
export function toSourceFreshness(
  stored: StoredSourceFreshness[],
  cadences: Record<string, HumanDuration>,
  live: Record<string, string | undefined> = {},
): SourceFreshness[] {
  const bySource = new Map(stored.map(s => [s.source, s]));
  return Object.entries(cadences).map(([source, cadence]) => {
    const s = bySource.get(source);
    return {
      source,
      refreshedAt: s?.refreshedAt ?? null,
      attemptedAt: s?.attemptedAt ?? null,
      error: s?.error ?? null,
      refreshing: !!s?.refreshingRunId,
      cadenceSeconds: durationToMilliseconds(cadence) / 1000,
      ...(live[source] ? { liveAt: live[source] } : {}),
      ...(s?.staleParts.length ? { staleParts: s.staleParts } : {}),
    };
  });
}

/**
 * The `refresh_sources` table: per source, its freshness and the lease a refresh run holds
 * while it reads that source, so that one source is read by one run at a time across replicas
 * (a scheduled per-source task and a "Refresh now" run, say). Leases are conditional UPDATEs
 * (SQLite and PostgreSQL alike) and expire at `lease_until`, so a replica that dies mid-run
 * holds nothing for longer than the refresh timeout.
 */
export class SourceFreshnessStore {
  constructor(private readonly db: Knex) {}

  private table() {
    return this.db<SourceRow>('refresh_sources');
  }

  private async ensureRow(source: string): Promise<void> {
    await this.table()
      .insert({ source } as SourceRow)
      .onConflict('source')
      .ignore();
  }

  /**
   * Takes the lease of `source` for `runId` until `until`; false when another run holds a
   * lease that has not expired at `now`.
   */
  async lease(
    source: string,
    runId: string,
    now: Date,
    until: Date,
  ): Promise<boolean> {
    await this.ensureRow(source);
    const taken = await this.table()
      .where('source', source)
      .andWhere(q =>
        q
          .whereNull('lease_run_id')
          .orWhere('lease_run_id', runId)
          .orWhere('lease_until', '<', now.toISOString()),
      )
      .update({ lease_run_id: runId, lease_until: until.toISOString() });
    return taken === 1;
  }

  /** Gives the lease of `source` back, when `runId` still holds it. */
  async release(source: string, runId: string): Promise<void> {
    await this.table()
      .where({ source, lease_run_id: runId })
      .update({ lease_run_id: null, lease_until: null });
  }

  /**
   * Records how run `runId`, started at `at`, read `source`: without `error` the source is
   * fresh as of `at`, with the `staleParts` it could not read (kept stale; none by default);
   * with `error`, only the attempt and the error are recorded (the data keeps its time).
   */
  async record(
    source: string,
    outcome: {
      runId: string;
      at: Date;
      error?: string;
      staleParts?: StalePart[];
    },
  ): Promise<void> {
    await this.ensureRow(source);
    const at = outcome.at.toISOString();
    await this.table()
      .where('source', source)
      .update({
        attempted_at: at,
        last_run_id: outcome.runId,
        last_error: outcome.error ?? null,
        ...(outcome.error
          ? {}
          : {
              refreshed_at: at,
              stale_parts: outcome.staleParts?.length
                ? JSON.stringify(outcome.staleParts)
                : null,
            }),
      });
  }

  /** Every source ever leased or recorded, by name; leases expired at `now` read as none. */
  async list(now: Date): Promise<StoredSourceFreshness[]> {
    const rows = (await this.table().orderBy('source')) as SourceRow[];
    const nowIso = now.toISOString();
    return rows.map(r => ({
      source: r.source,
      refreshedAt: r.refreshed_at,
      attemptedAt: r.attempted_at,
      error: r.last_error,
      refreshingRunId:
        r.lease_run_id && r.lease_until && r.lease_until >= nowIso
          ? r.lease_run_id
          : null,
      staleParts: r.stale_parts
        ? (JSON.parse(r.stale_parts) as StalePart[])
        : [],
    }));
  }

  /** One source's freshness, or undefined when it was never leased or recorded. */
  async get(
    source: string,
    now: Date,
  ): Promise<StoredSourceFreshness | undefined> {
    return (await this.list(now)).find(s => s.source === source);
  }
}
