/**
 * The baseline StackSet's template (CloudFormation JSON) the vending deploys to every tenant
 * account: the read role, encryption defaults, and the EventBridge rules that forward the
 * account's alarm state changes, GuardDuty findings and Config compliance changes to the central
 * event bus (parameter `CentralEventBusArn`), with the role EventBridge assumes to put them there.
 * The central rule → SQS queue set-up is in plugins/tenants-backend/README.md.
 */
import { MANAGEMENT_ACCOUNT_ID } from '../../core/organization/organization';

/** The rules each tenant account gets: logical id, rule name and the event pattern it forwards. @public */
export const FORWARDING_RULES = [
  {
    id: 'ForwardAlarmStateChanges',
    name: 'tenancy-alarm-state-changes',
    pattern: {
      source: ['aws.cloudwatch'],
      'detail-type': ['CloudWatch Alarm State Change'],
    },
  },
  {
    id: 'ForwardGuardDutyFindings',
    name: 'tenancy-guardduty-findings',
    pattern: {
      source: ['aws.guardduty'],
      'detail-type': ['GuardDuty Finding'],
    },
  },
  {
    id: 'ForwardConfigComplianceChanges',
    name: 'tenancy-config-compliance-changes',
    pattern: {
      source: ['aws.config'],
      'detail-type': ['Config Rules Compliance Change'],
    },
  },
] as const;

function forwardingRule(rule: (typeof FORWARDING_RULES)[number]) {
  return {
    Type: 'AWS::Events::Rule',
    Properties: {
      Name: rule.name,
      Description: 'Forwards to the Tenancy central event bus (live state)',
      State: 'ENABLED',
      EventPattern: rule.pattern,
      Targets: [
        {
          Id: 'central-bus',
          Arn: { Ref: 'CentralEventBusArn' },
          RoleArn: { 'Fn::GetAtt': ['TenancyEventForwarderRole', 'Arn'] },
        },
      ],
    },
  };
}

/** The template as the StackSet holds it (JSON text). @public */
export const BASELINE_TEMPLATE = JSON.stringify({
  AWSTemplateFormatVersion: '2010-09-09',
  Description:
    'Tenant baseline: Config rules, GuardDuty membership, read role, OAM link, encryption defaults, event forwarding',
  Parameters: {
    CentralEventBusArn: {
      Type: 'String',
      Description:
        'ARN of the central event bus the Tenancy queue rule reads (e.g. in the management account)',
      Default: `arn:aws:events:us-east-1:${MANAGEMENT_ACCOUNT_ID}:event-bus/tenancy-events`,
    },
  },
  Resources: {
    TenancyReadRole: {
      Type: 'AWS::IAM::Role',
      Properties: {
        RoleName: 'TenancyReadRole',
        AssumeRolePolicyDocument: {
          Version: '2012-10-17',
          Statement: [
            {
              Effect: 'Allow',
              Principal: { AWS: `arn:aws:iam::${MANAGEMENT_ACCOUNT_ID}:root` },
              Action: 'sts:AssumeRole',
            },
          ],
        },
        ManagedPolicyArns: ['arn:aws:iam::aws:policy/ReadOnlyAccess'],
      },
    },
    EbsEncryptionByDefault: {
      Type: 'Custom::EbsEncryptionByDefault',
      Properties: { Enabled: true },
    },
    TenancyEventForwarderRole: {
      Type: 'AWS::IAM::Role',
      Properties: {
        AssumeRolePolicyDocument: {
          Version: '2012-10-17',
          Statement: [
            {
              Effect: 'Allow',
              Principal: { Service: 'events.amazonaws.com' },
              Action: 'sts:AssumeRole',
            },
          ],
        },
        Policies: [
          {
            PolicyName: 'put-events-on-central-bus',
            PolicyDocument: {
              Version: '2012-10-17',
              Statement: [
                {
                  Effect: 'Allow',
                  Action: 'events:PutEvents',
                  Resource: { Ref: 'CentralEventBusArn' },
                },
              ],
            },
          },
        ],
      },
    },
    ...Object.fromEntries(FORWARDING_RULES.map(r => [r.id, forwardingRule(r)])),
  },
});
