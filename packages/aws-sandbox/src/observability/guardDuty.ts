/**
 * GuardDuty handlers of the administrator (security) account: ListDetectors, ListMembers,
 * GetFindingsStatistics (no pagination), ListFindings, GetFindings. Wire names are GuardDuty's
 * camelCase `jsonName`s.
 */
import type { OperationContext, OperationInput, OperationOutput } from '../types';
import { AwsServiceError } from '../types';
import { dataContext, orgAccounts } from '../billing/context';
import { fingerprint } from '../billing/ceRequest';
import { SECURITY_ACCOUNT_ID } from '../model/organization';
import { offsetToken, readOffsetToken } from './context';
import { FindingFacts, detectorId, findingsOf, memberStatus } from './guardDutyModel';

const bad = (message: string) => new AwsServiceError('BadRequestException', message, { fields: { Type: 'InvalidInputException' } });

function intParam(v: unknown, name: string, min: number, max: number, fallback: number): number {
  if (v === undefined || v === null || v === '') return fallback;
  const n = Number(v);
  if (!Number.isInteger(n) || n < min || n > max) {
    throw bad(`The request is rejected because the ${name} parameter value is invalid: it must be from ${min} to ${max}.`);
  }
  return n;
}

/** The detector of the caller in the request's region; throws when `id` is another one. */
function ownDetector(input: OperationInput, ctx: OperationContext): string {
  const own = detectorId(dataContext(ctx).seed, ctx.callerAccountId, ctx.region);
  if (input.DetectorId !== own) {
    throw bad('The request is rejected because the input detectorId is not owned by the current account.');
  }
  return own;
}

/** Findings visible to the caller in the request's region (the administrator sees every member's). */
function visibleFindings(ctx: OperationContext): FindingFacts[] {
  const dc = dataContext(ctx);
  const now = ctx.now().getTime();
  const accounts = orgAccounts(ctx).filter(a =>
    ctx.callerAccountId === SECURITY_ACCOUNT_ID ? a.accountId !== SECURITY_ACCOUNT_ID : a.accountId === ctx.callerAccountId,
  );
  return accounts.flatMap(a => findingsOf(dc.seed, a, ctx.region, now));
}

function fieldValue(f: FindingFacts, field: string): string | number | undefined {
  switch (field) {
    case 'accountId':
      return f.accountId;
    case 'region':
      return f.region;
    case 'id':
      return f.id;
    case 'type':
      return f.type;
    case 'severity':
      return f.severity;
    case 'service.archived':
      return String(f.archived);
    case 'resource.resourceType':
      return f.resourceType;
    case 'updatedAt':
      return f.updatedAt;
    case 'createdAt':
    case 'service.eventFirstSeen':
      return f.createdAt;
    default:
      return undefined;
  }
}

/** Compiles `findingCriteria.criterion` into a predicate. */
export function compileCriteria(criteria: any): (f: FindingFacts) => boolean {
  const criterion = criteria?.criterion ?? {};
  if (typeof criterion !== 'object') throw bad('The request is rejected because findingCriteria is invalid.');
  const tests: ((f: FindingFacts) => boolean)[] = [];
  for (const [field, cond] of Object.entries<any>(criterion)) {
    if (fieldValue({ id: '', accountId: '', region: '', type: '', severity: 0, resourceType: '', title: '', archived: false, createdAt: 0, updatedAt: 0, count: 0 }, field) === undefined) {
      throw bad(`The request is rejected because the criterion field ${field} is not supported by the sandbox.`);
    }
    const get = (f: FindingFacts) => fieldValue(f, field)!;
    const eq: unknown[] | undefined = cond.equals ?? cond.eq;
    const neq: unknown[] | undefined = cond.notEquals ?? cond.neq;
    const num = (v: unknown) => Number(v);
    const gt = cond.greaterThan ?? cond.gt;
    const gte = cond.greaterThanOrEqual ?? cond.gte;
    const lt = cond.lessThan ?? cond.lt;
    const lte = cond.lessThanOrEqual ?? cond.lte;
    if (eq) tests.push(f => eq.map(String).includes(String(get(f))));
    if (neq) tests.push(f => !neq.map(String).includes(String(get(f))));
    if (gt !== undefined) tests.push(f => num(get(f)) > num(gt));
    if (gte !== undefined) tests.push(f => num(get(f)) >= num(gte));
    if (lt !== undefined) tests.push(f => num(get(f)) < num(lt));
    if (lte !== undefined) tests.push(f => num(get(f)) <= num(lte));
  }
  return f => tests.every(t => t(f));
}

