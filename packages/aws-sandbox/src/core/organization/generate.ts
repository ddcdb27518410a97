/**
 * Builds the deterministic organization from (seed, tenant count, anchor day).
 *
 * Layout: Root → Security (security, log archive), Infrastructure (monitoring, shared
 * services), Tenants → standard | premium | enterprise (tenant accounts by tier), Suspended
 * (suspended tenants). The management account sits in the root. FullAWSAccess is attached to
 * the root, every OU and every account, as AWS does; the guardrail SCPs are attached to the
 * Tenants OU.
 */
import { GuardrailScp } from './guardrails';
import { createRng, LOWER_ALNUM } from '../random';
import {
  FULL_AWS_ACCESS_POLICY_ID,
  LOG_ARCHIVE_ACCOUNT_ID,
  MANAGEMENT_ACCOUNT_ID,
  MONITORING_ACCOUNT_ID,
  Organization,
  OrganizationData,
  SandboxAccount,
  SandboxOrganizationalUnit,
  SandboxPolicy,
  SECURITY_ACCOUNT_ID,
  SHARED_SERVICES_ACCOUNT_ID,
  TENANT_TIERS,
} from './organization';
import {
  SANDBOX_OWNER_TEAMS,
  TENANT_ADJECTIVES,
  TENANT_NOUNS,
  TENANT_REGIONS,
} from './names';

/** Inputs of {@link generateOrganization}. @public */
export interface GenerateOrganizationOptions {
  seed: number;
  /** Number of tenant accounts, 5 to 10,000. */
  tenants: number;
  /** The day the organization is generated for (tenants joined in the three years before it). */
  anchor: Date;
  guardrails: GuardrailScp[];
}

/** The email domain of generated accounts. @public */
export const SANDBOX_EMAIL_DOMAIN = 'saas-example.com';

const DAY_MS = 86_400_000;

/** Arn of an Organizations resource. */
export function orgArn(orgId: string, kind: string, id: string): string {
  return `arn:aws:organizations::${MANAGEMENT_ACCOUNT_ID}:${kind}/${orgId}/${id}`;
}

/** The FullAWSAccess policy as AWS defines it. */
export function fullAwsAccessPolicy(): SandboxPolicy {
  return {
    id: FULL_AWS_ACCESS_POLICY_ID,
    arn: 'arn:aws:organizations::aws:policy/service_control_policy/p-FullAWSAccess',
    name: 'FullAWSAccess',
    description: 'Allows access to every operation',
    type: 'SERVICE_CONTROL_POLICY',
    awsManaged: true,
    content:
      '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"*","Resource":"*"}]}',
    tags: {},
  };
}

/** Name of the SCP attached to the `/Suspended` OU. @public */
export const SUSPENDED_POLICY_NAME = 'suspended-deny-all-but-read';

/**
 * The `/Suspended` OU's SCP: denies every action but reads (Describe, Get, List of the services
 * the portal reads) to every principal except the platform's roles (the organization access role
 * and the StackSet execution roles), so an offboarded account is locked while its stacks can
 * still be removed. SCPs never apply to service-linked roles (service-managed StackSets).
 */
export function suspendedPolicy(orgId: string): SandboxPolicy {
  const id = 'p-tenancysuspended';
  const read = ['Describe*', 'Get*', 'List*'];
  const services = [
    'cloudformation',
    'cloudwatch',
    'config',
    'ec2',
    'guardduty',
    'iam',
    'logs',
    's3',
    'tag',
  ];
  return {
    id,
    arn: orgArn(orgId, 'policy', `service_control_policy/${id}`),
    name: SUSPENDED_POLICY_NAME,
    description: 'Offboarded tenants: deny everything but reads',
    type: 'SERVICE_CONTROL_POLICY',
    awsManaged: false,
    content: JSON.stringify({
      Version: '2012-10-17',
      Statement: [
        {
          Sid: 'DenyAllButRead',
          Effect: 'Deny',
          NotAction: [
            ...services.flatMap(svc => read.map(r => `${svc}:${r}`)),
            'sts:GetCallerIdentity',
          ],
          Resource: '*',
          Condition: {
            ArnNotLike: {
              'aws:PrincipalArn': [
                'arn:aws:iam::*:role/OrganizationAccountAccessRole',
                'arn:aws:iam::*:role/AWSCloudFormationStackSetExecutionRole',
                'arn:aws:iam::*:role/stacksets-exec-*',
              ],
            },
          },
        },
      ],
    }),
    tags: {},
  };
}

/**
 * Generates the organization. The same options give the same organization, field for field.
 * @throws RangeError when `tenants` is outside 5..10,000.
 * @public
 */
