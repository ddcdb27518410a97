/** Shared pieces of the Organizations emulation: errors, output shapes, paging. */
import { int, str } from '../../core/input';
import type {
  SandboxAccount,
  SandboxPolicy,
} from '../../core/organization/organization';
import { OperationContext, OperationInput } from '../../core/service';
import { AwsServiceError } from '../../core/errors';
import { pageList } from '../../core/pageToken';

/** Organizations' InvalidInputException with its Reason. */
export function invalidInput(reason: string, message: string): AwsServiceError {
  return new AwsServiceError('InvalidInputException', message, {
    fields: { Reason: reason },
  });
}

/** Organizations' ConstraintViolationException with its Reason. */
export function constraintViolation(
  reason: string,
  message: string,
): AwsServiceError {
  return new AwsServiceError('ConstraintViolationException', message, {
    fields: { Reason: reason },
  });
}

/** An Organizations error that has only a message (e.g. AccountNotFoundException). */
export function orgError(code: string, message: string): AwsServiceError {
  return new AwsServiceError(code, message);
}

/** Validation of a missing member, as Organizations answers it. */
export const inputRequired = (message: string) =>
  invalidInput('INPUT_REQUIRED', message);

/** Organizations APIs other than DescribeOrganization answer only the management account. */
export function requireManagement(ctx: OperationContext): void {
  if (ctx.callerAccountId !== ctx.org.managementAccountId) {
    throw new AwsServiceError(
      'AccessDeniedException',
      "You don't have permissions to access this resource. This operation can be called only from the organization's management account.",
      { httpStatus: 400 },
    );
  }
}

/** Checks the id syntax of an account (12 digits). */
export function checkAccountId(
  id: string | undefined,
  member = 'AccountId',
): string {
  if (!id) throw inputRequired(`You must specify a value for ${member}.`);
  if (!/^\d{12}$/.test(id)) {
    throw invalidInput(
      'INVALID_PATTERN',
      `The value for ${member} must be a 12-digit account ID.`,
    );
  }
  return id;
}

/** Checks the id syntax of a parent (`r-…` or `ou-…`). */
export function checkParentId(
  id: string | undefined,
  member = 'ParentId',
): string {
  if (!id) throw inputRequired(`You must specify a value for ${member}.`);
  if (!/^(r-[0-9a-z]{4,32}|ou-[0-9a-z]{4,32}-[a-z0-9]{8,32})$/.test(id)) {
    throw invalidInput(
      'INVALID_PATTERN_TARGET_ID',
      `The value for ${member} is not a valid root or OU ID.`,
    );
  }
  return id;
}

/** One page of a list, Organizations style (MaxResults 1..20, default 20). */
export function orgPage<T>(
  items: T[],
  input: OperationInput,
  key: string,
): { page: T[]; NextToken?: string } {
  const fail = (m: string) => invalidInput('INVALID_INPUT', m);
  const max = int(input.MaxResults, 'MaxResults', fail);
  if (max !== undefined && max < 1) {
    throw invalidInput('MIN_VALUE_EXCEEDED', 'MaxResults must be at least 1.');
  }
  if (max !== undefined && max > 20) {
    throw invalidInput(
      'MAX_VALUE_EXCEEDED',
      'MaxResults must be less than or equal to 20.',
    );
  }
  const { page, nextToken } = pageList(items, {
    maxResults: max,
    nextToken: str(input.NextToken),
    defaultMax: 20,
    key,
    invalidToken: () =>
      invalidInput(
        'INVALID_PAGINATION_TOKEN',
        'The NextToken is not valid for this request.',
      ),
  });
  return { page, NextToken: nextToken };
}

/** `Account` as Organizations answers it. */
export function accountShape(a: SandboxAccount) {
  // Like AWS since the retirement of `Status` (announced for September 2026): the account's
  // lifecycle is `State` only (PENDING_ACTIVATION, ACTIVE, SUSPENDED, PENDING_CLOSURE, CLOSED);
  // `Status` is omitted from the answer.
  return {
    Id: a.id,
    Arn: a.arn,
    Email: a.email,
    Name: a.name,
    State: a.state,
    JoinedMethod: a.joinedMethod,
    JoinedTimestamp: new Date(a.joinedAt),
  };
}

/** `PolicySummary` as Organizations answers it. */
export function policySummary(p: SandboxPolicy) {
  return {
    Id: p.id,
    Arn: p.arn,
    Name: p.name,
    Description: p.description,
    Type: p.type,
    AwsManaged: p.awsManaged,
  };
}

/** Tags from `[{Key, Value}]`, checked as AWS checks them. */
export function readTags(value: unknown): Record<string, string> {
  const out: Record<string, string> = {};
  for (const t of (Array.isArray(value) ? value : []) as Array<
    Record<string, unknown>
  >) {
    const key = str(t?.Key);
    const v = str(t?.Value) ?? '';
    if (!key || key.length > 128) {
      throw invalidInput(
        'INVALID_INPUT',
        'Tag keys must be 1 to 128 characters.',
      );
    }
    if (v.length > 256)
      throw invalidInput(
        'INVALID_INPUT',
        'Tag values must be at most 256 characters.',
      );
    if (key.toLowerCase().startsWith('aws:')) {
      throw invalidInput(
        'INVALID_SYSTEM_TAGS_PARAMETER',
        'Tag keys cannot start with aws:.',
      );
    }
    out[key] = v;
  }
  return out;
}
