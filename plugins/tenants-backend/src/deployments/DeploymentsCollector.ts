import type { TenantDeployments } from '@tenancy/plugin-tenants-common';
import type {
  CollectorContext,
  TenantsCollector,
} from '@tenancy/plugin-tenants-node';
import type { TenantsStore } from '../inventory/store/types';
import { errorText, staleMarker } from '../refresh/sourceReads';
import { deploymentsOf } from './deploymentModel';
import type { DeploymentsStore } from './DeploymentsStore';
import type { DeploymentsSettings } from './settings';
import { readTenantStack, type TenantStackRead } from './stackSetRead';
import { forEachBatch } from '../refresh/batches';

/**
 * The `deployments` collector: reads the tenant stack StackSet (see {@link readTenantStack}) in
 * the StackSet administrator account and stores each tenant's release, instances and history
 * ({@link deploymentsOf}), and the tenants list's release column. When CloudFormation cannot be
 * read, every tenant keeps its last deployments, marked stale with the error, and the run
 * reports that one error (source `cloudFormation`). Tenants are built and written
 * `tenancy.refresh.batchSize` at a time (docs/memory.md).
 */
export class DeploymentsCollector implements TenantsCollector {
  readonly name = 'deployments';

  constructor(
    private readonly deps: {
      store: () => Promise<DeploymentsStore>;
      tenants: TenantsStore;
      settings: DeploymentsSettings;
    },
  ) {}

  async collect(ctx: CollectorContext): Promise<void> {
    const store = await this.deps.store();
    let read: TenantStackRead | undefined;
    let error: string | undefined;
    try {
      read = await readTenantStack(
        await ctx.clients.cloudFormation(),
        this.deps.settings,
      );
    } catch (e) {
      error = errorText(e);
      ctx.reportError({ source: 'cloudFormation', message: error });
    }
    const readAt = ctx.now.toISOString();
    await forEachBatch(
      ctx.tenants,
      this.deps.settings.batchSize,
      async batch => {
        const previous = await store.batches.valuesOf(
          batch.map(t => t.tenantId),
        );
        const items = [];
        const remove: string[] = [];
        for (const t of batch) {
          const before = previous.get(t.tenantId);
          let deployments: TenantDeployments | undefined;
          if (t.state === 'CLOSED') deployments = undefined;
          else if (read) {
            deployments = deploymentsOf({
              stackSetName: this.deps.settings.stackSetName,
              latestVersion: read.latestVersion,
              instances: read.instances.get(t.accountId) ?? [],
              previous: before,
              operations: read.operations,
              now: ctx.now,
            });
          } else if (before) {
            deployments = {
              ...before,
              stale: staleMarker(error ?? '', ctx.now, before),
            };
          }
          if (deployments)
            items.push({
              tenantId: t.tenantId,
              accountId: t.accountId,
              value: deployments,
            });
          else remove.push(t.tenantId);
        }
        await store.batches.writeBatch(items, remove, readAt);
        const byTenant = new Map(items.map(i => [i.tenantId, i.value]));
        await this.deps.tenants.updateTenantSummaries(
          batch.map(t => ({
            tenantId: t.tenantId,
            release: byTenant.get(t.tenantId)?.release ?? null,
          })),
          readAt,
        );
      },
    );
    await store.batches.keepOnly(
      ctx.tenants.filter(t => t.state !== 'CLOSED').map(t => t.tenantId),
      readAt,
    );
  }
}
