import type { Guardrail } from '@tenancy/plugin-tenants-common';
import type { StoredTenant } from '../inventory/store/types';

/** A stored tenant for tests; `n` picks a deterministic account id and name. */
export function makeTenant(
  n: number,
  overrides: Partial<StoredTenant> = {},
): StoredTenant {
  const id = `tenant-${String(n).padStart(3, '0')}`;
  return {
    tenantId: id,
    accountId: String(100000000000 + n),
    accountName: `Tenant ${n}`,
    email: `aws+${id}@example.com`,
    ouId: 'ou-ab12-standard',
    ouPath: '/Tenants/standard',
    state: 'ACTIVE',
    tier: 'standard',
    owner: `group:default/team-${n % 3}`,
    regions: ['eu-west-1'],
    tags: { tenant: id, tier: 'standard', owner: `team-${n % 3}` },
    joinedAt: `2025-01-${String((n % 28) + 1).padStart(2, '0')}T00:00:00.000Z`,
    tagsReadAt: '2026-01-01T00:00:00.000Z',
    ...overrides,
  };
}

/** A detective guardrail whose id and title are its AWS Config rule's name (severity high). */
export function detectiveGuardrail(configRuleName: string): Guardrail {
  return {
    id: configRuleName,
    title: configRuleName,
    why: '',
    kind: 'detective',
    severity: 'high',
    configRuleName,
  };
}
