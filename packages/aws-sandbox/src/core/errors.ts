/**
 * AWS error answers. Handlers throw {@link AwsServiceError}; every protocol encoder renders it
 * so that the SDK builds the modeled exception class.
 */

/** The error a service answers when a call is throttled (fault injection and rate limits). @public */
export interface ThrottlingErrorShape {
  code: string;
  httpStatus: number;
  message: string;
}

/** Options for {@link AwsServiceError}. @public */
export interface AwsServiceErrorOptions {
  /** HTTP status, default 400. */
  httpStatus?: number;
  /** true (default for status < 500): the caller's fault (`Sender`); false: `Receiver`. */
  senderFault?: boolean;
  /** Modeled members of the exception besides the message, e.g. `{ Reason: 'ACCOUNT_NUMBER_LIMIT_EXCEEDED' }`. */
  fields?: Record<string, unknown>;
}

/**
 * An AWS error answer. `code` is the modeled error name the SDK maps to its exception class
 * (`DuplicateAccountException`, `TooManyRequestsException`, for query services the
 * `awsQueryError` code, e.g. `ValidationError`, `OperationIdAlreadyExistsException`).
 * @public
 */
export class AwsServiceError extends Error {
  readonly code: string;
  readonly httpStatus: number;
  readonly senderFault: boolean;
  readonly fields: Record<string, unknown>;

  constructor(
    code: string,
    message: string,
    options: AwsServiceErrorOptions = {},
  ) {
    super(message);
    this.name = code;
    this.code = code;
    this.httpStatus = options.httpStatus ?? 400;
    this.senderFault = options.senderFault ?? this.httpStatus < 500;
    this.fields = options.fields ?? {};
  }
}
