/**
 * The HTTP server. Routing as AWS does it: the service from the SigV4 credential scope of the
 * `Authorization` header (`Credential=AKID/date/region/service/aws4_request`), then the
 * operation per protocol (`X-Amz-Target`, the `Action` form field, or method + path).
 * Signatures are not checked. `/_sandbox/*` are the admin routes.
 */
import http from 'node:http';
import { handleAdmin } from './admin';
import {
  codecs,
  rpcV2CborServiceName,
  selectProtocol,
  DecodedCall,
  SandboxRequest,
  SandboxResponse,
} from '../protocols';
import { SandboxRuntime } from '../core/runtime';
import { OperationContext, ServiceDefinition } from '../core/service';
import { AwsServiceError } from '../core/errors';
import { publishEvents } from '../core/eventBridge';

interface Credential {
  accessKeyId: string;
  region: string;
  service: string;
}

function parseCredential(request: SandboxRequest): Credential | undefined {
  const auth = request.headers.authorization;
  const text = Array.isArray(auth) ? auth[0] : auth;
  const m = /Credential=([^/,\s]+)\/\d{8}\/([^/]+)\/([^/]+)\/aws4_request/.exec(
    text ?? '',
  );
  if (m) return { accessKeyId: m[1], region: m[2], service: m[3] };
  const q = request.query.get('X-Amz-Credential')?.split('/');
  if (q && q.length === 5)
    return { accessKeyId: q[0], region: q[2], service: q[3] };
  return undefined;
}

function findService(
  runtime: SandboxRuntime,
  request: SandboxRequest,
  credential: Credential | undefined,
): ServiceDefinition | undefined {
  if (credential) return runtime.serviceBySigningName(credential.service);
  const target = request.headers['x-amz-target'];
  const prefix =
    (Array.isArray(target) ? target[0] : target)?.split('.')[0] ??
    rpcV2CborServiceName(request.path);
  return prefix ? runtime.serviceByTarget(prefix) : undefined;
}

function plainError(
  status: number,
  code: string,
  message: string,
): SandboxResponse {
  return {
    status,
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ __type: code, message }),
  };
}

/** Answers one request (exported for tests that skip HTTP). */
export async function dispatch(
  runtime: SandboxRuntime,
  request: SandboxRequest,
): Promise<SandboxResponse> {
  if (request.path.startsWith('/_sandbox/')) {
    return handleAdmin(runtime, request, () => simulationContext(runtime));
  }
  const credential = parseCredential(request);
  const service = findService(runtime, request, credential);
  if (!service) {
    return plainError(
      400,
      'UnrecognizedClientException',
      `No sandbox service for ${
        credential
          ? `signing name '${credential.service}'`
          : 'this request (no SigV4 credential scope)'
      }`,
    );
  }
  const codec = codecs[selectProtocol(service, request)];
  const requestId = runtime.nextRequestId();
  let call: DecodedCall | undefined;
  try {
    call = codec.decode(request, service);
    runtime.recordCall(service.name, call.operation);
    const decision = runtime.faults.check(service, call.operation);
    if (decision.latencyMs > 0) {
      await new Promise(resolve => setTimeout(resolve, decision.latencyMs));
    }
    if (decision.error) throw decision.error;
    const ctx = createContext(
      runtime,
      service,
      call.operation,
      credential,
      requestId,
    );
    for (const s of runtime.services) s.settle?.(ctx);
    const output = await service.operations[call.operation](call.input, ctx);
    const events = service.events?.(call.operation, call.input, output, ctx);
    if (events?.length) publishEvents(ctx, events);
    runtime.afterCall(service.name, call.operation, 'OK');
    return codec.encodeOutput(service, call, output ?? {}, requestId);
  } catch (e) {
    const error =
      e instanceof AwsServiceError
        ? e
        : new AwsServiceError(
            'InternalFailure',
            `Sandbox error: ${(e as Error)?.message ?? String(e)}`,
            {
              httpStatus: 500,
            },
          );
    if (!(e instanceof AwsServiceError)) {
      process.stderr.write(
        `aws-sandbox: ${service.name}.${call?.operation}: ${
          (e as Error)?.stack ?? e
        }\n`,
      );
    }
    const operation = call?.operation ?? 'Unknown';
    if (!call) runtime.recordCall(service.name, operation);
    runtime.recordError(service, operation, error.code);
    runtime.afterCall(service.name, operation, error.code);
    return codec.encodeError(service, call?.operation, error, requestId);
  }
}

