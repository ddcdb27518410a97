import {
  CloudFormationClient,
  CreateStackSetCommand,
  StackSet,
} from '@aws-sdk/client-cloudformation';
import { InputError } from '@backstage/errors';
import { isAwsError } from '@tenancy/plugin-tenants-node';
import type { TenancyActionDeps } from '../../deps';
import { assertTenantAccountId } from '../centralAccounts';
import { aws, resolveOuPath } from '../organizations';
import {
  describeStackSet,
  FleetInstance,
  FleetTenant,
  readFleet,
  readInstances,
  stackSetVersion,
} from './fleet';
import { planRelease, TenantPlan, WavesPreferences } from './plan';
import type { ReleaseDeps } from './releaseSettings';
import type { ReleaseRecord } from './releaseStore';

/** The fleet, the StackSet and each tenant's plan for a target version. */
export interface ReleaseView {
  set: StackSet | undefined;
  /** The StackSet's version ('' when it does not exist or has none). */
  setVersion: string;
  fleet: FleetTenant[];
  instances: FleetInstance[];
  plan: TenantPlan[];
}

/**
 * Reads the tenants (Organizations), the tenant StackSet and its instances (CloudFormation)
 * and the recorded results, and plans `target` for every tenant. Read-only.
 */
export async function loadReleaseView(
  deps: TenancyActionDeps,
  rel: ReleaseDeps,
  target: string,
): Promise<ReleaseView> {
  const s = rel.settings;
  const cfn = await deps.clients.cloudFormation();
  const fleet = await readFleet(
    await deps.clients.organizations(),
    deps.settings.ouPath,
    s.suspendedOuPath,
  );
  const set = await describeStackSet(cfn, s.stackSetName, s.callAs);
  const instances = set
    ? await readInstances(cfn, s.stackSetName, s.callAs)
    : [];
  const setVersion = stackSetVersion(set, s.versionParameter);
  const plan = planRelease({
    fleet,
    instances,
    stackSetVersion: setVersion,
    target,
    recorded: await rel.store.deployedVersions(s.stackSetName),
    centralAccountIds: deps.settings.centralAccounts.map(c => c.accountId),
  });
  return { set, setVersion, fleet, instances, plan };
}

/** The checks every release action makes on a version, before any AWS call. */
export function assertVersion(version: string): void {
  if (!/^[0-9A-Za-z][0-9A-Za-z.+_-]{0,63}$/.test(version)) {
    throw new InputError(
      `Release version '${version}' must be 1-64 letters, digits, '.', '+', '_' or '-', starting with a letter or digit (rule release.version)`,
    );
  }
}

/**
 * Checks the waves' preferences (`canary`, `tier`, `rest`) and the canary accounts before any AWS call: a count or a
 * percentage, never both (as AWS requires); canaries are 12-digit tenant accounts.
 * @throws InputError naming the rule broken.
 */
export function assertRolloutInput(
  deps: TenancyActionDeps,
  canary: string[],
  preferences: WavesPreferences,
  action: string,
): void {
  for (const a of canary)
    assertTenantAccountId(a, deps.settings.centralAccounts, action);
  for (const [kind, w] of Object.entries(preferences)) {
    if (!w) continue;
    if (
      w.maxConcurrentCount !== undefined &&
      w.maxConcurrentPercentage !== undefined
    )
      throw new InputError(
        `${kind}Preferences gives both maxConcurrentCount and maxConcurrentPercentage; AWS takes one (rule release.preferences)`,
      );
    if (
      w.failureToleranceCount !== undefined &&
      w.failureTolerancePercentage !== undefined
    )
      throw new InputError(
        `${kind}Preferences gives both failureToleranceCount and failureTolerancePercentage; AWS takes one (rule release.preferences)`,
      );
  }
}

/** The tenants OU id for service-managed targets ('' for a self-managed StackSet). */
export async function targetOu(
  deps: TenancyActionDeps,
  permissionModel: string,
): Promise<string> {
  return permissionModel === 'SERVICE_MANAGED'
    ? resolveOuPath(await deps.clients.organizations(), deps.settings.ouPath)
    : '';
}

/**
 * CreateStackSet for the first release (auto-deployment off: rollouts place instances).
 * NameAlreadyExistsException means an earlier attempt created it.
 */
export async function createTenantStackSet(
  cfn: CloudFormationClient,
  rel: ReleaseDeps,
  release: ReleaseRecord,
): Promise<void> {
  const s = rel.settings;
  try {
    await cfn.send(
      new CreateStackSetCommand({
        StackSetName: s.stackSetName,
        CallAs: s.callAs,
        Description: `Tenant stack (releases recorded by Tenancy)`,
        TemplateBody: release.templateBody,
        Parameters: [
          ...release.parameters
            .filter(p => p.key !== s.versionParameter)
            .map(p => ({ ParameterKey: p.key, ParameterValue: p.value })),
          { ParameterKey: s.versionParameter, ParameterValue: release.version },
        ],
        Capabilities: ['CAPABILITY_NAMED_IAM'],
        PermissionModel: s.permissionModel,
        ...(s.permissionModel === 'SERVICE_MANAGED'
          ? {
              AutoDeployment: {
                Enabled: false,
                RetainStacksOnAccountRemoval: false,
              },
            }
          : {}),
      }),
    );
  } catch (e) {
    if (isAwsError(e, 'NameAlreadyExistsException')) return;
    await aws('CloudFormation.CreateStackSet', () => Promise.reject(e));
  }
}

/** Progress lines of a plan: the counts, then each skipped, blocked or drifted tenant. */
export function planLines(version: string, plan: TenantPlan[]): string[] {
  const n = (a: TenantPlan['action']) =>
    plan.filter(p => p.action === a).length;
  const lines = [
    `Plan ${version}: ${n('deploy')} to deploy, ${n('none')} already on it, ${n(
      'skipped',
    )} skipped, ${n('blocked')} blocked, ${
      plan.filter(p => p.drifted).length
    } drifted`,
  ];
  for (const p of plan) {
    if (p.action === 'skipped' || p.action === 'blocked')
      lines.push(`  ${p.action}: ${p.accountId} (${p.name}): ${p.reason}`);
    else if (p.drifted) lines.push(`  drifted: ${p.accountId} (${p.name})`);
  }
  return lines;
}
