import { randomUUID } from 'node:crypto';
import type {
  AuditorService,
  LoggerService,
  SchedulerService,
} from '@backstage/backend-plugin-api';
import type { EventsService } from '@backstage/plugin-events-node';
import {
  INVENTORY_REFRESHED_TOPIC,
  type InventoryRefreshedEvent,
  type RefreshRun,
} from '@tenancy/plugin-tenants-common';
import type { AwsClientFactory } from '@tenancy/plugin-tenants-node';
import type {
  CollectorError,
  TenantsCollectorRegistry,
} from '@tenancy/plugin-tenants-node';
import type { InventoryCollector } from '../inventory/InventoryCollector';
import type { RefreshRequester } from '../routeContext';
import type { StoredTenant, TenantsStore } from '../inventory/store/types';
import { activityFor } from './refreshActivity';
import type { SourceFreshnessStore } from './sourceFreshness';

/** Id of the full refresh task (every source; "Refresh now"). @public */
export const REFRESH_TASK_ID = 'tenants-refresh';

/** Id of the scheduled task that refreshes one source, e.g. `tenants-refresh-spend`. @public */
export function sourceTaskId(source: string): string {
  return `${REFRESH_TASK_ID}-${source}`;
}

/** How often a full refresh checks whether a source another run reads is free, ms. */
const LEASE_POLL_MS = 1000;

/** Calls made between two meter snapshots, by `Service.Operation` (only non-zero entries). */
export function meterDelta(
  after: Record<string, number>,
  before: Record<string, number>,
): Record<string, number> {
  const out: Record<string, number> = {};
  for (const key of Object.keys(after).sort()) {
    const n = after[key] - (before[key] ?? 0);
    if (n > 0) out[key] = n;
  }
  return out;
}

/** Options of {@link TenantsRefresher}. @public */
export interface TenantsRefresherOptions {
  store: TenantsStore;
  clients: AwsClientFactory;
  inventory: Pick<InventoryCollector, 'collect'>;
  collectors: TenantsCollectorRegistry;
  logger: LoggerService;
  auditor: AuditorService;
  /** To start the scheduled task at once on `POST /refresh`; absent in tests. */
  scheduler?: Pick<SchedulerService, 'triggerTask'>;
  /** A run row still `running` after this long (ms) was interrupted (crashed replica). */
  timeoutMs: number;
  /**
   * Each source's freshness and lease (one run reads a source at a time); absent in unit
   * tests of one replica, where nothing is recorded or leased.
   */
  freshness?: SourceFreshnessStore;
  /**
   * Where a succeeded run that read the inventory is announced
   * (`INVENTORY_REFRESHED_TOPIC`, after its record ended), so the catalog's Tenant entity
   * provider applies it at once; absent in unit tests.
   */
  events?: Pick<EventsService, 'publish'>;
  /**
   * The cold start's order (`tenancy.refresh.coldStartWait`): when set, the sources never
   * read yet start after the first inventory run ended and this resolved (the catalog has
   * the Tenant entities, or the wait passed), not at once.
   */
  waitForCatalog?: (runId: string) => Promise<boolean>;
}

/**
 * The refresh of the fleet snapshot: the inventory, then every registered collector (a full
 * refresh), or one source on its own cadence (`runScheduledSource`). Records
 * per run the start, the end, the AWS calls by `Service.Operation` (from the client factory's
 * meter) and the errors per tenant; one tenant's or one collector's failure never fails the
 * run (only an unreadable inventory does). Each run is an audit event (`refresh`).
 * @public
 */
export class TenantsRefresher implements RefreshRequester {
  constructor(private readonly options: TenantsRefresherOptions) {}

  async requestRefresh({ actor }: { actor: string }) {
    const { store } = this.options;
    const running = await store.getRunningRefreshRun();
    if (running && !this.isStale(running.startedAt)) {
      return { runId: running.id, alreadyRunning: true };
    }
    const queued = await store.getQueuedRefreshRun();
    if (queued) return { runId: queued.id, alreadyRunning: true };
    const runId = randomUUID();
    await store.queueRefreshRun({
      id: runId,
      trigger: 'manual',
      actor,
      requestedAt: new Date(),
    });
    try {
      await this.options.scheduler?.triggerTask(REFRESH_TASK_ID);
    } catch (e) {
      // Already running on another replica: that run picks the queued one up when it ends.
      this.options.logger.info(
        `Refresh ${runId} queued behind a running refresh: ${e}`,
      );
    }
    return { runId, alreadyRunning: false };
  }

  /** The scheduled task: runs the oldest queued (manual) run, or a scheduled one, then any queued meanwhile. */
  async runScheduled(signal?: AbortSignal): Promise<void> {
    await this.failInterruptedRuns();
    for (let i = 0; i < 2; i++) {
      const queued = await this.options.store.getQueuedRefreshRun();
      if (i > 0 && !queued) return;
      await this.run({
        id: queued?.id ?? randomUUID(),
        trigger: queued ? 'manual' : 'schedule',
        actor: queued?.actor ?? undefined,
        signal,
      });
    }
  }

