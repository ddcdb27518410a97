/**
 * CloudWatch's wire facts for the protocols it accepts besides JSON 1.0 (the query protocol
 * of the AWS CLI 2.9 and older SDKs, Smithy RPC v2 CBOR of newer ones), from the CloudWatch
 * API model (2010-08-01): the members of GetMetricData, DescribeAlarms and ListMetrics input
 * that are not strings, the output members that are doubles, and the error shape behind each
 * query error code (`awsQueryError`).
 */
import type { ServiceWireShapes, WireShape } from '../../core/wireShapes';

const DIMENSIONS: WireShape = { list: { structure: {} } };

const METRIC_DATA_QUERY: WireShape = {
  structure: {
    MetricStat: {
      structure: {
        Metric: { structure: { Dimensions: DIMENSIONS } },
        Period: 'integer',
      },
    },
    ReturnData: 'boolean',
    Period: 'integer',
  },
};

/** CloudWatch's {@link ServiceWireShapes}. */
export const cloudWatchWireShapes: ServiceWireShapes = {
  inputs: {
    GetMetricData: {
      MetricDataQueries: { list: METRIC_DATA_QUERY },
      StartTime: 'timestamp',
      EndTime: 'timestamp',
      MaxDatapoints: 'integer',
    },
    DescribeAlarms: {
      AlarmNames: { list: 'string' },
      AlarmTypes: { list: 'string' },
      MaxRecords: 'integer',
    },
    ListMetrics: {
      Dimensions: DIMENSIONS,
      IncludeLinkedAccounts: 'boolean',
    },
  },
  outputs: {
    GetMetricData: {
      MetricDataResults: {
        list: { structure: { Values: { list: 'double' } } },
      },
    },
    DescribeAlarms: {
      MetricAlarms: { list: { structure: { Threshold: 'double' } } },
    },
  },
  errorShapes: {
    InvalidParameterValue: 'InvalidParameterValueException',
    InvalidParameterCombination: 'InvalidParameterCombinationException',
    MissingParameter: 'MissingRequiredParameterException',
    InvalidNextToken: 'InvalidNextToken',
    InternalServiceError: 'InternalServiceFault',
    LimitExceeded: 'LimitExceededFault',
    ResourceNotFound: 'ResourceNotFound',
  },
};
