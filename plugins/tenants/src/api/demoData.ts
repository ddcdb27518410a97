import {
  centsToUsd,
  type AccountState,
  type ComplianceScore,
  type Guardrail,
  type HealthStatus,
  type MetricSeries,
  type TenantSummary,
} from '@tenancy/plugin-tenants-common';

/** Deterministic pseudo-random numbers in [0, 1) (mulberry32). @internal */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const NAMES = [
  'acme',
  'globex',
  'initech',
  'umbrella',
  'hooli',
  'stark',
  'wayne',
  'wonka',
  'tyrell',
  'cyberdyne',
  'soylent',
  'aperture',
  'gringotts',
  'oscorp',
  'vandelay',
  'dunder',
  'prestige',
  'monarch',
  'nakatomi',
  'massive',
];
const TIERS = ['standard', 'premium', 'enterprise'];
const OWNERS = [
  'team-acme',
  'team-billing',
  'team-core',
  'team-data',
  'team-edge',
];
const HEALTH: HealthStatus[] = [
  'healthy',
  'healthy',
  'healthy',
  'degraded',
  'critical',
  'unknown',
];

/** The guardrail catalog of the demo (ids and texts of `guardrails/catalog.yaml`). @internal */
export const DEMO_GUARDRAILS: Guardrail[] = [
  {
    id: 'deny-leave-organization',
    title: 'Tenant accounts cannot leave the organization',
    why: 'An account that leaves the organization escapes every SCP, the consolidated bill and central logging.',
    kind: 'preventive',
    severity: 'critical',
    policyName: 'tenant-deny-leave-org',
  },
  {
    id: 'deny-disable-security-services',
    title: 'GuardDuty, Config and CloudTrail cannot be turned off',
    why: 'Threat detection, configuration history and the audit trail are how incidents in a tenant account are found and investigated.',
    kind: 'preventive',
    severity: 'critical',
    policyName: 'tenant-deny-disable-security-services',
  },
  {
    id: 'region-restriction',
    title: 'Workloads run only in approved regions',
    why: 'Tenant data must stay in the regions the contract names.',
    kind: 'preventive',
    severity: 'high',
    policyName: 'tenant-data-residency',
  },
  {
    id: 's3-bucket-sse-enabled',
    title: 'S3 buckets have default encryption',
    why: 'Tenant data at rest is encrypted.',
    kind: 'detective',
    severity: 'high',
    configRuleName: 's3-bucket-sse-enabled',
  },
  {
    id: 'rds-storage-encrypted',
    title: 'RDS storage is encrypted',
    why: 'Tenant databases at rest are encrypted.',
    kind: 'detective',
    severity: 'high',
    configRuleName: 'rds-storage-encrypted',
  },
  {
    id: 'tenant-custom-tagging',
    title: 'Resources carry the tenant tag',
    why: "Cost allocation and incident response both find a tenant's resources by the tenant tag.",
    kind: 'detective',
    severity: 'low',
    configRuleName: 'tenant-custom-tagging',
  },
  {
    id: 'guardduty-member',
    title: 'GuardDuty watches the account',
    why: 'The account must be a GuardDuty member of the security account so threats are seen centrally.',
    kind: 'threat-detection',
    severity: 'high',
  },
  {
    id: 'baseline-stackset',
    title: 'The baseline StackSet instance is current',
    why: 'The baseline deploys the Config rules, the GuardDuty membership, the read role, the OAM link and encryption defaults.',
    kind: 'baseline',
    severity: 'high',
  },
];

/** Demo tenant ids: `acme`, `globex`, …, then `acme-2`, `globex-2`, … @internal */
export function demoTenantId(index: number): string {
  const round = Math.floor(index / NAMES.length);
  const name = NAMES[index % NAMES.length];
  return round === 0 ? name : `${name}-${round + 1}`;
}

