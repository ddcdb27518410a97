/**
 * Which wire protocol a request speaks, from its shape, as AWS tells them apart on an endpoint
 * that accepts several (CloudWatch: awsQuery, awsJson1_0 and rpcv2Cbor):
 *
 * - `POST /service/{Service}/operation/{Op}` with `smithy-protocol: rpc-v2-cbor` → `rpcv2Cbor`;
 * - an `X-Amz-Target` header → the service's JSON protocol (`awsJson1_0` or `awsJson1_1`);
 * - a form-encoded body (`application/x-www-form-urlencoded`) or an `Action` query parameter
 *   → `awsQuery`;
 * - anything else → the service's main protocol (whose codec answers an unknown operation).
 *
 * A shape the service does not accept also gets its main protocol.
 */
import type { AwsProtocol, ServiceDefinition } from '../core/service';
import { isRpcV2CborRequest } from './rpcv2Cbor';
import { requestHeader } from './requestHeader';
import type { SandboxRequest } from './types';

/** The protocols a service accepts (its main protocol first). */
export function acceptedProtocols(service: ServiceDefinition): AwsProtocol[] {
  const all = service.protocols ?? [];
  return [service.protocol, ...all.filter(p => p !== service.protocol)];
}

/** The protocol of a request's shape, if it has one of the shapes above. */
export function requestProtocolShape(
  request: SandboxRequest,
): 'rpcv2Cbor' | 'json' | 'awsQuery' | undefined {
  if (isRpcV2CborRequest(request)) return 'rpcv2Cbor';
  if (requestHeader(request, 'x-amz-target')) return 'json';
  const type = requestHeader(request, 'content-type')?.toLowerCase() ?? '';
  if (
    type.startsWith('application/x-www-form-urlencoded') ||
    request.query.has('Action')
  ) {
    return 'awsQuery';
  }
  return undefined;
}

/** The protocol to decode a request and encode its answer with. */
export function selectProtocol(
  service: ServiceDefinition,
  request: SandboxRequest,
): AwsProtocol {
  const accepted = acceptedProtocols(service);
  const shape = requestProtocolShape(request);
  if (shape === 'json') {
    return (
      accepted.find(p => p === 'awsJson1_0' || p === 'awsJson1_1') ??
      service.protocol
    );
  }
  if (shape && accepted.includes(shape)) return shape;
  return service.protocol;
}
