import type { SourceStale } from './accountLifecycle';
import type { NotInService } from './healthTypes';

/** What kind of control a guardrail is. @public */
export type GuardrailKind =
  | 'preventive'
  | 'detective'
  | 'threat-detection'
  | 'baseline';

/** A guardrail's status for one tenant. @public */
export type GuardrailStatus =
  /** preventive: the SCP is attached to the account or an OU above it */
  | 'attached'
  | 'not-attached'
  /** detective / baseline */
  | 'compliant'
  | 'non-compliant'
  /** a Config rule with no result: no applicable resources */
  | 'no-data'
  /** the rule's last evaluation failed */
  | 'evaluation-failing'
  /**
   * baseline: the instance was skipped because the account is suspended (StackSets `OUTDATED`
   * with DetailedStatus `SKIPPED_SUSPENDED_ACCOUNT`, no StackId); not counted
   */
  | 'suspended'
  /**
   * baseline: the instance is behind the StackSet's latest version (`OUTDATED` / `PENDING` with
   * no operation running); neither a failure nor in progress, counted apart
   */
  | 'behind-latest';

/** One entry of the central guardrail catalog (`guardrails/catalog.yaml`). @public */
export interface Guardrail {
  id: string;
  title: string;
  /** Why the control exists, for a person. */
  why: string;
  kind: GuardrailKind;
  severity: 'low' | 'medium' | 'high' | 'critical';
  /** preventive: the SCP's policy name in Organizations. */
  policyName?: string;
  /** preventive: the SCP document (pretty JSON in the catalog; minified before submission). */
  policyDocument?: Record<string, unknown>;
  /** detective: the AWS Config rule name the baseline deploys. */
  configRuleName?: string;
}

/** A guardrail's evaluated status for one tenant. @public */
export interface TenantGuardrailResult {
  guardrailId: string;
  status: GuardrailStatus;
  detail?: string;
}

/**
 * Compliance score that says what it counts: `compliant` of `evaluated`, with the
 * caveats apart, never a bare percentage over rules that produced no result.
 * @public
 */
export interface ComplianceScore {
  compliant: number;
  evaluated: number;
  noData: number;
  evaluationFailing: number;
  /**
   * Baseline instances behind the StackSet's latest version: not a failure, counted apart
   * (absent in scores stored before it was counted: 0).
   */
  behindLatest?: number;
  /** Results not counted because the account is suspended (a skipped StackSet instance; absent: 0). */
  suspended?: number;
  total: number;
  /**
   * The kinds of control the score counts, each with its own `compliant` of `evaluated`
   * (preventive = SCP, detective = Config rule, threat-detection = GuardDuty, baseline =
   * the baseline StackSet); a kind with no evaluated result is absent (all absent in scores stored
   * before kinds were counted).
   */
  byKind?: Partial<
    Record<GuardrailKind, { compliant: number; evaluated: number }>
  >;
}

/**
 * The compliance sources, each read and degraded on its own: `scp` (Organizations policies
 * and targets), `config` (the Config aggregator), `guardDuty` (GuardDuty members and
 * findings), `baseline` (the baseline StackSet's instances).
 * @public
 */
export type ComplianceSourceName = 'scp' | 'config' | 'guardDuty' | 'baseline';

/**
 * Config rules and resources counted apart (AWS Config's ComplianceContributorCount): of the
 * tenant's Config rules with a result, how many are NON_COMPLIANT, and how many resources they
 * name non-compliant in all (the sum of their CappedCount; `resourcesCapped` when one of them
 * had CapExceeded, so the true number is larger).
 * @public
 */
export interface ConfigRuleCounts {
  nonCompliantRules: number;
  /** Rules with a result (COMPLIANT or NON_COMPLIANT). */
  rulesWithResult: number;
  nonCompliantResources: number;
  resourcesCapped: boolean;
}

/**
 * GuardDuty of one account in one region, as the administrator (security) account's detector
 * in that region sees it. GuardDuty is regional: detector, members, organization configuration
 * and findings are all per region.
 * @public
 */
export interface RegionThreatFindings {
  /** The region, e.g. `eu-central-1`. */
  region: string;
  /**
   * `member`: the region's administrator detector lists the account as an `Enabled` member;
   * `not-member`: it does not (not listed, or listed with another relationship status);
   * `not-configured`: the organization has no GuardDuty detector in the region (ListDetectors
   * answered none), so nothing is known there — not the same as no findings.
   */
  status: 'member' | 'not-member' | 'not-configured';
  /** The organization configuration's `autoEnableOrganizationMembers` in the region (`ALL`, `NEW`, `NONE`); absent when not configured. */
  autoEnable?: string;
  /** Unarchived finding counts by severity band in the region (0 when not a member or not configured). */
  low: number;
  medium: number;
  high: number;
  critical: number;
}

/** GuardDuty counts for one tenant, over every region read (`tenancy.aws.regions`). @public */
export interface ThreatFindings {
  /**
   * Whether the account is an enabled GuardDuty member in every region read where the
   * organization has a detector (and there is at least one such region).
   */
  member: boolean;
  /** Unarchived finding counts by severity band, summed over the regions. */
  low: number;
  medium: number;
  high: number;
  critical: number;
  /** The same per region, in `tenancy.aws.regions` order; absent in results stored before regions were read. */
  regions?: RegionThreatFindings[];
}

/** Compliance of one tenant. @public */
export interface TenantCompliance {
  score: ComplianceScore;
  guardrails: TenantGuardrailResult[];
  findings: ThreatFindings;
  /** Baseline StackSet instance status, e.g. `CURRENT`, `OUTDATED`, `FAILED`; null when none. */
  baselineStatus: string | null;
  /** Config rules and resources counted apart; absent before the first read of Config. */
  configRules?: ConfigRuleCounts;
  /**
   * Present when the tenant is not scored because its account is not in service (suspended,
   * closing, …): its lifecycle and why, e.g. `The account is suspended (State SUSPENDED): not
   * monitored, not scored`. Its score is then all zeros and its guardrails empty.
   */
  notScored?: NotInService;
  /** The sources whose values are kept from an earlier read because the latest read failed. */
  stale?: Partial<Record<ComplianceSourceName, SourceStale>>;
  collectedAt: string;
  /**
   * The regions GuardDuty, AWS Config results and StackSet instances are read in
   * (`tenancy.aws.regions`, in order): findings and results in any other region are not
   * included. Absent from older backends.
   */
  regionsRead?: string[];
}