/** The context of a simulated change (admin routes, `--demo`): the management account in us-east-1. */
export function simulationContext(runtime: SandboxRuntime): OperationContext {
  return createContext(
    runtime,
    runtime.serviceBySigningName('monitoring')!,
    'Simulate',
    { accessKeyId: 'sandbox', region: 'us-east-1', service: 'monitoring' },
    runtime.nextRequestId(),
  );
}

/** The context handlers get for one call. */
export function createContext(
  runtime: SandboxRuntime,
  service: ServiceDefinition,
  operation: string,
  credential: Credential | undefined,
  requestId: string,
): OperationContext {
  const state = runtime.state;
  const accessKeyId = credential?.accessKeyId ?? 'anonymous';
  const session = state.sessions.find(s => s.accessKeyId === accessKeyId);
  const management = state.org.managementAccountId;
  // LocalStack's convention: static keys whose access key id is a 12-digit account id act as
  // that account (e.g. the portal's monitoring and security accounts in app-config.sandbox.yaml).
  const keyAccount = /^\d{12}$/.test(accessKeyId) ? accessKeyId : undefined;
  const caller = session?.accountId ?? keyAccount ?? management;
  return {
    service,
    operation,
    callerAccountId: caller,
    callerArn: session
      ? `arn:aws:sts::${session.accountId}:assumed-role/${session.roleArn
          .split('/')
          .pop()}/${session.roleSessionName}`
      : `arn:aws:iam::${caller}:user/${accessKeyId}`,
    region: credential?.region ?? 'us-east-1',
    requestId,
    clock: runtime.clock,
    now: () => runtime.clock.now(),
    state,
    org: state.org,
    faults: runtime.faults,
    data: runtime.data,
    options: runtime.options,
  };
}

/**
 * The `Date` header of an answer, from this module's `Date`: the wall clock of whoever loaded
 * the sandbox. Node's own `Date` header reads the process's real clock, which a test that fakes
 * `Date` (Jest's fake timers) does not move, so the SDK in that test would see minutes or years
 * of clock skew, correct its clock and retry errors AWS's SDKs never retry. Taken from the same
 * `Date` the test fakes, the header never contradicts the caller's clock. It is not the sandbox
 * clock (`runtime.clock`), which is simulated time for the data, not the wall clock a
 * request is signed with.
 */
export function httpDate(): string {
  return new Date().toUTCString();
}

/** Creates the HTTP server for a runtime (not yet listening). */
export function createSandboxServer(runtime: SandboxRuntime): http.Server {
  return http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', chunk => chunks.push(chunk));
    req.on('end', () => {
      const url = new URL(req.url ?? '/', 'http://sandbox');
      const request: SandboxRequest = {
        method: req.method ?? 'GET',
        path: url.pathname,
        query: url.searchParams,
        headers: req.headers,
        body: Buffer.concat(chunks),
      };
      dispatch(runtime, request)
        .catch(e =>
          plainError(
            500,
            'InternalFailure',
            `Sandbox error: ${(e as Error)?.message ?? e}`,
          ),
        )
        .then(response => {
          res.writeHead(response.status, {
            date: httpDate(),
            ...response.headers,
            'content-length': Buffer.byteLength(response.body),
          });
          res.end(response.body);
        });
    });
  });
}
