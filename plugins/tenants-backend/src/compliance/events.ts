import { createHash } from 'node:crypto';
import type {
  Guardrail,
  TenantCompliance,
  TenantGuardrailResult,
  ThreatFindings,
} from '@tenancy/plugin-tenants-common';
import type { TenantsStore } from '../inventory/store/types';
import type {
  ConfigRuleEvent,
  FindingEvent,
  StackInstanceEvent,
} from '../events/eventModel';
import type { TenantEventHandler } from '../events/types';
import { baselineOutcomeOf } from './baseline';
import type { ComplianceStore } from './ComplianceStore';
import {
  evaluateBaseline,
  evaluateDetective,
  scoreOf,
} from './complianceModel';
import { SEVERITY_BANDS } from './guardDuty';

type ComplianceEvent = FindingEvent | ConfigRuleEvent | StackInstanceEvent;

/** The severity band of a GuardDuty severity (1.0–10.0), as the refresh counts them. */
function bandOf(severity: number): (typeof SEVERITY_BANDS)[number]['band'] {
  return (
    SEVERITY_BANDS.find(b => severity >= b.gte && severity < b.lt)?.band ??
    'low'
  );
}

/**
 * The finding counts with a new finding added to its severity band, in its region and in the
 * total, as the refresh counts it; undefined when the refresh would not count it (an update of a
 * finding already counted, archived, or in a region where the account is not a member or that
 * is not read).
 */
function addFinding(
  f: ThreatFindings,
  e: FindingEvent,
): ThreatFindings | undefined {
  if (e.count > 1 || e.archived) return undefined;
  const band = bandOf(e.severity);
  if (!f.regions) return { ...f, [band]: f[band] + 1 };
  const region = f.regions.find(r => r.region === e.region);
  if (region?.status !== 'member') return undefined;
  return {
    ...f,
    [band]: f[band] + 1,
    regions: f.regions.map(r =>
      r === region ? { ...r, [band]: r[band] + 1 } : r,
    ),
  };
}

/**
 * Whether one resource's new result decides its Config rule's: a rule is NON_COMPLIANT when any
 * resource it evaluates is, in any Region it runs in, so a NON_COMPLIANT result always does. No
 * other result does: a bucket turning COMPLIANT says nothing of the rule's other buckets, nor an
 * account-level result in one Region of the same rule's result in another (the refresh takes
 * the worst over the Regions). Those are left to the compliance refresh.
 */
function decidesRule(e: ConfigRuleEvent): boolean {
  return e.complianceType === 'NON_COMPLIANT';
}

/**
 * The ledger mark of a Config event: rule, Region and resource. The ledger's column holds 300
 * characters and AWS allows resource ids of 768, so a longer mark names the resource by its
 * SHA-256 instead.
 */
export function configMark(e: ConfigRuleEvent): string {
  const mark = `config:${e.configRuleName}:${e.region}:${e.resourceType}:${e.resourceId}`;
  if (mark.length <= 300) return mark;
  const digest = createHash('sha256')
    .update(`${e.resourceType}:${e.resourceId}`)
    .digest('hex');
  return `config:${e.configRuleName}:${e.region}:sha256:${digest}`;
}

/** The guardrail result changed by an event, or undefined when the event changes none. */
function guardrailResult(
  e: ConfigRuleEvent | StackInstanceEvent,
  guardrails: Guardrail[],
  baselineStackSetName: string,
): TenantGuardrailResult | undefined {
  if (e.kind === 'configRule') {
    const g = guardrails.find(
      x => x.kind === 'detective' && x.configRuleName === e.configRuleName,
    );
    if (!g || !decidesRule(e)) return undefined;
    return evaluateDetective(g, { type: e.complianceType });
  }
  if (e.stackSetName !== baselineStackSetName) return undefined;
  const g = guardrails.find(x => x.kind === 'baseline');
  if (!g) return undefined;
  const summary = {
    Status: e.status as any,
    StackInstanceStatus: { DetailedStatus: e.detailedStatus as any },
  };
  return evaluateBaseline(g, {
    outcome: baselineOutcomeOf(summary),
    status: e.detailedStatus === 'FAILED' ? 'FAILED' : e.status,
    detailedStatus: e.detailedStatus,
    reason: e.reason,
  });
}

