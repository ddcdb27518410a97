/**
 * Amazon CloudWatch Logs (`logs`, awsJson1_1, target `Logs_20140328`) of the monitoring
 * account (CloudWatch cross-account observability sink) and of each account: DescribeLogGroups
 * with the linked source accounts, and Logs Insights StartQuery, GetQueryResults, StopQuery
 * over the tenants' generated Lambda logs.
 */
import type { ServiceDefinition } from '../../core/service';
import { describeLogGroups } from './logGroups';
import { getQueryResults, startQuery, stopQuery } from './queries';

/** The CloudWatch Logs service definition. @public */
export const logsService: ServiceDefinition = {
  name: 'CloudWatchLogs',
  signingName: 'logs',
  protocol: 'awsJson1_1',
  targetPrefix: 'Logs_20140328',
  errorNamespace: 'com.amazonaws.cloudwatchlogs',
  operations: {
    DescribeLogGroups: describeLogGroups,
    StartQuery: startQuery,
    GetQueryResults: getQueryResults,
    StopQuery: stopQuery,
  },
};
