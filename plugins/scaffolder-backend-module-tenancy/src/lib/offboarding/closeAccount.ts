import {
  CloseAccountCommand,
  DescribeAccountCommand,
  ListAccountsCommand,
  OrganizationsClient,
} from '@aws-sdk/client-organizations';
import { collectAll, isAwsError } from '@tenancy/plugin-tenants-node';
import type { ActionClock } from '../clock';
import { aws } from '../organizations';

/** ConcurrentModificationException answers retried before giving up. */
const MAX_CONCURRENT_RETRIES = 5;

/**
 * CloseAccount calls allowed in a rolling 30 days: the configured quota, else AWS's rule — the
 * higher of 250 and 20 % of the member accounts, at most 1,000 (Organizations API reference,
 * CloseAccount).
 */
export function closeQuotaOf(
  memberAccounts: number,
  configured: number | undefined,
): number {
  if (configured !== undefined) return configured;
  return Math.min(1000, Math.max(250, Math.floor(memberAccounts * 0.2)));
}

/** What the plan says about the close quota. */
export interface CloseQuota {
  /** Closes allowed per rolling 30 days. */
  limit: number;
  /**
   * Accounts PENDING_CLOSURE or SUSPENDED now: an upper bound of the closes in the last 30
   * days (AWS gives no API for the count; a SUSPENDED account was closed within 90 days).
   */
  usedAtMost: number;
  /** `limit - usedAtMost`, at least 0. */
  leftAtLeast: number;
}

/** Reads the close quota (ListAccounts, every page). */
export async function readCloseQuota(
  org: OrganizationsClient,
  managementAccountId: string | undefined,
  configured: number | undefined,
): Promise<CloseQuota> {
  const accounts = await aws('Organizations.ListAccounts', () =>
    collectAll(
      t => org.send(new ListAccountsCommand({ NextToken: t })),
      p => p.Accounts,
      p => p.NextToken,
    ),
  );
  const members = accounts.filter(
    a => a.Id !== managementAccountId && a.State !== 'CLOSED',
  );
  const limit = closeQuotaOf(members.length, configured);
  const usedAtMost = members.filter(
    a => a.State === 'PENDING_CLOSURE' || a.State === 'SUSPENDED',
  ).length;
  return { limit, usedAtMost, leftAtLeast: Math.max(0, limit - usedAtMost) };
}

/** What each refusal of CloseAccount means and what to do. */
const REASONS: Record<string, string> = {
  CLOSE_ACCOUNT_QUOTA_EXCEEDED:
    'the organization closed as many accounts as its quota allows in the last 30 days. The account stays suspended; run this template again once the rolling 30-day window frees a close',
  CLOSE_ACCOUNT_REQUESTS_LIMIT_EXCEEDED:
    'too many accounts are being closed at the same time. The account stays suspended; run this template again when the other closures finished',
  CANNOT_CLOSE_MANAGEMENT_ACCOUNT:
    'the management account is never closed by the portal',
};

/**
 * Sends CloseAccount: AccountAlreadyClosedException is success (it was closed meanwhile);
 * ConcurrentModificationException is retried with backoff (at most 5 times); a
 * ConstraintViolationException fails with AWS's reason and what to do.
 * @returns `closed` when this call closed it, `already` when AWS said it already was.
 * @throws Error naming AWS's reason (e.g. CLOSE_ACCOUNT_QUOTA_EXCEEDED).
 */
export async function sendCloseAccount(
  org: OrganizationsClient,
  accountId: string,
  clock: ActionClock,
  log: (line: string) => void,
): Promise<'closed' | 'already'> {
  for (let attempt = 1; ; attempt++) {
    try {
      await org.send(new CloseAccountCommand({ AccountId: accountId }));
      return 'closed';
    } catch (e) {
      if (isAwsError(e, 'AccountAlreadyClosedException')) return 'already';
      if (
        isAwsError(e, 'ConcurrentModificationException') &&
        attempt <= MAX_CONCURRENT_RETRIES
      ) {
        log(
          `CloseAccount ${accountId}: ConcurrentModificationException, retrying (attempt ${attempt} of ${MAX_CONCURRENT_RETRIES})`,
        );
        await clock.sleep(1000 * 2 ** (attempt - 1));
        continue;
      }
      const reason = (e as { Reason?: string }).Reason;
      if (isAwsError(e, 'ConstraintViolationException') && reason) {
        throw new Error(
          `CloseAccount refused account ${accountId}: ConstraintViolationException ${reason} (${
            (e as Error).message
          }): ${REASONS[reason] ?? 'see the AWS Organizations quotas'}`,
        );
      }
      return aws('Organizations.CloseAccount', () => Promise.reject(e));
    }
  }
}

/** The account's State (DescribeAccount). */
export async function accountStateOf(
  org: OrganizationsClient,
  accountId: string,
): Promise<string> {
  const res = await aws('Organizations.DescribeAccount', () =>
    org.send(new DescribeAccountCommand({ AccountId: accountId })),
  );
  return res.Account?.State ?? 'UNKNOWN';
}
