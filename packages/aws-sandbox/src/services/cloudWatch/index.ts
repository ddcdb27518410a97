/**
 * Amazon CloudWatch (`monitoring`, target `GraniteServiceVersion20100801`; awsJson1_0
 * query-compatible, awsQuery and rpcv2Cbor, chosen per request) of the monitoring account: GetMetricData, DescribeAlarms,
 * ListMetrics over the tenants' generated metrics and alarms.
 */
import type { ServiceDefinition } from '../../core/service';
import { getMetricData } from './getMetricData';
import { describeAlarms } from './alarms';
import { listMetrics } from './listMetrics';
import { cloudWatchWireShapes } from './wireShapes';

/** The CloudWatch service definition. @public */
export const cloudWatchService: ServiceDefinition = {
  name: 'CloudWatch',
  signingName: 'monitoring',
  protocol: 'awsJson1_0',
  protocols: ['awsJson1_0', 'awsQuery', 'rpcv2Cbor'],
  wireShapes: cloudWatchWireShapes,
  targetPrefix: 'GraniteServiceVersion20100801',
  xmlNamespace: 'http://monitoring.amazonaws.com/doc/2010-08-01/',
  awsQueryCompatible: true,
  errorNamespace: 'com.amazonaws.cloudwatch',
  throttlingError: {
    code: 'Throttling',
    httpStatus: 400,
    message: 'Rate exceeded',
  },
  operations: {
    GetMetricData: getMetricData,
    DescribeAlarms: describeAlarms,
    ListMetrics: listMetrics,
  },
};
