/**
 * `awsJson1_0` / `awsJson1_1` (operation from `X-Amz-Target`) and `restJson1` (operation from
 * method + path). Timestamps go out as epoch seconds, as these protocols carry them.
 */
import { ServiceDefinition } from '../core/service';
import { AwsServiceError } from '../core/errors';
import { requestHeader } from './requestHeader';
import { ProtocolCodec, SandboxRequest, SandboxResponse } from './types';

/** JSON text with `Date` values as epoch seconds. */
export function toJsonText(value: unknown): string {
  return JSON.stringify(
    value,
    function replacer(this: any, key: string, v: unknown) {
      const raw = this[key];
      return raw instanceof Date ? raw.getTime() / 1000 : v;
    },
  );
}

function parseBody(request: SandboxRequest): Record<string, any> {
  const text = request.body.toString('utf8').trim();
  if (!text) return {};
  try {
    const parsed = JSON.parse(text);
    if (parsed && typeof parsed === 'object' && !Array.isArray(parsed))
      return parsed;
  } catch {
    // answered below
  }
  throw new AwsServiceError(
    'SerializationException',
    'Request body is not a JSON object',
  );
}

/**
 * The error type a JSON or CBOR answer names: `namespace#Shape`, where Shape is the modeled
 * error shape for the code (`InvalidParameterValue` → `InvalidParameterValueException` for
 * CloudWatch) or the code itself.
 */
export function errorType(
  service: ServiceDefinition,
  error: AwsServiceError,
): string {
  const shape = service.wireShapes?.errorShapes[error.code] ?? error.code;
  return service.errorNamespace ? `${service.errorNamespace}#${shape}` : shape;
}

/** `x-amzn-errortype`, and `x-amzn-query-error: Code;Sender|Receiver` for query-compatible services. */
export function errorHeaders(
  service: ServiceDefinition,
  error: AwsServiceError,
): Record<string, string> {
  const headers: Record<string, string> = { 'x-amzn-errortype': error.code };
  if (service.awsQueryCompatible) {
    headers['x-amzn-query-error'] = `${error.code};${
      error.senderFault ? 'Sender' : 'Receiver'
    }`;
  }
  return headers;
}

/** The body of a JSON or CBOR error: `__type`, the message and the error's modeled fields. */
export function errorBody(
  service: ServiceDefinition,
  error: AwsServiceError,
): Record<string, unknown> {
  return {
    __type: errorType(service, error),
    message: error.message,
    Message: error.message,
    ...error.fields,
  };
}

/** A success answer: `output` as JSON text with the request id. */
function jsonOutput(
  status: number,
  contentType: string,
  output: Record<string, unknown>,
  requestId: string,
): SandboxResponse {
  return {
    status,
    headers: { 'content-type': contentType, 'x-amzn-requestid': requestId },
    body: toJsonText(output),
  };
}

function errorResponse(
  service: ServiceDefinition,
  error: AwsServiceError,
  requestId: string,
  contentType: string,
): SandboxResponse {
  const headers: Record<string, string> = {
    'content-type': contentType,
    'x-amzn-requestid': requestId,
    ...errorHeaders(service, error),
  };
  return {
    status: error.httpStatus,
    headers,
    body: toJsonText(errorBody(service, error)),
  };
}

function jsonRpcCodec(version: '1.0' | '1.1'): ProtocolCodec {
  const contentType = `application/x-amz-json-${version}`;
  return {
    decode(request, service) {
      const target = requestHeader(request, 'x-amz-target') ?? '';
      const dot = target.lastIndexOf('.');
      const prefix = target.slice(0, dot);
      const operation = target.slice(dot + 1);
      if (
        dot < 0 ||
        (service.targetPrefix && prefix !== service.targetPrefix) ||
        !Object.prototype.hasOwnProperty.call(service.operations, operation)
      ) {
        throw unknownOperation(target || '(no X-Amz-Target)');
      }
      return { operation, input: parseBody(request) };
    },
    encodeOutput(_service, _call, output, requestId) {
      return jsonOutput(200, contentType, output, requestId);
    },
    encodeError(service, _operation, error, requestId) {
      return errorResponse(service, error, requestId, contentType);
    },
  };
}

/** The error AWS answers for an operation it does not know, HTTP 400. */
export function unknownOperation(name: string): AwsServiceError {
  return new AwsServiceError(
    'UnknownOperationException',
    `The operation ${name} is not supported by this endpoint`,
  );
}

export const awsJson10Codec = jsonRpcCodec('1.0');
export const awsJson11Codec = jsonRpcCodec('1.1');

function matchRoute(
  pattern: string,
  path: string,
): Record<string, string> | undefined {
  const want = pattern.split('/').filter(Boolean);
  const got = path.split('/').filter(Boolean);
  if (want.length !== got.length) return undefined;
  const params: Record<string, string> = {};
  for (let i = 0; i < want.length; i++) {
    const m = /^\{(\w+)\+?\}$/.exec(want[i]);
    if (m) params[m[1]] = decodeURIComponent(got[i]);
    else if (want[i] !== got[i]) return undefined;
  }
  return params;
}

export const restJson1Codec: ProtocolCodec = {
  decode(request, service) {
    for (const route of service.restRoutes ?? []) {
      if (route.method !== request.method) continue;
      const params = matchRoute(route.path, request.path);
      if (!params) continue;
      const input: Record<string, any> =
        request.method === 'GET' ? {} : parseBody(request);
      for (const [k, v] of request.query) input[k] = v;
      Object.assign(input, params);
      return {
        operation: route.operation,
        input,
        successStatus: route.successStatus,
      };
    }
    throw unknownOperation(`${request.method} ${request.path}`);
  },
  encodeOutput(_service, call, output, requestId) {
    return jsonOutput(
      call.successStatus ?? 200,
      'application/json',
      output,
      requestId,
    );
  },
  encodeError(service, _operation, error, requestId) {
    return errorResponse(service, error, requestId, 'application/json');
  },
};
