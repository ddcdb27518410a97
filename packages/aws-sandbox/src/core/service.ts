/**
 * The contract between the sandbox server and the AWS services it emulates.
 *
 * A service is a {@link ServiceDefinition}: the SigV4 signing name the real SDK v3 client puts
 * in the credential scope of its `Authorization` header, the wire protocol that client speaks,
 * and one {@link OperationHandler} per operation. Handlers take the decoded request input and
 * return the output as the wire carries it (AWS member names; `Date` values for timestamps,
 * which each protocol encodes the way the SDK parses them). Handlers signal AWS errors by
 * throwing {@link AwsServiceError}; every protocol encoder renders it so that the SDK builds
 * the modeled exception class (e.g. `DuplicateAccountException`); see `./errors.ts`.
 *
 * @packageDocumentation
 */

import type { SandboxClock } from './clock';
import type { EventInput } from './eventBridge';
import type { SandboxData } from './context';
import type { ThrottlingErrorShape } from './errors';
import type { FaultController } from './faults';
import type { Organization } from './organization/organization';
import type { SandboxState } from './state';
import type { ResolvedSandboxOptions } from './options';
import type { ServiceWireShapes } from './wireShapes';

/**
 * Wire protocols. The pinned `@aws-sdk/client-*` packages speak: Organizations, Budgets, Cost
 * Explorer, Config: `awsJson1_1`; Step Functions, CloudWatch (query-compatible): `awsJson1_0`;
 * STS, CloudFormation: `awsQuery`; GuardDuty: `restJson1`. CloudWatch also accepts `awsQuery`
 * (AWS CLI 2.9, older SDKs) and `rpcv2Cbor` (Smithy RPC v2 CBOR: newer SDKs and CLIs).
 * @public
 */
export type AwsProtocol =
  | 'awsJson1_0'
  | 'awsJson1_1'
  | 'awsQuery'
  | 'restJson1'
  | 'rpcv2Cbor';

/**
 * Decoded request input. JSON protocols give the parsed body as sent. The query protocol gives
 * nested objects built from the form fields, with every leaf a string and lists as arrays
 * (`Accounts.member.1` → `Accounts[0]`; an empty list is `''`): use the helpers in
 * `./input` (`str`, `int`, `bool`, `list`) to read values the same way for every protocol.
 * REST gives the JSON body merged with path parameters and query-string parameters.
 * @public
 */
export type OperationInput = Record<string, any>;

/**
 * Output as it goes on the wire: AWS member names (for `restJson1`, the `jsonName` of each
 * member, e.g. GuardDuty's camelCase), `Date` for timestamps (epoch seconds in JSON, ISO-8601
 * in query XML), arrays for lists, plain objects for structures and maps.
 * @public
 */
export type OperationOutput = Record<string, any>;

/** Everything a handler may use while answering one call. @public */
export interface OperationContext {
  /** The service being called. */
  service: ServiceDefinition;
  /** Operation name, e.g. `ListAccountsForParent`. */
  operation: string;
  /** 12-digit account id of the caller: the management account for the static `sandbox` keys, or the account of a role assumed through STS AssumeRole. */
  callerAccountId: string;
  /** ARN of the caller (root of the management account, or the assumed-role session ARN). */
  callerArn: string;
  /** Region from the SigV4 credential scope, e.g. `us-east-1`. */
  region: string;
  /** Request id sent back in the response (deterministic per sandbox run). */
  requestId: string;
  /** The sandbox clock; tests move it, the demo follows real time. */
  clock: SandboxClock;
  /** Shorthand for `clock.now()`. */
  now(): Date;
  /** All sandbox state: the organization and the vending stores (StackSets, budgets, executions). */
  state: SandboxState;
  /** The organization model (same as `state.org`): accounts, OUs, root, tags, policies. */
  org: Organization;
  /** Fault injection (also available to handlers, e.g. CreateAccount failure reasons by email). */
  faults: FaultController;
  /** The sandbox's derived data (account directory and each service's caches), reset with the state. */
  data: SandboxData;
  /** The options the sandbox was started with (seed, limits, simulated durations…). */
  options: ResolvedSandboxOptions;
}

