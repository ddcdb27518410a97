/**
 * Smithy RPC v2 CBOR (`smithy.protocols#rpcv2Cbor`): `POST /service/{Service}/operation/{Op}`
 * with the header `smithy-protocol: rpc-v2-cbor` and a CBOR map (or nothing) as the body;
 * answers carry the same header, `Content-Type: application/cbor` and a CBOR body. Timestamps
 * are tag 1 around epoch seconds; `double` members are written as floats even when whole.
 * Errors are a CBOR map with `__type` (`namespace#ErrorShape`) and the error's members, plus
 * `x-amzn-query-error: Code;Sender` for query-compatible services (CloudWatch).
 */
import { AwsServiceError } from '../core/errors';
import { ServiceDefinition } from '../core/service';
import { CborError, decodeCbor, encodeCbor } from './cbor';
import { errorBody, errorHeaders, unknownOperation } from './json';
import { markDoubles } from './shapes';
import { ProtocolCodec, SandboxRequest } from './types';

/** The value of the `smithy-protocol` header of this protocol. */
export const RPC_V2_CBOR = 'rpc-v2-cbor';

const PATH = /^\/service\/([^/]+)\/operation\/([^/]+)$/;

/** Whether a request has this protocol's shape (path and `smithy-protocol` header). */
export function isRpcV2CborRequest(request: SandboxRequest): boolean {
  const h = request.headers['smithy-protocol'];
  const value = Array.isArray(h) ? h[0] : h;
  return (
    value?.toLowerCase() === RPC_V2_CBOR &&
    request.method === 'POST' &&
    PATH.test(request.path)
  );
}

/** The Smithy service shape name a request path names, if it has this protocol's path. */
export function rpcV2CborServiceName(path: string): string | undefined {
  return PATH.exec(path)?.[1];
}

function serviceName(service: ServiceDefinition): string | undefined {
  return service.smithyServiceName ?? service.targetPrefix;
}

function headers(requestId: string): Record<string, string> {
  return {
    'smithy-protocol': RPC_V2_CBOR,
    'content-type': 'application/cbor',
    'x-amzn-requestid': requestId,
  };
}

export const rpcV2CborCodec: ProtocolCodec = {
  decode(request, service) {
    const m = PATH.exec(request.path);
    const operation = m ? decodeURIComponent(m[2]) : '';
    if (
      !m ||
      request.method !== 'POST' ||
      decodeURIComponent(m[1]) !== serviceName(service) ||
      !Object.prototype.hasOwnProperty.call(service.operations, operation)
    ) {
      throw unknownOperation(`${request.method} ${request.path}`);
    }
    let body: unknown;
    try {
      body = decodeCbor(request.body);
    } catch (e) {
      if (!(e instanceof CborError)) throw e;
      throw new AwsServiceError(
        'SerializationException',
        `Request body is not well-formed CBOR: ${e.message}`,
      );
    }
    if (body === undefined || body === null) return { operation, input: {} };
    if (
      typeof body !== 'object' ||
      Array.isArray(body) ||
      Buffer.isBuffer(body)
    )
      throw new AwsServiceError(
        'SerializationException',
        'Request body is not a CBOR map',
      );
    return { operation, input: body as Record<string, unknown> };
  },
  encodeOutput(service, call, output, requestId) {
    const shapes = service.wireShapes?.outputs[call.operation];
    return {
      status: 200,
      headers: headers(requestId),
      body: encodeCbor(markDoubles(shapes, output)),
    };
  },
  encodeError(service, _operation, error, requestId) {
    return {
      status: error.httpStatus,
      headers: { ...headers(requestId), ...errorHeaders(service, error) },
      body: encodeCbor(errorBody(service, error)),
    };
  },
};
