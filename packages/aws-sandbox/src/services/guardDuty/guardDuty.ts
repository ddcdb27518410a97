/**
 * GuardDuty handlers of the administrator (security) account: ListDetectors, ListMembers, GetMembers,
 * GetFindingsStatistics (no pagination), ListFindings, GetFindings. Wire names are GuardDuty's
 * camelCase `jsonName`s.
 */
import type {
  OperationContext,
  OperationInput,
  OperationOutput,
} from '../../core/service';
import { accountById, orgAccounts } from '../../core/context';
import { compare } from '../../core/compare';
import { DataAccount } from '../../core/dataAccounts';
import { SECURITY_ACCOUNT_ID } from '../../core/organization/organization';
import {
  FindingFacts,
  GUARDDUTY_ADMIN_REGIONS,
  detectorId,
  memberStatus,
  organizationAutoEnable,
} from './guardDutyModel';
import {
  bad,
  compileCriteria,
  fieldValue,
  intParam,
  ownDetector,
  visibleFindings,
} from './guardDutyCriteria';
import {
  decodePageToken,
  encodePageToken,
  requestFingerprint,
} from '../../core/pageToken';

/**
 * The detector a list call names (the caller's own, else BadRequestException) and its page size
 * (`maxResults`, 1 to 50, default 50).
 */
function listRequest(
  input: OperationInput,
  ctx: OperationContext,
): { detector: string; max: number } {
  const detector = ownDetector(input, ctx);
  return {
    detector,
    max: intParam(input.maxResults, 'maxResults', 1, 50, 50),
  };
}

/**
 * One page of a GuardDuty list: at most `max` items after the offset carried by `input.nextToken`
 * (bound to this request's other parameters and the detector), and the token of the next page when
 * more remain. An unreadable or foreign token is a BadRequestException, as GuardDuty answers.
 */
function pageAfterToken<T>(
  items: T[],
  input: OperationInput,
  detector: string,
  max: number,
): { page: T[]; nextToken?: string } {
  const fp = requestFingerprint(
    { ...input, DetectorId: detector },
    'nextToken',
  );
  const offset =
    decodePageToken(input.nextToken, fp, {
      invalid: () =>
        bad('The request is rejected because the nextToken is invalid.'),
    })?.o ?? 0;
  const page = items.slice(offset, offset + max);
  return offset + page.length < items.length
    ? { page, nextToken: encodePageToken(fp, { o: offset + page.length }) }
    : { page };
}

/** ListDetectors: the caller's detector in this region. */
export function listDetectors(
  input: OperationInput,
  ctx: OperationContext,
): OperationOutput {
  intParam(input.maxResults, 'maxResults', 1, 50, 50);
  const dc = ctx.data;
  const account = accountById(ctx, ctx.callerAccountId);
  const enrolled =
    (ctx.callerAccountId === SECURITY_ACCOUNT_ID &&
      GUARDDUTY_ADMIN_REGIONS.includes(ctx.region)) ||
    (account &&
      memberStatus(dc.seed, account, ctx.region, ctx.now().getTime()) !==
        undefined);
  return {
    detectorIds: enrolled
      ? [detectorId(dc.seed, ctx.callerAccountId, ctx.region)]
      : [],
  };
}

/**
 * DescribeOrganizationConfiguration: how the administrator's detector in this region enrolls the
 * organization's accounts. Only the administrator may ask (BadRequestException otherwise).
 */
export function describeOrganizationConfiguration(
  input: OperationInput,
  ctx: OperationContext,
): OperationOutput {
  ownDetector(input, ctx);
  if (ctx.callerAccountId !== SECURITY_ACCOUNT_ID) {
    throw bad(
      'The request is rejected because the current account is not the GuardDuty administrator account.',
    );
  }
  const mode = organizationAutoEnable(ctx.region);
  return {
    autoEnable: mode !== 'NONE',
    autoEnableOrganizationMembers: mode,
    memberAccountLimitReached: false,
    dataSources: {
      s3Logs: { autoEnable: true },
    },
  };
}

/** A Member as ListMembers and GetMembers answer it. */
function memberOf(ctx: OperationContext, a: DataAccount, status: string) {
  const invited = new Date(a.createdAt.getTime() + 3_600_000).toISOString();
  return {
    accountId: a.accountId,
    detectorId: detectorId(ctx.data.seed, a.accountId, ctx.region),
    masterId: SECURITY_ACCOUNT_ID,
    administratorId: SECURITY_ACCOUNT_ID,
    email:
      ctx.org.account(a.accountId)?.email ??
      `aws+${a.accountId}@saas-example.com`,
    relationshipStatus: status,
    invitedAt: invited,
    updatedAt: invited,
  };
}

