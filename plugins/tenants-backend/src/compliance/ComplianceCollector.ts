import type {
  ComplianceSourceName,
  Guardrail,
  SourceStale,
  TenantCompliance,
} from '@tenancy/plugin-tenants-common';
import { forEachBatch } from '../refresh/batches';
import {
  ouAncestors,
  type CollectorContext,
  type TenantsCollector,
} from '@tenancy/plugin-tenants-node';
import type { TenantsStore } from '../inventory/store/types';
import { readSources, staleMarker } from '../refresh/sourceReads';
import type { ComplianceStore } from './ComplianceStore';
import type { ComplianceSettings } from './settings';
import { aggregateRuleCompliance, scpTargetsByPolicyName } from './sources';
import { baselineByAccount } from './baseline';
import { threatFindingsByAccount } from './guardDuty';
import { buildTenantCompliance, ComplianceSources } from './complianceModel';

/**
 * The `compliance` collector: per tenant and per guardrail of the catalog — SCP attachments
 * (ListTargetsForPolicy per policy), Config aggregator results, GuardDuty membership and
 * findings, baseline StackSet instance status — all read from central accounts, never per tenant.
 *
 * Each source fails alone (docs/aws-behaviours/fleet.md#fault-isolation): a failed read is
 * reported once on the run (with its `source`), the values it feeds keep their last value on
 * every tenant, marked stale with the error; the other sources refresh as usual. Tenants not in
 * service (suspended, closing, …) are not scored. The AWS reads are whole-fleet maps by account
 * (compact); each tenant's compliance is built and written `tenancy.refresh.batchSize` tenants
 * at a time (docs/memory.md).
 */
export class ComplianceCollector implements TenantsCollector {
  readonly name = 'compliance';

  constructor(
    private readonly deps: {
      store: () => Promise<ComplianceStore>;
      tenants: TenantsStore;
      settings: ComplianceSettings;
      guardrails: () => Promise<Guardrail[]>;
    },
  ) {}

  async collect(ctx: CollectorContext): Promise<void> {
    const { settings } = this.deps;
    const [insights, guardrails] = await Promise.all([
      this.deps.store(),
      this.deps.guardrails(),
    ]);
    const [org, config, cfn] = await Promise.all([
      ctx.clients.organizations(),
      ctx.clients.configService(),
      ctx.clients.cloudFormation(),
    ]);
    const accountIds = ctx.tenants.map(t => t.accountId);
    const policyNames = guardrails
      .filter(g => g.kind === 'preventive' && g.policyName)
      .map(g => g.policyName!);
    const { values, errors } = await readSources({
      scp: async () => {
        const [targets, ancestors] = await Promise.all([
          scpTargetsByPolicyName(org, policyNames, settings.concurrency),
          ouAncestors(
            org,
            ctx.tenants.map(t => t.ouId),
            new Map(ctx.ouParents ?? []),
          ),
        ]);
        return { targets, ancestors };
      },
      config: () =>
        aggregateRuleCompliance(config, settings.configAggregatorName),
      guardDuty: () =>
        threatFindingsByAccount(
          region => ctx.clients.guardDuty(region),
          settings.regions,
          accountIds,
          settings.concurrency,
        ),
      baseline: () =>
        baselineByAccount(
          cfn,
          settings.baselineStackSetName,
          settings.stackSetCallAs,
        ),
    });
    const failed = Object.entries(errors) as Array<
      [ComplianceSourceName, string]
    >;
    for (const [source, message] of failed)
      ctx.reportError({ source, message });
    const sources: ComplianceSources = {
      scpTargets: values.scp?.targets,
      ouAncestors: values.scp?.ancestors,
      rules: values.config,
      threats: values.guardDuty,
      baseline: values.baseline,
    };
    const readAt = ctx.now.toISOString();
    await forEachBatch(ctx.tenants, settings.batchSize, async batch => {
      const previous = failed.length
        ? await insights.batches.valuesOf(batch.map(t => t.tenantId))
        : new Map<string, TenantCompliance>();
      const items = [];
      const remove: string[] = [];
      for (const t of batch) {
        try {
          const before = previous.get(t.tenantId);
          const stale: Partial<Record<ComplianceSourceName, SourceStale>> = {};
          for (const [source, message] of failed) {
            stale[source] = staleMarker(message, ctx.now, {
              collectedAt: before?.collectedAt,
              stale: before?.stale?.[source],
            });
          }
          items.push({
            tenantId: t.tenantId,
            accountId: t.accountId,
            value: buildTenantCompliance(guardrails, t, sources, ctx.now, {
              previous: before,
              stale,
            }),
          });
        } catch (e) {
          remove.push(t.tenantId);
          ctx.reportError({
            tenantId: t.tenantId,
            accountId: t.accountId,
            message: String(e),
          });
        }
      }
      await insights.batches.writeBatch(items, remove, readAt);
      await this.deps.tenants.updateTenantSummaries(
        items.map(i => ({
          tenantId: i.tenantId,
          complianceScore: i.value.notScored ? null : i.value.score,
        })),
        readAt,
      );
    });
    await insights.batches.keepOnly(
      ctx.tenants.map(t => t.tenantId),
      readAt,
    );
  }
}
