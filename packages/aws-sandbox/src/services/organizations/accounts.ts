/** Organizations account operations, CreateAccount's simulated lifecycle included. */
import { publishEvents } from '../../core/eventBridge';
import { createAccountResultEvent } from './cloudTrail';
import { list, str } from '../../core/input';
import { createRng } from '../../core/random';
import { orgArn } from '../../core/organization/generate';
import { FULL_AWS_ACCESS_POLICY_ID } from '../../core/organization/organization';
import { CreateAccountRecord, nextCounter } from '../../core/state';
import { OperationContext, OperationHandler } from '../../core/service';
import { AwsServiceError } from '../../core/errors';
import {
  accountShape,
  checkAccountId,
  checkParentId,
  constraintViolation,
  inputRequired,
  invalidInput,
  orgError,
  orgPage,
  readTags,
  requireManagement,
} from './common';

const CREATE_STATES = ['IN_PROGRESS', 'SUCCEEDED', 'FAILED'];

function statusShape(r: CreateAccountRecord) {
  return {
    Id: r.id,
    AccountName: r.accountName,
    State: r.state,
    RequestedTimestamp: new Date(r.requestedAtMs),
    CompletedTimestamp:
      r.state === 'IN_PROGRESS' ? undefined : new Date(r.completesAtMs),
    AccountId: r.accountId,
    FailureReason: r.failureReason,
  };
}

function findAccount(ctx: OperationContext, id: string) {
  const account = ctx.org.account(id);
  if (!account) {
    throw orgError(
      'AccountNotFoundException',
      `You specified an account that doesn't exist: ${id}.`,
    );
  }
  return account;
}

const DAY_MS = 86_400_000;

/**
 * Applies what simulated time has made happen: CreateAccount requests finish after
 * `createAccountMs`; closed accounts go PENDING_CLOSURE → SUSPENDED after `closeAccountMs`,
 * then CLOSED 90 days after CloseAccount.
 */
export function settleAccounts(ctx: OperationContext): void {
  const now = ctx.clock.nowMs();
  for (const id of ctx.state.closingAccounts ?? []) {
    const a = ctx.org.account(id);
    if (!a || a.closeRequestedAtMs === undefined) continue;
    if (
      a.state === 'PENDING_CLOSURE' &&
      now >= a.closeRequestedAtMs + ctx.options.durations.closeAccountMs
    ) {
      a.state = 'SUSPENDED';
    }
    if (a.state === 'SUSPENDED' && now >= a.closeRequestedAtMs + 90 * DAY_MS) {
      a.state = 'CLOSED';
    }
  }
  if (ctx.state.closingAccounts?.length) {
    ctx.state.closingAccounts = ctx.state.closingAccounts.filter(
      id => ctx.org.account(id)?.state !== 'CLOSED',
    );
  }
  for (const r of ctx.state.createAccountRequests) {
    if (r.state !== 'IN_PROGRESS' || r.completesAtMs > now) continue;
    if (r.outcome.state === 'FAILED') {
      r.state = 'FAILED';
      r.failureReason = r.outcome.failureReason;
      publishEvents(ctx, [createAccountResultEvent(ctx, r)]);
      continue;
    }
    const org = ctx.org;
    const id = r.outcome.accountId;
    org.addAccount({
      id,
      arn: orgArn(org.id, 'account', id),
      name: r.accountName,
      email: r.email,
      state: 'ACTIVE',
      joinedMethod: 'CREATED',
      joinedAt: new Date(
        Math.floor(r.completesAtMs / 1000) * 1000,
      ).toISOString(),
      parentId: org.root.id,
      kind: 'tenant',
      tags: { ...r.tags },
    });
    org.attach(FULL_AWS_ACCESS_POLICY_ID, id);
    r.state = 'SUCCEEDED';
    r.accountId = id;
    publishEvents(ctx, [createAccountResultEvent(ctx, r)]);
  }
}

function newAccountId(ctx: OperationContext): string {
  for (;;) {
    const rng = createRng(
      ctx.state.seed,
      'created-account',
      nextCounter(ctx.state, 'account'),
    );
    const id = String(rng.int(1, 9)) + rng.chars(11, '0123456789');
    const pending = ctx.state.createAccountRequests.some(
      r => r.outcome.state === 'SUCCEEDED' && r.outcome.accountId === id,
    );
    if (!ctx.org.account(id) && !pending) return id;
  }
}

const EMAIL = /^[^\s@]+@[A-Za-z0-9.-]+\.[A-Za-z0-9-]+$/;

