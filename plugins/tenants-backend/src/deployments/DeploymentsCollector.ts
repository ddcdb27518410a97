import type { TenantDeployments } from '@tenancy/plugin-tenants-common';
import type {
  CollectorContext,
  TenantsCollector,
} from '@tenancy/plugin-tenants-node';
import type { TenantsStore } from '../inventory/store/types';
import { errorText, staleMarker } from '../refresh/sourceReads';
import { deploymentsOf } from './deploymentModel';
import {
  startedByOf,
  type DeploymentsStore,
  type ReleaseStart,
} from './DeploymentsStore';
import {
  latestPipelineVersion,
  pipelineDeploymentsOf,
  readPipelineExecutions,
  type PipelineExecution,
} from './pipelineRead';
import type { DeploymentsSettings } from './settings';
import { readTenantStack, type TenantStackRead } from './stackSetRead';
import { forEachBatch } from '../refresh/batches';

/**
 * The `deployments` collector: reads the tenant stack StackSet (see {@link readTenantStack}) in
 * the StackSet administrator account — or, with `tenancy.releases.target: pipeline`, the
 * pipeline's Step Functions executions ({@link readPipelineExecutions}) — and stores each
 * tenant's release, instances and history ({@link deploymentsOf},
 * {@link pipelineDeploymentsOf}), and the tenants list's release column. When CloudFormation cannot be
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
    const starts = await store.listReleaseStarts();
    const startedBy = startedByOf(starts);
    const pipeline = this.deps.settings.target === 'pipeline';
    let read: TenantStackRead | undefined;
    let executions: Map<string, PipelineExecution[]> | undefined;
    let error: string | undefined;
    try {
      if (pipeline) executions = await this.#readPipeline(ctx, starts);
      else
        read = await readTenantStack(
          await ctx.clients.cloudFormation(),
          this.deps.settings,
        );
    } catch (e) {
      error = errorText(e);
      ctx.reportError({
        source: pipeline ? 'stepFunctions' : 'cloudFormation',
        message: error,
      });
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
          else if (executions) {
            deployments = pipelineDeploymentsOf({
              stackSetName: this.deps.settings.stackSetName,
              latestVersion: latestPipelineVersion(starts),
              executions: executions.get(t.accountId) ?? [],
              now: ctx.now,
            });
          } else if (read) {
            deployments = deploymentsOf({
              stackSetName: this.deps.settings.stackSetName,
              latestVersion: read.latestVersion,
              instances: read.instances.get(t.accountId) ?? [],
              previous: before,
              operations: read.operations,
              startedBy,
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

  /** The pipeline's executions; reasons already stored are not read again. */
  async #readPipeline(
    ctx: CollectorContext,
    starts: ReleaseStart[],
  ): Promise<Map<string, PipelineExecution[]>> {
    const arn = this.deps.settings.stateMachineArn ?? '';
    const region = arn.split(':')[3];
    if (!region)
      throw new Error(
        `tenancy.releases.pipeline.stateMachineArn must be a state machine ARN with target pipeline, got '${arn}'`,
      );
    const previous = await (await this.deps.store()).listDeployments();
    const known = new Map(
      [...previous.values()]
        .flatMap(d => d.history)
        .filter(h => h.reason)
        .map(h => [h.operationId, h.reason]),
    );
    return readPipelineExecutions(
      await ctx.clients.sfn(region),
      arn,
      starts,
      known,
    );
  }
}
