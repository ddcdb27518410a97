import { randomUUID } from 'node:crypto';
import type {
  AuditorService,
  LoggerService,
  SchedulerService,
} from '@backstage/backend-plugin-api';
import type {
  RefreshRun,
  TenantActivity,
} from '@tenancy/plugin-tenants-common';
import type { AwsClientFactory } from '@tenancy/plugin-tenants-node';
import type {
  CollectorError,
  TenantsCollectorRegistry,
} from '@tenancy/plugin-tenants-node';
import type { InventoryCollector } from '../inventory/InventoryCollector';
import type { RefreshRequester } from '../routeContext';
import type {
  InventoryChange,
  StoredTenant,
  TenantsStore,
} from '../inventory/store/types';

/** Id of the scheduled refresh task. @public */
export const REFRESH_TASK_ID = 'tenants-refresh';

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
}

/**
 * The refresh of the fleet snapshot: the inventory, then every registered collector. Records
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

  /** Runs one refresh now and answers its record. */
  async run(options: {
    id: string;
    trigger: 'schedule' | 'manual';
    actor?: string;
    signal?: AbortSignal;
  }): Promise<RefreshRun> {
    const { store, clients, logger, auditor } = this.options;
    const now = new Date();
    const auditEvent = await auditor.createEvent({
      eventId: 'refresh',
      severityLevel: 'medium',
      meta: {
        runId: options.id,
        trigger: options.trigger,
        ...(options.actor ? { actor: options.actor } : {}),
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
    try {
      const previous = await store.listAllTenants();
      const ouParents = new Map<string, string>();
      tenants = await this.options.inventory.collect({
        clients,
        logger,
        now,
        previous,
        ouParents,
        reportError: report('inventory'),
      });
      const change = await store.replaceInventory(tenants);
      await store.addActivity(
        activityFor(options.id, now, change, previous, tenants),
      );
      for (const collector of this.options.collectors.list()) {
        if (options.signal?.aborted) {
          errors.push({
            collector: collector.name,
            message: 'Skipped: the refresh timed out',
          });
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
        }
      }
    } catch (e) {
      failure = e as Error;
      status = 'failed';
      errors.push({
        collector: 'inventory',
        message: String(failure?.message ?? e),
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
    const run = await store.getRefreshRun(options.id);
    return {
      ...run!,
      status: run!.status === 'queued' ? 'running' : run!.status,
    };
  }

  private isStale(startedAt: string) {
    return Date.now() - Date.parse(startedAt) > this.options.timeoutMs;
  }

  /** Runs left `running` by a replica that died; the global task cannot overlap, so they ended. */
  private async failInterruptedRuns() {
    const { store } = this.options;
    for (;;) {
      const running = await store.getRunningRefreshRun();
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

/** Activity entries for what the inventory changed: tenants found, gone, or changed state. */
function activityFor(
  runId: string,
  now: Date,
  change: InventoryChange,
  previous: StoredTenant[],
  tenants: StoredTenant[],
): TenantActivity[] {
  const at = now.toISOString();
  const entry = (tenantId: string, summary: string): TenantActivity => ({
    id: `${runId}:${tenantId}`,
    tenantId,
    kind: 'refresh',
    summary,
    at,
  });
  const before = new Map(previous.map(t => [t.tenantId, t]));
  const after = new Map(tenants.map(t => [t.tenantId, t]));
  return [
    ...change.added.map(id =>
      entry(id, `Found in the tenants OU by refresh ${runId}`),
    ),
    ...change.removed.map(id =>
      entry(id, `No longer in the tenants OU (refresh ${runId})`),
    ),
    ...change.updated.flatMap(id => {
      const old = before.get(id);
      const cur = after.get(id);
      if (!old || !cur) return [];
      const parts: string[] = [];
      if (old.state !== cur.state)
        parts.push(`state ${old.state} → ${cur.state}`);
      if (old.ouPath !== cur.ouPath)
        parts.push(`OU ${old.ouPath} → ${cur.ouPath}`);
      if (old.owner !== cur.owner)
        parts.push(`owner ${old.owner ?? 'none'} → ${cur.owner ?? 'none'}`);
      return parts.length
        ? [entry(id, `Changed: ${parts.join(', ')} (refresh ${runId})`)]
        : [];
    }),
  ];
}