/** ListDetectors: the caller's detector in this region. */
export function listDetectors(input: OperationInput, ctx: OperationContext): OperationOutput {
  intParam(input.maxResults, 'maxResults', 1, 50, 50);
  const dc = dataContext(ctx);
  const account = dc.directory.account(ctx.org, ctx.callerAccountId);
  const enrolled =
    ctx.callerAccountId === SECURITY_ACCOUNT_ID ||
    (account && memberStatus(dc.seed, account, ctx.region, ctx.now().getTime()) !== undefined);
  return { detectorIds: enrolled ? [detectorId(dc.seed, ctx.callerAccountId, ctx.region)] : [] };
}

/** ListMembers: member accounts and their relationship status in this region. */
export function listMembers(input: OperationInput, ctx: OperationContext): OperationOutput {
  const detector = ownDetector(input, ctx);
  const max = intParam(input.maxResults, 'maxResults', 1, 50, 50);
  const onlyAssociated = String(input.onlyAssociated ?? 'true') !== 'false';
  if (ctx.callerAccountId !== SECURITY_ACCOUNT_ID) return { members: [] };
  const dc = dataContext(ctx);
  const now = ctx.now().getTime();
  const members: OperationOutput[] = [];
  for (const a of orgAccounts(ctx)) {
    if (a.accountId === SECURITY_ACCOUNT_ID) continue;
    const status = memberStatus(dc.seed, a, ctx.region, now);
    if (!status || (onlyAssociated && status !== 'Enabled')) continue;
    const invited = new Date(a.createdAt.getTime() + 3_600_000).toISOString();
    members.push({
      accountId: a.accountId,
      detectorId: detectorId(dc.seed, a.accountId, ctx.region),
      masterId: SECURITY_ACCOUNT_ID,
      administratorId: SECURITY_ACCOUNT_ID,
      email: ctx.org.account(a.accountId)?.email ?? `aws+${a.accountId}@saas-example.com`,
      relationshipStatus: status,
      invitedAt: invited,
      updatedAt: invited,
    });
  }
  const fp = fingerprint({ ...input, DetectorId: detector }, 'nextToken');
  const offset = readOffsetToken(input.nextToken, fp, () => bad('The request is rejected because the nextToken is invalid.'));
  const page = members.slice(offset, offset + max);
  return {
    members: page,
    ...(offset + page.length < members.length ? { nextToken: offsetToken(fp, offset + page.length) } : {}),
  };
}

