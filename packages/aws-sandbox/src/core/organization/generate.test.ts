import { generateOrganization } from './generate';
import { loadGuardrailScps } from './guardrails';

const anchor = new Date('2026-03-15T00:00:00Z');
const guardrails = loadGuardrailScps();

describe('generateOrganization', () => {
  it('gives the same organization for the same seed, and another for another seed', () => {
    const a = JSON.stringify(
      generateOrganization({
        seed: 7,
        tenants: 100,
        anchor,
        guardrails,
      }).toJSON(),
    );
    const b = JSON.stringify(
      generateOrganization({
        seed: 7,
        tenants: 100,
        anchor,
        guardrails,
      }).toJSON(),
    );
    const c = JSON.stringify(
      generateOrganization({
        seed: 8,
        tenants: 100,
        anchor,
        guardrails,
      }).toJSON(),
    );
    expect(a).toBe(b);
    expect(a).not.toBe(c);
  });

  it('makes 10,000 tenants with unique ids, emails and tenant tags, joined before the anchor', () => {
    const org = generateOrganization({
      seed: 1,
      tenants: 10_000,
      anchor,
      guardrails,
    });
    const tenants = org.tenantAccounts();
    expect(tenants).toHaveLength(10_000);
    expect(new Set(tenants.map(a => a.id)).size).toBe(10_000);
    expect(new Set(tenants.map(a => a.email.toLowerCase())).size).toBe(10_000);
    expect(new Set(tenants.map(a => a.tags.tenant)).size).toBe(10_000);
    expect(tenants.every(a => /^[1-9]\d{11}$/.test(a.id))).toBe(true);
    expect(
      tenants.every(
        a =>
          a.joinedAt < '2026-03-15T00:00:00.000Z' && a.joinedAt >= '2023-03-16',
      ),
    ).toBe(true);
    expect(tenants.filter(a => a.state === 'SUSPENDED')).toHaveLength(200);
    expect(tenants.filter(a => a.state === 'PENDING_CLOSURE')).toHaveLength(
      100,
    );
    const tiers = { standard: 0, premium: 0, enterprise: 0 } as Record<
      string,
      number
    >;
    for (const a of tenants) tiers[a.tags.tier]++;
    expect(tiers.standard).toBeGreaterThan(5_700);
    expect(tiers.enterprise).toBeLessThan(1_200);
    expect(org.accountsUnder(org.parentByPath('/Tenants')!, true)).toHaveLength(
      9_800,
    );
  });

  it('rejects tenant counts outside 5..10,000', () => {
    expect(() =>
      generateOrganization({ seed: 1, tenants: 4, anchor, guardrails }),
    ).toThrow('tenants must be an integer from 5 to 10000, got 4');
    expect(() =>
      generateOrganization({ seed: 1, tenants: 10_001, anchor, guardrails }),
    ).toThrow(RangeError);
  });
});
