/**
 * A test portal for the integration tests: the real catalog (with the Template kind and the
 * Tenant module), tenants and scaffolder backends plus this module, against the AWS sandbox.
 */
import path from 'node:path';
import {
  coreServices,
  createBackendModule,
  type SchedulerService,
} from '@backstage/backend-plugin-api';
import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import { databaseServiceFactory } from '@backstage/backend-defaults/database';
import catalogPlugin from '@backstage/plugin-catalog-backend';
import catalogModuleTemplateKind from '@backstage/plugin-catalog-backend-module-scaffolder-entity-model';
import { eventsServiceFactory } from '@backstage/plugin-events-node';
import scaffolderPlugin from '@backstage/plugin-scaffolder-backend';
import catalogModuleTenants from '@tenancy/plugin-catalog-backend-module-tenants';
// The integration tests run the real tenants backend next to the scaffolder (test only).
// eslint-disable-next-line @backstage/no-mixed-plugin-imports
import tenantsPlugin from '@tenancy/plugin-tenants-backend';
import { resolveGuardrailCatalogPath } from '@tenancy/plugin-tenants-node';
import { scaffolderModuleTenancy } from '../module';

export const SECRET = 's3cr3t-ExtId-9';
export const sandboxCredentials = {
  accessKeyId: 'sandbox',
  secretAccessKey: 'sandbox',
};
const repoRoot = path.dirname(path.dirname(resolveGuardrailCatalogPath()));

export function portalConfig(endpoint: string, sqliteDir?: string) {
  return {
    ...(sqliteDir
      ? {
          backend: {
            database: {
              client: 'better-sqlite3',
              connection: { directory: sqliteDir },
            },
          },
        }
      : {}),
    aws: { mainAccount: sandboxCredentials },
    catalog: {
      rules: [
        {
          allow: [
            'Component',
            'System',
            'API',
            'Resource',
            'Location',
            'Group',
            'User',
            'Template',
            'Tenant',
          ],
        },
      ],
      locations: [
        {
          type: 'file',
          target: path.join(repoRoot, 'templates/new-tenant/template.yaml'),
          rules: [{ allow: ['Template'] }],
        },
        {
          type: 'file',
          target: path.join(
            repoRoot,
            'templates/offboard-tenant/template.yaml',
          ),
          rules: [{ allow: ['Template'] }],
        },
        {
          type: 'file',
          target: path.join(
            repoRoot,
            'templates/roll-out-release/template.yaml',
          ),
          rules: [{ allow: ['Template'] }],
        },
        {
          // The teams: the vending checks that the tenant owner is an existing Group.
          type: 'file',
          target: path.join(repoRoot, 'examples/org.yaml'),
          rules: [{ allow: ['Group', 'User'] }],
        },
      ],
      providers: {
        tenants: {
          defaultOwner: 'group:default/platform-engineers',
          schedule: { frequency: { seconds: 5 }, timeout: { minutes: 1 } },
        },
      },
    },
    scaffolder: {
      taskRecovery: { enabled: true, staleTimeout: { seconds: 3 } },
    },
    tenancy: {
      aws: {
        endpoint,
        region: 'us-east-1',
        managementAccountId: '000000000000',
        monitoringAccountId: '000000000001',
        securityAccountId: '000000000002',
        retryBaseDelayMs: 20,
      },
      tenants: { ouPath: '/Tenants', extraOuPaths: ['/Suspended'] },
      refresh: {
        frequency: { minutes: 60 },
        timeout: { minutes: 5 },
        initialDelay: { seconds: 1 },
      },
      vending: {
        emailPattern: 'aws+tenant-{tenantId}@saas-example.com',
        poll: { initialSeconds: 0.2, maxSeconds: 1 },
        baseline: { autoDeploymentWaitSeconds: 30, timeoutSeconds: 120 },
        register: { timeoutSeconds: 60 },
        budget: { notificationEmails: ['finops@saas-example.com'] },
      },
    },
  };
}

/**
 * Starts the portal backend; with `sqliteDir`, its databases are files that survive a restart.
 * The test backend's scheduler runs each scheduled task once at startup; the catalog's
 * `scheduler.triggerTask(id)` runs one again (e.g. the Tenant entity provider's
 * `catalog-tenants-provider`).
 */
export async function startPortal(endpoint: string, sqliteDir?: string) {
  let scheduler: SchedulerService | undefined;
  const backend = await startTestBackend({
    features: [
      createBackendModule({
        pluginId: 'catalog',
        moduleId: 'test-scheduler',
        register(env) {
          env.registerInit({
            deps: { catalogScheduler: coreServices.scheduler },
            async init({ catalogScheduler }) {
              scheduler = catalogScheduler;
            },
          });
        },
      }),
      catalogPlugin,
      catalogModuleTemplateKind,
      catalogModuleTenants,
      tenantsPlugin,
      scaffolderPlugin,
      scaffolderModuleTenancy,
      // The real in-process event bus, shared by the plugins (the mock is per plugin).
      eventsServiceFactory,
      ...(sqliteDir ? [databaseServiceFactory] : []),
      mockServices.rootConfig.factory({
        data: portalConfig(endpoint, sqliteDir),
      }),
      ...(process.env.TENANCY_IT_LOGS
        ? [mockServices.rootLogger.factory({ level: 'info' })]
        : []),
    ],
  });
  const base = `http://localhost:${backend.server.port()}`;
  for (const name of ['new-tenant', 'roll-out-release', 'offboard-tenant'])
    await waitFor(`the template ${name} in the catalog`, async () =>
      (
        await api(
          base,
          `/api/catalog/entities/by-name/template/default/${name}`,
        )
      ).status === 200
        ? true
        : undefined,
    );
  return { backend, base, scheduler: scheduler! };
}

export async function api(base: string, p: string, init?: RequestInit) {
  const res = await fetch(`${base}${p}`, {
    ...init,
    headers: {
      authorization: mockCredentials.user.header(),
      'content-type': 'application/json',
      ...init?.headers,
    },
  });
  const text = await res.text();
  return { status: res.status, body: text ? JSON.parse(text) : undefined };
}

export async function waitFor<T>(
  what: string,
  fn: () => Promise<T | undefined>,
  ms = 120_000,
): Promise<T> {
  const until = Date.now() + ms;
  for (;;) {
    const v = await fn();
    if (v !== undefined) return v;
    if (Date.now() > until) throw new Error(`Timed out waiting for ${what}`);
    await new Promise(r => setTimeout(r, 250));
  }
}

export type TaskEvent = { type: string; body: any };

/** Starts a template (default the New tenant one); answers the task id. */
export async function startTask(
  base: string,
  values: Record<string, unknown>,
  templateRef = 'template:default/new-tenant',
) {
  const created = await api(base, '/api/scaffolder/v2/tasks', {
    method: 'POST',
    body: JSON.stringify({
      templateRef,
      values,
      secrets: { awsExternalId: SECRET },
    }),
  });
  if (created.status !== 201)
    throw new Error(
      `task not created: ${created.status} ${JSON.stringify(created.body)}`,
    );
  return created.body.id as string;
}

export async function taskEvents(
  base: string,
  id: string,
): Promise<TaskEvent[]> {
  return (await api(base, `/api/scaffolder/v2/tasks/${id}/events`)).body;
}

export async function finishedTask(base: string, id: string) {
  const task = await waitFor('the task to finish', async () => {
    const t = await api(base, `/api/scaffolder/v2/tasks/${id}`);
    return ['completed', 'failed', 'cancelled'].includes(t.body?.status)
      ? t.body
      : undefined;
  });
  return { task, events: await taskEvents(base, id) };
}
