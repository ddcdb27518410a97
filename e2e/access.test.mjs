// Access on the demo (issue 14): a tenant owner (alex, team-alpha) sees only team-alpha's
// Tenants in the catalog and on /tenants, and none of another user's scaffolder tasks; support
// (sam) sees no budget amount anywhere on a Tenant page. One sandbox and one database; the
// backend is restarted with another guest user (APP_CONFIG_auth_providers_guest_userEntityRef).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import {
  startPortal,
  launchBrowser,
  signInAsGuest,
  guestToken,
  SCREENSHOTS,
  entityTabs,
  contentText,
  entityTab,
} from './harness.mjs';

const GUEST_USER = 'APP_CONFIG_auth_providers_guest_userEntityRef';
const TENANT = 'e2e-access';
const BUDGET = 4321;

let portal;
let browser;
let page;
let guestTaskId;
let alphaIds;
let otherIds;
/** Tenant id → how the catalog shows it (its title, else its name). */
const shown = new Map();

const shot = name =>
  page.screenshot({ path: join(SCREENSHOTS, `${name}.png`), fullPage: true });

async function api(token, path, init = {}) {
  const res = await fetch(`${portal.baseUrl}${path}`, {
    ...init,
    headers: {
      authorization: `Bearer ${token}`,
      'content-type': 'application/json',
      ...init.headers,
    },
  });
  const text = await res.text();
  return { status: res.status, body: text ? JSON.parse(text) : undefined };
}

async function until(what, fn, ms = 240_000) {
  const deadline = Date.now() + ms;
  for (;;) {
    const v = await fn();
    if (v !== undefined && v !== false) return v;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise(r => setTimeout(r, 1000));
  }
}

/** A token of the guest once the catalog knows its groups (sign-in takes them from it). */
async function tokenWhen(check) {
  return until('the guest to get its groups', async () => {
    const token = await guestToken(portal.baseUrl);
    return (await check(token)) ? token : undefined;
  });
}

/** The cells of a page: its text split at line and tab breaks, trimmed. */
const cells = text =>
  new Set(
    text
      .split(/[\n\t]+/)
      .map(c => c.trim())
      .filter(Boolean),
  );
const MONEY = /(?:USD|US\$|\$)\s?-?\d|\d[\d,]*(?:\.\d+)?\s?(?:USD|US\$)/;

async function signIn() {
  await page?.context().close();
  page = await (
    await browser.newContext({ viewport: { width: 1400, height: 1000 } })
  ).newPage();
  await signInAsGuest(page, portal.baseUrl);
}

before(async () => {
  portal = await startPortal({ tenants: 20 });
  browser = await launchBrowser();
  // As the platform engineer (the default guest): vend a team-alpha tenant with a budget, so
  // there is another user's task and an activity entry with an amount.
  const pat = await tokenWhen(
    async t =>
      (
        await api(t, '/api/tenants/refresh', { method: 'POST', body: '{}' })
      ).status === 202,
  );
  const created = await api(pat, '/api/scaffolder/v2/tasks', {
    method: 'POST',
    body: JSON.stringify({
      templateRef: 'template:default/new-tenant',
      values: {
        tenantId: TENANT,
        owner: 'group:default/team-alpha',
        tier: 'standard',
        budgetAmountUsd: BUDGET,
        homeRegion: 'us-east-1',
      },
    }),
  });
  assert.equal(created.status, 201, JSON.stringify(created.body));
  guestTaskId = created.body.id;
  const status = await until('the vending task', async () => {
    const t = await api(pat, `/api/scaffolder/v2/tasks/${guestTaskId}`);
    return ['completed', 'failed', 'cancelled'].includes(t.body?.status)
      ? t.body.status
      : undefined;
  });
  assert.equal(status, 'completed');
  await api(pat, '/api/tenants/refresh', { method: 'POST', body: '{}' });
  const all = await until(`${TENANT} in the tenants API`, async () => {
    const list = await api(pat, '/api/tenants/tenants?limit=100');
    return list.body.items.some(t => t.tenantId === TENANT)
      ? list.body.items
      : undefined;
  });
  await until(`${TENANT} in the catalog`, async () => {
    const e = await api(
      pat,
      `/api/catalog/entities/by-name/tenant/default/${TENANT}`,
    );
    return e.status === 200;
  });
  alphaIds = all
    .filter(t => t.owner === 'group:default/team-alpha')
    .map(t => t.tenantId);
  otherIds = all
    .filter(t => t.owner !== 'group:default/team-alpha')
    .map(t => t.tenantId);
  const entities = await api(
    pat,
    '/api/catalog/entities/by-query?filter=kind=tenant&limit=200',
  );
  for (const e of entities.body.items) {
    shown.set(e.metadata.name, e.metadata.title ?? e.metadata.name);
  }
  assert.ok(alphaIds.length >= 2, `team-alpha owns ${alphaIds.length}`);
  assert.ok(otherIds.length >= 5, `other teams own ${otherIds.length}`);
});

after(async () => {
  await browser?.close();
  await portal?.stop();
});