/**
 * Applies `GuardDuty Finding`, `Config Rules Compliance Change` and the baseline StackSet's
 * `StackInstance Status Change` to the tenant's stored compliance:
 * - a new finding (`service.count` 1, not archived) adds one to its severity band, in its region
 *   and in the total, where the account is a member; an update of a finding already counted
 *   (`count` > 1) changes nothing;
 * - a Config rule's NON_COMPLIANT result for one resource makes the guardrail with that rule
 *   non-compliant; any other result (one resource COMPLIANT, NOT_APPLICABLE, …) is left to the
 *   compliance refresh, as the rule's other resources and Regions decide too;
 * - the baseline instance's status sets `baselineStatus` and the baseline guardrail;
 * then the score is computed again (same rules as the refresh), also in the tenants list.
 * A tenant that is not scored (not in service) is left alone (`not-applicable`); an event older
 * than the stored snapshot is `older`.
 */
export function createComplianceEventHandler(deps: {
  store: () => Promise<ComplianceStore>;
  tenants: TenantsStore;
  guardrails: () => Promise<Guardrail[]>;
  baselineStackSetName: string;
}): TenantEventHandler<ComplianceEvent> {
  return {
    kinds: ['finding', 'configRule', 'stackInstance'],
    marks: e => {
      if (e.kind === 'finding') return [`finding:${e.findingId}`];
      // Ordered per rule, Region and resource: one rule evaluates several resources, in
      // every Region it is deployed to.
      if (e.kind === 'configRule') return [configMark(e)];
      return ['baseline'];
    },
    async apply(e, tenant) {
      const store = await deps.store();
      const guardrails = e.kind === 'finding' ? [] : await deps.guardrails();
      // Read, decided and written with the row locked, the tenants list's score in the same
      // transaction: another replica's event of another finding or rule waits, then reads this.
      return store.batches.changeEvents(
        [tenant.tenantId],
        stored => {
          const before = stored.get(tenant.tenantId);
          if (!before || before.notScored)
            return { next: [], result: 'not-applicable' as const };
          if (Date.parse(before.collectedAt) > Date.parse(e.time))
            return { next: [], result: 'older' as const };
          const value = changed(
            before,
            e,
            guardrails,
            deps.baselineStackSetName,
          );
          return value
            ? {
                next: [
                  {
                    tenantId: tenant.tenantId,
                    accountId: tenant.accountId,
                    value,
                    eventTime: e.time,
                  },
                ],
                result: 'applied' as const,
              }
            : { next: [], result: 'not-applicable' as const };
        },
        (tx, next) =>
          deps.tenants.updateTenantSummaries(
            next.map(n => ({
              tenantId: n.tenantId,
              complianceScore: n.value.score,
            })),
            undefined,
            tx,
          ),
      );
    },
  };
}

/** The compliance after the event, or undefined when the event changes nothing of it. */
function changed(
  before: TenantCompliance,
  e: ComplianceEvent,
  guardrails: Guardrail[],
  baselineStackSetName: string,
): TenantCompliance | undefined {
  if (e.kind === 'finding') {
    const findings = addFinding(before.findings, e);
    return findings && { ...before, findings };
  }
  const result = guardrailResult(e, guardrails, baselineStackSetName);
  if (!result) return undefined;
  const prior = before.guardrails.find(
    r => r.guardrailId === result.guardrailId,
  );
  // Another resource of a rule already non-compliant: the rule's result (and its stored count
  // of non-compliant resources) stands.
  if (e.kind === 'configRule' && prior?.status === result.status)
    return undefined;
  const results = before.guardrails.map(r =>
    r.guardrailId === result.guardrailId ? result : r,
  );
  const kinds = new Map(guardrails.map(g => [g.id, g.kind]));
  return {
    ...before,
    guardrails: results,
    score: scoreOf(results, id => kinds.get(id)),
    ...(e.kind === 'stackInstance' ? { baselineStatus: e.status } : {}),
  };
}
