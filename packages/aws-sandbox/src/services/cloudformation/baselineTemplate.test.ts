import {
  CloudFormationClient,
  DescribeStackSetCommand,
} from '@aws-sdk/client-cloudformation';
import { startSandbox, type RunningSandbox } from '../../sandbox';
import { clientConfig } from '../../__testUtils__/testSandbox';

let sandbox: RunningSandbox;
afterAll(() => sandbox?.stop());

it('the baseline StackSet forwards alarm, GuardDuty and Config events from each tenant account to the central bus', async () => {
  sandbox = await startSandbox({ port: 0, tenants: 5 });
  const cfn = new CloudFormationClient(clientConfig(sandbox.endpoint));
  const { StackSet } = await cfn.send(
    new DescribeStackSetCommand({ StackSetName: 'tenant-baseline' }),
  );
  cfn.destroy();
  const template = JSON.parse(StackSet!.TemplateBody!);
  expect(template.Parameters.CentralEventBusArn.Default).toBe(
    'arn:aws:events:us-east-1:000000000000:event-bus/tenancy-events',
  );
  const rules = Object.entries(template.Resources)
    .filter(([, r]: [string, any]) => r.Type === 'AWS::Events::Rule')
    .map(([id, r]: [string, any]) => [
      id,
      r.Properties.Name,
      r.Properties.EventPattern,
      r.Properties.Targets,
    ]);
  const target = [
    {
      Id: 'central-bus',
      Arn: { Ref: 'CentralEventBusArn' },
      RoleArn: { 'Fn::GetAtt': ['TenancyEventForwarderRole', 'Arn'] },
    },
  ];
  expect(rules).toEqual([
    [
      'ForwardAlarmStateChanges',
      'tenancy-alarm-state-changes',
      {
        source: ['aws.cloudwatch'],
        'detail-type': ['CloudWatch Alarm State Change'],
      },
      target,
    ],
    [
      'ForwardGuardDutyFindings',
      'tenancy-guardduty-findings',
      { source: ['aws.guardduty'], 'detail-type': ['GuardDuty Finding'] },
      target,
    ],
    [
      'ForwardConfigComplianceChanges',
      'tenancy-config-compliance-changes',
      {
        source: ['aws.config'],
        'detail-type': ['Config Rules Compliance Change'],
      },
      target,
    ],
  ]);
  expect(
    template.Resources.TenancyEventForwarderRole.Properties.Policies[0]
      .PolicyDocument.Statement,
  ).toEqual([
    {
      Effect: 'Allow',
      Action: 'events:PutEvents',
      Resource: { Ref: 'CentralEventBusArn' },
    },
  ]);
});
