/**
 * Benchmark: the inventory refresh against the AWS sandbox with N tenants (default 10,000),
 * then the list route (page of 50, each sort) over 200 requests per sort, on SQLite.
 * Prints the AWS calls by operation, the refresh times, and p50/p95 per sort.
 * Goals: calls of a refresh ≈ ⌈N/20⌉ + a few (tags are read once per account, on the first
 * refresh); list p95 ≤ 30 ms on SQLite.
 *
 *   node --require @backstage/cli/config/nodeTransform.cjs plugins/tenants-backend/scripts/bench-inventory.ts [tenants]
 */
import express from 'express';
import knexFactory from 'knex';
import type { AddressInfo } from 'node:net';
import type {
  HttpAuthService,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import type {
  HealthStatus,
  TenantSortField,
} from '@tenancy/plugin-tenants-common';
import { TENANT_SORT_FIELDS } from '@tenancy/plugin-tenants-common';
import {
  createSandboxRefresh,
  quietLogger,
} from '../src/__testUtils__/sandboxHarness';
import { TenantAccess } from '../src/permissions/TenantAccess';
import { tenantsPermissionRules } from '../src/permissions/rules';
import { createRouter } from '../src/router';
import { createInventoryRouter } from '../src/inventory';

const SORTS: readonly TenantSortField[] = TENANT_SORT_FIELDS;
const REQUESTS_PER_SORT = 200;

function percentile(sorted: number[], p: number) {
  return sorted[
    Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)
  ];
}

async function main() {
  const n = Number(process.argv[2] ?? 10_000);
  const knex = knexFactory({
    client: 'better-sqlite3',
    connection: { filename: ':memory:' },
    useNullAsDefault: true,
  });
  const { sandbox, store, refresher } = await createSandboxRefresh({
    knex,
    tenants: n,
  });
  console.log(`tenants: ${n} (sandbox ${sandbox.endpoint}, SQLite in memory)`);

  for (const [label, id] of [
    ['first refresh (empty store, every tag read)', 'run-1'],
    ['second refresh (steady state)', 'run-2'],
  ]) {
    const t0 = performance.now();
    const run = await refresher.run({ id, trigger: 'schedule' });
    const ms = performance.now() - t0;
    const total = Object.values(run.awsCalls).reduce((a, b) => a + b, 0);
    console.log(
      `\n${label}: ${run.status}, ${run.tenantCount} tenants, ${
        run.errors.length
      } errors, ${(ms / 1000).toFixed(2)} s`,
    );
    for (const [op, count] of Object.entries(run.awsCalls))
      console.log(`  ${op}: ${count}`);
    console.log(`  total AWS calls: ${total} (⌈N/20⌉ = ${Math.ceil(n / 20)})`);
  }

  // Summary columns as the spend, health and compliance collectors would write them.
  const statuses: HealthStatus[] = [
    'healthy',
    'healthy',
    'healthy',
    'degraded',
    'critical',
    'unknown',
  ];
  const all = await store.listAllTenants();
  await store.updateTenantSummaries(
    all.map((t, i) => ({
      tenantId: t.tenantId,
      healthStatus: statuses[i % statuses.length],
      spendMonthToDate: `${(i * 7919) % 100000}.${String(i % 100).padStart(
        2,
        '0',
      )}`,
      complianceScore: {
        compliant: i % 9,
        evaluated: 8 + (i % 2),
        noData: 1,
        evaluationFailing: 0,
        total: 10,
      },
    })),
  );

  const permissions: PermissionsService = {
    authorize: async requests =>
      requests.map(() => ({ result: AuthorizeResult.ALLOW })),
    authorizeConditional: async requests =>
      requests.map(() => ({ result: AuthorizeResult.ALLOW })),
  };
  const httpAuth = {
    credentials: async () => ({
      $$type: '@backstage/BackstageCredentials',
      principal: { type: 'user', userEntityRef: 'user:default/pat' },
    }),
    issueUserCookie: async () => ({ expiresAt: new Date() }),
  } as unknown as HttpAuthService;
  const ruleset = { getRuleByName: () => tenantsPermissionRules.isTenantOwner };
  const router = await createRouter(
    {
      store,
      access: new TenantAccess(permissions, ruleset as never),
      httpAuth,
      auditor: {
        createEvent: async () => ({
          success: async () => {},
          fail: async () => {},
        }),
      },
      logger: quietLogger,
      refresh: {
        requestRefresh: async () => ({ runId: 'x', alreadyRunning: false }),
      },
    },
    [createInventoryRouter],
  );
  const server = express().use(router).listen(0, '127.0.0.1');
  await new Promise(resolve => server.once('listening', resolve));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  console.log(
    `\nGET /tenants, page of 50, ${REQUESTS_PER_SORT} requests per sort (offsets spread over every page):`,
  );
  const pages = Math.ceil(n / 50);
  for (const sort of SORTS) {
    const times: number[] = [];
    for (let i = 0; i < REQUESTS_PER_SORT + 10; i++) {
      const offset = ((i * 37) % pages) * 50;
      const order = i % 2 ? 'desc' : 'asc';
      const t0 = performance.now();
      const res = await fetch(
        `${base}/tenants?limit=50&offset=${offset}&sort=${sort}&order=${order}`,
      );
      const body = (await res.json()) as { items: unknown[] };
      const ms = performance.now() - t0;
      if (res.status !== 200 || body.items.length === 0)
        throw new Error(`${sort}: ${res.status}`);
      if (i >= 10) times.push(ms); // the first 10 warm up
    }
    times.sort((a, b) => a - b);
    console.log(
      `  sort=${sort.padEnd(10)} p50 ${percentile(times, 50).toFixed(
        1,
      )} ms  p95 ${percentile(times, 95).toFixed(1)} ms  max ${times[
        times.length - 1
      ].toFixed(1)} ms`,
    );
  }
  server.close();
  await sandbox.stop();
  await knex.destroy();
}

main().catch(e => {
  console.error(e);
  process.exit(1);
});
