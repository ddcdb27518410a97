/**
 * Amazon GuardDuty (`guardduty`, restJson1) of the administrator (security) account.
 */
import type { ServiceDefinition } from '../../core/service';
import {
  describeOrganizationConfiguration,
  getFindings,
  getFindingsStatistics,
  getMembers,
  listDetectors,
  listFindings,
  listMembers,
} from './guardDuty';

/** The GuardDuty service definition. @public */
export const guardDutyService: ServiceDefinition = {
  name: 'GuardDuty',
  signingName: 'guardduty',
  protocol: 'restJson1',
  errorNamespace: 'com.amazonaws.guardduty',
  operations: {
    ListDetectors: listDetectors,
    DescribeOrganizationConfiguration: describeOrganizationConfiguration,
    ListMembers: listMembers,
    GetMembers: getMembers,
    GetFindingsStatistics: getFindingsStatistics,
    ListFindings: listFindings,
    GetFindings: getFindings,
  },
  restRoutes: [
    { method: 'GET', path: '/detector', operation: 'ListDetectors' },
    {
      method: 'GET',
      path: '/detector/{DetectorId}/admin',
      operation: 'DescribeOrganizationConfiguration',
    },
    {
      method: 'GET',
      path: '/detector/{DetectorId}/member',
      operation: 'ListMembers',
    },
    {
      method: 'POST',
      path: '/detector/{DetectorId}/member/get',
      operation: 'GetMembers',
    },
    {
      method: 'POST',
      path: '/detector/{DetectorId}/findings/statistics',
      operation: 'GetFindingsStatistics',
    },
    {
      method: 'POST',
      path: '/detector/{DetectorId}/findings',
      operation: 'ListFindings',
    },
    {
      method: 'POST',
      path: '/detector/{DetectorId}/findings/get',
      operation: 'GetFindings',
    },
  ],
};
