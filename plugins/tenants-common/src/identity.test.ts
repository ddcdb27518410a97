import {
  normalizeAccountEmail,
  ownerGroupRef,
  normalizeTenantId,
  sameAccountEmail,
  sameTenantId,
  validateOwnerRef,
} from './identity';
import { validateTenantInputs } from './validation';

describe('account emails compare case-insensitively (one account, one tenant)', () => {
  it('treats Tenant-ACME@corp.example and TENANT-ACME@corp.example as tenant-acme@corp.example', () => {
    expect(normalizeAccountEmail(' Tenant-ACME@corp.example ')).toBe(
      'tenant-acme@corp.example',
    );
    expect(
      sameAccountEmail('TENANT-ACME@corp.example', 'tenant-acme@corp.example'),
    ).toBe(true);
    expect(
      sameAccountEmail('tenant-acme@corp.example', 'tenant-acme2@corp.example'),
    ).toBe(false);
  });
});

describe('tenant ids compare case-insensitively (the catalog compares entity names so)', () => {
  it('Acme, ACME and acme are one tenant; acme and acme-2 are not', () => {
    expect(normalizeTenantId(' Acme ')).toBe('acme');
    expect(sameTenantId('Acme', 'acme')).toBe(true);
    expect(sameTenantId('ACME', 'acme')).toBe(true);
    expect(sameTenantId('acme', 'acme-2')).toBe(false);
  });
});

describe('the owner is a Group (every input checked before the first AWS call)', () => {
  it('completes short refs to group:default/…', () => {
    expect(ownerGroupRef('team-acme')).toBe('group:default/team-acme');
    expect(ownerGroupRef('group:team-acme')).toBe('group:default/team-acme');
    expect(ownerGroupRef('Group:Default/team-alpha')).toBe(
      'group:default/team-alpha',
    );
  });

  it('lower-cases the whole ref, as the catalog compares refs: group:default/Team-Alpha is group:default/team-alpha', () => {
    expect(ownerGroupRef('group:default/Team-Alpha')).toBe(
      'group:default/team-alpha',
    );
    expect(ownerGroupRef(' TEAM-ALPHA ')).toBe('group:default/team-alpha');
    expect(ownerGroupRef('User:Default/Alex')).toBe('user:default/alex');
  });

  it('accepts a group ref and rejects a User with rule owner.kind', () => {
    expect(validateOwnerRef('group:default/team-alpha')).toEqual([]);
    expect(validateOwnerRef('user:default/alex')).toEqual([
      {
        field: 'owner',
        rule: 'owner.kind',
        message:
          "Owner must be a Group, not a User: got 'user:default/alex'; a tenant is owned by a team (rule owner.kind)",
      },
    ]);
  });

  it('rejects an empty owner with rule owner.format', () => {
    expect(validateOwnerRef('').map(i => i.rule)).toEqual(['owner.format']);
  });

  it('is part of validateTenantInputs', () => {
    expect(
      validateTenantInputs({
        tenantId: 'acme',
        owner: 'user:default/alex',
      }).map(i => i.rule),
    ).toEqual(['owner.kind']);
  });
});
