import {
  TestDatabases,
  mockCredentials,
  mockServices,
} from '@backstage/backend-test-utils';
import { TENANT_ID_MAX_LENGTH } from '@tenancy/plugin-tenants-common';
import request from 'supertest';
import { KnexTenantsStore } from './store/KnexTenantsStore';
import { createTestApp } from '../__testUtils__/testApp';

const databases = TestDatabases.create({ ids: ['SQLITE_3'] });

describe('POST /activity tenant id rule', () => {
  it('takes the shared tenant id rule: 50 characters pass, 51 are a 400 naming the limit', async () => {
    const knex = await databases.init('SQLITE_3');
    const store = await KnexTenantsStore.create(
      mockServices.database({ knex }),
    );
    const app = await createTestApp(store, { requestRefresh: jest.fn() });
    const post = (tenantId: string) =>
      request(app)
        .post('/activity')
        .set({ Authorization: mockCredentials.service.header() })
        .send({ tenantId, kind: 'vending', summary: 'x' });
    expect(TENANT_ID_MAX_LENGTH).toBe(50);
    expect((await post('a'.repeat(50))).status).toBe(201);
    const tooLong = await post('a'.repeat(51));
    expect(tooLong.status).toBe(400);
    expect(tooLong.body.error.message).toBe(
      'Invalid body: tenantId must be at most 50 characters',
    );
  });
});
