/** Shared pieces of the CloudFormation StackSets emulation. */
import { int, str } from '../../core/input';
import { StackSetRecord } from '../../core/state';
import { OperationContext, OperationInput } from '../../core/service';
import { AwsServiceError } from '../../core/errors';
import { pageList } from '../../core/pageToken';

/** CloudFormation's ValidationError. */
export const validationError = (message: string) =>
  new AwsServiceError('ValidationError', message);

/** Checks CallAs against the caller and returns the StackSet. */
export function findStackSet(
  input: OperationInput,
  ctx: OperationContext,
): StackSetRecord {
  checkCallAs(input, ctx);
  const name = str(input.StackSetName);
  if (!name)
    throw validationError(
      "1 validation error detected: Value null at 'stackSetName' failed to satisfy constraint: Member must not be null",
    );
  const set = ctx.state.stackSets.find(
    s => (s.name === name || s.id === name) && s.status === 'ACTIVE',
  );
  if (!set) {
    throw new AwsServiceError(
      'StackSetNotFoundException',
      `StackSet ${name} not found`,
      { httpStatus: 404 },
    );
  }
  return set;
}

/** Who may call: the management account as SELF, a shared member account as DELEGATED_ADMIN. */
export function checkCallAs(
  input: OperationInput,
  ctx: OperationContext,
): void {
  const callAs = str(input.CallAs) ?? 'SELF';
  if (callAs !== 'SELF' && callAs !== 'DELEGATED_ADMIN') {
    throw validationError(
      `Value '${callAs}' at 'callAs' failed to satisfy constraint: Member must satisfy enum value set: [SELF, DELEGATED_ADMIN]`,
    );
  }
  const management = ctx.callerAccountId === ctx.org.managementAccountId;
  if (callAs === 'DELEGATED_ADMIN') {
    const account = ctx.org.account(ctx.callerAccountId);
    if (management || account?.kind !== 'shared') {
      throw validationError(
        `Account ${ctx.callerAccountId} is not registered as a delegated administrator for CloudFormation StackSets`,
      );
    }
  } else if (!management) {
    throw new AwsServiceError(
      'StackSetNotFoundException',
      'StackSet not found in this account (call as DELEGATED_ADMIN?)',
      { httpStatus: 404 },
    );
  }
}

export function page<T>(
  items: T[],
  input: OperationInput,
  key: string,
  defaultMax = 100,
) {
  const max = int(input.MaxResults, 'MaxResults', validationError);
  if (max !== undefined && (max < 1 || max > 100)) {
    throw validationError(
      `Value '${max}' at 'maxResults' failed to satisfy constraint: Member must have value between 1 and 100`,
    );
  }
  const { page: items2, nextToken } = pageList(items, {
    maxResults: max,
    nextToken: str(input.NextToken),
    defaultMax,
    key,
    invalidToken: () => validationError('Invalid NextToken'),
  });
  return { items: items2, NextToken: nextToken };
}
