/**
 * AWS Config (`config`, awsJson1_1, target `StarlingDoveService`): the organization aggregator
 * of the security account over the detective guardrails of every account.
 */
import type { ServiceDefinition } from '../../core/service';
import {
  describeAggregateComplianceByConfigRules,
  describeConfigurationAggregators,
  getAggregateConfigRuleComplianceSummary,
} from './configAggregator';
import { getAggregateComplianceDetailsByConfigRule } from './configDetails';

/** The AWS Config service definition. @public */
export const configService: ServiceDefinition = {
  name: 'ConfigService',
  signingName: 'config',
  protocol: 'awsJson1_1',
  targetPrefix: 'StarlingDoveService',
  errorNamespace: 'com.amazonaws.configservice',
  operations: {
    DescribeConfigurationAggregators: describeConfigurationAggregators,
    GetAggregateConfigRuleComplianceSummary:
      getAggregateConfigRuleComplianceSummary,
    DescribeAggregateComplianceByConfigRules:
      describeAggregateComplianceByConfigRules,
    GetAggregateComplianceDetailsByConfigRule:
      getAggregateComplianceDetailsByConfigRule,
  },
};
