import type {
  ComplianceScore,
  Guardrail,
  TenantCompliance,
  TenantGuardrailResult,
  ThreatFindings,
} from '@tenancy/plugin-tenants-common';
import { describeMembership } from './guardDuty';

/** What the compliance sources answered for the whole fleet. */
export interface ComplianceSources {
  /** Target ids (account, OU, root) per SCP policy name; undefined = policy not in the organization. */
  scpTargets: Map<string, Set<string> | undefined>;
  /** Ancestor chain (the OU itself first, up to the root) per OU id. */
  ouAncestors: Map<string, string[]>;
  /** accountId → Config rule name → ComplianceType. */
  rules: Map<string, Map<string, string>>;
  threats: Map<string, ThreatFindings>;
  baseline: Map<string, { status: string; reason?: string }>;
}

/** One guardrail's status for an account. */
export function evaluateGuardrail(
  g: Guardrail,
  account: { accountId: string; ouId: string },
  s: ComplianceSources,
): TenantGuardrailResult {
  switch (g.kind) {
    case 'preventive': {
      const targets = s.scpTargets.get(g.policyName ?? '');
      if (!targets) {
        return {
          guardrailId: g.id,
          status: 'not-attached',
          detail: `SCP ${g.policyName} does not exist in the organization`,
        };
      }
      if (targets.has(account.accountId)) {
        return {
          guardrailId: g.id,
          status: 'attached',
          detail: 'Attached to the account',
        };
      }
      const via = (s.ouAncestors.get(account.ouId) ?? [account.ouId]).find(id =>
        targets.has(id),
      );
      return via
        ? {
            guardrailId: g.id,
            status: 'attached',
            detail: `Attached to ${via}`,
          }
        : {
            guardrailId: g.id,
            status: 'not-attached',
            detail: `SCP ${g.policyName} is attached neither to the account nor to an OU above it`,
          };
    }
    case 'detective': {
      const type = s.rules.get(account.accountId)?.get(g.configRuleName ?? '');
      if (type === 'COMPLIANT')
        return { guardrailId: g.id, status: 'compliant' };
      if (type === 'NON_COMPLIANT')
        return { guardrailId: g.id, status: 'non-compliant' };
      if (type === 'INSUFFICIENT_DATA') {
        return {
          guardrailId: g.id,
          status: 'evaluation-failing',
          detail: `Config rule ${g.configRuleName} has no result from its last evaluation (INSUFFICIENT_DATA)`,
        };
      }
      return {
        guardrailId: g.id,
        status: 'no-data',
        detail: `No applicable resources: Config rule ${g.configRuleName} reported no result`,
      };
    }
    case 'threat-detection': {
      const t = s.threats.get(account.accountId);
      return {
        guardrailId: g.id,
        status: t?.member ? 'compliant' : 'non-compliant',
        detail: describeMembership(t),
      };
    }
    case 'baseline':
    default: {
      const b = s.baseline.get(account.accountId);
      if (!b)
        return {
          guardrailId: g.id,
          status: 'non-compliant',
          detail: 'No baseline StackSet instance',
        };
      return b.status === 'CURRENT'
        ? {
            guardrailId: g.id,
            status: 'compliant',
            detail: 'Baseline StackSet instance is CURRENT',
          }
        : {
            guardrailId: g.id,
            status: 'non-compliant',
            detail: `Baseline StackSet instance is ${b.status}${
              b.reason ? `: ${b.reason}` : ''
            }`,
          };
    }
  }
}

/**
 * Score that says what it counts (docs/aws-behaviours/fleet.md#config-rules-with-no-results): `compliant` of `evaluated` (attached or compliant vs
 * not-attached or non-compliant); rules with no result and failing evaluations are counted apart
 * and never as compliant; `total` is every guardrail.
 */
export function scoreOf(results: TenantGuardrailResult[]): ComplianceScore {
  const score: ComplianceScore = {
    compliant: 0,
    evaluated: 0,
    noData: 0,
    evaluationFailing: 0,
    total: results.length,
  };
  for (const r of results) {
    if (r.status === 'attached' || r.status === 'compliant') {
      score.compliant += 1;
      score.evaluated += 1;
    } else if (r.status === 'not-attached' || r.status === 'non-compliant') {
      score.evaluated += 1;
    } else if (r.status === 'no-data') score.noData += 1;
    else score.evaluationFailing += 1;
  }
  return score;
}

/** Human text of a score, e.g. `1 of 1 evaluated compliant; 1 no data; 1 evaluation failing`. */
export function describeScore(s: ComplianceScore): string {
  const parts = [`${s.compliant} of ${s.evaluated} evaluated compliant`];
  if (s.noData) parts.push(`${s.noData} no data`);
  if (s.evaluationFailing)
    parts.push(`${s.evaluationFailing} evaluation failing`);
  return parts.join('; ');
}

/** Builds a tenant's {@link TenantCompliance}. */
export function buildTenantCompliance(
  guardrails: Guardrail[],
  account: { accountId: string; ouId: string },
  s: ComplianceSources,
  now: Date,
): TenantCompliance {
  const results = guardrails.map(g => evaluateGuardrail(g, account, s));
  return {
    score: scoreOf(results),
    guardrails: results,
    findings: s.threats.get(account.accountId) ?? {
      member: false,
      low: 0,
      medium: 0,
      high: 0,
      critical: 0,
    },
    baselineStatus: s.baseline.get(account.accountId)?.status ?? null,
    collectedAt: now.toISOString(),
  };
}
