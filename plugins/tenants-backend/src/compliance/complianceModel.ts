import {
  isInService,
  notInService,
  type AccountState,
  type ComplianceScore,
  type ComplianceSourceName,
  type ConfigRuleCounts,
  type Guardrail,
  type GuardrailKind,
  type SourceStale,
  type TenantCompliance,
  type TenantGuardrailResult,
  type ThreatFindings,
} from '@tenancy/plugin-tenants-common';
import { describeMembership } from './guardDuty';
import type { BaselineInstance } from './baseline';
import type { RuleResult } from './sources';

/**
 * What the compliance sources answered for the whole fleet. A source that failed in this run
 * is absent: the values it feeds keep their last value (see {@link buildTenantCompliance}).
 */
export interface ComplianceSources {
  /** Target ids (account, OU, root) per SCP policy name; undefined = policy not in the organization. */
  scpTargets?: Map<string, Set<string> | undefined>;
  /** Ancestor chain (the OU itself first, up to the root) per OU id (read with the SCPs). */
  ouAncestors?: Map<string, string[]>;
  /** accountId → Config rule name → its result. */
  rules?: Map<string, Map<string, RuleResult>>;
  threats?: Map<string, ThreatFindings>;
  baseline?: Map<string, BaselineInstance>;
}

/** The source each kind of guardrail is read from. */
export const SOURCE_OF_KIND: Readonly<
  Record<GuardrailKind, ComplianceSourceName>
> = {
  preventive: 'scp',
  detective: 'config',
  'threat-detection': 'guardDuty',
  baseline: 'baseline',
};

/** How each kind of control is named in a score, e.g. `Config rule`. */
export const KIND_LABELS: Readonly<Record<GuardrailKind, string>> = {
  preventive: 'SCP',
  detective: 'Config rule',
  'threat-detection': 'threat detection',
  baseline: 'baseline',
};

/** The account a result is for. */
export interface ComplianceAccount {
  accountId: string;
  ouId: string;
  /** Organizations `State`; only ACTIVE accounts are scored. Absent = ACTIVE. */
  state?: AccountState;
}

function evaluatePreventive(
  g: Guardrail,
  account: ComplianceAccount,
  scpTargets: Map<string, Set<string> | undefined>,
  ancestors: Map<string, string[]>,
): TenantGuardrailResult {
  const targets = scpTargets.get(g.policyName ?? '');
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
  const via = (ancestors.get(account.ouId) ?? [account.ouId]).find(id =>
    targets.has(id),
  );
  return via
    ? { guardrailId: g.id, status: 'attached', detail: `Attached to ${via}` }
    : {
        guardrailId: g.id,
        status: 'not-attached',
        detail: `SCP ${g.policyName} is attached neither to the account nor to an OU above it`,
      };
}

