/*
 * AWS sends `Config Rules Compliance Change` per evaluated resource (docs/aws-behaviours/events.md):
 * a rule is NON_COMPLIANT while any of its resources is, in any Region it runs in, so only a
 * NON_COMPLIANT result decides the rule's; the others are left to the compliance refresh.
 */
import { TestDatabases } from '@backstage/backend-test-utils';
import type { TenantCompliance } from '@tenancy/plugin-tenants-common';
import { makeTenant, detectiveGuardrail } from '../__testUtils__/testFixtures';
import { parseTenantEvent, type ConfigRuleEvent } from '../events/eventModel';
import { KnexTenantsStore } from '../inventory/store/KnexTenantsStore';
import { ComplianceStore } from './ComplianceStore';
import { configMark, createComplianceEventHandler } from './events';
import { scoreOf } from './complianceModel';

const databases = TestDatabases.create({ ids: ['SQLITE_3'] });
const tenant = makeTenant(1);
const T0 = '2026-03-15T12:00:00.000Z';
const guardrails = [
  detectiveGuardrail('s3-bucket-public-read-prohibited'),
  detectiveGuardrail('cloudtrail-enabled'),
];

/** The event as AWS Config sends it for one resource (`detail` abridged to what it always has). */
function configEvent(
  rule: string,
  resourceType: string,
  resourceId: string,
  complianceType: string,
  at: string,
): ConfigRuleEvent {
  const parsed = parseTenantEvent({
    version: '0',
    id: `e-${rule}-${resourceId}-${at}`,
    'detail-type': 'Config Rules Compliance Change',
    source: 'aws.config',
    account: tenant.accountId,
    time: at,
    region: 'us-east-1',
    resources: [],
    detail: {
      resourceId,
      awsRegion: 'us-east-1',
      awsAccountId: tenant.accountId,
      configRuleName: rule,
      recordVersion: '1.0',
      messageType: 'ComplianceChangeNotification',
      resourceType,
      newEvaluationResult: {
        evaluationResultIdentifier: {
          evaluationResultQualifier: {
            configRuleName: rule,
            resourceType,
            resourceId,
          },
          orderingTimestamp: at,
        },
        complianceType,
      },
    },
  });
  return (parsed as { event: ConfigRuleEvent }).event;
}

async function setUp(initial: TenantCompliance['guardrails']) {
  const knex = await databases.init('SQLITE_3');
  const tenants = await KnexTenantsStore.create({
    getClient: async () => knex,
  });
  await tenants.replaceInventory([tenant]);
  const store = new ComplianceStore(knex);
  await store.replaceCompliance(
    [
      {
        tenantId: tenant.tenantId,
        accountId: tenant.accountId,
        compliance: {
          score: scoreOf(initial),
          guardrails: initial,
          findings: { member: true, low: 0, medium: 0, high: 0, critical: 0 },
          baselineStatus: 'CURRENT',
          collectedAt: T0,
        },
      },
    ],
    T0,
  );
  const handler = createComplianceEventHandler({
    store: async () => store,
    tenants,
    guardrails: async () => guardrails,
    baselineStackSetName: 'tenant-baseline',
  });
  const statusOf = async (id: string) =>
    (await store.getCompliance(tenant.tenantId))!.guardrails.find(
      g => g.guardrailId === id,
    );
  return { handler, statusOf };
}

