import {
  AttachPolicyCommand,
  ConstraintViolationException,
  CreatePolicyCommand,
  DescribePolicyCommand,
  DetachPolicyCommand,
  DuplicatePolicyAttachmentException,
  DuplicatePolicyException,
  ListPoliciesCommand,
  ListPoliciesForTargetCommand,
  ListTargetsForPolicyCommand,
  MalformedPolicyDocumentException,
  paginateListPolicies,
  PolicyNotAttachedException,
  PolicyNotFoundException,
  PolicyTypeNotEnabledException,
} from '@aws-sdk/client-organizations';
import { loadGuardrailScps } from '../../core/organization/guardrails';
import {
  errorOf,
  startTestSandbox,
  stopTestSandbox,
  TestSandbox,
} from '../../__testUtils__/testSandbox';

/** An SCP document of `n` characters (minified). */
function scpOfSize(n: number): string {
  const base = {
    Version: '2012-10-17',
    Statement: [{ Sid: '', Effect: 'Deny', Action: 'x:Y', Resource: '*' }],
  };
  const empty = JSON.stringify(base).length;
  base.Statement[0].Sid = 'S'.repeat(n - empty);
  return JSON.stringify(base);
}

describe('Organizations: service control policies', () => {
  let t: TestSandbox;
  beforeEach(async () => {
    t = await startTestSandbox({ tenants: 5 });
  });
  afterEach(() => stopTestSandbox(t));

  const scp = (name: string, content = scpOfSize(200)) =>
    t.organizations.send(
      new CreatePolicyCommand({
        Name: name,
        Description: name,
        Type: 'SERVICE_CONTROL_POLICY',
        Content: content,
      }),
    );

  it('seeds the guardrail SCPs of guardrails/catalog.yaml on the Tenants OU, with FullAWSAccess', async () => {
    const catalog = loadGuardrailScps();
    expect(catalog.map(g => g.policyName)).toEqual([
      'tenant-deny-leave-org',
      'tenant-deny-disable-security-services',
      'tenant-deny-unencrypted-storage',
      'tenant-deny-s3-public-access-changes',
      'tenant-data-residency',
      'tenant-require-mfa-privileged-iam',
    ]);
    const tenants = t.sandbox.state.org.parentByPath('/Tenants')!;
    const attached = await t.organizations.send(
      new ListPoliciesForTargetCommand({
        TargetId: tenants,
        Filter: 'SERVICE_CONTROL_POLICY',
      }),
    );
    expect(attached.Policies!.map(p => p.Name)).toEqual([
      'FullAWSAccess',
      ...catalog.map(g => g.policyName),
    ]);
    const full = await t.organizations.send(
      new DescribePolicyCommand({ PolicyId: 'p-FullAWSAccess' }),
    );
    expect(full.Policy!.PolicySummary).toMatchObject({
      Name: 'FullAWSAccess',
      AwsManaged: true,
      Type: 'SERVICE_CONTROL_POLICY',
    });
    const leave = attached.Policies!.find(
      p => p.Name === 'tenant-deny-leave-org',
    )!;
    const described = await t.organizations.send(
      new DescribePolicyCommand({ PolicyId: leave.Id }),
    );
    expect(JSON.parse(described.Policy!.Content!).Statement[0].Action).toEqual([
      'organizations:LeaveOrganization',
    ]);
    const targets = await t.organizations.send(
      new ListTargetsForPolicyCommand({ PolicyId: leave.Id }),
    );
    expect(targets.Targets).toEqual([
      {
        TargetId: tenants,
        Arn: t.sandbox.state.org.ou(tenants)!.arn,
        Name: 'Tenants',
        Type: 'ORGANIZATIONAL_UNIT',
      },
    ]);
  });

  it('rejects an SCP over 5,120 characters by default (ConstraintViolationException)', async () => {
    expect(
      (await scp('at-limit', scpOfSize(5_120))).Policy!.PolicySummary!.Name,
    ).toBe('at-limit');
    const over = await errorOf(scp('over-limit', scpOfSize(5_121)));
    expect(over).toBeInstanceOf(ConstraintViolationException);
    expect(over.Reason).toBe('POLICY_CONTENT_LIMIT_EXCEEDED');
    expect(over.message).toContain('5121 characters');
  });

  it('accepts up to a configured 10,240 characters', async () => {
    await stopTestSandbox(t);
    t = await startTestSandbox({ tenants: 5, limits: { scpMaxSize: 10_240 } });
    expect((await scp('big', scpOfSize(5_608))).Policy!.Content!.length).toBe(
      5_608,
    );
    expect((await errorOf(scp('bigger', scpOfSize(10_241)))).Reason).toBe(
      'POLICY_CONTENT_LIMIT_EXCEEDED',
    );
  });

  it('rejects duplicate names, malformed documents and other policy types', async () => {
    await scp('one');
    expect(await errorOf(scp('one'))).toBeInstanceOf(DuplicatePolicyException);
    expect(await errorOf(scp('bad', '{not json'))).toBeInstanceOf(
      MalformedPolicyDocumentException,
    );
    const tag = await errorOf(
      t.organizations.send(
        new CreatePolicyCommand({
          Name: 'tag',
          Description: '',
          Type: 'TAG_POLICY',
          Content: '{}',
        }),
      ),
    );
    expect(tag).toBeInstanceOf(PolicyTypeNotEnabledException);
  });

  it('limits SCPs per target to 5 by default, and attaches, detaches and lists', async () => {
    const account = t.sandbox.state.org.tenantAccounts()[0].id;
    const ids: string[] = [];
    for (let i = 0; i < 5; i++)
      ids.push((await scp(`p${i}`)).Policy!.PolicySummary!.Id!);
    for (const id of ids.slice(0, 4))
      await t.organizations.send(
        new AttachPolicyCommand({ PolicyId: id, TargetId: account }),
      );
    const dup = await errorOf(
      t.organizations.send(
        new AttachPolicyCommand({ PolicyId: ids[0], TargetId: account }),
      ),
    );
    expect(dup).toBeInstanceOf(DuplicatePolicyAttachmentException);
    const fifth = await errorOf(
      t.organizations.send(
        new AttachPolicyCommand({ PolicyId: ids[4], TargetId: account }),
      ),
    );
    expect(fifth).toBeInstanceOf(ConstraintViolationException);
    expect(fifth.Reason).toBe('MAX_POLICY_TYPE_ATTACHMENT_LIMIT_EXCEEDED');
    const listed = await t.organizations.send(
      new ListPoliciesForTargetCommand({
        TargetId: account,
        Filter: 'SERVICE_CONTROL_POLICY',
      }),
    );
    expect(listed.Policies!.map(p => p.Name)).toEqual([
      'FullAWSAccess',
      'p0',
      'p1',
      'p2',
      'p3',
    ]);
    await t.organizations.send(
      new DetachPolicyCommand({ PolicyId: ids[0], TargetId: account }),
    );
    await t.organizations.send(
      new AttachPolicyCommand({ PolicyId: ids[4], TargetId: account }),
    );
    const notAttached = await errorOf(
      t.organizations.send(
        new DetachPolicyCommand({ PolicyId: ids[0], TargetId: account }),
      ),
    );
    expect(notAttached).toBeInstanceOf(PolicyNotAttachedException);
    const missing = await errorOf(
      t.organizations.send(
        new AttachPolicyCommand({ PolicyId: 'p-zzzzzzzz', TargetId: account }),
      ),
    );
    expect(missing).toBeInstanceOf(PolicyNotFoundException);
  });

  it('applies a configured per-target limit of 10', async () => {
    await stopTestSandbox(t);
    t = await startTestSandbox({ tenants: 5, limits: { scpsPerTarget: 10 } });
    const tenants = t.sandbox.state.org.parentByPath('/Tenants')!;
    for (let i = 0; i < 3; i++) {
      const id = (await scp(`extra${i}`)).Policy!.PolicySummary!.Id!;
      await t.organizations.send(
        new AttachPolicyCommand({ PolicyId: id, TargetId: tenants }),
      );
    }
    const id = (await scp('eleventh')).Policy!.PolicySummary!.Id!;
    expect(
      (
        await errorOf(
          t.organizations.send(
            new AttachPolicyCommand({ PolicyId: id, TargetId: tenants }),
          ),
        )
      ).Reason,
    ).toBe('MAX_POLICY_TYPE_ATTACHMENT_LIMIT_EXCEEDED');
  });

  it('keeps the last SCP of a target attached', async () => {
    const account = t.sandbox.state.org.tenantAccounts()[0].id;
    const last = await errorOf(
      t.organizations.send(
        new DetachPolicyCommand({
          PolicyId: 'p-FullAWSAccess',
          TargetId: account,
        }),
      ),
    );
    expect(last.Reason).toBe('MIN_POLICY_TYPE_ATTACHMENT_LIMIT_EXCEEDED');
  });

  it('pages ListPolicies', async () => {
    for (let i = 0; i < 15; i++) await scp(`page${i}`);
    const sizes: number[] = [];
    for await (const page of paginateListPolicies(
      { client: t.organizations, pageSize: 10 },
      { Filter: 'SERVICE_CONTROL_POLICY' },
    )) {
      sizes.push(page.Policies!.length);
    }
    // FullAWSAccess, the guardrail SCPs, the /Suspended OU's SCP and the 15 created here.
    expect(sizes).toEqual([10, 10, 3]);
    const tooMany = await errorOf(
      t.organizations.send(
        new ListPoliciesCommand({
          Filter: 'SERVICE_CONTROL_POLICY',
          MaxResults: 50,
        }),
      ),
    );
    expect(tooMany.Reason).toBe('MAX_VALUE_EXCEEDED');
  });
});
