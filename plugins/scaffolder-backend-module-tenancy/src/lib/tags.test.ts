import { InputError } from '@backstage/errors';
import { tenantTags } from './tags';

describe('tenantTags', () => {
  it('keeps the display name, drops empty values, adds the tenant tag, sorted by key', () => {
    expect(
      tenantTags(
        'acme',
        {
          tier: 'premium',
          owner: 'group:default/team-acme',
          displayName: 'ACME Manufacturing',
          regions: '',
        },
        'tenant',
      ),
    ).toEqual([
      { Key: 'displayName', Value: 'ACME Manufacturing' },
      { Key: 'owner', Value: 'group:default/team-acme' },
      { Key: 'tenant', Value: 'acme' },
      { Key: 'tier', Value: 'premium' },
    ]);
  });

  it.each([
    'Müller Söhne GmbH',
    '株式会社 ACME',
    'ACME 2.0: EU/West = +1 - ops@acme_eu',
  ])('accepts %s (letters of any script and _ . : / = + - @)', value => {
    expect(tenantTags('acme', { displayName: value }, 'tenant')).toEqual([
      { Key: 'displayName', Value: value },
      { Key: 'tenant', Value: 'acme' },
    ]);
  });

  it('refuses a value AWS Organizations would refuse, naming the characters, not the value', () => {
    const run = () =>
      tenantTags('acme', { displayName: "O'Brien & Sons & Co!" }, 'tenant');
    expect(run).toThrow(InputError);
    expect(run).toThrow(
      "Tag 'displayName' value may hold only letters, digits, spaces and _ . : / = + - @; found ''', '&', '!' (rule tags.value)",
    );
    expect(() =>
      tenantTags('acme', { externalId: 's3cr3t#ExtId' }, 'tenant'),
    ).toThrow(
      "Tag 'externalId' value may hold only letters, digits, spaces and _ . : / = + - @; found '#' (rule tags.value)",
    );
  });

  it('refuses a key AWS Organizations would refuse', () => {
    expect(() => tenantTags('acme', { 'cost*center': 'x' }, 'tenant')).toThrow(
      "Tag key 'cost*center' may hold only letters, digits, spaces and _ . : / = + - @; found '*' (rule tags.key)",
    );
  });
});
