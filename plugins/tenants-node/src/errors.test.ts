import {
  ConcurrentModificationException,
  AccountNotFoundException,
  TooManyRequestsException,
  AccessDeniedException,
  InvalidInputException,
} from '@aws-sdk/client-organizations';
import { InputError } from '@backstage/errors';
import { isAwsError, toBackstageError } from './errors';

const meta = { $metadata: {} };

describe('toBackstageError', () => {
  it('throttled → ServiceUnavailableError', () => {
    const e = toBackstageError(
      new TooManyRequestsException({ message: 'slow', ...meta }),
      'Organizations.TagResource',
    );
    expect(e.name).toBe('ServiceUnavailableError');
    expect(e.message).toBe(
      'Organizations.TagResource: AWS throttled the request (TooManyRequestsException); try again later; caused by TooManyRequestsException: slow',
    );
  });
  it('not found → NotFoundError', () => {
    expect(
      toBackstageError(new AccountNotFoundException({ message: 'x', ...meta }))
        .name,
    ).toBe('NotFoundError');
  });
  it('validation → InputError', () => {
    expect(
      toBackstageError(new InvalidInputException({ message: 'x', ...meta }))
        .name,
    ).toBe('InputError');
  });
  it('concurrent modification → ConflictError', () => {
    expect(
      toBackstageError(
        new ConcurrentModificationException({ message: 'x', ...meta }),
      ).name,
    ).toBe('ConflictError');
  });
  it('AccessDenied → misconfigured role, not a 403', () => {
    const e = toBackstageError(
      new AccessDeniedException({ message: 'no', ...meta }),
      'Organizations.CreateAccount',
    );
    expect(e.name).toBe('AwsRoleMisconfiguredError');
    expect(e.name).not.toBe('NotAllowedError');
    expect(e.message).toBe(
      'Organizations.CreateAccount: AWS denied the call (AccessDeniedException): the Tenancy IAM role is misconfigured; grant it the permission named in the plugin README; caused by AccessDeniedException: no',
    );
  });
  it('AWS 5xx → ServiceUnavailableError; Backstage errors pass through', () => {
    const e = Object.assign(new Error('boom'), {
      name: 'WeirdFault',
      $metadata: { httpStatusCode: 502 },
    });
    expect(toBackstageError(e).name).toBe('ServiceUnavailableError');
    const input = new InputError('x');
    expect(toBackstageError(input)).toBe(input);
  });
  it('isAwsError matches by name', () => {
    expect(
      isAwsError(
        new TooManyRequestsException({ message: 'x', ...meta }),
        'A',
        'TooManyRequestsException',
      ),
    ).toBe(true);
    expect(isAwsError(new Error('x'), 'Error')).toBe(false);
  });
});
