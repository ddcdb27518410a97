import {
  Account,
  ListAccountsForParentCommand,
  OrganizationsClient,
} from '@aws-sdk/client-organizations';
import {
  CloudFormationClient,
  DescribeStackSetCommand,
  StackSet,
  StackSetNotFoundException,
} from '@aws-sdk/client-cloudformation';
import { collectAll, listChildOus } from '@tenancy/plugin-tenants-node';
import { aws, resolveOuPath } from '../organizations';
import { listInstances } from '../stackSets';

/** A tenant account as a rollout sees it. @public */
export interface FleetTenant {
  accountId: string;
  /** The account's ARN in Organizations (`arn:aws:organizations::<management>:account/o-…/<id>`). */
  arn?: string;
  /** The account's name in Organizations. */
  name: string;
  /** The tier OU it sits in (`/Tenants/<tier>`); empty directly under the tenants OU. */
  tier: string;
  /** The account State: `ACTIVE`, `SUSPENDED`, `PENDING_CLOSURE`, `CLOSED`. */
  state: string;
  /** It sits in the suspended OU (offboarding), whatever its State. */
  suspended?: boolean;
}

/** One stack instance of the tenant StackSet. @public */
export interface FleetInstance {
  accountId: string;
  region: string;
  status: string;
  detailedStatus: string;
  reason: string;
  driftStatus: string;
  lastOperationId: string;
}

const accountsOf = (org: OrganizationsClient, parentId: string) =>
  aws('Organizations.ListAccountsForParent', () =>
    collectAll(
      t =>
        org.send(
          new ListAccountsForParentCommand({
            ParentId: parentId,
            NextToken: t,
          }),
        ),
      p => p.Accounts,
      p => p.NextToken,
    ),
  );

const toTenant = (a: Account, tier: string): FleetTenant => ({
  accountId: a.Id ?? '',
  arn: a.Arn,
  name: a.Name ?? '',
  tier,
  state: String(a.State ?? a.Status ?? 'ACTIVE'),
});

/**
 * Every account under the tenants OU and its tier OUs, in tier order then account order, then
 * the accounts of `suspendedOuPath` when that OU exists (marked `suspended`) (ListRoots,
 * ListOrganizationalUnitsForParent per level, ListAccountsForParent per OU).
 * @throws InputError when the tenants OU does not exist.
 */
export async function readFleet(
  org: OrganizationsClient,
  ouPath: string,
  suspendedOuPath?: string,
): Promise<FleetTenant[]> {
  const root = await resolveOuPath(org, ouPath);
  const tenants = (await accountsOf(org, root)).map(a => toTenant(a, ''));
  for (const ou of await listChildOus(org, root)) {
    for (const a of await accountsOf(org, ou.Id!))
      tenants.push(toTenant(a, ou.Name ?? ''));
  }
  const suspendedOu = suspendedOuPath
    ? await resolveOuPath(org, suspendedOuPath).catch(() => undefined)
    : undefined;
  if (suspendedOu)
    for (const a of await accountsOf(org, suspendedOu))
      tenants.push({ ...toTenant(a, ''), suspended: true });
  return tenants.filter(t => t.state !== 'CLOSED');
}

/** The StackSet, or undefined when it does not exist (DescribeStackSet). */
export async function describeStackSet(
  cfn: CloudFormationClient,
  stackSetName: string,
  callAs: string,
): Promise<StackSet | undefined> {
  try {
    return (
      await cfn.send(
        new DescribeStackSetCommand({
          StackSetName: stackSetName,
          CallAs: callAs as 'SELF',
        }),
      )
    ).StackSet;
  } catch (e) {
    if (e instanceof StackSetNotFoundException) return undefined;
    return aws('CloudFormation.DescribeStackSet', () => Promise.reject(e));
  }
}

/** The value of the StackSet's version parameter ('' when absent). */
export function stackSetVersion(
  set: StackSet | undefined,
  versionParameter: string,
): string {
  return (
    set?.Parameters?.find(p => p.ParameterKey === versionParameter)
      ?.ParameterValue ?? ''
  );
}

/** Every stack instance of the StackSet (ListStackInstances, every page). */
export async function readInstances(
  cfn: CloudFormationClient,
  stackSetName: string,
  callAs: string,
): Promise<FleetInstance[]> {
  const rows = await listInstances(cfn, stackSetName, callAs);
  return rows.map(s => ({
    accountId: s.Account ?? '',
    region: s.Region ?? '',
    status: s.Status ?? '',
    detailedStatus: s.StackInstanceStatus?.DetailedStatus ?? '',
    reason: s.StatusReason ?? '',
    driftStatus: s.DriftStatus ?? 'NOT_CHECKED',
    lastOperationId: s.LastOperationId ?? '',
  }));
}
