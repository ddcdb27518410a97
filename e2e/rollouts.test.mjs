// Fleet rollouts end to end (issue 17) on a 20-tenant demo: roll a release out in three waves
// (canary 2, tier standard, the rest) with one standard tenant failing and a tolerance of 0;
// the halt and AWS's reason on the task page; resume after clearing the fault; the overview's
// Release column with every tenant on the new version; rollback of the standard wave.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import {
  startPortal,
  launchBrowser,
  signInAsGuest,
  guestToken,
  SCREENSHOTS,
} from './harness.mjs';

const TEMPLATE = 'template:default/roll-out-release';
const REASON =
  'ResourceLogicalId:ApiFunction, ResourceType:AWS::Lambda::Function, ResourceStatusReason:Code storage limit exceeded.';
const body = v => JSON.stringify({ Description: v, Resources: {} });

let portal;
let browser;
let page;
let token;

const shot = name =>
  page.screenshot({ path: join(SCREENSHOTS, `${name}.png`), fullPage: true });

async function api(path, init = {}) {
  const res = await fetch(`${portal.baseUrl}${path}`, {
    ...init,
    headers: {
      authorization: `Bearer ${token}`,
      'content-type': 'application/json',
      ...init.headers,
    },
  });
  const text = await res.text();
  if (!res.ok) throw new Error(`${path}: ${res.status} ${text}`);
  return text ? JSON.parse(text) : undefined;
}

async function until(check, what, timeoutMs = 240_000) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = await check();
    if (v) return v;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise(r => setTimeout(r, 1000));
  }
}

/** Runs the template with `values` to its end; answers the task id and its status. */
async function runTask(values) {
  const { id } = await api('/api/scaffolder/v2/tasks', {
    method: 'POST',
    body: JSON.stringify({ templateRef: TEMPLATE, values }),
  });
  const task = await until(async () => {
    const t = await api(`/api/scaffolder/v2/tasks/${id}`);
    return ['completed', 'failed', 'cancelled'].includes(t.status) && t;
  }, `task ${id}`);
  return { id, status: task.status };
}

/** Waits for the refresh run `runId` to end. */
async function runEnded(runId) {
  await until(async () => {
    const { items } = await api('/api/tenants/refresh-runs?limit=5');
    const run = items.find(r => r.id === runId);
    return run && run.status !== 'running' && run.status !== 'queued';
  }, `refresh ${runId}`);
}

/** Runs a refresh that starts now (after one already running) and answers every tenant. */
async function refreshedTenants() {
  for (;;) {
    const { runId, alreadyRunning } = await api('/api/tenants/refresh', {
      method: 'POST',
      body: '{}',
    });
    await runEnded(runId);
    if (!alreadyRunning) break;
  }
  return (await api('/api/tenants/tenants?limit=100')).items;
}

let tenants;
const byOu = ou => tenants.filter(t => t.state === 'ACTIVE' && t.ouPath === ou);

before(async () => {
  // The Tenant entity provider every 5 s, so the Tenant pages follow the refreshes soon.
  portal = await startPortal({
    tenants: 20,
    env: {
      APP_CONFIG_catalog_providers_tenants_schedule_frequency: '{"seconds":5}',
    },
  });
  // The guest's token carries its groups once the catalog has read the demo org.
  token = await until(async () => {
    const t = await guestToken(portal.baseUrl);
    const res = await fetch(`${portal.baseUrl}/api/tenants/refresh-runs`, {
      headers: { authorization: `Bearer ${t}` },
    });
    const policy = await fetch(`${portal.baseUrl}/api/permission/authorize`, {
      method: 'POST',
      headers: {
        authorization: `Bearer ${t}`,
        'content-type': 'application/json',
      },
      body: JSON.stringify({
        items: [
          {
            id: '1',
            permission: {
              name: 'tenants.refresh',
              type: 'basic',
              attributes: { action: 'update' },
            },
          },
        ],
      }),
    }).then(r => r.json());
    return res.ok && policy.items?.[0]?.result === 'ALLOW' && t;
  }, 'the guest to get its groups');
  tenants = await refreshedTenants();
  browser = await launchBrowser();
  page = await browser.newPage({ viewport: { width: 1400, height: 1000 } });
  await signInAsGuest(page, portal.baseUrl);
});

