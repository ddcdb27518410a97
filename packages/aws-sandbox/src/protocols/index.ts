import type { AwsProtocol } from '../core/service';
import { awsJson10Codec, awsJson11Codec, restJson1Codec } from './json';
import { awsQueryCodec } from './query';
import type { ProtocolCodec } from './types';

/** The codec of each wire protocol. */
export const codecs: Record<AwsProtocol, ProtocolCodec> = {
  awsJson1_0: awsJson10Codec,
  awsJson1_1: awsJson11Codec,
  awsQuery: awsQueryCodec,
  restJson1: restJson1Codec,
};

export type {
  DecodedCall,
  ProtocolCodec,
  SandboxRequest,
  SandboxResponse,
} from './types';
