import {
  TestDatabases,
  mockCredentials,
  mockServices,
} from '@backstage/backend-test-utils';
import request from 'supertest';
import { KnexTenantsStore } from './store/KnexTenantsStore';
import { makeTenant } from '../__testUtils__/testFixtures';
import { TEST_USERS, createTestApp } from '../__testUtils__/testApp';
import { HealthStore } from '../health/HealthStore';
import { createHealthRouter } from '../health/routes';
import { ComplianceStore } from '../compliance/ComplianceStore';
import { createComplianceRouter } from '../compliance/routes';

jest.setTimeout(30_000);

const databases = TestDatabases.create({ ids: ['SQLITE_3'] });

describe('the views say which regions were read (tenancy.aws.regions)', () => {
  it('GET /tenants, /tenants/:id/health and /tenants/:id/compliance answer regionsRead in config order; without regions given they leave it out', async () => {
    const knex = await databases.init('SQLITE_3');
    const store = await KnexTenantsStore.create(
      mockServices.database({ knex }),
    );
    // The tenant runs in ap-south-1 too, which is not read: the views name only what was read.
    await store.replaceInventory([
      makeTenant(1, { regions: ['eu-central-1', 'ap-south-1'] }),
    ]);
    const regions = ['us-east-1', 'eu-central-1'];
    const routers = (r?: string[]) => [
      createHealthRouter({
        store: async () => new HealthStore(knex),
        regions: r,
      }),
      createComplianceRouter({
        store: async () => new ComplianceStore(knex),
        regions: r,
      }),
    ];
    const refresh = { requestRefresh: jest.fn() };
    const app = await createTestApp(store, refresh, routers(regions), {
      regions,
    });
    const get = (a: typeof app, path: string) =>
      request(a)
        .get(path)
        .set({
          Authorization: mockCredentials.user.header(TEST_USERS.platform),
        });
    expect((await get(app, '/tenants')).body.regionsRead).toEqual(regions);
    const health = await get(app, '/tenants/tenant-001/health');
    expect(health.status).toBe(200);
    expect(health.body.regionsRead).toEqual(regions);
    const compliance = await get(app, '/tenants/tenant-001/compliance');
    expect(compliance.status).toBe(200);
    expect(compliance.body.regionsRead).toEqual(regions);

    const without = await createTestApp(store, refresh, routers());
    expect((await get(without, '/tenants')).body).not.toHaveProperty(
      'regionsRead',
    );
    expect(
      (await get(without, '/tenants/tenant-001/health')).body,
    ).not.toHaveProperty('regionsRead');
    expect(
      (await get(without, '/tenants/tenant-001/compliance')).body,
    ).not.toHaveProperty('regionsRead');
  });
});
