/**
 * AWS Config rule compliance of every account, as the organization's aggregator sees it.
 * Rules are the detective guardrails of `guardrails/catalog.yaml`; each (account, region, rule)
 * is a slot that is COMPLIANT, NON_COMPLIANT, failing its evaluations (INSUFFICIENT_DATA) or has
 * no results at all (no applicable resources: e.g. no RDS in the account, or the global-resource
 * rules outside the home region). Pure functions of (seed, account, region, rule, now).
 */
import fs from 'node:fs';
import { parse } from 'yaml';
import { DataAccount, accountKey } from '../../core/dataAccounts';
import { CostProfile } from '../costExplorer/costModel';
import { hashString, rand, randInt } from '../../core/random';
import { DEFAULT_GUARDRAILS_FILE } from '../../core/organization/guardrails';

/** A detective guardrail: the AWS Config rule the baseline deploys. */
export interface DetectiveRule {
  id: string;
  configRuleName: string;
  severity: string;
}

/** The result of one rule in one account and region. */
export interface SlotResult {
  complianceType: 'COMPLIANT' | 'NON_COMPLIANT' | 'INSUFFICIENT_DATA';
  compliantResources: number;
  nonCompliantResources: number;
  /** The rule's last evaluation failed (custom rule errors). */
  failing: boolean;
  /** When the rule was last evaluated. */
  evaluatedAt: number;
}

const RULES_CACHE = new Map<string, DetectiveRule[]>();

/** Reads the detective rules of a guardrail catalog, sorted by rule name (empty without a file). */
export function loadDetectiveRules(
  file = DEFAULT_GUARDRAILS_FILE,
): DetectiveRule[] {
  const cached = RULES_CACHE.get(file);
  if (cached) return cached;
  const doc = fs.existsSync(file)
    ? parse(fs.readFileSync(file, 'utf8'))
    : undefined;
  const rules: DetectiveRule[] = (
    Array.isArray(doc?.guardrails) ? doc.guardrails : []
  )
    .filter((g: any) => g?.kind === 'detective' && g.configRuleName)
    .map((g: any) => ({
      id: g.id,
      configRuleName: g.configRuleName,
      severity: g.severity ?? 'medium',
    }))
    .sort((a: DetectiveRule, b: DetectiveRule) =>
      a.configRuleName < b.configRuleName ? -1 : 1,
    );
  RULES_CACHE.set(file, rules);
  return rules;
}

/** Regions an account is evaluated in: its `regions` tag, else the home region. */
export function accountRegions(account: DataAccount): string[] {
  return account.regions && account.regions.length > 0
    ? account.regions
    : ['us-east-1'];
}

const SERVICE_FOR_RULE: Record<string, string> = {
  'rds-storage-encrypted': 'Amazon Relational Database Service',
  'encrypted-volumes': 'Amazon Elastic Compute Cloud - Compute',
};
/** Share of slots that are NON_COMPLIANT, by guardrail severity. */
const RISKINESS: Record<string, number> = { low: 0.3, critical: 0.05 };
const GLOBAL_RULES = new Set([
  'root-account-mfa-enabled',
  'cloudtrail-enabled',
]);

/**
 * The result of one slot, or undefined when the rule has no results there.
 * `costProfile` tells which services (so which resources) the account runs.
 */
export function slotResult(
  seed: number,
  account: DataAccount,
  costProfile: CostProfile,
  region: string,
  rule: DetectiveRule,
  now: number,
): SlotResult | undefined {
  const deployedAt = account.createdAt.getTime() + 6 * 3_600_000;
  if (now < deployedAt) return undefined; // the baseline has not deployed the rule yet
  const shared = account.kind !== 'tenant';
  if (shared && !GLOBAL_RULES.has(rule.configRuleName)) return undefined;
  const regions = accountRegions(account);
  if (GLOBAL_RULES.has(rule.configRuleName) && region !== regions[0])
    return undefined;
  const service = SERVICE_FOR_RULE[rule.configRuleName];
  if (service && !costProfile.lines.some(l => l.svc.name === service))
    return undefined;
  const key = accountKey(account);
  const r = hashString(`${rule.configRuleName}@${region}`);
  const evaluatedAt = now - randInt(600, 86_400, seed, key, r, 61) * 1000;
  const resources = GLOBAL_RULES.has(rule.configRuleName)
    ? 1
    : randInt(1, 24, seed, key, r, 62);
  if (
    rule.configRuleName === 'tenant-custom-tagging' &&
    rand(seed, key, r, 63) < 0.12
  ) {
    // The custom rule's Lambda function fails for this account: no valid evaluations.
    return {
      complianceType: 'INSUFFICIENT_DATA',
      compliantResources: 0,
      nonCompliantResources: 0,
      failing: true,
      evaluatedAt,
    };
  }
  const riskiness = RISKINESS[rule.severity] ?? 0.12;
  if (rand(seed, key, r, 64) < riskiness) {
    const bad = Math.max(
      1,
      Math.round(resources * rand(seed, key, r, 65) * 0.5),
    );
    return {
      complianceType: 'NON_COMPLIANT',
      compliantResources: resources - bad,
      nonCompliantResources: bad,
      failing: false,
      evaluatedAt,
    };
  }
  return {
    complianceType: 'COMPLIANT',
    compliantResources: resources,
    nonCompliantResources: 0,
    failing: false,
    evaluatedAt,
  };
}

/** A slot position: account index, region index, rule index. */
export interface Slot {
  account: DataAccount;
  region: string;
  rule: DetectiveRule;
}

/** Number of slots of an account (regions × rules). */
export function slotCount(
  account: DataAccount,
  rules: DetectiveRule[],
): number {
  return accountRegions(account).length * rules.length;
}

/** The `i`-th slot of an account, regions first then rules (both in a stable order). */
export function slotAt(
  account: DataAccount,
  rules: DetectiveRule[],
  i: number,
): Slot {
  const regions = accountRegions(account);
  return {
    account,
    region: regions[Math.floor(i / rules.length)],
    rule: rules[i % rules.length],
  };
}
