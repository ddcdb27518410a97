import type { AwsProtocol } from '../core/service';
import { awsJson10Codec, awsJson11Codec, restJson1Codec } from './json';
import { awsQueryCodec } from './query';
import { rpcV2CborCodec } from './rpcv2Cbor';
import type { ProtocolCodec } from './types';

/** The codec of each wire protocol. */
export const codecs: Record<AwsProtocol, ProtocolCodec> = {
  awsJson1_0: awsJson10Codec,
  awsJson1_1: awsJson11Codec,
  awsQuery: awsQueryCodec,
  restJson1: restJson1Codec,
  rpcv2Cbor: rpcV2CborCodec,
};

export { acceptedProtocols, selectProtocol } from './select';
export { rpcV2CborServiceName } from './rpcv2Cbor';

export type {
  DecodedCall,
  ProtocolCodec,
  SandboxRequest,
  SandboxResponse,
} from './types';
