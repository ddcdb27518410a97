import { readFileSync } from 'node:fs';
import path from 'node:path';
import { createServiceFactory } from '@backstage/backend-plugin-api';
import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import type { Entity } from '@backstage/catalog-model';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import scaffolderPlugin from '@backstage/plugin-scaffolder-backend';
import {
  awsClientFactoryServiceRef,
  InMemoryAwsCallMeter,
} from '@tenancy/plugin-tenants-node';
import { parse } from 'yaml';
import { scaffolderModuleTenancy } from '../module';
import {
  secretFieldsOf,
  secretValuesInClear,
  secretValuesMessage,
} from './secretValuesGuard';

const template: Entity = parse(
  readFileSync(
    path.resolve(__dirname, '../../../../templates/new-tenant/template.yaml'),
    'utf8',
  ),
);
const SECRET = 's3cr3t-ExtId-9';

describe('secret values', () => {
  it('finds the fields the New tenant template marks secret', () => {
    expect([...secretFieldsOf(template)]).toEqual(['awsExternalId']);
  });

  it.each([
    [{ awsExternalId: SECRET }, ['awsExternalId']],
    [{ AWSEXTERNALID: SECRET }, ['AWSEXTERNALID']],
    [{ aws: { externalId: SECRET } }, ['aws.externalId']],
    [
      { dbPassword: 'hunter2', clientSecret: 'x' },
      ['dbPassword', 'clientSecret'],
    ],
    [{ apiKey: 12345 }, ['apiKey']],
    [{ awsExternalId: '**************' }, []],
    [{ awsExternalId: '' }, []],
    [{ tenantId: 'acme', owner: 'group:default/team-alpha' }, []],
  ])('%j → %j', (values, expected) => {
    expect(secretValuesInClear(values, new Set())).toEqual(expected);
  });

  it('treats a field the template marks secret as one, whatever its name', () => {
    expect(
      secretValuesInClear({ vendorCode: 'abc' }, new Set(['vendorCode'])),
    ).toEqual(['vendorCode']);
  });
});

describe('the real scaffolder refuses a secret in the values before storing the task', () => {
  let backend: Awaited<ReturnType<typeof startTestBackend>>;
  const logged: string[] = [];

  beforeAll(async () => {
    backend = await startTestBackend({
      features: [
        scaffolderPlugin,
        scaffolderModuleTenancy,
        catalogServiceMock.factory({ entities: [template] }),
        mockServices.rootConfig.factory({
          data: { tenancy: { tenants: { ouPath: '/Tenants' } } },
        }),
        mockServices.rootLogger.factory({ level: 'warn' }),
        createServiceFactory({
          service: awsClientFactoryServiceRef,
          deps: {},
          factory: () => ({ meter: new InMemoryAwsCallMeter() } as any),
        }),
      ],
    });
  });

  afterAll(async () => {
    await backend?.stop();
  });

  const post = (body: unknown) =>
    fetch(`http://localhost:${backend.server.port()}/api/scaffolder/v2/tasks`, {
      method: 'POST',
      headers: {
        authorization: mockCredentials.user.header('user:default/pat'),
        'content-type': 'application/json',
      },
      body: JSON.stringify(body),
    });
  const listTasks = async () =>
    (
      await fetch(
        `http://localhost:${backend.server.port()}/api/scaffolder/v2/tasks`,
        {
          headers: {
            authorization: mockCredentials.user.header('user:default/pat'),
          },
        },
      )
    ).json();

  it('answers 400 naming the field, never the value, and stores no task', async () => {
    const spies = (['log', 'info', 'warn', 'error', 'debug'] as const).map(m =>
      jest.spyOn(console, m),
    );
    const res = await post({
      templateRef: 'template:default/new-tenant',
      values: {
        tenantId: 'acme',
        owner: 'group:default/team-alpha',
        tier: 'standard',
        awsExternalId: SECRET,
      },
    });
    const text = await res.text();
    for (const spy of spies) {
      logged.push(...spy.mock.calls.map(c => c.map(String).join(' ')));
      spy.mockRestore();
    }
    expect(res.status).toBe(400);
    expect(JSON.parse(text).error).toEqual({
      name: 'InputError',
      message: secretValuesMessage(['awsExternalId']),
    });
    expect(JSON.parse(text).error.message).toBe(
      'Refused to create the task: awsExternalId is a secret sent in the task\'s values, which are stored in the task spec and shown with the task. Send it in the request\'s "secrets" instead (a template field with "ui:field: Secret" does this); the values may hold only the mask (*).',
    );
    expect(text).not.toContain(SECRET);
    // The refusal is logged, by field name only.
    expect(logged.join('\n')).toContain(
      'secret value(s) awsExternalId sent in clear',
    );
    expect(logged.join('\n')).not.toContain(SECRET);
    expect(await listTasks()).toEqual({ tasks: [], totalTasks: 0 });
  });

  it('lets the Secret field mask through, with the secret in `secrets`', async () => {
    const res = await post({
      templateRef: 'template:default/new-tenant',
      values: {
        tenantId: 'acme',
        owner: 'group:default/team-alpha',
        tier: 'standard',
        awsExternalId: '*'.repeat(SECRET.length),
      },
      secrets: { awsExternalId: SECRET },
    });
    expect(res.status).toBe(201);
    const { tasks } = await listTasks();
    expect(tasks).toHaveLength(1);
    expect(JSON.stringify(tasks[0].spec)).not.toContain(SECRET);
  });
});