export function generateOrganization(
  options: GenerateOrganizationOptions,
): Organization {
  const { seed, tenants } = options;
  if (!Number.isInteger(tenants) || tenants < 5 || tenants > 10_000) {
    throw new RangeError(
      `tenants must be an integer from 5 to 10000, got ${tenants}`,
    );
  }
  const rng = createRng(seed, 'organization');
  const orgId = `o-${rng.chars(10)}`;
  const rootSuffix = rng.chars(4);
  const rootId = `r-${rootSuffix}`;
  const anchorDay = Math.floor(options.anchor.getTime() / DAY_MS) * DAY_MS;
  const start = anchorDay - 3 * 365 * DAY_MS;
  const iso = (ms: number) =>
    new Date(Math.floor(ms / 1000) * 1000).toISOString();

  const ous: SandboxOrganizationalUnit[] = [];
  const addOu = (name: string, parentId: string) => {
    const id = `ou-${rootSuffix}-${rng.chars(8)}`;
    ous.push({ id, arn: orgArn(orgId, 'ou', id), name, parentId, tags: {} });
    return id;
  };
  const securityOu = addOu('Security', rootId);
  const infraOu = addOu('Infrastructure', rootId);
  const tenantsOu = addOu('Tenants', rootId);
  const tierOus = Object.fromEntries(
    TENANT_TIERS.map(t => [t, addOu(t, tenantsOu)]),
  );
  const suspendedOu = addOu('Suspended', rootId);

  const accounts: SandboxAccount[] = [];
  const shared = (
    id: string,
    name: string,
    local: string,
    parentId: string,
    days: number,
  ) =>
    accounts.push({
      id,
      arn: orgArn(orgId, 'account', id),
      name,
      email: `aws+${local}@${SANDBOX_EMAIL_DOMAIN}`,
      state: 'ACTIVE',
      joinedMethod: id === MANAGEMENT_ACCOUNT_ID ? 'INVITED' : 'CREATED',
      joinedAt: iso(start - days * DAY_MS),
      parentId,
      kind: 'shared',
      tags: { role: local },
    });
  shared(MANAGEMENT_ACCOUNT_ID, 'management', 'management', rootId, 60);
  shared(MONITORING_ACCOUNT_ID, 'monitoring', 'monitoring', infraOu, 59);
  shared(SECURITY_ACCOUNT_ID, 'security', 'security', securityOu, 59);
  shared(LOG_ARCHIVE_ACCOUNT_ID, 'log-archive', 'log-archive', securityOu, 59);
  shared(
    SHARED_SERVICES_ACCOUNT_ID,
    'shared-services',
    'shared-services',
    infraOu,
    58,
  );

  // A few tenants are not ACTIVE: suspended ones (in the Suspended OU) and ones pending closure.
  const suspendedCount = Math.max(1, Math.floor(tenants * 0.02));
  const closingCount =
    tenants >= 20 ? Math.max(1, Math.floor(tenants * 0.01)) : 0;
  const special = new Map<number, 'SUSPENDED' | 'PENDING_CLOSURE'>();
  while (special.size < suspendedCount + closingCount) {
    const i = rng.int(0, tenants - 1);
    if (!special.has(i)) {
      special.set(
        i,
        special.size < suspendedCount ? 'SUSPENDED' : 'PENDING_CLOSURE',
      );
    }
  }

  const usedIds = new Set(accounts.map(a => a.id));
  const usedTenants = new Set<string>();
  for (let i = 0; i < tenants; i++) {
    let id: string;
    do {
      id = String(rng.int(1, 9)) + rng.chars(11, '0123456789');
    } while (usedIds.has(id));
    usedIds.add(id);
    const base = `${rng.pick(TENANT_ADJECTIVES)}-${rng.pick(TENANT_NOUNS)}`;
    let tenantId = base;
    for (let n = 2; usedTenants.has(tenantId); n++) tenantId = `${base}-${n}`;
    usedTenants.add(tenantId);
    const roll = rng.next();
    let tier = 'enterprise';
    if (roll < 0.6) tier = 'standard';
    else if (roll < 0.9) tier = 'premium';
    const regions = [TENANT_REGIONS[0] as string];
    if (rng.chance(0.4)) regions.push(rng.pick(TENANT_REGIONS.slice(1)));
    const state = special.get(i) ?? 'ACTIVE';
    const joinedMs =
      start + ((i + rng.next()) * (anchorDay - start - DAY_MS)) / tenants;
    accounts.push({
      id,
      arn: orgArn(orgId, 'account', id),
      name: `tenant-${tenantId}`,
      email: `aws+tenant-${tenantId}@${SANDBOX_EMAIL_DOMAIN}`,
      state,
      joinedMethod: 'CREATED',
      joinedAt: iso(joinedMs),
      parentId: state === 'SUSPENDED' ? suspendedOu : tierOus[tier],
      kind: 'tenant',
      tags: {
        tenant: tenantId,
        tier,
        owner: `group:default/${rng.pick(SANDBOX_OWNER_TEAMS)}`,
        regions: regions.join(','),
      },
    });
  }

  const policies: SandboxPolicy[] = [fullAwsAccessPolicy()];
  const attachments: Record<string, string[]> = {};
  for (const target of [
    rootId,
    ...ous.map(o => o.id),
    ...accounts.map(a => a.id),
  ]) {
    attachments[target] = [FULL_AWS_ACCESS_POLICY_ID];
  }
  for (const g of options.guardrails) {
    const id = `p-${rng.chars(8, LOWER_ALNUM)}`;
    policies.push({
      id,
      arn: orgArn(orgId, 'policy', `service_control_policy/${id}`),
      name: g.policyName,
      description: g.title,
      type: 'SERVICE_CONTROL_POLICY',
      awsManaged: false,
      content: g.content,
      tags: { guardrail: g.id },
    });
    attachments[tenantsOu].push(id);
  }
  const suspended = suspendedPolicy(orgId);
  policies.push(suspended);
  attachments[suspendedOu].push(suspended.id);

  const data: OrganizationData = {
    id: orgId,
    managementAccountId: MANAGEMENT_ACCOUNT_ID,
    root: {
      id: rootId,
      arn: orgArn(orgId, 'root', rootId),
      name: 'Root',
      tags: {},
    },
    ous,
    accounts,
    policies,
    attachments,
  };
  return new Organization(data);
}