/** A Config rule guardrail's status from the rule's result for the account. */
export function evaluateDetective(
  g: Guardrail,
  result: RuleResult | undefined,
): TenantGuardrailResult {
  const type = result?.type;
  if (type === 'COMPLIANT') return { guardrailId: g.id, status: 'compliant' };
  if (type === 'NON_COMPLIANT') {
    const n = result?.nonCompliantResources;
    return {
      guardrailId: g.id,
      status: 'non-compliant',
      ...(n !== undefined
        ? {
            detail: `${n}${result?.capped ? '+' : ''} non-compliant resource${
              n === 1 ? '' : 's'
            }`,
          }
        : {}),
    };
  }
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

/** The baseline guardrail's status from the account's StackSet instance. */
export function evaluateBaseline(
  g: Guardrail,
  b: BaselineInstance | undefined,
): TenantGuardrailResult {
  if (!b) {
    return {
      guardrailId: g.id,
      status: 'non-compliant',
      detail: 'No baseline StackSet instance',
    };
  }
  const reason = b.reason ? `: ${b.reason}` : '';
  switch (b.outcome) {
    case 'current':
      return {
        guardrailId: g.id,
        status: 'compliant',
        detail: 'Baseline StackSet instance is CURRENT',
      };
    case 'suspended':
      return {
        guardrailId: g.id,
        status: 'suspended',
        detail:
          'Skipped: the account is suspended (SKIPPED_SUSPENDED_ACCOUNT); not counted',
      };
    case 'behind-latest':
      return {
        guardrailId: g.id,
        status: 'behind-latest',
        detail: b.inProgress
          ? "Behind the StackSet's latest version; an operation is deploying it"
          : "Behind the StackSet's latest version (OUTDATED, no operation running); re-run the baseline to update it",
      };
    default:
      return {
        guardrailId: g.id,
        status: 'non-compliant',
        detail: `Baseline StackSet instance is ${b.status}${reason}`,
      };
  }
}

/**
 * One guardrail's status for an account from this run's sources; undefined when the source it
 * is read from failed in this run.
 */
export function evaluateGuardrail(
  g: Guardrail,
  account: ComplianceAccount,
  s: ComplianceSources,
): TenantGuardrailResult | undefined {
  switch (g.kind) {
    case 'preventive':
      return s.scpTargets && s.ouAncestors
        ? evaluatePreventive(g, account, s.scpTargets, s.ouAncestors)
        : undefined;
    case 'detective':
      return s.rules
        ? evaluateDetective(
            g,
            s.rules.get(account.accountId)?.get(g.configRuleName ?? ''),
          )
        : undefined;
    case 'threat-detection': {
      if (!s.threats) return undefined;
      const t = s.threats.get(account.accountId);
      return {
        guardrailId: g.id,
        status: t?.member ? 'compliant' : 'non-compliant',
        detail: describeMembership(t),
      };
    }
    case 'baseline':
    default:
      return s.baseline
        ? evaluateBaseline(g, s.baseline.get(account.accountId))
        : undefined;
  }
}

/**
 * Score that says what it counts (docs/aws-behaviours/fleet.md#config-counting): `compliant` of
 * `evaluated` (attached or compliant vs not-attached or non-compliant), also by kind of control;
 * rules with no result, failing evaluations and baselines behind the latest version are counted
 * apart and never as compliant nor as failures; a suspended account's skipped instance is not
 * counted; `total` is every guardrail.
 */
export function scoreOf(
  results: TenantGuardrailResult[],
  kindOf: (guardrailId: string) => GuardrailKind | undefined = () => undefined,
): ComplianceScore {
  const score: ComplianceScore = {
    compliant: 0,
    evaluated: 0,
    noData: 0,
    evaluationFailing: 0,
    behindLatest: 0,
    suspended: 0,
    total: results.length,
    byKind: {},
  };
  for (const r of results) {
    const kind = kindOf(r.guardrailId);
    const counted = ['attached', 'compliant', 'not-attached', 'non-compliant'];
    const byKind = score.byKind!;
    const k =
      kind && counted.includes(r.status)
        ? (byKind[kind] ??= { compliant: 0, evaluated: 0 })
        : undefined;
    if (r.status === 'attached' || r.status === 'compliant') {
      score.compliant += 1;
      score.evaluated += 1;
      if (k) {
        k.compliant += 1;
        k.evaluated += 1;
      }
    } else if (r.status === 'not-attached' || r.status === 'non-compliant') {
      score.evaluated += 1;
      if (k) k.evaluated += 1;
    } else if (r.status === 'no-data') score.noData += 1;
    else if (r.status === 'behind-latest') score.behindLatest! += 1;
    else if (r.status === 'suspended') score.suspended! += 1;
    else score.evaluationFailing += 1;
  }
  return score;
}

const KIND_ORDER: GuardrailKind[] = [
  'preventive',
  'detective',
  'threat-detection',
  'baseline',
];

/**
 * Human text of a score naming the kinds of control it counts, e.g.
 * `1 of 1 evaluated compliant (Config rule 1 of 1); 1 no data; 1 evaluation failing`.
 */
export function describeScore(s: ComplianceScore): string {
  const byKind = s.byKind ?? {};
  const kinds = KIND_ORDER.filter(k => byKind[k]).map(
    k => `${KIND_LABELS[k]} ${byKind[k]!.compliant} of ${byKind[k]!.evaluated}`,
  );
  const parts = [
    `${s.compliant} of ${s.evaluated} evaluated compliant${
      kinds.length ? ` (${kinds.join(', ')})` : ''
    }`,
  ];
  if (s.noData) parts.push(`${s.noData} no data`);
  if (s.evaluationFailing)
    parts.push(`${s.evaluationFailing} evaluation failing`);
  if (s.behindLatest) parts.push(`${s.behindLatest} behind the latest version`);
  if (s.suspended) parts.push(`${s.suspended} not counted (suspended)`);
  return parts.join('; ');
}

/**
 * Config rules and resources counted apart for one account (ComplianceContributorCount): rules
 * with a result, those NON_COMPLIANT, and the sum of their non-compliant resources.
 */
export function countConfigRules(
  rules: Map<string, RuleResult> | undefined,
): ConfigRuleCounts {
  const out: ConfigRuleCounts = {
    nonCompliantRules: 0,
    rulesWithResult: 0,
    nonCompliantResources: 0,
    resourcesCapped: false,
  };
  for (const r of rules?.values() ?? []) {
    if (r.type !== 'COMPLIANT' && r.type !== 'NON_COMPLIANT') continue;
    out.rulesWithResult += 1;
    if (r.type !== 'NON_COMPLIANT') continue;
    out.nonCompliantRules += 1;
    out.nonCompliantResources += r.nonCompliantResources ?? 0;
    if (r.capped) out.resourcesCapped = true;
  }
  return out;
}

const NO_FINDINGS: ThreatFindings = {
  member: false,
  low: 0,
  medium: 0,
  high: 0,
  critical: 0,
};

/**
 * Builds a tenant's {@link TenantCompliance}. An account not in service (SUSPENDED,
 * PENDING_CLOSURE, …) is not scored: empty guardrails, a zero score and `notScored`. For each
 * source that failed in this run (`stale`), the values it feeds — its kind's guardrail results,
 * the findings (guardDuty), the Config counts (config), the baseline status (baseline) — are
 * those of `previous`, and `stale` says since when and why.
 */
export function buildTenantCompliance(
  guardrails: Guardrail[],
  account: ComplianceAccount,
  s: ComplianceSources,
  now: Date,
  options: {
    previous?: TenantCompliance;
    stale?: Partial<Record<ComplianceSourceName, SourceStale>>;
  } = {},
): TenantCompliance {
  const { previous } = options;
  const stale = { ...(options.stale ?? {}) };
  const findings = s.threats
    ? s.threats.get(account.accountId) ?? NO_FINDINGS
    : previous?.findings ?? NO_FINDINGS;
  const configRules = s.rules
    ? countConfigRules(s.rules.get(account.accountId))
    : previous?.configRules;
  const baselineStatus = s.baseline
    ? s.baseline.get(account.accountId)?.status ?? null
    : previous?.baselineStatus ?? null;
  const staleField = Object.keys(stale).length ? { stale } : {};
  if (account.state && !isInService(account.state)) {
    return {
      score: scoreOf([]),
      guardrails: [],
      findings,
      baselineStatus,
      // No Config counts: an account not in service is not evaluated, and the aggregator's
      // leftovers would read as failures of a tenant that is not scored.
      notScored: notInService(account.state),
      ...staleField,
      collectedAt: now.toISOString(),
    };
  }
  const kinds = new Map(guardrails.map(g => [g.id, g.kind]));
  const before = new Map(
    (previous?.guardrails ?? []).map(r => [r.guardrailId, r]),
  );
  const results = guardrails.map(
    g =>
      evaluateGuardrail(g, account, s) ??
      before.get(g.id) ?? {
        guardrailId: g.id,
        status: 'no-data' as const,
        detail: `Not read yet: ${
          stale[SOURCE_OF_KIND[g.kind]]?.error ?? 'the source failed'
        }`,
      },
  );
  return {
    score: scoreOf(results, id => kinds.get(id)),
    guardrails: results,
    findings,
    baselineStatus,
    ...(configRules ? { configRules } : {}),
    ...staleField,
    collectedAt: now.toISOString(),
  };
}