  /**
   * The scheduled task of one source (`sourceTaskId(source)`): reads that source for the
   * stored tenants (the inventory task reads the inventory). A source other than the inventory
   * waits for the first inventory read: it does nothing until then, and the inventory's run
   * starts every source never read yet when it ends.
   */
  async runScheduledSource(
    source: string,
    signal?: AbortSignal,
  ): Promise<void> {
    const { freshness, logger } = this.options;
    await this.failInterruptedRuns([source]);
    if (source !== 'inventory' && freshness) {
      const inventory = await freshness.get('inventory', new Date());
      if (!inventory?.refreshedAt) {
        logger.info(`Refresh of ${source} waits for the first inventory read`);
        return;
      }
    }
    await this.run({
      id: randomUUID(),
      trigger: 'schedule',
      sources: [source],
      signal,
    });
  }

  /**
   * Runs one refresh now and answers its record: of `sources` (the inventory and collectors
   * named; the others are left alone and the tenants are the stored ones when the inventory
   * is not among them), or of every source when absent.
   */
  async run(options: {
    id: string;
    trigger: 'schedule' | 'manual';
    actor?: string;
    sources?: string[];
    signal?: AbortSignal;
  }): Promise<RefreshRun> {
    const { store, clients, logger, auditor } = this.options;
    const reads = (source: string) =>
      !options.sources || options.sources.includes(source);
    const now = new Date();
    const auditEvent = await auditor.createEvent({
      eventId: 'refresh',
      severityLevel: 'medium',
      meta: {
        runId: options.id,
        trigger: options.trigger,
        ...(options.actor ? { actor: options.actor } : {}),
        ...(options.sources ? { sources: options.sources } : {}),
      },
    });
    await store.startRefreshRun({ ...options, startedAt: now });
    const before = clients.meter.snapshot();
    const errors: RefreshRun['errors'] = [];
    const report = (collector: string) => (e: CollectorError) => {
      errors.push({ ...e, collector });
    };
    let status: RefreshRun['status'] = 'succeeded';
    let tenants: StoredTenant[] = [];
    let failure: Error | undefined;
    let inventoryRead = false;
    const skip = (collector: string, message: string) =>
      errors.push({ collector, message: `Skipped: ${message}` });
    try {
      const previous = await store.listAllTenants();
      const ouParents = new Map<string, string>();
      tenants = previous;
      if (reads('inventory')) {
        if (await this.lease('inventory', options)) {
          try {
            tenants = await this.options.inventory.collect({
              clients,
              logger,
              now,
              previous,
              ouParents,
              reportError: report('inventory'),
            });
            const change = await store.replaceInventory(tenants);
            inventoryRead = true;
            await store.addActivity(
              activityFor(options.id, now, change, previous, tenants),
            );
          } finally {
            await this.options.freshness?.release('inventory', options.id);
          }
          await this.recordSource('inventory', options.id, now, errors);
          if (options.sources && !this.options.waitForCatalog)
            await this.startNeverRead();
        } else skip('inventory', 'another run is reading the inventory');
      }
      for (const collector of this.options.collectors.list()) {
        if (!reads(collector.name)) continue;
        if (options.signal?.aborted) {
          skip(collector.name, 'the refresh timed out');
          continue;
        }
        if (!(await this.lease(collector.name, options))) {
          skip(collector.name, `another run is reading ${collector.name}`);
          continue;
        }
        try {
          await collector.collect({
            runId: options.id,
            tenants: tenants.map(({ tagsReadAt: _t, ...t }) => t),
            clients,
            logger: logger.child({ collector: collector.name }),
            now,
            ouParents,
            reportError: report(collector.name),
            signal: options.signal,
          });
        } catch (e) {
          errors.push({
            collector: collector.name,
            message: String((e as Error)?.message ?? e),
          });
        } finally {
          await this.options.freshness?.release(collector.name, options.id);
        }
        await this.recordSource(collector.name, options.id, now, errors);
      }
    } catch (e) {
      failure = e as Error;
      status = 'failed';
      errors.push({
        collector: 'inventory',
        message: String(failure?.message ?? e),
      });
      await this.options.freshness?.record('inventory', {
        runId: options.id,
        at: now,
        error: String(failure?.message ?? e),
      });
      logger.error(`Refresh ${options.id} failed: ${failure?.message ?? e}`);
    }
    const result = {
      status,
      awsCalls: meterDelta(clients.meter.snapshot(), before),
      errors,
      tenantCount: tenants.length,
      finishedAt: new Date(),
    };
    await store.finishRefreshRun(options.id, result);
    const meta = {
      runId: options.id,
      tenantCount: result.tenantCount,
      errorCount: errors.length,
      awsCalls: result.awsCalls,
    };
    if (failure) await auditEvent.fail({ error: failure, meta });
    else await auditEvent.success({ meta });
    logger.info(
      `Refresh ${options.id} ${status}: ${result.tenantCount} tenants, ${errors.length} errors, ` +
        `${Object.values(result.awsCalls).reduce(
          (a, b) => a + b,
          0,
        )} AWS calls`,
    );
    if (status === 'succeeded' && inventoryRead) {
      await this.announceInventory({
        runId: options.id,
        tenantCount: result.tenantCount,
        finishedAt: result.finishedAt.toISOString(),
      });
    }
    const { waitForCatalog } = this.options;
    if (
      status === 'succeeded' &&
      inventoryRead &&
      options.sources &&
      waitForCatalog
    ) {
      // Not awaited: the inventory's run has ended; the other sources start when the catalog
      // has its entities.
      waitForCatalog(options.id)
        .then(cataloged => {
          logger.info(
            `Refresh ${options.id}: ${
              cataloged
                ? 'the catalog has the Tenant entities'
                : 'the catalog did not announce the Tenant entities in time'
            }; starting the sources never read`,
          );
          return this.startNeverRead();
        })
        .catch(e => logger.warn(`Sources never read not started: ${e}`));
    }
    const run = await store.getRefreshRun(options.id);
    return {
      ...run!,
      status: run!.status === 'queued' ? 'running' : run!.status,
    };
  }

