import {
  AttachPolicyCommand,
  CreatePolicyCommand,
  DetachPolicyCommand,
  DuplicatePolicyAttachmentException,
  ListPoliciesCommand,
  ListPoliciesForTargetCommand,
  ListParentsCommand,
} from '@aws-sdk/client-organizations';
import type { JsonObject } from '@backstage/types';
import type { Guardrail } from '@tenancy/plugin-tenants-common';
import {
  loadGuardrailCatalog,
  resolveGuardrailCatalogPath,
} from '@tenancy/plugin-tenants-node';
import { mockClient } from 'aws-sdk-client-mock';
import { createTenancyGuardrailsAttachAction } from './tenancyGuardrailsAttach';
import {
  testContext,
  testDeps,
  tagEveryAccount,
} from '../__testUtils__/harness';

const doc = (sid: string) => ({
  Version: '2012-10-17',
  Statement: [
    {
      Sid: sid,
      Effect: 'Deny',
      Action: ['organizations:LeaveOrganization'],
      Resource: '*',
    },
  ],
});
const g = (
  id: string,
  policyName: string,
  policyDocument: Record<string, unknown> = doc(id.replace(/-/g, '')),
): Guardrail => ({
  id,
  title: id,
  why: 'why',
  kind: 'preventive',
  severity: 'high',
  policyName,
  policyDocument,
});

/** A deny-regions SCP of 18 statements: 13,978 characters pretty-printed (4 spaces), 5,608 minified (CASES B1). */
function denyRegionsScp() {
  const regions = ['us-east-1', 'eu-west-1', 'eu-central-1'];
  const Statement = Array.from({ length: 18 }, (_, i) => ({
    Sid: `DenyOutsideApprovedRegions${String(i + 1).padStart(2, '0')}${
      i === 0 ? 'X'.repeat(430) : ''
    }`,
    Effect: 'Deny',
    NotAction: Array.from(
      { length: Math.floor(188 / 18) + (i < 188 % 18 ? 1 : 0) },
      (_x, j) => `svc${j}:*`,
    ),
    Resource: '*',
    Condition: {
      StringNotEquals: {
        'aws:RequestedRegion': i < 14 ? [...regions, 'eu-north-1'] : regions,
      },
    },
  }));
  return { Version: '2012-10-17', Statement };
}

// CASES B2: the tenants OU has FullAWSAccess, two Control Tower SCPs and tenant-base-v1.
const attachedB2 = [
  { Id: 'p-FullAWSAccess', Name: 'FullAWSAccess' },
  { Id: 'p-ct000001', Name: 'aws-guardrails-ct1' },
  { Id: 'p-ct000002', Name: 'aws-guardrails-ct2' },
  { Id: 'p-base0001', Name: 'tenant-base-v1' },
];
const catalogB2 = [
  g('base', 'tenant-base-v2'),
  g('region-restriction', 'tenant-data-residency'),
  g('deny-leave-organization', 'tenant-deny-leave-org'),
];

function setup(config: JsonObject, catalog: Guardrail[]) {
  const t = testDeps({
    config: { vending: { guardrails: config } },
    loadGuardrails: async () => catalog,
  });
  const org = mockClient(t.clients.org);
  tagEveryAccount(org);
  org.on(ListPoliciesCommand).resolves({
    Policies: [
      ...attachedB2,
      { Id: 'p-resid001', Name: 'tenant-data-residency' },
    ],
  });
  org.on(ListPoliciesForTargetCommand).resolves({ Policies: attachedB2 });
  org
    .on(ListPoliciesForTargetCommand, { TargetId: 'r-ab12' })
    .resolves({ Policies: [attachedB2[0]] });
  org
    .on(ListParentsCommand)
    .resolves({ Parents: [{ Id: 'r-ab12', Type: 'ROOT' }] });
  let n = 0;
  org.on(CreatePolicyCommand).callsFake(i => ({
    Policy: { PolicySummary: { Id: `p-new0000${++n}`, Name: i.Name } },
  }));
  org.on(AttachPolicyCommand).resolves({});
  org.on(DetachPolicyCommand).resolves({});
  return { ...t, org, action: createTenancyGuardrailsAttachAction(t.deps) };
}

