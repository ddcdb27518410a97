import {
  OrganizationsClient,
  ListPoliciesCommand,
  ListTargetsForPolicyCommand,
} from '@aws-sdk/client-organizations';
import {
  ConfigServiceClient,
  DescribeAggregateComplianceByConfigRulesCommand,
  type AggregateComplianceByConfigRule,
} from '@aws-sdk/client-config-service';
import { collectAll, paginate } from '@tenancy/plugin-tenants-node';
import pLimit from 'p-limit';

/**
 * SCP targets per policy name: ListPolicies (SERVICE_CONTROL_POLICY, every page), then
 * ListTargetsForPolicy once per guardrail policy — never per account. Returns target ids
 * (accounts, OUs, roots) by policy name; a policy that does not exist maps to undefined.
 */
export async function scpTargetsByPolicyName(
  org: OrganizationsClient,
  policyNames: string[],
  concurrency = 4,
): Promise<Map<string, Set<string> | undefined>> {
  const policies = await collectAll(
    t =>
      org.send(
        new ListPoliciesCommand({
          Filter: 'SERVICE_CONTROL_POLICY',
          NextToken: t,
        }),
      ),
    p => p.Policies,
    p => p.NextToken,
  );
  const idByName = new Map(policies.map(p => [p.Name ?? '', p.Id ?? '']));
  const limit = pLimit(concurrency);
  const out = new Map<string, Set<string> | undefined>();
  await Promise.all(
    policyNames.map(name =>
      limit(async () => {
        const id = idByName.get(name);
        if (!id) {
          out.set(name, undefined);
          return;
        }
        const targets = await collectAll(
          t =>
            org.send(
              new ListTargetsForPolicyCommand({ PolicyId: id, NextToken: t }),
            ),
          p => p.Targets,
          p => p.NextToken,
        );
        out.set(name, new Set(targets.map(t => t.TargetId ?? '')));
      }),
    ),
  );
  return out;
}

/**
 * One Config rule's result for an account: its ComplianceType and, when NON_COMPLIANT, how many
 * resources it names non-compliant (ComplianceContributorCount.CappedCount; `capped` when
 * CapExceeded), summed over regions.
 */
export interface RuleResult {
  type: string;
  nonCompliantResources?: number;
  capped?: boolean;
}

/** Config rule compliance per account: `accountId → ruleName → result`. */
export type RuleCompliance = Map<string, Map<string, RuleResult>>;

/**
 * Every rule × account result of the organization's Config aggregator
 * (DescribeAggregateComplianceByConfigRules, every page, empty pages with a token included).
 * No ComplianceType filter is sent (AWS accepts only COMPLIANT and NON_COMPLIANT there, docs/aws-behaviours/fleet.md#config-rules-with-no-results);
 * results of several regions merge to the worst: NON_COMPLIANT > INSUFFICIENT_DATA > COMPLIANT.
 * Folded page by page (1,000 rows a page): only the compact result per account and rule is
 * held, never the pages' rows.
 */
export async function aggregateRuleCompliance(
  config: ConfigServiceClient,
  aggregatorName: string,
): Promise<RuleCompliance> {
  const pages = paginate(
    t =>
      config.send(
        new DescribeAggregateComplianceByConfigRulesCommand({
          ConfigurationAggregatorName: aggregatorName,
          Limit: 1000,
          NextToken: t,
        }),
      ),
    p => p.NextToken,
  );
  const rank: Record<string, number> = {
    NON_COMPLIANT: 3,
    INSUFFICIENT_DATA: 2,
    COMPLIANT: 1,
    NOT_APPLICABLE: 0,
  };
  const out: RuleCompliance = new Map();
  for await (const page of pages) {
    for (const r of page.AggregateComplianceByConfigRules ?? []) fold(r);
  }
  return out;

  function fold(r: AggregateComplianceByConfigRule) {
    if (!r.AccountId || !r.ConfigRuleName) return;
    const type = r.Compliance?.ComplianceType ?? 'INSUFFICIENT_DATA';
    const count = r.Compliance?.ComplianceContributorCount;
    const rules = out.get(r.AccountId) ?? new Map<string, RuleResult>();
    const prev = rules.get(r.ConfigRuleName);
    const resources =
      (prev?.nonCompliantResources ?? 0) +
      (type === 'NON_COMPLIANT' ? count?.CappedCount ?? 0 : 0);
    const worst =
      prev === undefined || (rank[type] ?? 0) > (rank[prev.type] ?? 0)
        ? type
        : prev.type;
    rules.set(r.ConfigRuleName, {
      type: worst,
      ...(worst === 'NON_COMPLIANT'
        ? {
            nonCompliantResources: resources,
            capped: !!(prev?.capped || count?.CapExceeded),
          }
        : {}),
    });
    out.set(r.AccountId, rules);
  }
}
