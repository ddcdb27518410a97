// Replicas of the real portal backend (catalog, scaffolder, auth, permission, events, app and
// tenants plugins) started at the same instant on an empty PostgreSQL database: every one
// starts (no process exits) and serves the catalog and the tenants API (docs/replicas.md).
// Needs PostgreSQL: TENANCY_TEST_POSTGRES, which scripts/test.sh sets when it answers.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { dropPgDatabases, guestToken, startPortal } from './harness.mjs';

const PG = process.env.TENANCY_TEST_POSTGRES;
const REPLICAS = 3;
const prefix = `tenancy_portal_replicas_${process.pid}_`;
let portal;

before(async () => {
  if (!PG) return;
  portal = await startPortal({
    tenants: 20,
    replicas: REPLICAS,
    database: { client: 'pg', connection: PG, prefix },
  });
});

after(async () => {
  await portal?.stop();
  if (PG) await dropPgDatabases(PG, prefix);
});

test(
  `${REPLICAS} portal backends started together on an empty PostgreSQL database all serve`,
  { skip: !PG && 'needs PostgreSQL (TENANCY_TEST_POSTGRES)' },
  async () => {
    const urls = [portal.baseUrl, ...portal.replicaUrls];
    assert.equal(urls.length, REPLICAS);
    assert.deepEqual(portal.exits(), []);
    for (const url of urls) {
      // The guest's groups come from the catalog, which ingests them after start-up: a token
      // taken before that has no role yet (403), so sign in again until the API answers.
      const deadline = Date.now() + 120_000;
      let runs;
      let headers;
      do {
        if (runs) await new Promise(r => setTimeout(r, 1000));
        headers = { authorization: `Bearer ${await guestToken(url)}` };
        runs = await fetch(`${url}/api/tenants/refresh-runs?limit=1`, {
          headers,
        });
      } while (runs.status === 403 && Date.now() < deadline);
      assert.equal(runs.status, 200, `${url} tenants API`);
      const entities = await fetch(
        `${url}/api/catalog/entities/by-query?limit=1`,
        { headers },
      );
      assert.equal(entities.status, 200, `${url} catalog API`);
    }
    assert.deepEqual(portal.exits(), []);
  },
);