test('alex (team-alpha) sees only team-alpha Tenants in the catalog and on /tenants, and no other user\u2019s task', async () => {
  await portal.restartBackend({ [GUEST_USER]: 'user:default/alex' });
  const alex = await tokenWhen(
    async t =>
      (await api(t, '/api/tenants/tenants?limit=100')).body?.totalCount ===
      alphaIds.length,
  );
  await signIn();

  // The catalog's Tenant list.
  await page.goto(
    `${portal.baseUrl}/catalog?filters%5Bkind%5D=tenant&filters%5Buser%5D=all`,
  );
  await page.getByText(TENANT).first().waitFor({ timeout: 60_000 });
  await page.waitForTimeout(1500);
  let seen = cells(await contentText(page));
  const listed = id => seen.has(id) || seen.has(shown.get(id));
  assert.deepEqual(
    alphaIds.filter(id => !listed(id)),
    [],
    'every team-alpha tenant listed',
  );
  assert.deepEqual(
    otherIds.filter(id => listed(id)),
    [],
    'no other team’s tenant listed',
  );
  await shot('access-alex-catalog');

  // Another team's Tenant page is not found, as a missing one.
  await page.goto(`${portal.baseUrl}/catalog/default/tenant/${otherIds[0]}`);
  await page
    .getByText(/not found|no entity/i)
    .first()
    .waitFor({ timeout: 60_000 });
  assert.equal(
    (
      await api(
        alex,
        `/api/catalog/entities/by-name/tenant/default/${otherIds[0]}`,
      )
    ).status,
    404,
  );
  const facets = await api(
    alex,
    '/api/catalog/entity-facets?facet=metadata.name&filter=kind=tenant',
  );
  assert.deepEqual(
    facets.body.facets['metadata.name'].map(f => f.value).sort(),
    [...alphaIds].sort(),
  );
  // No visible entity (a Group) relates to a Tenant: relations are not filtered by permission.
  const ownerOf = await api(
    alex,
    '/api/catalog/entity-facets?facet=relations.ownerOf',
  );
  assert.deepEqual(
    ownerOf.body.facets['relations.ownerOf'].filter(f =>
      f.value.startsWith('tenant:'),
    ),
    [],
  );

  // The tenants overview.
  await page.goto(`${portal.baseUrl}/tenants`);
  await page
    .getByText(`${alphaIds.length} tenants`)
    .first()
    .waitFor({ timeout: 60_000 });
  seen = cells(await contentText(page));
  assert.deepEqual(
    otherIds.filter(id => listed(id)),
    [],
    'no other team’s tenant on /tenants',
  );
  await shot('access-alex-tenants');

  // Tasks: the platform engineer's vending task is invisible to alex.
  const tasks = await api(alex, '/api/scaffolder/v2/tasks');
  assert.deepEqual(tasks.body, { tasks: [], totalTasks: 0 });
  assert.equal(
    (await api(alex, `/api/scaffolder/v2/tasks/${guestTaskId}`)).status,
    403,
  );
  await page.goto(`${portal.baseUrl}/create/tasks`);
  await page.waitForTimeout(4000);
  const all = page.getByRole('button', { name: /^all$/i });
  if (await all.count()) await all.first().click();
  await page.waitForTimeout(2000);
  const text = await contentText(page);
  assert.ok(!text.includes(guestTaskId), 'the task id is not listed');
  assert.ok(!/user:default\/guest|Guest \(platform/i.test(text));
  await shot('access-alex-tasks');
});

test('sam (support) sees no budget amount anywhere on a Tenant page', async () => {
  await portal.restartBackend({ [GUEST_USER]: 'user:default/sam' });
  const sam = await tokenWhen(
    async t =>
      (await api(t, `/api/tenants/tenants/${TENANT}/activity`)).status === 200,
  );
  const activity = await api(sam, `/api/tenants/tenants/${TENANT}/activity`);
  assert.ok(
    activity.body.items.some(e => e.summary.includes('[amount hidden]')),
    JSON.stringify(activity.body.items),
  );
  await signIn();
  await page.goto(`${portal.baseUrl}/catalog/default/tenant/${TENANT}`);
  // The guarded tabs appear once the permission decisions are in; support has no Spend tab.
  await entityTab(page, 'Deployments').waitFor({ timeout: 60_000 });
  const tabs = (await entityTabs(page).allInnerTexts()).map(t =>
    t.trim().toLowerCase(),
  );
  assert.deepEqual(tabs, [
    'overview',
    'health',
    'guardrails',
    'deployments',
    'activity',
  ]);
  // A shared link to the Spend tab opens the Overview.
  await page.goto(`${portal.baseUrl}/catalog/default/tenant/${TENANT}/spend`);
  await page.waitForURL(new RegExp(`/tenant/${TENANT}$`), { timeout: 60_000 });
  for (const tab of tabs) {
    await entityTab(page, new RegExp(`^${tab}$`, 'i'))
      .first()
      .click();
    await page.waitForTimeout(tab === 'activity' ? 3000 : 2000);
    if (tab === 'activity') {
      await page
        .getByText('[amount hidden]')
        .first()
        .waitFor({ timeout: 30_000 });
      await shot('access-sam-activity');
    }
    const text = await contentText(page);
    assert.ok(!text.includes(String(BUDGET)), `${tab}: no ${BUDGET}`);
    assert.doesNotMatch(text, MONEY, `${tab}: no amount`);
  }
});