/** Handles one operation. Throw {@link AwsServiceError} for AWS errors. @public */
export type OperationHandler = (
  input: OperationInput,
  ctx: OperationContext,
) => OperationOutput | Promise<OperationOutput>;

/**
 * A REST route (for `restJson1` services). `path` uses `{Name}` placeholders, e.g.
 * `/detector/{DetectorId}/findings/statistics`; each placeholder value is put in the input under
 * its name (URI-decoded). Query-string parameters are put in the input under their wire names.
 * @public
 */
export interface RestRoute {
  method: 'GET' | 'POST' | 'PUT' | 'DELETE' | 'PATCH';
  path: string;
  /** Key in {@link ServiceDefinition.operations}. */
  operation: string;
  /** HTTP status of a success, 200 unless told. */
  successStatus?: number;
}

/** One emulated AWS service. @public */
export interface ServiceDefinition {
  /** The SDK v3 client's service name, used for metering: `Organizations`, `STS`, `CloudFormation`, `Budgets`, `SFN`, `CostExplorer`, `CloudWatch`, `ConfigService`, `GuardDuty`. */
  name: string;
  /** SigV4 signing name in the credential scope: `organizations`, `sts`, `cloudformation`, `budgets`, `states`, `ce`, `monitoring`, `config`, `guardduty`. */
  signingName: string;
  /** The protocol of the pinned SDK v3 client, used when a request's shape names no other. */
  protocol: AwsProtocol;
  /**
   * Every protocol AWS accepts for the service (default: only {@link ServiceDefinition.protocol});
   * the server picks one per request by its shape (see `../protocols/select.ts`).
   */
  protocols?: AwsProtocol[];
  /** For `rpcv2Cbor`: the Smithy service shape name in `/service/{name}/operation/{Op}` (default: `targetPrefix`). */
  smithyServiceName?: string;
  /** Non-string members, double outputs and error shape names, for services with more than one protocol. */
  wireShapes?: ServiceWireShapes;
  /** For JSON protocols: the `X-Amz-Target` prefix before the dot, e.g. `AWSOrganizationsV20161128`. */
  targetPrefix?: string;
  /** For `awsQuery`: the XML namespace of responses. */
  xmlNamespace?: string;
  /** For JSON services marked `awsQueryCompatible` (CloudWatch): errors also carry `x-amzn-query-error`. */
  awsQueryCompatible?: boolean;
  /** Namespace used in JSON `__type` error codes, e.g. `com.amazonaws.organizations`. */
  errorNamespace?: string;
  /** The service's real throttling error. Defaults to `ThrottlingException`, HTTP 400. */
  throttlingError?: ThrottlingErrorShape;
  operations: Record<string, OperationHandler>;
  /** For `restJson1` only: how method + path map to operations. */
  restRoutes?: RestRoute[];
  /**
   * Called before every call to any service: apply what simulated time has made happen
   * (e.g. CreateAccount requests finishing). Keep it cheap (look only at pending work).
   */
  settle?(ctx: OperationContext): void;
  /**
   * Adds the service's own part of a new sandbox's initial state (after the organization is
   * generated), e.g. CloudFormation's seeded baseline StackSet. Deterministic for the options' seed.
   */
  seed?(state: SandboxState, options: ResolvedSandboxOptions): void;
  /**
   * The EventBridge events AWS sends after a successful call (e.g. Organizations' `AWS API Call
   * via CloudTrail`); the server publishes them to the sandbox's central events queue.
   */
  events?(
    operation: string,
    input: OperationInput,
    output: OperationOutput,
    ctx: OperationContext,
  ): EventInput[];
}
