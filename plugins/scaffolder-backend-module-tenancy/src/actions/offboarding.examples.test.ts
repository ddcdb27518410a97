/**
 * Every documented example of the offboarding actions, run as a dry run against the sandbox for
 * one of its tenants (the examples' `acme` / `222222222222` replaced by it): each is accepted and
 * makes 0 mutating calls.
 */
import yaml from 'yaml';
import { startOffboarding } from '../__testUtils__/offboardingSetup';
import { offboardingExamples } from './offboarding.examples';

jest.setTimeout(60_000);

const ACTIONS: Record<string, string> = {
  'tenancy:offboard:plan': 'plan',
  'tenancy:account:suspend': 'suspend',
  'tenancy:stackInstances:remove': 'remove',
  'tenancy:budget:delete': 'budget',
  'tenancy:spend:archive': 'spend',
  'tenancy:account:close': 'close',
  'tenancy:tenant:state': 'state',
  'tenancy:account:reinstate': 'reinstate',
};

describe('offboarding action examples', () => {
  let s: Awaited<ReturnType<typeof startOffboarding>>;
  let tenant: { tenantId: string; accountId: string; tier: string };
  beforeAll(async () => {
    s = await startOffboarding();
    tenant = await s.tenant();
  });
  afterAll(() => s?.stop());

  const cases = Object.entries(offboardingExamples).flatMap(([id, examples]) =>
    examples.map(e => [id, e.description, e.example] as const),
  );

  it.each(cases)('%s: %s', async (id, _description, example) => {
    const text = example
      .replace(/222222222222/g, tenant.accountId)
      .replace(/\bacme\b/g, tenant.tenantId);
    const input = yaml.parse(text).steps[0].input;
    expect(yaml.parse(text).steps[0].action).toBe(id);
    await s.run(ACTIONS[id] as any, input, { isDryRun: true });
    expect(s.writesByOperation()).toEqual({});
  });
});
