/**
 * AWS Organizations (JSON 1.1, target prefix `AWSOrganizationsV20161128`, signing name
 * `organizations`). Throttling answers TooManyRequestsException (HTTP 400), as AWS does.
 */
import { organizationsEvents } from './cloudTrail';
import { ServiceDefinition } from '../../core/service';
import { accountOperations, settleAccounts } from './accounts';
import { policyOperations } from './policies';
import { treeOperations } from './tree';
import { unitOperations } from './units';

export const organizationsService: ServiceDefinition = {
  name: 'Organizations',
  signingName: 'organizations',
  protocol: 'awsJson1_1',
  targetPrefix: 'AWSOrganizationsV20161128',
  throttlingError: {
    code: 'TooManyRequestsException',
    httpStatus: 400,
    message:
      'AWS Organizations cannot complete your request because another request is being processed. Try again later.',
  },
  operations: {
    ...treeOperations,
    ...unitOperations,
    ...accountOperations,
    ...policyOperations,
  },
  settle: settleAccounts,
  events: organizationsEvents,
};