/**
 * GetMembers: the named accounts (1–50) that are members in this region; the others are answered
 * as `unprocessedAccounts`.
 */
export function getMembers(
  input: OperationInput,
  ctx: OperationContext,
): OperationOutput {
  ownDetector(input, ctx);
  const ids: unknown = input.accountIds;
  if (!Array.isArray(ids) || ids.length < 1 || ids.length > 50) {
    throw bad(
      'The request is rejected because accountIds must name 1 to 50 accounts.',
    );
  }
  const dc = ctx.data;
  const now = ctx.now().getTime();
  const members: OperationOutput[] = [];
  const unprocessedAccounts: OperationOutput[] = [];
  for (const id of ids.map(String)) {
    const a = accountById(ctx, id);
    const status =
      ctx.callerAccountId === SECURITY_ACCOUNT_ID && a
        ? memberStatus(dc.seed, a, ctx.region, now)
        : undefined;
    if (a && status) members.push(memberOf(ctx, a, status));
    else
      unprocessedAccounts.push({
        accountId: id,
        result: 'The request is rejected because the account is not a member.',
      });
  }
  return { members, unprocessedAccounts };
}

/** ListMembers: member accounts and their relationship status in this region. */
export function listMembers(
  input: OperationInput,
  ctx: OperationContext,
): OperationOutput {
  const { detector, max } = listRequest(input, ctx);
  const onlyAssociated = String(input.onlyAssociated ?? 'true') !== 'false';
  if (ctx.callerAccountId !== SECURITY_ACCOUNT_ID) return { members: [] };
  const dc = ctx.data;
  const now = ctx.now().getTime();
  const members: { a: DataAccount; status: string }[] = [];
  for (const a of orgAccounts(ctx)) {
    if (a.accountId === SECURITY_ACCOUNT_ID) continue;
    const status = memberStatus(dc.seed, a, ctx.region, now);
    if (!status || (onlyAssociated && status !== 'Enabled')) continue;
    members.push({ a, status });
  }
  const { page, nextToken } = pageAfterToken(members, input, detector, max);
  return {
    members: page.map(({ a, status }) => memberOf(ctx, a, status)),
    ...(nextToken ? { nextToken } : {}),
  };
}

/** GetFindingsStatistics: counts by ACCOUNT, DATE, FINDING_TYPE, RESOURCE or SEVERITY (no pagination). */
export function getFindingsStatistics(
  input: OperationInput,
  ctx: OperationContext,
): OperationOutput {
  ownDetector(input, ctx);
  const groupBy = input.groupBy;
  const types: string[] | undefined = input.findingStatisticTypes;
  if (!groupBy && !types?.length) {
    throw bad(
      'The request is rejected because either groupBy or findingStatisticTypes must be specified.',
    );
  }
  if (
    groupBy &&
    !['ACCOUNT', 'DATE', 'FINDING_TYPE', 'RESOURCE', 'SEVERITY'].includes(
      groupBy,
    )
  ) {
    throw bad(
      `The request is rejected because the groupBy value ${groupBy} is invalid.`,
    );
  }
  const max = intParam(input.maxResults, 'maxResults', 1, 100, 25);
  const desc = (input.orderBy ?? 'DESC') !== 'ASC';
  const findings = visibleFindings(ctx).filter(
    compileCriteria(input.findingCriteria),
  );
  const stats: OperationOutput = {};
  if (types?.includes('COUNT_BY_SEVERITY')) {
    const counts: Record<string, number> = {};
    for (const f of findings)
      counts[f.severity.toFixed(1)] = (counts[f.severity.toFixed(1)] ?? 0) + 1;
    stats.countBySeverity = counts;
  }
  if (groupBy) {
    const groups = new Map<
      string,
      { total: number; last: number; f: FindingFacts; maxSeverity: number }
    >();
    const keyOf = (f: FindingFacts): string => {
      switch (groupBy) {
        case 'ACCOUNT':
          return f.accountId;
        case 'DATE':
          return new Date(f.updatedAt).toISOString().slice(0, 10);
        case 'FINDING_TYPE':
          return f.type;
        case 'RESOURCE':
          return `${f.accountId}/${f.resourceType}`;
        default:
          return f.severity.toFixed(1);
      }
    };
    for (const f of findings) {
      const k = keyOf(f);
      const g = groups.get(k) ?? { total: 0, last: 0, f, maxSeverity: 0 };
      g.total++;
      g.last = Math.max(g.last, f.updatedAt);
      g.maxSeverity = Math.max(g.maxSeverity, f.severity);
      groups.set(k, g);
    }
    const sorted = [...groups.entries()]
      .sort(
        ([ka, a], [kb, b]) =>
          (desc ? b.total - a.total : a.total - b.total) || (ka < kb ? -1 : 1),
      )
      .slice(0, max);
    const last = (g: { last: number }) => new Date(g.last);
    switch (groupBy) {
      case 'ACCOUNT':
        stats.groupedByAccount = sorted.map(([k, g]) => ({
          accountId: k,
          lastGeneratedAt: last(g),
          totalFindings: g.total,
        }));
        break;
      case 'DATE':
        stats.groupedByDate = sorted.map(([k, g]) => ({
          date: k,
          lastGeneratedAt: last(g),
          severity: g.maxSeverity,
          totalFindings: g.total,
        }));
        break;
      case 'FINDING_TYPE':
        stats.groupedByFindingType = sorted.map(([k, g]) => ({
          findingType: k,
          lastGeneratedAt: last(g),
          totalFindings: g.total,
        }));
        break;
      case 'RESOURCE':
        stats.groupedByResource = sorted.map(([, g]) => ({
          accountId: g.f.accountId,
          lastGeneratedAt: last(g),
          resourceId: `${g.f.accountId}-${g.f.resourceType}`,
          resourceType: g.f.resourceType,
          totalFindings: g.total,
        }));
        break;
      default:
        stats.groupedBySeverity = sorted.map(([k, g]) => ({
          severity: Number(k),
          lastGeneratedAt: last(g),
          totalFindings: g.total,
        }));
    }
  }
  return { findingStatistics: stats };
}