const createAccount: OperationHandler = (input, ctx) => {
  requireManagement(ctx);
  const email = str(input.Email);
  const name = str(input.AccountName);
  if (!email) throw inputRequired('You must specify a value for Email.');
  if (!name) throw inputRequired('You must specify a value for AccountName.');
  if (email.length < 6)
    throw invalidInput(
      'MIN_LENGTH_EXCEEDED',
      'Email must be at least 6 characters.',
    );
  if (email.length > 64)
    throw invalidInput(
      'MAX_LENGTH_EXCEEDED',
      'Email must be at most 64 characters.',
    );
  if (!EMAIL.test(email))
    throw invalidInput(
      'INVALID_PATTERN',
      `The Email ${email} is not a valid email address.`,
    );
  if (name.length > 50)
    throw invalidInput(
      'MAX_LENGTH_EXCEEDED',
      'AccountName must be at most 50 characters.',
    );
  if (!/^[\u0020-\u007E]+$/.test(name))
    throw invalidInput(
      'INVALID_PATTERN',
      'AccountName contains invalid characters.',
    );
  const tags = readTags(input.Tags);
  if (Object.keys(tags).length > 50) {
    throw constraintViolation(
      'MAX_TAG_LIMIT_EXCEEDED',
      'An account can have at most 50 tags.',
    );
  }
  const requests = ctx.state.createAccountRequests;
  const inFlight = requests.filter(r => r.state === 'IN_PROGRESS');
  if (inFlight.length >= ctx.options.limits.createAccountInFlight) {
    throw new AwsServiceError(
      'ConcurrentModificationException',
      `AWS Organizations can't complete your request because ${inFlight.length} CreateAccount requests are already in progress (at most ${ctx.options.limits.createAccountInFlight}). Try again later.`,
    );
  }
  const lower = email.toLowerCase();
  const active = ctx.org.accounts().filter(a => a.state !== 'CLOSED').length;
  const succeeding = inFlight.filter(
    r => r.outcome.state === 'SUCCEEDED',
  ).length;
  const injected = ctx.faults.createAccountFailureFor(email);
  let outcome: CreateAccountRecord['outcome'];
  if (injected) outcome = { state: 'FAILED', failureReason: injected };
  else if (ctx.org.accountByEmail(email))
    outcome = { state: 'FAILED', failureReason: 'EMAIL_ALREADY_EXISTS' };
  else if (inFlight.some(r => r.email.toLowerCase() === lower)) {
    outcome = {
      state: 'FAILED',
      failureReason: 'CONCURRENT_ACCOUNT_MODIFICATION',
    };
  } else if (active + succeeding >= ctx.options.limits.accountQuota) {
    outcome = { state: 'FAILED', failureReason: 'ACCOUNT_LIMIT_EXCEEDED' };
  } else outcome = { state: 'SUCCEEDED', accountId: newAccountId(ctx) };

  const n = nextCounter(ctx.state, 'create-account-request');
  const now = ctx.clock.nowMs();
  const record: CreateAccountRecord = {
    id: `car-${createRng(ctx.state.seed, 'car', n).chars(
      32,
      '0123456789abcdef',
    )}`,
    accountName: name,
    email,
    requestedAtMs: now,
    completesAtMs: now + ctx.options.durations.createAccountMs,
    state: 'IN_PROGRESS',
    outcome,
    tags,
    iamUserAccessToBilling: str(input.IamUserAccessToBilling),
    roleName: str(input.RoleName),
  };
  requests.push(record);
  return { CreateAccountStatus: statusShape(record) };
};

const describeCreateAccountStatus: OperationHandler = (input, ctx) => {
  requireManagement(ctx);
  const id = str(input.CreateAccountRequestId);
  if (!id)
    throw inputRequired('You must specify a value for CreateAccountRequestId.');
  if (!/^car-[a-z0-9]{8,32}$/.test(id)) {
    throw invalidInput(
      'INVALID_PATTERN',
      `The CreateAccountRequestId ${id} is not valid.`,
    );
  }
  const record = ctx.state.createAccountRequests.find(r => r.id === id);
  if (!record) {
    throw orgError(
      'CreateAccountStatusNotFoundException',
      `We can't find a create account request with the ID ${id}.`,
    );
  }
  return { CreateAccountStatus: statusShape(record) };
};

const listCreateAccountStatus: OperationHandler = (input, ctx) => {
  requireManagement(ctx);
  const states = list<string>(input.States);
  for (const s of states) {
    if (!CREATE_STATES.includes(s))
      throw invalidInput('INVALID_ENUM', `Invalid state ${s}.`);
  }
  const records = ctx.state.createAccountRequests.filter(
    r => states.length === 0 || states.includes(r.state),
  );
  const { page, NextToken } = orgPage(
    records,
    input,
    `car:${states.join(',')}`,
  );
  return { CreateAccountStatuses: page.map(statusShape), NextToken };
};

