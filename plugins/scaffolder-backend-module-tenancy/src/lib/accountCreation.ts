import {
  Account,
  CreateAccountStatus,
  DescribeCreateAccountStatusCommand,
  OrganizationsClient,
} from '@aws-sdk/client-organizations';
import type { LoggerService } from '@backstage/backend-plugin-api';
import { sameAccountEmail } from '@tenancy/plugin-tenants-common';
import { createAccount } from './accounts';
import type { Checkpoint } from './checkpoint';
import type { ActionClock } from './clock';
import { adviceFor } from './createAccountFailures';
import { findTenantAccount, TenantAccountQuery } from './identity';
import { aws, findInFlightRequest } from './organizations';
import { pollUntil } from './poll';
import type { AwsTag } from './tags';

/** What the create step saved: an account found, or a request to follow (with its email). */
export type AccountStart =
  | { kind: 'account'; accountId: string; email: string }
  | { kind: 'request'; requestId: string; email: string };

/** The answer of {@link createOrAdoptAccount}. */
export interface AccountCreationResult {
  accountId: string;
  /** The CreateAccount request id; empty when an existing account was adopted. */
  requestId: string;
  adopted: boolean;
}

/** Everything {@link createOrAdoptAccount} works with, given explicitly. */
export interface AccountCreationArgs {
  org: OrganizationsClient;
  /** The identity query (tenant, email, account name, tag key, central accounts). */
  lookup: TenantAccountQuery;
  tags: AwsTag[];
  /** Role CreateAccount creates in the account. */
  roleName: string;
  /** Deadline of each DescribeCreateAccountStatus wait, seconds. */
  timeoutSeconds: number;
  /** New CreateAccount requests after INTERNAL_FAILURE. */
  maxInternalFailureRetries: number;
  poll: { initialSeconds: number; maxSeconds: number };
  clock: ActionClock;
  logger: LoggerService;
  checkpoint: Checkpoint;
  signal?: AbortSignal;
  /** Jitter source in [0, 1); default Math.random. */
  random?: () => number;
}

/**
 * `, found by its tenant tag (…)` when the adopted account's email is not the one given (CASES V4:
 * the tenant's one account is adopted by its tag, keeping its own email); else nothing.
 */
export function foundByTagNote(account: Account, email: string): string {
  return account.Email && !sameAccountEmail(account.Email, email)
    ? ', found by its tenant tag (its email differs from the one given and stays as it is)'
    : '';
}

/**
 * Adopts the tenant's account (see {@link findTenantAccount}: identity invariants first), or
 * follows a CreateAccount request already in flight for the account name, or sends
 * CreateAccount with the tags. Writes nothing when the identity checks fail.
 */
export async function startOrAdopt(
  args: AccountCreationArgs,
  email: string,
): Promise<AccountStart> {
  const { org, lookup, logger } = args;
  const existing = await findTenantAccount(org, { ...lookup, email });
  if (existing?.Id) {
    logger.info(
      `Adopting existing account ${existing.Id} for tenant ${
        lookup.tenantId
      }${foundByTagNote(existing, email)}; no CreateAccount`,
    );
    return {
      kind: 'account',
      accountId: existing.Id,
      email: existing.Email ?? email,
    };
  }
  const inFlight = await findInFlightRequest(org, lookup.accountName);
  if (inFlight?.Id) {
    logger.info(
      `Following CreateAccount request ${inFlight.Id} already in flight for ${lookup.accountName}`,
    );
    return { kind: 'request', requestId: inFlight.Id, email };
  }
  return {
    kind: 'request',
    requestId: await createAccount(
      org,
      email,
      lookup.accountName,
      args.tags,
      args.roleName,
    ),
    email,
  };
}

async function describeRequest(
  org: OrganizationsClient,
  requestId: string,
): Promise<CreateAccountStatus> {
  const res = await aws('Organizations.DescribeCreateAccountStatus', () =>
    org.send(
      new DescribeCreateAccountStatusCommand({
        CreateAccountRequestId: requestId,
      }),
    ),
  );
  return res.CreateAccountStatus ?? {};
}

/**
 * Follows a CreateAccount request (DescribeCreateAccountStatus) until it leaves IN_PROGRESS,
 * with backoff and a progress line after every look, until `args.timeoutSeconds`.
 * @throws Error at the deadline saying the request continues in AWS.
 */