after(async () => {
  await browser?.close();
  await portal?.stop();
});

test('three waves, a halt at tolerance 0 with AWS’s reason, resume, every tenant on the new version, rollback of a wave', async () => {
  const standard = byOu('/Tenants/standard');
  const premium = byOu('/Tenants/premium');
  const active = tenants.filter(t => t.state === 'ACTIVE');
  assert.ok(standard.length >= 2 && premium.length >= 2);
  const waves = {
    mode: 'deploy',
    canary: premium.slice(0, 2).map(t => t.accountId),
    tiers: ['standard'],
    tierMaxConcurrentPercentage: 100,
    restMaxConcurrentPercentage: 100,
    restFailureTolerancePercentage: 0,
  };
  const first = await runTask({
    ...waves,
    version: '1.0.0',
    templateBody: body('1.0.0'),
  });
  assert.equal(first.status, 'completed');
  // The refresh sees every active tenant on 1.0.0 (the version of an instance that is not
  // CURRENT is the one the source last saw it run; AWS does not say).
  const onFirst = await refreshedTenants();
  assert.deepEqual(
    [
      ...new Set(
        onFirst
          .filter(t => t.state === 'ACTIVE')
          .map(t => `${t.release?.version} ${t.release?.status}`),
      ),
    ],
    ['1.0.0 current'],
  );

  const bad = standard[0];
  const fault = await fetch(`${portal.sandboxUrl}/_sandbox/faults`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      kind: 'stackInstanceFailure',
      accountPattern: `^${bad.accountId}$`,
      statusReason: REASON,
    }),
  }).then(r => r.json());
  const halted = await runTask({
    ...waves,
    version: '1.1.0',
    templateBody: body('1.1.0'),
  });
  assert.equal(halted.status, 'failed');
  await page.goto(`${portal.baseUrl}/create/tasks/${halted.id}`);
  await page
    .getByText(
      `Wave tier standard halted: 1 failed, more than its failure tolerance (${bad.accountId} us-east-1: ${REASON})`,
    )
    .first()
    .waitFor({ timeout: 60_000 });
  await shot('rollout-halted');

  // The failed tenant's Deployments tab: failed, still on 1.0.0, AWS's reason.
  let now = await refreshedTenants();
  assert.deepEqual(now.find(t => t.tenantId === bad.tenantId).release, {
    version: '1.0.0',
    status: 'failed',
  });
  await page.goto(
    `${portal.baseUrl}/catalog/default/tenant/${bad.tenantId}/deployments`,
  );
  await page
    .getByTestId('tenant-release')
    .getByText('1.0.0 · failed')
    .waitFor({ timeout: 60_000 });
  await page.getByText(REASON).first().waitFor({ timeout: 10_000 });
  await shot('tenant-deployments');

  await fetch(`${portal.sandboxUrl}/_sandbox/faults/${fault.ids[0]}`, {
    method: 'DELETE',
  });
  const resumed = await runTask({ mode: 'resume', version: '1.1.0' });
  assert.equal(resumed.status, 'completed');
  now = await refreshedTenants();
  assert.deepEqual(
    now
      .filter(t => t.state === 'ACTIVE')
      .filter(
        t => t.release?.version !== '1.1.0' || t.release?.status !== 'current',
      )
      .map(t => t.tenantId),
    [],
  );
  await page.goto(`${portal.baseUrl}/tenants?release=current`);
  await page
    .getByText(`${active.length} tenants`)
    .first()
    .waitFor({ timeout: 60_000 });
  await page.getByText('1.1.0 · current').first().waitFor({ timeout: 10_000 });
  await shot('tenants-overview-release');
  await page.goto(`${portal.baseUrl}/tenants?release=behind&release=failed`);
  await page.getByText('0 tenants').first().waitFor({ timeout: 60_000 });

  const rolledBack = await runTask({
    mode: 'rollback',
    version: '1.1.0',
    rollbackWaves: ['tier standard'],
  });
  assert.equal(rolledBack.status, 'completed');
  now = await refreshedTenants();
  const ids = new Set(standard.map(t => t.tenantId));
  assert.deepEqual(
    [
      ...new Set(
        now
          .filter(t => ids.has(t.tenantId))
          .map(t => `${t.release?.version} ${t.release?.status}`),
      ),
    ],
    ['1.0.0 current'],
  );
});
