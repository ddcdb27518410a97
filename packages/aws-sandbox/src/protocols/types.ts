import type { OperationInput, ServiceDefinition } from '../core/service';

/** One HTTP request as the server read it. */
export interface SandboxRequest {
  method: string;
  /** Path without the query string. */
  path: string;
  query: URLSearchParams;
  /** Header names lowercased. */
  headers: Record<string, string | string[] | undefined>;
  body: Buffer;
}

/** One HTTP response to send. */
export interface SandboxResponse {
  status: number;
  headers: Record<string, string>;
  /** Text (JSON, XML) or bytes (CBOR). */
  body: string | Buffer;
}

/** The operation and its input, from a request. */
export interface DecodedCall {
  operation: string;
  input: OperationInput;
  /** For REST: the success status of the route. */
  successStatus?: number;
}

/** Decodes requests and encodes answers for one wire protocol. */
export interface ProtocolCodec {
  /** @throws AwsServiceError for an unknown operation or a malformed body. */
  decode(request: SandboxRequest, service: ServiceDefinition): DecodedCall;
  encodeOutput(
    service: ServiceDefinition,
    call: DecodedCall,
    output: Record<string, unknown>,
    requestId: string,
  ): SandboxResponse;
  encodeError(
    service: ServiceDefinition,
    operation: string | undefined,
    error: import('../core/errors').AwsServiceError,
    requestId: string,
  ): SandboxResponse;
}