export function followCreateAccount(
  args: AccountCreationArgs,
  requestId: string,
): Promise<CreateAccountStatus> {
  return pollUntil<CreateAccountStatus>({
    what: `CreateAccount request ${requestId}`,
    check: async () => {
      const s = await describeRequest(args.org, requestId);
      return {
        done: s.State !== 'IN_PROGRESS',
        status: s.State ?? 'UNKNOWN',
        value: s,
      };
    },
    timeoutSeconds: args.timeoutSeconds,
    poll: args.poll,
    clock: args.clock,
    logger: args.logger,
    signal: args.signal,
    onTimeout:
      'The request continues in AWS; run the template again to adopt the account once it exists.',
  });
}

/**
 * A request saved with another email than the one now asked for: when it failed, start again
 * with the new email; when it succeeded or is still running, keep it (a second request would
 * create a second account).
 */
async function reconcileEmailChange(
  args: AccountCreationArgs,
  saved: Extract<AccountStart, { kind: 'request' }>,
  newEmail: string,
): Promise<AccountStart> {
  const s = await describeRequest(args.org, saved.requestId);
  const { logger, lookup } = args;
  if (s.State === 'FAILED') {
    logger.info(
      `Earlier request ${saved.requestId} for ${saved.email} failed (${s.FailureReason}); creating the account with ${newEmail}`,
    );
    return args.checkpoint({
      key: `account.create.${lookup.tenantId}.${newEmail.toLowerCase()}`,
      fn: () => startOrAdopt(args, newEmail),
    });
  }
  if (s.State === 'SUCCEEDED') {
    logger.warn(
      `Account ${s.AccountId} was already created with ${saved.email}; keeping it, the email change to ${newEmail} has no effect`,
    );
  } else {
    logger.info(
      `Request ${saved.requestId} for ${saved.email} is still in progress; waiting on it (a second request would create a second account); the email change to ${newEmail} has no effect`,
    );
  }
  return saved;
}

/**
 * The tenant's account, checkpointed so a recovered task never sends a second CreateAccount:
 * adopt or start (checkpoint `account.create.<tenantId>`), follow the request, and act on its
 * FailureReason — terminal ones throw with the advice, CONCURRENT_ACCOUNT_MODIFICATION follows
 * the other request, INTERNAL_FAILURE sends a new request after a jittered backoff, at most
 * `maxInternalFailureRetries` times.
 * @throws the identity errors of {@link findTenantAccount}; Error with the advice of a failure.
 */
export async function createOrAdoptAccount(
  args: AccountCreationArgs,
): Promise<AccountCreationResult> {
  const { lookup, logger, checkpoint, org } = args;
  const email = lookup.email;
  const random = args.random ?? Math.random;
  let current = await checkpoint({
    key: `account.create.${lookup.tenantId}`,
    fn: () => startOrAdopt(args, email),
  });
  if (current.kind === 'request' && !sameAccountEmail(current.email, email)) {
    current = await reconcileEmailChange(args, current, email);
  }
  for (let retries = 0; ; ) {
    if (current.kind === 'account') {
      return { accountId: current.accountId, requestId: '', adopted: true };
    }
    const status = await followCreateAccount(args, current.requestId);
    if (status.State === 'SUCCEEDED' && status.AccountId) {
      return {
        accountId: status.AccountId,
        requestId: current.requestId,
        adopted: false,
      };
    }
    const advice = adviceFor(status.FailureReason, current.email);
    if (advice.action === 'terminal') throw new Error(advice.message);
    if (retries >= args.maxInternalFailureRetries) {
      throw new Error(
        `${advice.message} Gave up after ${retries} new requests.`,
      );
    }
    retries++;
    if (advice.action === 'follow') {
      const other = await findInFlightRequest(org, lookup.accountName);
      if (other?.Id && other.Id !== current.requestId) {
        logger.info(`${advice.message} Following request ${other.Id}`);
        current = {
          kind: 'request',
          requestId: other.Id,
          email: current.email,
        };
        continue;
      }
    }
    const waitMs =
      Math.min(30_000, 2_000 * 2 ** retries) * (0.5 + random() / 2);
    logger.info(
      `${advice.message} Trying again (${retries} of ${
        args.maxInternalFailureRetries
      }) in ${Math.round(waitMs / 1000)} s`,
    );
    await args.clock.sleep(waitMs, args.signal);
    current = await checkpoint({
      key: `account.create.${lookup.tenantId}.retry-${retries}`,
      fn: () => startOrAdopt(args, email),
    });
  }
}