/** GetFindingsStatistics: counts by ACCOUNT, DATE, FINDING_TYPE, RESOURCE or SEVERITY (no pagination). */
export function getFindingsStatistics(input: OperationInput, ctx: OperationContext): OperationOutput {
  ownDetector(input, ctx);
  const groupBy = input.groupBy;
  const types: string[] | undefined = input.findingStatisticTypes;
  if (!groupBy && !types?.length) {
    throw bad('The request is rejected because either groupBy or findingStatisticTypes must be specified.');
  }
  if (groupBy && !['ACCOUNT', 'DATE', 'FINDING_TYPE', 'RESOURCE', 'SEVERITY'].includes(groupBy)) {
    throw bad(`The request is rejected because the groupBy value ${groupBy} is invalid.`);
  }
  const max = intParam(input.maxResults, 'maxResults', 1, 100, 25);
  const desc = (input.orderBy ?? 'DESC') !== 'ASC';
  const findings = visibleFindings(ctx).filter(compileCriteria(input.findingCriteria));
  const stats: OperationOutput = {};
  if (types?.includes('COUNT_BY_SEVERITY')) {
    const counts: Record<string, number> = {};
    for (const f of findings) counts[f.severity.toFixed(1)] = (counts[f.severity.toFixed(1)] ?? 0) + 1;
    stats.countBySeverity = counts;
  }
  if (groupBy) {
    const groups = new Map<string, { total: number; last: number; f: FindingFacts; maxSeverity: number }>();
    const keyOf = (f: FindingFacts) =>
      groupBy === 'ACCOUNT' ? f.accountId
      : groupBy === 'DATE' ? new Date(f.updatedAt).toISOString().slice(0, 10)
      : groupBy === 'FINDING_TYPE' ? f.type
      : groupBy === 'RESOURCE' ? `${f.accountId}/${f.resourceType}`
      : f.severity.toFixed(1);
    for (const f of findings) {
      const k = keyOf(f);
      const g = groups.get(k) ?? { total: 0, last: 0, f, maxSeverity: 0 };
      g.total++;
      g.last = Math.max(g.last, f.updatedAt);
      g.maxSeverity = Math.max(g.maxSeverity, f.severity);
      groups.set(k, g);
    }
    const sorted = [...groups.entries()]
      .sort(([ka, a], [kb, b]) => (desc ? b.total - a.total : a.total - b.total) || (ka < kb ? -1 : 1))
      .slice(0, max);
    const last = (g: { last: number }) => new Date(g.last);
    switch (groupBy) {
      case 'ACCOUNT':
        stats.groupedByAccount = sorted.map(([k, g]) => ({ accountId: k, lastGeneratedAt: last(g), totalFindings: g.total }));
        break;
      case 'DATE':
        stats.groupedByDate = sorted.map(([k, g]) => ({ date: k, lastGeneratedAt: last(g), severity: g.maxSeverity, totalFindings: g.total }));
        break;
      case 'FINDING_TYPE':
        stats.groupedByFindingType = sorted.map(([k, g]) => ({ findingType: k, lastGeneratedAt: last(g), totalFindings: g.total }));
        break;
      case 'RESOURCE':
        stats.groupedByResource = sorted.map(([, g]) => ({ accountId: g.f.accountId, lastGeneratedAt: last(g), resourceId: `${g.f.accountId}-${g.f.resourceType}`, resourceType: g.f.resourceType, totalFindings: g.total }));
        break;
      default:
        stats.groupedBySeverity = sorted.map(([k, g]) => ({ severity: Number(k), lastGeneratedAt: last(g), totalFindings: g.total }));
    }
  }
  return { findingStatistics: stats };
}

const SORTABLE = new Set(['accountId', 'createdAt', 'updatedAt', 'severity', 'type', 'id', 'region']);

/** ListFindings: finding ids matching the criteria, 50 per page at most. */
export function listFindings(input: OperationInput, ctx: OperationContext): OperationOutput {
  const detector = ownDetector(input, ctx);
  const max = intParam(input.maxResults, 'maxResults', 1, 50, 50);
  const findings = visibleFindings(ctx).filter(compileCriteria(input.findingCriteria));
  const sort = input.sortCriteria;
  if (sort?.attributeName) {
    if (!SORTABLE.has(sort.attributeName)) throw bad(`The request is rejected because sortCriteria.attributeName ${sort.attributeName} is not supported.`);
    const dir = sort.orderBy === 'DESC' ? -1 : 1;
    findings.sort((a, b) => {
      const x = fieldValue(a, sort.attributeName)!;
      const y = fieldValue(b, sort.attributeName)!;
      return (x < y ? -dir : x > y ? dir : 0) || (a.id < b.id ? -1 : 1);
    });
  }
  const fp = fingerprint({ ...input, DetectorId: detector }, 'nextToken');
  const offset = readOffsetToken(input.nextToken, fp, () => bad('The request is rejected because the nextToken is invalid.'));
  const page = findings.slice(offset, offset + max);
  return {
    findingIds: page.map(f => f.id),
    ...(offset + page.length < findings.length ? { nextToken: offsetToken(fp, offset + page.length) } : {}),
  };
}

/** GetFindings: details of up to 50 findings, unknown ids skipped. */
export function getFindings(input: OperationInput, ctx: OperationContext): OperationOutput {
  const detector = ownDetector(input, ctx);
  const ids: string[] = Array.isArray(input.findingIds) ? input.findingIds : [];
  if (ids.length === 0 || ids.length > 50) {
    throw bad('The request is rejected because findingIds must hold 1 to 50 ids.');
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
