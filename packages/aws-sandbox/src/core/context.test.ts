import { generateOrganization } from './organization/generate';
import { defineDataSlot, orgAccounts, SandboxData } from './context';

const org = generateOrganization({
  seed: 1,
  tenants: 5,
  anchor: new Date('2026-03-15T00:00:00Z'),
  guardrails: [],
});

describe('SandboxData', () => {
  it('creates a slot once per reset, typed, from the seed', () => {
    let built = 0;
    const slot = defineDataSlot('test', data => ({
      seed: data.seed,
      n: ++built,
    }));
    const data = new SandboxData(7);
    expect(data.slot(slot)).toEqual({ seed: 7, n: 1 });
    expect(data.slot(slot)).toBe(data.slot(slot));
    data.reset();
    expect(data.slot(slot)).toEqual({ seed: 7, n: 2 });
  });

  it('lists the accounts sorted by id, the same list during one call, rebuilt when an account changes', () => {
    const data = new SandboxData(1);
    const call = { data, org, now: () => new Date('2026-03-15T12:00:00Z') };
    const first = orgAccounts(call);
    expect(first.map(a => a.accountId)).toEqual(
      [...first.map(a => a.accountId)].sort(),
    );
    expect(first.filter(a => a.kind === 'tenant')).toHaveLength(5);
    expect(orgAccounts(call)).toBe(first);
    const tenant = org.accounts().find(a => a.kind === 'tenant')!;
    tenant.tags.tier = tenant.tags.tier === 'premium' ? 'standard' : 'premium';
    expect(orgAccounts(call)).toBe(first); // same call: not checked again
    const next = orgAccounts({ ...call });
    expect(next).not.toBe(first);
    expect(next.find(a => a.accountId === tenant.id)!.tier).toBe(
      tenant.tags.tier,
    );
  });
});
