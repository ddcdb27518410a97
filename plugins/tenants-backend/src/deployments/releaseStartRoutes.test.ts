import {
  TestDatabases,
  mockCredentials,
  mockServices,
} from '@backstage/backend-test-utils';
import request from 'supertest';
import { KnexTenantsStore } from '../inventory/store/KnexTenantsStore';
import { createTestApp } from '../__testUtils__/testApp';
import { createDeploymentsSource } from '.';
import { startedByOf } from './DeploymentsStore';
import { ConfigReader } from '@backstage/config';

const databases = TestDatabases.create({ ids: ['SQLITE_3'] });

describe('POST /releases/starts', () => {
  it('stores who started a release for service principals only; a bad prefix is a 400 naming the rule', async () => {
    const knex = await databases.init('SQLITE_3');
    const database = mockServices.database({ knex });
    const store = await KnexTenantsStore.create(database);
    const source = createDeploymentsSource({
      config: new ConfigReader({}),
      database,
      tenants: store,
    });
    const app = await createTestApp(store, { requestRefresh: jest.fn() }, [
      source.createRouter!,
    ]);
    const post = (auth: string, body: Record<string, unknown>) =>
      request(app)
        .post('/releases/starts')
        .set({ Authorization: auth })
        .send(body);
    const body = {
      operationPrefix: 'tr-1-1-0-0123456789',
      version: '1.1.0',
      startedBy: 'user:default/guest',
      at: '2026-03-15T12:00:00Z',
    };
    const created = await post(mockCredentials.service.header(), body);
    expect([created.status, created.body]).toEqual([
      201,
      { ...body, at: '2026-03-15T12:00:00.000Z' },
    ]);
    const asUser = await post(mockCredentials.user.header(), body);
    expect(asUser.status).toBe(403);
    const bad = await post(mockCredentials.service.header(), {
      ...body,
      operationPrefix: 'tr_1',
    });
    expect([bad.status, bad.body.error.message]).toEqual([
      400,
      'Invalid body: operationPrefix must be letters, digits and -, starting with a letter or digit (as StackSet OperationIds)',
    ]);
    expect(await knex('release_starts').select()).toEqual([
      {
        operation_prefix: 'tr-1-1-0-0123456789',
        version: '1.1.0',
        started_by: 'user:default/guest',
        started_at: '2026-03-15T12:00:00.000Z',
      },
    ]);
  });

  it('names who started an operation by the longest recorded prefix of its id', () => {
    const at = '2026-03-15T12:00:00.000Z';
    const by = startedByOf([
      { operationPrefix: 'tr-1-abc', version: '1', startedBy: 'user:a', at },
      {
        operationPrefix: 'tr-1-abc-w2-a2-',
        version: '1',
        startedBy: 'user:b',
        at,
      },
    ]);
    expect(
      [
        'tr-1-abc-w1-a1-s',
        'tr-1-abc-w2-a2-u',
        'tr-1-abc-w2-a1-u',
        'rb-1-x',
      ].map(by),
    ).toEqual(['user:a', 'user:b', 'user:a', undefined]);
  });
});