describe('a Config rule event names one resource', () => {
  const S3 = 's3-bucket-public-read-prohibited';

  it('one bucket turning COMPLIANT leaves a non-compliant rule non-compliant', async () => {
    const { handler, statusOf } = await setUp([
      {
        guardrailId: S3,
        status: 'non-compliant',
        detail: '2 non-compliant resources',
      },
      { guardrailId: 'cloudtrail-enabled', status: 'compliant' },
    ]);
    const e = configEvent(
      S3,
      'AWS::S3::Bucket',
      'logs-bucket',
      'COMPLIANT',
      '2026-03-15T12:01:00.000Z',
    );
    expect(await handler.apply(e, tenant, new Date())).toBe('not-applicable');
    expect(await statusOf(S3)).toEqual({
      guardrailId: S3,
      status: 'non-compliant',
      detail: '2 non-compliant resources',
    });
  });

  it('one bucket turning NON_COMPLIANT makes a compliant rule non-compliant; a second changes nothing more', async () => {
    const { handler, statusOf } = await setUp([
      { guardrailId: S3, status: 'compliant' },
      { guardrailId: 'cloudtrail-enabled', status: 'compliant' },
    ]);
    const first = configEvent(
      S3,
      'AWS::S3::Bucket',
      'logs-bucket',
      'NON_COMPLIANT',
      '2026-03-15T12:01:00.000Z',
    );
    expect(await handler.apply(first, tenant, new Date())).toBe('applied');
    expect(await statusOf(S3)).toEqual({
      guardrailId: S3,
      status: 'non-compliant',
    });
    const second = configEvent(
      S3,
      'AWS::S3::Bucket',
      'web-bucket',
      'NON_COMPLIANT',
      '2026-03-15T12:02:00.000Z',
    );
    expect(await handler.apply(second, tenant, new Date())).toBe(
      'not-applicable',
    );
  });

  it.each([
    [
      'an account-level COMPLIANT (the rule may be NON_COMPLIANT in another Region)',
      'AWS::::Account',
      'COMPLIANT',
    ],
    [
      'a deleted bucket turning NOT_APPLICABLE',
      'AWS::S3::Bucket',
      'NOT_APPLICABLE',
    ],
  ])(
    '%s leaves a non-compliant rule to the refresh',
    async (_name, type, result) => {
      const { handler, statusOf } = await setUp([
        { guardrailId: S3, status: 'compliant' },
        { guardrailId: 'cloudtrail-enabled', status: 'non-compliant' },
      ]);
      const id = type === 'AWS::::Account' ? tenant.accountId : 'logs-bucket';
      const e = configEvent(
        'cloudtrail-enabled',
        type,
        id,
        result,
        '2026-03-15T12:01:00.000Z',
      );
      expect(await handler.apply(e, tenant, new Date())).toBe('not-applicable');
      expect(await statusOf('cloudtrail-enabled')).toEqual({
        guardrailId: 'cloudtrail-enabled',
        status: 'non-compliant',
      });
    },
  );

  it('is ordered per rule, Region and resource, so an older event of one bucket is not dropped for a newer one of another', async () => {
    const { handler } = await setUp([]);
    const a = configEvent(
      S3,
      'AWS::S3::Bucket',
      'logs-bucket',
      'NON_COMPLIANT',
      '2026-03-15T12:01:00.000Z',
    );
    const b = configEvent(
      S3,
      'AWS::S3::Bucket',
      'web-bucket',
      'COMPLIANT',
      '2026-03-15T12:02:00.000Z',
    );
    expect(handler.marks(a)).toEqual([
      `config:${S3}:us-east-1:AWS::S3::Bucket:logs-bucket`,
    ]);
    expect(handler.marks(b)).toEqual([
      `config:${S3}:us-east-1:AWS::S3::Bucket:web-bucket`,
    ]);
  });

  it('keeps a mark within the ledger column (300 characters) for a 768-character resource id', () => {
    const long = configEvent(
      S3,
      'AWS::S3::Bucket',
      'r'.repeat(768),
      'NON_COMPLIANT',
      '2026-03-15T12:01:00.000Z',
    );
    const other = configEvent(
      S3,
      'AWS::S3::Bucket',
      `${'r'.repeat(767)}s`,
      'NON_COMPLIANT',
      '2026-03-15T12:01:00.000Z',
    );
    expect(configMark(long).length).toBeLessThanOrEqual(300);
    expect(configMark(long)).toMatch(
      /^config:s3-bucket-public-read-prohibited:us-east-1:sha256:[0-9a-f]{64}$/,
    );
    expect(configMark(other)).not.toBe(configMark(long));
  });
});
