import { TenantEntitiesProcessor } from './TenantEntitiesProcessor';
import type { TenantEntityV1alpha1 } from './TenantEntity';

const valid: TenantEntityV1alpha1 = {
  apiVersion: 'tenancy.dev/v1alpha1',
  kind: 'Tenant',
  metadata: {
    name: 'acme',
    annotations: { 'tenancy.dev/account-id': '111111111111' },
  },
  spec: {
    owner: 'group:default/team-acme',
    accountId: '111111111111',
    accountName: 'acme',
    ouPath: '/Tenants/premium',
    state: 'ACTIVE',
    tier: 'premium',
    regions: ['eu-west-1', 'us-east-1'],
    release: { version: '2.0.0', status: 'current' },
  },
};

describe('Tenant kind', () => {
  const processor = new TenantEntitiesProcessor();

  it('accepts a valid Tenant and ignores other kinds', async () => {
    await expect(processor.validateEntityKind(valid)).resolves.toBe(true);
    await expect(
      processor.validateEntityKind({
        apiVersion: 'backstage.io/v1alpha1',
        kind: 'Component',
        metadata: { name: 'x' },
      }),
    ).resolves.toBe(false);
  });

  it.each([
    ['accountId', { accountId: '1234' }, /accountId/],
    ['state', { state: 'RUNNING' }, /state/],
    ['ouPath', { ouPath: 'Tenants' }, /ouPath/],
    ['regions', { regions: ['Europe'] }, /regions/],
    ['owner', { owner: '' }, /owner/],
    ['tier', { tier: undefined }, /tier/],
    ['release', { release: { version: '2.0.0', status: 'late' } }, /release/],
  ])(
    'rejects a Tenant with a bad %s, naming it',
    async (_field, patch, message) => {
      const entity = { ...valid, spec: { ...valid.spec, ...patch } };
      await expect(
        processor.validateEntityKind(entity as TenantEntityV1alpha1),
      ).rejects.toThrow(message);
    },
  );

  it('relates the tenant to its owner group, and nothing to the tenant (no ownerOf on the group)', async () => {
    const emitted: unknown[] = [];
    await processor.postProcessEntity(valid, { type: 'x', target: 'y' }, r =>
      emitted.push(r),
    );
    expect(emitted).toEqual([
      {
        type: 'relation',
        relation: {
          source: { kind: 'Tenant', namespace: 'default', name: 'acme' },
          type: 'ownedBy',
          target: { kind: 'group', namespace: 'default', name: 'team-acme' },
        },
      },
    ]);
  });
});