describe('tenancy:guardrails:attach', () => {
  describe('CASES B1: SCP size', () => {
    it('the deny-regions SCP is 13,978 characters pretty and 5,608 minified', () => {
      expect(JSON.stringify(denyRegionsScp(), null, 4).length).toBe(13978);
      expect(JSON.stringify(denyRegionsScp()).length).toBe(5608);
    });

    it('rejected before any call under a 5,120 limit, with size and limit in the message', async () => {
      const s = setup({ maxPolicySize: 5120, maxPoliciesPerTarget: 10 }, [
        g('region-restriction', 'tenant-data-residency', denyRegionsScp()),
      ]);
      const { ctx } = testContext({ targetId: 'ou-ab12-tenants1' });
      await expect(s.action.handler(ctx)).rejects.toThrow(
        'SCP tenant-data-residency is 5608 characters minified, over the limit of 5120 characters (tenancy.vending.guardrails.maxPolicySize); shorten it or raise the limit if your organization has the 10,240 quota — it is never split silently',
      );
      expect(s.org.calls()).toHaveLength(0);
    });

    it('accepted under a 10,240 limit and submitted minified, never split', async () => {
      const s = setup({ maxPolicySize: 10240, maxPoliciesPerTarget: 10 }, [
        g('region-restriction', 'tenant-data-residency-v2', denyRegionsScp()),
      ]);
      const { ctx } = testContext({ targetId: 'ou-ab12-tenants1' });
      await s.action.handler(ctx);
      const created = s.org
        .commandCalls(CreatePolicyCommand)
        .map(c => c.args[0].input);
      expect(created).toHaveLength(1);
      expect(created[0].Content).toBe(JSON.stringify(denyRegionsScp()));
      expect(created[0].Content!.length).toBe(5608);
    });
  });

  describe('CASES B2: SCPs per target', () => {
    it('limit 5: rejects before any write, listing the six', async () => {
      const s = setup({ maxPoliciesPerTarget: 5 }, catalogB2);
      const { ctx } = testContext({ targetId: 'ou-ab12-tenants1' });
      await expect(s.action.handler(ctx)).rejects.toThrow(
        'Target ou-ab12-tenants1 would have 6 SCPs, over the limit of 5 (tenancy.vending.guardrails.maxPoliciesPerTarget): FullAWSAccess, aws-guardrails-ct1, aws-guardrails-ct2, tenant-base-v2, tenant-data-residency, tenant-deny-leave-org. Nothing was changed; detach an SCP, attach guardrails to the OU instead, or raise the limit.',
      );
      expect(s.org.commandCalls(CreatePolicyCommand)).toHaveLength(0);
      expect(s.org.commandCalls(AttachPolicyCommand)).toHaveLength(0);
      expect(s.org.commandCalls(DetachPolicyCommand)).toHaveLength(0);
    });

    it('limit 10: applies, attaching the new ones before detaching the replaced one', async () => {
      const s = setup({ maxPoliciesPerTarget: 10 }, catalogB2);
      const { ctx, outputs } = testContext({
        targetId: 'ou-ab12-tenants1',
        tenantId: 'acme',
      });
      await s.action.handler(ctx);
      const writes = s.org
        .calls()
        .map(c => {
          const cmd = c.args[0] as any;
          return `${cmd.constructor.name.replace('Command', '')} ${
            cmd.input.Name ?? cmd.input.PolicyId
          }`;
        })
        .filter(w => !w.startsWith('List'));
      expect(writes).toEqual([
        'CreatePolicy tenant-base-v2',
        'CreatePolicy tenant-deny-leave-org',
        'AttachPolicy p-new00001',
        'AttachPolicy p-resid001',
        'AttachPolicy p-new00002',
        'DetachPolicy p-base0001',
      ]);
      expect(outputs).toEqual({
        policyNames: [
          'FullAWSAccess',
          'aws-guardrails-ct1',
          'aws-guardrails-ct2',
          'tenant-base-v2',
          'tenant-data-residency',
          'tenant-deny-leave-org',
        ],
        attached: [
          'tenant-base-v2',
          'tenant-data-residency',
          'tenant-deny-leave-org',
        ],
        detached: ['tenant-base-v1'],
      });
    });

    it('the limit is configuration: at limit 6 it applies too', async () => {
      const s = setup({ maxPoliciesPerTarget: 6 }, catalogB2);
      const { ctx } = testContext({ targetId: 'ou-ab12-tenants1' });
      await s.action.handler(ctx);
      expect(s.org.commandCalls(DetachPolicyCommand)).toHaveLength(1);
    });
  });

  it('a re-run changes nothing; a DuplicatePolicyAttachmentException is success', async () => {
    const s = setup({ maxPoliciesPerTarget: 10 }, catalogB2);
    s.org.on(ListPoliciesForTargetCommand).resolves({
      Policies: [
        attachedB2[0],
        { Id: 'p-new1', Name: 'tenant-base-v2' },
        { Id: 'p-resid001', Name: 'tenant-data-residency' },
        { Id: 'p-new2', Name: 'tenant-deny-leave-org' },
      ],
    });
    s.org.on(ListPoliciesCommand).resolves({
      Policies: [
        { Id: 'p-new1', Name: 'tenant-base-v2' },
        { Id: 'p-resid001', Name: 'tenant-data-residency' },
        { Id: 'p-new2', Name: 'tenant-deny-leave-org' },
      ],
    });
    s.org.on(AttachPolicyCommand).rejects(
      new DuplicatePolicyAttachmentException({
        message: 'dup',
        $metadata: {},
      }),
    );
    const { ctx, outputs } = testContext({
      targetId: '222222222222',
      tenantId: 'acme',
    });
    await s.action.handler(ctx);
    expect(s.org.commandCalls(AttachPolicyCommand)).toHaveLength(0);
    expect(s.org.commandCalls(CreatePolicyCommand)).toHaveLength(0);
    expect(outputs.attached).toEqual([]);
    // The tenant's activity still shows that the guardrails were checked.
    expect(s.activity.map(a => a.summary)).toEqual([
      'Guardrail SCPs checked: every one already in effect on 222222222222 (tenancy:guardrails:attach)',
    ]);
  });

  it('CASES X2: dry run creates and attaches nothing but still checks the limits', async () => {
    const s = setup({ maxPoliciesPerTarget: 10 }, catalogB2);
    const { ctx, lines } = testContext(
      { targetId: 'ou-ab12-tenants1' },
      { isDryRun: true },
    );
    await s.action.handler(ctx);
    expect(s.org.commandCalls(CreatePolicyCommand)).toHaveLength(0);
    expect(s.org.commandCalls(AttachPolicyCommand)).toHaveLength(0);
    expect(s.org.commandCalls(DetachPolicyCommand)).toHaveLength(0);
    expect(lines).toEqual([
      'info: Dry run: would create 2 SCPs, attach tenant-base-v2, tenant-data-residency, tenant-deny-leave-org and detach tenant-base-v1 on ou-ab12-tenants1; 6 of at most 10 SCPs after',
    ]);
  });

  it('attaches the repository catalog: six SCPs on an account with FullAWSAccess needs limit 7', async () => {
    const catalog = await loadGuardrailCatalog(resolveGuardrailCatalogPath());
    const s = setup({ maxPoliciesPerTarget: 7 }, catalog);
    s.org
      .on(ListPoliciesForTargetCommand)
      .resolves({ Policies: [attachedB2[0]] });
    s.org.on(ListPoliciesCommand).resolves({ Policies: [attachedB2[0]] });
    const { ctx, outputs } = testContext({ targetId: '222222222222' });
    await s.action.handler(ctx);
    expect(s.org.commandCalls(CreatePolicyCommand)).toHaveLength(6);
    expect(s.org.commandCalls(AttachPolicyCommand)).toHaveLength(6);
    expect((outputs.policyNames as string[]).length).toBe(7);
  });

  it('does not attach what a parent OU already has in effect', async () => {
    const s = setup({ maxPoliciesPerTarget: 5 }, catalogB2);
    s.org
      .on(ListPoliciesForTargetCommand, { TargetId: '222222222222' })
      .resolves({ Policies: [attachedB2[0]] });
    s.org.on(ListParentsCommand, { ChildId: '222222222222' }).resolves({
      Parents: [{ Id: 'ou-ab12-premium1', Type: 'ORGANIZATIONAL_UNIT' }],
    });
    s.org.on(ListParentsCommand, { ChildId: 'ou-ab12-premium1' }).resolves({
      Parents: [{ Id: 'ou-ab12-tenants1', Type: 'ORGANIZATIONAL_UNIT' }],
    });
    s.org
      .on(ListPoliciesForTargetCommand, { TargetId: 'ou-ab12-premium1' })
      .resolves({ Policies: [attachedB2[0]] });
    s.org
      .on(ListPoliciesForTargetCommand, { TargetId: 'ou-ab12-tenants1' })
      .resolves({
        Policies: [
          attachedB2[0],
          { Id: 'p-resid001', Name: 'tenant-data-residency' },
          { Id: 'p-leave001', Name: 'tenant-deny-leave-org' },
        ],
      });
    const { ctx, outputs, lines } = testContext({ targetId: '222222222222' });
    await s.action.handler(ctx);
    expect(outputs.attached).toEqual(['tenant-base-v2']);
    expect(lines[0]).toBe(
      'info: Already in effect through a parent OU: tenant-data-residency, tenant-deny-leave-org',
    );
    expect(
      s.org.commandCalls(CreatePolicyCommand).map(c => c.args[0].input.Name),
    ).toEqual(['tenant-base-v2']);
  });

  it('with parentOuId (the OU after the move, e.g. in a dry run) counts what that OU has in effect', async () => {
    const s = setup({ maxPoliciesPerTarget: 5 }, catalogB2);
    s.org
      .on(ListPoliciesForTargetCommand, { TargetId: 'ou-ab12-tenants1' })
      .resolves({
        Policies: [
          attachedB2[0],
          { Id: 'p-b2', Name: 'tenant-base-v2' },
          { Id: 'p-resid001', Name: 'tenant-data-residency' },
          { Id: 'p-leave001', Name: 'tenant-deny-leave-org' },
        ],
      });
    s.org
      .on(ListParentsCommand, { ChildId: 'ou-ab12-tenants1' })
      .resolves({ Parents: [{ Id: 'r-ab12', Type: 'ROOT' }] });
    // The account the dry run would create (F7: '(new account)', no account id): it will have
    // FullAWSAccess only; no call asks about it.
    const { ctx, outputs } = testContext(
      { targetId: '(new account)', parentOuId: 'ou-ab12-tenants1' },
      { isDryRun: true },
    );
    await s.action.handler(ctx);
    expect(outputs.attached).toEqual([]);
    expect(
      s.org.commandCalls(ListParentsCommand).map(c => c.args[0].input.ChildId),
    ).toEqual(['ou-ab12-tenants1']);
    expect(
      s.org
        .commandCalls(ListPoliciesForTargetCommand)
        .map(c => c.args[0].input.TargetId),
    ).not.toContain('(new account)');
  });

  it('names unknown guardrail ids', async () => {
    const s = setup({}, catalogB2);
    const { ctx } = testContext({
      targetId: '222222222222',
      guardrailIds: ['nope'],
    });
    await expect(s.action.handler(ctx)).rejects.toThrow(
      'Unknown preventive guardrail id(s): nope; see guardrails/catalog.yaml',
    );
  });
});
