import {
  DescribeAccountCommand,
  OrganizationsClient,
} from '@aws-sdk/client-organizations';
import type { BackstageCredentials } from '@backstage/backend-plugin-api';
import { ConflictError, NotAllowedError } from '@backstage/errors';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import {
  OFFBOARDING_STATE_TAG,
  tenantLifecycleOf,
  tenantOffboardPermission,
  type TenantLifecycle,
} from '@tenancy/plugin-tenants-common';
import type { TenancyActionDeps } from '../../deps';
import { assertTenantAccountId } from '../centralAccounts';
import { accountTags, aws, currentParent } from '../organizations';
import { assertValidTenantInputs } from '../validate';

/** The tenant account an offboarding action works on, as read before any write. */
export interface OffboardTarget {
  org: OrganizationsClient;
  tenantId: string;
  accountId: string;
  /** Organizations `Account.State`: ACTIVE, PENDING_CLOSURE, SUSPENDED, CLOSED. */
  state: string;
  /** The account's tags, by key. */
  tags: Record<string, string>;
  /** What the portal shows for it (`closed` for a SUSPENDED account closed by the portal). */
  lifecycle: TenantLifecycle;
  /** The account's parent (root `r-…` or `ou-…`), from ListParents. */
  parentId: string;
}

/**
 * Checks that the task's initiator holds `tenants.tenant.offboard` for the tenant (the form
 * alone is not enough: the action asks the permission framework with the initiator's
 * credentials).
 * @throws NotAllowedError naming the permission (rule `offboard.permission`).
 */
export async function assertMayOffboard(
  deps: Pick<TenancyActionDeps, 'permissions'>,
  credentials: BackstageCredentials,
  tenantId: string,
  action: string,
): Promise<void> {
  const [decision] = await deps.permissions.authorize(
    [{ permission: tenantOffboardPermission, resourceRef: tenantId }],
    { credentials },
  );
  if (decision?.result !== AuthorizeResult.ALLOW) {
    throw new NotAllowedError(
      `${action} needs the permission ${tenantOffboardPermission.name} for tenant ${tenantId}; only platform engineers hold it (rule offboard.permission)`,
    );
  }
}

/**
 * Reads the account an offboarding action is about and enforces the identity invariants before
 * any write, in dry runs too: a valid tenant id, a 12-digit id that is not a central account,
 * the initiator's `tenants.tenant.offboard` permission, and the account's tenant tag naming this
 * tenant. Calls DescribeAccount, ListTagsForResource and ListParents (no writes).
 * @throws InputError (rules `tenantId.*`, `accountId.format`, `account.central`),
 *   NotAllowedError (rule `offboard.permission`), ConflictError (rule `account.oneTenant`).
 */
export async function readOffboardTarget(
  deps: TenancyActionDeps,
  input: {
    tenantId: string;
    accountId: string;
    credentials: BackstageCredentials;
  },
  action: string,
): Promise<OffboardTarget> {
  const { tenantId, accountId } = input;
  assertValidTenantInputs({ tenantId });
  assertTenantAccountId(accountId, deps.settings.centralAccounts, action);
  await assertMayOffboard(deps, input.credentials, tenantId, action);
  const org = await deps.clients.organizations();
  const described = await aws('Organizations.DescribeAccount', () =>
    org.send(new DescribeAccountCommand({ AccountId: accountId })),
  );
  const tags = Object.fromEntries(
    (await accountTags(org, accountId)).map(t => [t.Key ?? '', t.Value ?? '']),
  );
  const owner = tags[deps.settings.tenantTagKey];
  if (owner !== tenantId) {
    throw new ConflictError(
      `Account ${accountId} ${
        owner
          ? `belongs to tenant ${owner} (tag ${deps.settings.tenantTagKey}=${owner})`
          : `carries no ${deps.settings.tenantTagKey} tag`
      }, not to tenant ${tenantId}; ${action} changes nothing (rule account.oneTenant)`,
    );
  }
  const state = described.Account?.State ?? 'ACTIVE';
  return {
    org,
    tenantId,
    accountId,
    state,
    tags,
    lifecycle: tenantLifecycleOf(state, tags),
    parentId: await currentParent(org, accountId),
  };
}

/**
 * True once CloseAccount was accepted for the account (State PENDING_CLOSURE, SUSPENDED or
 * CLOSED): nothing but waiting is left to do, and a reinstate is no longer possible here.
 */
export function closeRequested(target: Pick<OffboardTarget, 'state'>): boolean {
  return ['PENDING_CLOSURE', 'SUSPENDED', 'CLOSED'].includes(target.state);
}

/** The offboarding state tag of the account (`offboarding`, `closing`), or undefined. */
export function offboardingTag(
  target: Pick<OffboardTarget, 'tags'>,
): string | undefined {
  return target.tags[OFFBOARDING_STATE_TAG] || undefined;
}

/** The line an action logs when the tenant is already closed: it changes nothing. */
export function alreadyClosedLine(target: OffboardTarget): string {
  return `Tenant ${target.tenantId} (account ${target.accountId}) is already ${
    target.lifecycle === 'closing' ? 'closing' : 'closed'
  } (State ${target.state}); nothing changed`;
}