const listAccounts: OperationHandler = (input, ctx) => {
  requireManagement(ctx);
  const { page, NextToken } = orgPage(ctx.org.accounts(), input, 'accounts');
  return { Accounts: page.map(accountShape), NextToken };
};

const listAccountsForParent: OperationHandler = (input, ctx) => {
  requireManagement(ctx);
  const parentId = checkParentId(str(input.ParentId));
  if (!ctx.org.isParent(parentId)) {
    throw orgError(
      'ParentNotFoundException',
      `We can't find a root or OU with the ParentId ${parentId}.`,
    );
  }
  const { page, NextToken } = orgPage(
    ctx.org.childAccounts(parentId),
    input,
    `parent:${parentId}`,
  );
  return { Accounts: page.map(accountShape), NextToken };
};

const describeAccount: OperationHandler = (input, ctx) => {
  requireManagement(ctx);
  const id = checkAccountId(str(input.AccountId));
  return { Account: accountShape(findAccount(ctx, id)) };
};

/**
 * CloseAccount calls allowed in a rolling 30-day window for an organization of `members` member
 * accounts: `limits.closeAccountQuota` when set, else AWS's rule — the higher of 250 and 20 % of
 * the member accounts, at most 1,000.
 */
export function closeAccountQuota(
  members: number,
  override: number | undefined,
): number {
  if (override !== undefined) return override;
  return Math.min(1000, Math.max(250, Math.floor(members * 0.2)));
}

/**
 * CloseAccount as AWS answers it: the management account is refused
 * (ConstraintViolationException CANNOT_CLOSE_MANAGEMENT_ACCOUNT); an account not ACTIVE
 * (PENDING_CLOSURE, SUSPENDED, CLOSED) answers AccountAlreadyClosedException; too many accounts
 * PENDING_CLOSURE at once answers CLOSE_ACCOUNT_REQUESTS_LIMIT_EXCEEDED; more closes in the
 * rolling 30 days than {@link closeAccountQuota} answers CLOSE_ACCOUNT_QUOTA_EXCEEDED. Accepted:
 * the account is PENDING_CLOSURE, SUSPENDED after `durations.closeAccountMs`, CLOSED 90 days
 * after the call (see {@link settleAccounts}); the answer is empty.
 */
const closeAccount: OperationHandler = (input, ctx) => {
  requireManagement(ctx);
  const id = checkAccountId(str(input.AccountId));
  const account = findAccount(ctx, id);
  if (id === ctx.org.managementAccountId) {
    throw constraintViolation(
      'CANNOT_CLOSE_MANAGEMENT_ACCOUNT',
      'You attempted to close the management account. To close the management account for the organization, you must first either remove or close all member accounts in the organization.',
    );
  }
  if (account.state !== 'ACTIVE') {
    throw orgError(
      'AccountAlreadyClosedException',
      'You attempted to close an account that is already closed.',
    );
  }
  const members = ctx.org
    .accounts()
    .filter(a => a.id !== ctx.org.managementAccountId);
  const inProgress = members.filter(a => a.state === 'PENDING_CLOSURE').length;
  if (inProgress >= ctx.options.limits.closeAccountsInProgress) {
    throw constraintViolation(
      'CLOSE_ACCOUNT_REQUESTS_LIMIT_EXCEEDED',
      'You attempted to exceed the number of accounts that you can close at a time.',
    );
  }
  const since = ctx.clock.nowMs() - 30 * DAY_MS;
  const closed = members.filter(
    a => (a.closeRequestedAtMs ?? -Infinity) >= since,
  ).length;
  const quota = closeAccountQuota(
    members.filter(a => a.state !== 'CLOSED').length,
    ctx.options.limits.closeAccountQuota,
  );
  if (closed + 1 > quota) {
    throw constraintViolation(
      'CLOSE_ACCOUNT_QUOTA_EXCEEDED',
      'You have exceeded close account quota for the past 30 days.',
    );
  }
  account.state = 'PENDING_CLOSURE';
  account.closeRequestedAtMs = ctx.clock.nowMs();
  (ctx.state.closingAccounts ??= []).push(id);
  return {};
};

export const accountOperations: Record<string, OperationHandler> = {
  CreateAccount: createAccount,
  DescribeCreateAccountStatus: describeCreateAccountStatus,
  ListCreateAccountStatus: listCreateAccountStatus,
  ListAccounts: listAccounts,
  ListAccountsForParent: listAccountsForParent,
  DescribeAccount: describeAccount,
  CloseAccount: closeAccount,
};
