/**
 * GuardDuty request helpers: errors, paging parameters, the caller's detector, the findings the
 * caller can see and `findingCriteria` evaluation.
 */
import type { OperationContext, OperationInput } from '../../core/service';
import { AwsServiceError } from '../../core/errors';
import { defineDataSlot, orgAccounts } from '../../core/context';
import { SECURITY_ACCOUNT_ID } from '../../core/organization/organization';
import { FindingFacts, detectorId, findingsOf } from './guardDutyModel';

/** GuardDuty's BadRequestException. */
export const bad = (message: string) =>
  new AwsServiceError('BadRequestException', message, {
    fields: { Type: 'InvalidInputException' },
  });

/** Reads an integer parameter within [min, max]. */
export function intParam(
  v: unknown,
  name: string,
  min: number,
  max: number,
  fallback: number,
): number {
  if (v === undefined || v === null || v === '') return fallback;
  const n = Number(v);
  if (!Number.isInteger(n) || n < min || n > max) {
    throw bad(
      `The request is rejected because the ${name} parameter value is invalid: it must be from ${min} to ${max}.`,
    );
  }
  return n;
}

/** The detector of the caller in the request's region; throws when `id` is another one. */
export function ownDetector(
  input: OperationInput,
  ctx: OperationContext,
): string {
  const own = detectorId(ctx.data.seed, ctx.callerAccountId, ctx.region);
  if (input.DetectorId !== own) {
    throw bad(
      'The request is rejected because the input detectorId is not owned by the current account.',
    );
  }
  return own;
}

/** GuardDuty's per-sandbox data: the last findings view (one at a time, the administrator's). */
interface GuardDutyData {
  findings?: { key: string; from: unknown; list: FindingFacts[] };
}

const GUARD_DUTY_DATA = defineDataSlot<GuardDutyData>('guardDuty', () => ({}));

/** Findings visible to the caller in the request's region (the administrator sees every member's). */
export function visibleFindings(ctx: OperationContext): FindingFacts[] {
  const data = ctx.data.slot(GUARD_DUTY_DATA);
  const now = Math.floor(ctx.now().getTime() / 1000) * 1000; // whole seconds, as GuardDuty reports
  const all = orgAccounts(ctx);
  // The administrator's view is cached per (accounts, region, instant): statistics calls come
  // in bursts (one per severity band and chunk of accounts).
  const added = ctx.state.addedFindings ?? [];
  const key = `${ctx.callerAccountId}:${ctx.region}:${now}:${added.length}`;
  const cached = data.findings;
  if (cached && cached.key === key && cached.from === all) return cached.list;
  const list = all
    .filter(a =>
      ctx.callerAccountId === SECURITY_ACCOUNT_ID
        ? a.accountId !== SECURITY_ACCOUNT_ID
        : a.accountId === ctx.callerAccountId,
    )
    .flatMap(a => [
      ...findingsOf(ctx.data.seed, a, ctx.region, now),
      ...added.filter(
        f => f.accountId === a.accountId && f.region === ctx.region,
      ),
    ]);
  data.findings = { key, from: all, list };
  return list;
}

/** The value of a finding field named as in findingCriteria. */
export function fieldValue(
  f: FindingFacts,
  field: string,
): string | number | undefined {
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

/** Most values of one condition's `equals` or `notEquals` list (GuardDuty API reference, Condition). */
export const MAX_CONDITION_VALUES = 50;

/** Compiles `findingCriteria.criterion` into a predicate. */
export function compileCriteria(criteria: any): (f: FindingFacts) => boolean {
  const criterion = criteria?.criterion ?? {};
  if (typeof criterion !== 'object')
    throw bad('The request is rejected because findingCriteria is invalid.');
  const tests: ((f: FindingFacts) => boolean)[] = [];
  for (const [field, cond] of Object.entries<any>(criterion)) {
    if (
      fieldValue(
        {
          id: '',
          accountId: '',
          region: '',
          type: '',
          severity: 0,
          resourceType: '',
          title: '',
          archived: false,
          createdAt: 0,
          updatedAt: 0,
          count: 0,
        },
        field,
      ) === undefined
    ) {
      throw bad(
        `The request is rejected because the criterion field ${field} is not supported by the sandbox.`,
      );
    }
    const get = (f: FindingFacts) => fieldValue(f, field)!;
    const eq: unknown[] | undefined = cond.equals ?? cond.eq;
    const neq: unknown[] | undefined = cond.notEquals ?? cond.neq;
    for (const [name, list] of [
      ['equals', eq],
      ['notEquals', neq],
    ] as const) {
      if (list && list.length > MAX_CONDITION_VALUES) {
        throw bad(
          `The request is rejected because the criterion ${field} has ${list.length} ${name} values; at most ${MAX_CONDITION_VALUES} are allowed.`,
        );
      }
    }
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
