// The checks of the install check, against the adopter app's backend (which serves its built
// frontend) on the AWS sandbox:
//   node scripts/install-check/check.mjs <base URL> <screenshots dir>
// 1. the catalog has the New tenant template and the inventory lists the sandbox's tenants;
// 2. `/tenants` renders a tenant row in headless Chromium;
// 3. the New tenant form renders with the plugin's form fields, and the sidebar has Tenants and
//    Tenant costs;
// 4. a Tenant entity page renders its overview card (the account id);
// 5. one vend through the scaffolder API (the New tenant template) completes and the tenant is
//    then in /api/tenants.
// Prints `PASS <check> (<seconds> s)` or `FAIL <check> (<seconds> s): <why>` per check and
// exits 1 when one failed.
import { join } from 'node:path';
import { mkdirSync } from 'node:fs';
import { launchBrowser, guestToken } from '../../e2e/harness.mjs';

const [baseUrl, screenshots] = process.argv.slice(2);
if (!baseUrl || !screenshots) {
  console.error('usage: check.mjs <base URL> <screenshots dir>');
  process.exit(2);
}
mkdirSync(screenshots, { recursive: true });
const TEMPLATE = 'template:default/new-tenant';
const VENDED = `install-check-${Date.now().toString(36)}`;
let token;
let failed = 0;

async function api(path, init = {}) {
  const res = await fetch(`${baseUrl}${path}`, {
    ...init,
    headers: {
      authorization: `Bearer ${token}`,
      'content-type': 'application/json',
      ...init.headers,
    },
  });
  const text = await res.text();
  if (!res.ok) throw new Error(`${path}: ${res.status} ${text.slice(0, 300)}`);
  return text ? JSON.parse(text) : undefined;
}

async function until(check, what, timeoutMs) {
  const deadline = Date.now() + timeoutMs;
  let last;
  for (;;) {
    try {
      const v = await check();
      if (v) return v;
    } catch (e) {
      last = e;
    }
    if (Date.now() > deadline) {
      throw new Error(
        `timed out waiting for ${what}${last ? `: ${last.message}` : ''}`,
      );
    }
    await new Promise(r => setTimeout(r, 2000));
  }
}

async function check(name, fn) {
  const started = Date.now();
  const took = () => ((Date.now() - started) / 1000).toFixed(1);
  try {
    const detail = await fn();
    console.log(`PASS ${name} (${took()} s)${detail ? `: ${detail}` : ''}`);
    return true;
  } catch (e) {
    failed += 1;
    console.log(`FAIL ${name} (${took()} s): ${e.message.split('\n')[0]}`);
    return false;
  }
}

let tenant;
const ready = await check('catalog and inventory ready', async () => {
  token = await until(() => guestToken(baseUrl), 'a guest token', 120_000);
  await until(
    () => api('/api/catalog/entities/by-name/template/default/new-tenant'),
    `${TEMPLATE} in the catalog`,
    300_000,
  );
  const { items } = await until(
    async () => {
      const page = await api('/api/tenants/tenants?limit=5&sort=name');
      return page.items.length > 0 && page;
    },
    'the first inventory read',
    300_000,
  );
  tenant = items[0];
  await until(
    () =>
      api(`/api/catalog/entities/by-name/tenant/default/${tenant.tenantId}`),
    `tenant:default/${tenant.tenantId} in the catalog`,
    300_000,
  );
  return `${TEMPLATE}, tenant ${tenant.tenantId} (${tenant.accountId}) in the catalog`;
});

const browser = await launchBrowser();
try {
  const page = await browser.newPage({
    viewport: { width: 1440, height: 900 },
  });
  const shot = name =>
    page.screenshot({ path: join(screenshots, `${name}.png`), fullPage: true });
  await check('/tenants page renders', async () => {
    if (!ready)
      throw new Error('skipped: the catalog or inventory is not ready');
    await page.goto(`${baseUrl}/tenants`);
    const enter = page.getByRole('button', { name: /^enter$/i });
    const row = page.getByRole('row').filter({ hasText: tenant.tenantId });
    await enter.or(row).first().waitFor({ timeout: 90_000 });
    if (await enter.isVisible()) await enter.click();
    await row
      .first()
      .waitFor({ timeout: 90_000 })
      .finally(() => shot('tenants'));
    return `row ${tenant.tenantId} shown (tenants.png)`;
  });
  await check('New tenant form renders the plugin form fields', async () => {
    if (!ready)
      throw new Error('skipped: the catalog or inventory is not ready');
    await page.goto(`${baseUrl}/create/templates/default/new-tenant`);
    const field = page.getByLabel(/^Tenant id/).first();
    await field.waitFor({ timeout: 90_000 }).finally(() => shot('new-tenant'));
    const unsupported = await page
      .getByText(/unsupported field|unknown field/i)
      .count();
    if (unsupported > 0) throw new Error('the form shows an unsupported field');
    for (const name of ['Tenants', 'Tenant costs']) {
      const navItem = page.getByRole('link', { name, exact: true });
      if ((await navItem.count()) === 0) throw new Error(`no ${name} nav item`);
    }
    return 'TenantIdField shown, Tenants and Tenant costs nav items in the sidebar (new-tenant.png)';
  });
  await check('Tenant entity page renders', async () => {
    if (!ready)
      throw new Error('skipped: the catalog or inventory is not ready');
    await page.goto(`${baseUrl}/catalog/default/tenant/${tenant.tenantId}`);
    await page
      .getByText(tenant.accountId)
      .first()
      .waitFor({ timeout: 90_000 })
      .finally(() => shot('tenant-entity'));
    return `account ${tenant.accountId} shown (tenant-entity.png)`;
  });
} finally {
  await browser.close();
}

await check('vend through the scaffolder API', async () => {
  if (!ready) throw new Error('skipped: the catalog or inventory is not ready');
  const { id } = await api('/api/scaffolder/v2/tasks', {
    method: 'POST',
    body: JSON.stringify({
      templateRef: TEMPLATE,
      values: {
        tenantId: VENDED,
        displayName: 'Install check',
        owner: 'group:default/guests',
        tier: 'standard',
      },
    }),
  });
  const task = await until(
    async () => {
      const t = await api(`/api/scaffolder/v2/tasks/${id}`);
      return ['completed', 'failed', 'cancelled'].includes(t.status) && t;
    },
    `task ${id}`,
    600_000,
  );
  if (task.status !== 'completed') {
    const { events = [] } = {
      events: await api(`/api/scaffolder/v2/tasks/${id}/events`),
    };
    const last = events.filter(e => e.body?.message).pop();
    throw new Error(`task ${id} ${task.status}: ${last?.body.message ?? ''}`);
  }
  const vended = await until(
    () => api(`/api/tenants/tenants/${VENDED}`),
    `${VENDED} in /api/tenants`,
    120_000,
  );
  return `task ${id} completed; ${VENDED} in /api/tenants/tenants (account ${vended.accountId}, ${vended.ouPath})`;
});

process.exit(failed ? 1 : 0);
