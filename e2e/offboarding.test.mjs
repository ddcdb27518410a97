// Offboarding end to end (issue 18): offboard a demo tenant from the browser with the Offboard
// tenant template (plan, typed confirmation, every step on the task page), see it closing then
// closed on /tenants and on its Tenant page, and its spend history still on the Spend tab and
// in the CSV export. The demo sandbox keeps a closed account PENDING_CLOSURE for 15 s.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import {
  startPortal,
  launchBrowser,
  signInAsGuest,
  guestToken,
  SCREENSHOTS,
  entityTab,
} from './harness.mjs';

let portal;
let browser;
let context;
let page;
let token;

const shot = (p, name) =>
  p.screenshot({ path: join(SCREENSHOTS, `${name}.png`), fullPage: true });

async function apiGet(path) {
  const res = await fetch(`${portal.baseUrl}${path}`, {
    headers: { authorization: `Bearer ${token}` },
  });
  return { status: res.status, text: await res.text() };
}

async function until(what, fn, timeoutMs) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = await fn();
    if (v) return v;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise(r => setTimeout(r, 1000));
  }
}

/** Reloads `url` in page `p` until `text` shows; answers when it did. */
async function reloadUntil(p, url, text, timeoutMs) {
  await until(
    `${text} on ${url}`,
    async () => {
      await p.goto(url);
      return p
        .getByText(text)
        .first()
        .waitFor({ timeout: 3_000 })
        .then(() => true)
        .catch(() => false);
    },
    timeoutMs,
  );
}

before(async () => {
  // The Tenant entity provider every 5 s (30 s in the demo), so a demo tenant is soon in the catalog.
  portal = await startPortal({
    tenants: 10,
    env: {
      APP_CONFIG_catalog_providers_tenants_schedule_frequency: '{"seconds":5}',
    },
  });
  token = await guestToken(portal.baseUrl);
  browser = await launchBrowser();
  context = await browser.newContext({
    viewport: { width: 1400, height: 1000 },
  });
  page = await context.newPage();
  await signInAsGuest(page, portal.baseUrl);
});

after(async () => {
  await browser?.close();
  await portal?.stop();
});

test('offboard a demo tenant: plan, confirm, steps, closing then closed, spend kept', async t => {
  const started = Date.now();
  const mark = what =>
    t.diagnostic(
      `${what} after ${Math.round((Date.now() - started) / 1000)} s`,
    );
  // A demo tenant in its tier OU, with its Tenant entity in the catalog.
  const tenant = await until(
    'an active demo tenant in the catalog',
    async () => {
      const list = await apiGet('/api/tenants/tenants?limit=100&sort=name');
      if (list.status !== 200) return undefined;
      const t = JSON.parse(list.text).items.find(
        x => x.state === 'ACTIVE' && x.ouPath.startsWith('/Tenants/'),
      );
      if (!t) return undefined;
      const e = await apiGet(
        `/api/catalog/entities/by-name/tenant/default/${t.tenantId}`,
      );
      return e.status === 200
        ? { ...t, entity: JSON.parse(e.text) }
        : undefined;
    },
    90_000,
  );
  const id = tenant.tenantId;
  const title = tenant.entity.metadata.title ?? id;
  const spendBefore = await apiGet(`/api/tenants/tenants/${id}/spend`);
  assert.equal(spendBefore.status, 200);
  const months = JSON.parse(spendBefore.text).monthly.map(m => m.month);
  assert.equal(months.length, 13);
  const csvRows = async () => {
    const csv = await apiGet(
      `/api/tenants/spend/export.csv?from=${months[0]}&to=${months[12]}`,
    );
    assert.equal(csv.status, 200);
    // Columns: tenant_id,account_id,month,service,amount_usd,metric.
    return csv.text.split(/\r?\n/).filter(l => l.startsWith(`${id},`));
  };
  // Each source runs on its own cadence after the first inventory read: wait for spend's rows.
  const exported = await until(
    `${id}'s spend rows in the CSV export`,
    async () => {
      const rows = await csvRows();
      return rows.length > 0 ? rows : undefined;
    },
    120_000,
  );

  mark('demo tenant in the catalog');
  // The form: the Tenant, the mode (offboard), keep the stacks, the typed tenant id.
  await page.goto(`${portal.baseUrl}/create/templates/default/offboard-tenant`);
  const picker = page.getByRole('textbox', { name: /^Tenant/ });
  await picker.waitFor({ timeout: 60_000 });
  await picker.click();
  await picker.fill(title);
  await page
    .getByRole('option', { name: new RegExp(title) })
    .first()
    .click({ timeout: 30_000 });
  await page.getByLabel(/Type the tenant id to confirm/).fill(id);
  await page.getByRole('button', { name: /Review/ }).click();
  await page.getByText(id).first().waitFor({ timeout: 10_000 });
  await shot(page, 'offboard-review');
  await page.getByRole('button', { name: 'Create' }).click();
  await page.waitForURL(/\/create\/tasks\//, { timeout: 60_000 });

  mark('task started');
  // While the task runs: closing on /tenants and on the Tenant page.
  // Pages of the same context: signed in as the guest too.
  const tenants = await context.newPage();
  const tenantPage = await context.newPage();
  const entityUrl = `${portal.baseUrl}/catalog/default/tenant/${id}`;
  const listUrl = `${portal.baseUrl}/tenants?q=${id}`;
  await Promise.all([
    reloadUntil(tenants, listUrl, 'Closing', 150_000).then(() =>
      shot(tenants, 'offboard-tenants-closing'),
    ),
    reloadUntil(
      tenantPage,
      entityUrl,
      'Closing (PENDING_CLOSURE)',
      150_000,
    ).then(() => shot(tenantPage, 'offboard-tenant-closing')),
  ]);

  mark('closing seen');
  // The task finishes: every step on the task page, the plan in its output.
  await page
    .getByText(/Tenant page|failed/i)
    .first()
    .waitFor({ timeout: 120_000 });
  for (const step of [
    'Plan',
    'Suspend the account',
    'Show the tenant offboarding',
    'Remove the StackSet instances',
    'Delete the budget',
    'Archive the spend history',
    'Close the account',
    'Show the tenant closing',
    'Show the tenant closed',
  ]) {
    assert.equal(await page.getByText(step).first().isVisible(), true, step);
  }
  await page
    .getByText(/Suspend: tag tenancy-state=offboarding/)
    .first()
    .waitFor({ timeout: 10_000 });
  assert.equal(await page.getByText(/failed/i).count(), 0);
  await shot(page, 'offboard-task-page');

  mark('task finished');
  // Closed on /tenants and on the Tenant page; the spend history stays.
  await reloadUntil(tenants, listUrl, 'Closed', 30_000);
  await shot(tenants, 'offboard-tenants-closed');
  mark('closed on /tenants');
  await reloadUntil(tenantPage, entityUrl, 'Closed (SUSPENDED)', 30_000);
  await shot(tenantPage, 'offboard-tenant-closed');
  mark('closed on the Tenant page');
  await entityTab(tenantPage, 'Spend').click();
  await tenantPage
    .getByText('Last 13 months')
    .first()
    .waitFor({ timeout: 30_000 });
  await shot(tenantPage, 'offboard-tenant-spend');
  mark('spend tab');
  const spendAfter = JSON.parse(
    (await apiGet(`/api/tenants/tenants/${id}/spend`)).text,
  );
  assert.deepEqual(
    spendAfter.monthly.map(m => m.month),
    months,
  );
  mark('spend read');
  assert.deepEqual(await csvRows(), exported);
  mark('CSV export read');
});