const SORTABLE = new Set([
  'accountId',
  'createdAt',
  'updatedAt',
  'severity',
  'type',
  'id',
  'region',
]);

/** ListFindings: finding ids matching the criteria, 50 per page at most. */
export function listFindings(
  input: OperationInput,
  ctx: OperationContext,
): OperationOutput {
  const { detector, max } = listRequest(input, ctx);
  const findings = visibleFindings(ctx).filter(
    compileCriteria(input.findingCriteria),
  );
  const sort = input.sortCriteria;
  if (sort?.attributeName) {
    if (!SORTABLE.has(sort.attributeName))
      throw bad(
        `The request is rejected because sortCriteria.attributeName ${sort.attributeName} is not supported.`,
      );
    const dir = sort.orderBy === 'DESC' ? -1 : 1;
    findings.sort((a, b) => {
      const x = fieldValue(a, sort.attributeName)!;
      const y = fieldValue(b, sort.attributeName)!;
      return dir * compare(x, y) || compare(a.id, b.id);
    });
  }
  const { page, nextToken } = pageAfterToken(findings, input, detector, max);
  return {
    findingIds: page.map(f => f.id),
    ...(nextToken ? { nextToken } : {}),
  };
}

/** GetFindings: details of up to 50 findings, unknown ids skipped. */
export function getFindings(
  input: OperationInput,
  ctx: OperationContext,
): OperationOutput {
  const detector = ownDetector(input, ctx);
  const ids: string[] = Array.isArray(input.findingIds) ? input.findingIds : [];
  if (ids.length === 0 || ids.length > 50) {
    throw bad(
      'The request is rejected because findingIds must hold 1 to 50 ids.',
    );
  }
  const byId = new Map(visibleFindings(ctx).map(f => [f.id, f]));
  return {
    findings: ids.flatMap(id => {
      const f = byId.get(id);
      if (!f) return [];
      return [
        {
          accountId: f.accountId,
          arn: `arn:aws:guardduty:${f.region}:${f.accountId}:detector/${detector}/finding/${f.id}`,
          createdAt: new Date(f.createdAt).toISOString(),
          updatedAt: new Date(f.updatedAt).toISOString(),
          id: f.id,
          region: f.region,
          partition: 'aws',
          schemaVersion: '2.0',
          severity: f.severity,
          confidence: 8,
          type: f.type,
          title: f.title,
          description: f.title,
          resource: { resourceType: f.resourceType },
          service: {
            archived: f.archived,
            count: f.count,
            detectorId: detector,
            eventFirstSeen: new Date(f.createdAt).toISOString(),
            eventLastSeen: new Date(f.updatedAt).toISOString(),
            serviceName: 'guardduty',
            resourceRole: 'TARGET',
          },
        },
      ];
    }),
  };
}
