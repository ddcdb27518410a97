import {
  ConflictError,
  CustomErrorBase,
  InputError,
  NotFoundError,
  ServiceUnavailableError,
} from '@backstage/errors';

/**
 * An AWS AccessDenied: the portal's IAM role lacks a permission. This is a deployment fault
 * (the role is misconfigured), never the signed-in user's missing permission, so it is not a
 * 403; Backstage's error handler answers it with 500.
 *
 * @public
 */
export class AwsRoleMisconfiguredError extends CustomErrorBase {
  name = 'AwsRoleMisconfiguredError' as const;
}

const THROTTLING = new Set([
  'ThrottlingException',
  'Throttling',
  'TooManyRequestsException',
  'RequestLimitExceeded',
  'RequestThrottled',
  'RequestThrottledException',
  'SlowDown',
  'ProvisionedThroughputExceededException',
  'LimitExceededException',
  'ServiceUnavailable',
  'ServiceUnavailableException',
  'ServiceException',
  'InternalServerError',
  'InternalFailure',
]);

const NOT_FOUND = new Set([
  'ResourceNotFoundException',
  'NotFoundException',
  'NoSuchEntity',
  'NoSuchEntityException',
  'StackSetNotFoundException',
  'StackInstanceNotFoundException',
  'OperationNotFoundException',
  'ExecutionDoesNotExist',
  'StateMachineDoesNotExist',
]);

const VALIDATION = new Set([
  'ValidationException',
  'ValidationError',
  'InvalidInputException',
  'InvalidParameterException',
  'InvalidParameterValueException',
  'InvalidParameterCombinationException',
  'InvalidRequestException',
  'InvalidNextTokenException',
  'MalformedPolicyDocumentException',
  'InvalidName',
  'InvalidArn',
  'InvalidExecutionInput',
  'CreationLimitExceededException',
  'ConstraintViolationException',
  'PolicyTypeNotEnabledException',
]);

const CONFLICT = new Set([
  'ConcurrentModificationException',
  'OperationInProgressException',
  'OperationIdAlreadyExistsException',
  'NameAlreadyExistsException',
  'DuplicateRecordException',
  'DuplicatePolicyException',
  'DuplicatePolicyAttachmentException',
  'DuplicateAccountException',
  'ExecutionAlreadyExists',
]);

const ACCESS_DENIED = new Set([
  'AccessDeniedException',
  'AccessDenied',
  'AccessDeniedForDependencyException',
  'UnauthorizedOperation',
  'UnrecognizedClientException',
  'InvalidClientTokenId',
  'ExpiredTokenException',
  'AuthFailure',
]);

function awsName(error: unknown): string | undefined {
  if (error && typeof error === 'object') {
    const e = error as { name?: unknown; Code?: unknown; code?: unknown };
    for (const v of [e.name, e.Code, e.code]) {
      if (typeof v === 'string' && v !== 'Error') return v;
    }
  }
  return undefined;
}

function httpStatus(error: unknown): number | undefined {
  const meta = (error as { $metadata?: { httpStatusCode?: number } })
    ?.$metadata;
  return meta?.httpStatusCode;
}

/**
 * Maps an AWS SDK v3 error to a typed Backstage error, in one place:
 * throttling and AWS 5xx → `ServiceUnavailableError` (503); not found (`*NotFoundException`,
 * `NoSuchEntity`, …) → `NotFoundError` (404); validation (`ValidationException`,
 * `InvalidInputException`, …) → `InputError` (400); concurrent changes and duplicates →
 * `ConflictError` (409); AccessDenied and invalid credentials → {@link AwsRoleMisconfiguredError}
 * (a misconfigured role, never 403). Errors that already are Backstage errors pass through;
 * anything else becomes an `Error` whose message names the AWS error and the operation.
 *
 * @param error - what the SDK threw
 * @param operation - what was attempted, e.g. `Organizations.MoveAccount`, for the message
 * @public
 */
export function toBackstageError(error: unknown, operation?: string): Error {
  const name = awsName(error);
  const message =
    (error as { message?: string } | undefined)?.message ?? String(error);
  const where = operation ? `${operation}: ` : '';
  if (!name || !(error instanceof Error)) {
    return error instanceof Error ? error : new Error(`${where}${message}`);
  }
  if (
    [
      'InputError',
      'NotFoundError',
      'ConflictError',
      'ServiceUnavailableError',
      'NotAllowedError',
      'AuthenticationError',
      'AwsRoleMisconfiguredError',
    ].includes(name)
  ) {
    return error;
  }
  const text = `${where}AWS answered ${name}`;
  if (ACCESS_DENIED.has(name)) {
    return new AwsRoleMisconfiguredError(
      `${where}AWS denied the call (${name}): the Tenancy IAM role is misconfigured; grant it the permission named in the plugin README`,
      error,
    );
  }
  if (THROTTLING.has(name)) {
    return new ServiceUnavailableError(
      `${where}AWS throttled the request (${name}); try again later`,
      error,
    );
  }
  if (NOT_FOUND.has(name) || /NotFound(Exception)?$/.test(name)) {
    return new NotFoundError(text, error);
  }
  if (VALIDATION.has(name)) return new InputError(text, error);
  if (CONFLICT.has(name)) return new ConflictError(text, error);
  const status = httpStatus(error);
  if (status !== undefined && status >= 500) {
    return new ServiceUnavailableError(text, error);
  }
  return error;
}

/**
 * True when the AWS error `name` is one of `names`, e.g.
 * `isAwsError(e, 'DuplicateAccountException')`.
 *
 * @public
 */
export function isAwsError(error: unknown, ...names: string[]): boolean {
  const name = awsName(error);
  return name !== undefined && names.includes(name);
}