  /** Publishes {@link INVENTORY_REFRESHED_TOPIC}; a failed publish is logged, never thrown. */
  private async announceInventory(payload: InventoryRefreshedEvent) {
    try {
      await this.options.events?.publish({
        topic: INVENTORY_REFRESHED_TOPIC,
        eventPayload: payload,
      });
    } catch (e) {
      this.options.logger.warn(
        `Refresh ${payload.runId}: ${INVENTORY_REFRESHED_TOPIC} not published: ${e}`,
      );
    }
  }

  private isStale(startedAt: string) {
    return Date.now() - Date.parse(startedAt) > this.options.timeoutMs;
  }

  /**
   * Takes the lease of `source` for the run: a source's scheduled run takes it or skips the
   * source; a full refresh waits (polling each second) until the source is free, the run is
   * aborted, or the refresh timeout passes. Without a freshness store, always true.
   */
  private async lease(
    source: string,
    run: { id: string; sources?: string[]; signal?: AbortSignal },
  ): Promise<boolean> {
    const { freshness, timeoutMs } = this.options;
    if (!freshness) return true;
    const giveUp = Date.now() + timeoutMs;
    for (;;) {
      const now = new Date();
      const until = new Date(now.getTime() + timeoutMs);
      if (await freshness.lease(source, run.id, now, until)) return true;
      if (run.sources || run.signal?.aborted || Date.now() > giveUp)
        return false;
      await new Promise(res => setTimeout(res, LEASE_POLL_MS));
    }
  }

  /**
   * Records how the run read `source`: failed when the source threw or reported an error of
   * its own (not one tenant's: no tenant or account id), else fresh as of the run's start.
   */
  private async recordSource(
    source: string,
    runId: string,
    at: Date,
    errors: RefreshRun['errors'],
  ) {
    const own = errors.filter(
      e => e.collector === source && !e.tenantId && !e.accountId,
    );
    // A part's error (`source` set: e.g. compliance's guardDuty) leaves the rest fresh.
    const whole = own.find(e => !e.source);
    await this.options.freshness?.record(source, {
      runId,
      at,
      ...(whole
        ? { error: whole.message }
        : {
            staleParts: own.map(e => ({ part: e.source!, error: e.message })),
          }),
    });
  }

  /** After the inventory's own run: starts the tasks of the sources never read yet. */
  private async startNeverRead() {
    const { freshness, scheduler, collectors, logger } = this.options;
    if (!freshness || !scheduler) return;
    const known = await freshness.list(new Date());
    for (const { name } of collectors.list()) {
      if (known.some(s => s.source === name && s.refreshedAt)) continue;
      await scheduler.triggerTask(sourceTaskId(name)).catch(e => {
        logger.info(`Refresh of ${name} not started now: ${e}`);
      });
    }
  }

  /**
   * Runs of `sources` (absent: full refreshes) left `running` by a replica that died; the
   * global task of those sources cannot overlap itself, so they ended.
   */
  private async failInterruptedRuns(sources?: string[]) {
    const { store } = this.options;
    for (;;) {
      const running = await store.getRunningRefreshRun(sources);
      if (!running) return;
      await store.finishRefreshRun(running.id, {
        status: 'failed',
        awsCalls: running.awsCalls,
        errors: [
          ...running.errors,
          {
            collector: 'refresh',
            message: 'Interrupted: the backend stopped during the run',
          },
        ],
        tenantCount: running.tenantCount,
        finishedAt: new Date(),
      });
    }
  }
}
