import type { Guardrail } from '@tenancy/plugin-tenants-common';
import {
  ouAncestors,
  type CollectorContext,
  type TenantsCollector,
} from '@tenancy/plugin-tenants-node';
import type { TenantsStore } from '../inventory/store/types';
import type { ComplianceStore } from './ComplianceStore';
import type { ComplianceSettings } from './settings';
import {
  aggregateRuleCompliance,
  baselineStatusByAccount,
  scpTargetsByPolicyName,
} from './sources';
import { threatFindingsByAccount } from './guardDuty';
import { buildTenantCompliance, ComplianceSources } from './complianceModel';

/**
 * The `compliance` collector: per tenant and per guardrail of the catalog — SCP attachments
 * (ListTargetsForPolicy per policy), Config aggregator results, GuardDuty membership and
 * findings, baseline StackSet instance status — all read from central accounts, never per tenant.
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
    const [scpTargets, ancestors, rules, threats, baseline] = await Promise.all(
      [
        scpTargetsByPolicyName(org, policyNames, settings.concurrency),
        ouAncestors(
          org,
          ctx.tenants.map(t => t.ouId),
          new Map(ctx.ouParents ?? []),
        ),
        aggregateRuleCompliance(config, settings.configAggregatorName),
        threatFindingsByAccount(
          region => ctx.clients.guardDuty(region),
          settings.regions,
          accountIds,
          settings.concurrency,
        ),
        baselineStatusByAccount(
          cfn,
          settings.baselineStackSetName,
          settings.stackSetCallAs,
        ),
      ],
    );
    const sources: ComplianceSources = {
      scpTargets,
      ouAncestors: ancestors,
      rules,
      threats,
      baseline,
    };
    const items = [];
    for (const t of ctx.tenants) {
      try {
        items.push({
          tenantId: t.tenantId,
          accountId: t.accountId,
          compliance: buildTenantCompliance(guardrails, t, sources, ctx.now),
        });
      } catch (e) {
        ctx.reportError({
          tenantId: t.tenantId,
          accountId: t.accountId,
          message: String(e),
        });
      }
    }
    await insights.replaceCompliance(items);
    await this.deps.tenants.updateTenantSummaries(
      items.map(i => ({
        tenantId: i.tenantId,
        complianceScore: i.compliance.score,
      })),
    );
  }
}
