/**
 * CloudWatch Logs log groups as a caller sees them: its own account's, and — in the monitoring
 * account of CloudWatch cross-account observability — those of the linked source accounts
 * (every tenant account running in the region), with DescribeLogGroups over them.
 */
import type {
  OperationContext,
  OperationInput,
  OperationOutput,
} from '../../core/service';
import { AwsServiceError } from '../../core/errors';
import { bool, int, list, str } from '../../core/input';
import { MONITORING_ACCOUNT_ID } from '../../core/organization/organization';
import {
  decodePageToken,
  encodePageToken,
  requestFingerprint,
} from '../../core/pageToken';
import { metricProfile, tenantAccounts } from '../cloudWatch/data';
import {
  LogGroupModel,
  RETENTION_DAYS,
  logGroupArn,
  logGroupsOf,
} from './logModel';

/** CloudWatch Logs' error for a bad parameter (also its constraint-violation answer). */
export function invalidParameter(message: string): AwsServiceError {
  return new AwsServiceError('InvalidParameterException', message);
}

/** `1 validation error detected: …` for a list member over its maximum length. */
export function tooLong(member: string, max: number): AwsServiceError {
  return invalidParameter(
    `1 validation error detected: Value at '${member}' failed to satisfy constraint: Member must have length less than or equal to ${max}`,
  );
}

/** The log groups of one account in the request's region (none for non-tenant accounts). */
export function accountLogGroups(
  ctx: OperationContext,
  accountId: string,
): LogGroupModel[] {
  const profile = metricProfile(ctx, accountId);
  return profile ? logGroupsOf(profile, ctx.region) : [];
}

/** Whether the caller may read `accountId`'s log groups: its own, or linked to the monitoring account. */
export function canRead(ctx: OperationContext, accountId: string): boolean {
  return (
    accountId === ctx.callerAccountId ||
    ctx.callerAccountId === MONITORING_ACCOUNT_ID
  );
}

/** Log groups of linked source accounts (monitoring account only), or of `accountIds` among them. */
function linkedGroups(
  ctx: OperationContext,
  accountIds: string[],
): LogGroupModel[] {
  if (ctx.callerAccountId !== MONITORING_ACCOUNT_ID) return [];
  const wanted = accountIds.length > 0 ? new Set(accountIds) : undefined;
  return tenantAccounts(ctx)
    .filter(a => !wanted || wanted.has(a.accountId))
    .flatMap(a => accountLogGroups(ctx, a.accountId));
}

function describeOne(g: LogGroupModel): OperationOutput {
  const arn = logGroupArn(g);
  return {
    logGroupName: g.name,
    creationTime: g.creationTime,
    retentionInDays: RETENTION_DAYS,
    metricFilterCount: 0,
    arn: `${arn}:*`,
    storedBytes: 1_048_576 + (g.profile.key % 9_000_000),
    logGroupClass: 'STANDARD',
    logGroupArn: arn,
  };
}

/**
 * DescribeLogGroups: the caller's log groups and, with `includeLinkedAccounts` in the
 * monitoring account, the source accounts' (`accountIdentifiers`: at most 20, only those),
 * ASCII-sorted by name, `logGroupNamePrefix` or `logGroupNamePattern` (not both), pages of
 * `limit` (1–50, default 50) with `nextToken`.
 */
export function describeLogGroups(
  input: OperationInput,
  ctx: OperationContext,
): OperationOutput {
  const limit = int(input.limit, 'limit', invalidParameter) ?? 50;
  if (limit < 1 || limit > 50) {
    throw invalidParameter(
      `1 validation error detected: Value '${limit}' at 'limit' failed to satisfy constraint: Member must have value less than or equal to 50`,
    );
  }
  const accounts = list<string>(input.accountIdentifiers);
  if (accounts.length > 20) throw tooLong('accountIdentifiers', 20);
  const prefix = str(input.logGroupNamePrefix);
  const pattern = str(input.logGroupNamePattern);
  if (prefix !== undefined && pattern !== undefined) {
    throw invalidParameter(
      'LogGroup name prefix and LogGroup name pattern are mutually exclusive parameters.',
    );
  }
  const own = accountLogGroups(ctx, ctx.callerAccountId);
  const linked = bool(input.includeLinkedAccounts)
    ? linkedGroups(ctx, accounts)
    : [];
  const groups = [...own, ...linked]
    .filter(g => prefix === undefined || g.name.startsWith(prefix))
    .filter(g => pattern === undefined || g.name.includes(pattern))
    .sort(
      (a, b) =>
        Number(a.name > b.name) - Number(a.name < b.name) ||
        a.accountId.localeCompare(b.accountId),
    );
  const fingerprint = requestFingerprint(input, 'nextToken');
  const start =
    decodePageToken(input.nextToken, fingerprint, {
      invalid: () => invalidParameter('The specified nextToken is invalid.'),
    })?.o ?? 0;
  const page = groups.slice(start, start + limit);
  const end = start + page.length;
  return {
    logGroups: page.map(describeOne),
    ...(end < groups.length
      ? { nextToken: encodePageToken(fingerprint, { o: end }) }
      : {}),
  };
}