/** A deterministic tenant row; the last tenant is brand new (no spend, no data yet). @internal */
export function demoTenant(
  index: number,
  count: number,
  now: Date,
): TenantSummary {
  const rnd = seededRandom(index + 1);
  const tenantId = demoTenantId(index);
  const accountId = String(100000000000 + index * 1111).padStart(12, '0');
  const tier = TIERS[index % TIERS.length];
  const isNew = index === count - 1;
  let state: AccountState = 'ACTIVE';
  if (index % 17 === 16) state = 'SUSPENDED';
  if (index % 29 === 28) state = 'PENDING_CLOSURE';
  const healthStatus: HealthStatus | null = isNew
    ? null
    : HEALTH[index % HEALTH.length];
  const total = 11;
  const noData = 1 + (index % 2);
  const evaluationFailing = index % 5 === 0 ? 1 : 0;
  const evaluated = total - noData - evaluationFailing;
  const complianceScore: ComplianceScore | null = isNew
    ? null
    : {
        compliant: evaluated - (index % 3 === 0 ? 1 : 0),
        evaluated,
        noData,
        evaluationFailing,
        total,
      };
  const mtdCents = isNew ? 0 : Math.round(2000 + rnd() * 900000);
  const lastCents = index % 11 === 3 ? 0 : Math.round(4000 + rnd() * 900000);
  const joined = new Date(now.getTime() - (count - index) * 86400000 * 3);
  return {
    tenantId,
    accountId,
    accountName: `tenant-${tenantId}`,
    email: `aws+${tenantId}@saas-example.com`,
    ouId: `ou-ab12-${tier.slice(0, 8).padEnd(8, '0')}`,
    ouPath: `/Tenants/${tier}`,
    state,
    tier,
    owner: `group:default/${OWNERS[index % OWNERS.length]}`,
    regions: index % 4 === 0 ? ['eu-west-1', 'eu-central-1'] : ['us-east-1'],
    tags: { tenant: tenantId, tier },
    joinedAt: joined.toISOString().replace(/\.\d+Z$/, 'Z'),
    healthStatus,
    complianceScore,
    spendMonthToDate: isNew ? null : centsToUsd(mtdCents),
    spendChangeRatio:
      isNew || lastCents === 0
        ? null
        : Math.round(((mtdCents - lastCents) / lastCents) * 1000) / 1000,
    release: demoRelease(index, state, isNew),
  };
}

/** Demo release: most tenants on 2.0.0, every 7th behind on 1.9.0, every 13th failed. */
function demoRelease(
  index: number,
  state: AccountState,
  isNew: boolean,
): TenantSummary['release'] {
  if (isNew) return null;
  if (state === 'SUSPENDED') return { version: '1.9.0', status: 'suspended' };
  if (index % 13 === 12) return { version: '1.9.0', status: 'failed' };
  if (index % 7 === 6) return { version: '1.9.0', status: 'behind' };
  return { version: '2.0.0', status: 'current' };
}

/** A metric series with deterministic values and gaps (`null`) where no data was reported. @internal */
export function demoSeries(
  seed: number,
  id: string,
  label: string,
  unit: string,
  periodSeconds: number,
  slots: number,
  end: Date,
): MetricSeries {
  const rnd = seededRandom(seed);
  const endMs =
    Math.floor(end.getTime() / (periodSeconds * 1000)) * periodSeconds * 1000;
  const points = Array.from({ length: slots }, (_, i) => {
    const t = new Date(endMs - (slots - i) * periodSeconds * 1000);
    const gap = Math.floor(i / 7) % 5 === 3;
    return {
      timestamp: t.toISOString().replace(/\.\d+Z$/, 'Z'),
      value: gap ? null : Math.round(rnd() * 100) / 10,
    };
  });
  return {
    id,
    label,
    namespace: id === 'lambdaErrors' ? 'AWS/Lambda' : 'AWS/ApplicationELB',
    metricName: id === 'lambdaErrors' ? 'Errors' : 'HTTPCode_Target_5XX_Count',
    stat: 'Sum',
    unit,
    periodSeconds,
    points,
    partial: false,
  };
}
