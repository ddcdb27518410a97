// The main job end to end (issue 9): vend a tenant from the browser on the demo (SQLite, the
// sandbox with 50 tenants), see it on every page, run the template again and check that nothing
// was duplicated; then a CreateAccount failure shows a clear, actionable message.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import {
  startPortal,
  launchBrowser,
  signInAsGuest,
  SCREENSHOTS,
  entityTab,
} from './harness.mjs';

let portal;
let browser;
let page;

const shot = name =>
  page.screenshot({ path: join(SCREENSHOTS, `${name}.png`), fullPage: true });

async function sandboxStats() {
  const res = await fetch(`${portal.sandboxUrl}/_sandbox/stats`);
  assert.equal(res.status, 200);
  return res.json();
}

/** Calls of one operation in a /_sandbox/stats answer, whatever its nesting. */
function callsOf(stats, operation) {
  let n = 0;
  // Counted once: `calls` is keyed by `Service.Operation`; the other views repeat it.
  stats = stats.calls ?? stats;
  const walk = (v, key) => {
    if (
      typeof v === 'number' &&
      (key === operation || key?.endsWith(`.${operation}`))
    )
      n += v;
    else if (v && typeof v === 'object')
      for (const [k, c] of Object.entries(v)) walk(c, k);
  };
  walk(stats);
  return n;
}

async function sandboxAccounts() {
  const res = await fetch(`${portal.sandboxUrl}/_sandbox/state`);
  const state = await res.json();
  const accounts = state.org?.accounts ?? [];
  return Array.isArray(accounts) ? accounts : Object.values(accounts);
}

async function openNewTenantForm() {
  await page.goto(`${portal.baseUrl}/create`);
  await page.getByText('New tenant').first().waitFor({ timeout: 60_000 });
  await page
    .getByRole('button', { name: /choose/i })
    .first()
    .click();
  await page.getByLabel(/Tenant id/).waitFor({ timeout: 60_000 });
}

async function fillTenantStep(tenantId) {
  await page.getByLabel(/Tenant id/).fill(tenantId);
  await page.getByLabel(/Display name/).fill(`Tenant ${tenantId}`);
  const owner = page.getByRole('textbox', { name: /Owner group/ });
  await owner.click();
  await owner.fill('platform-engineers');
  await page
    .getByRole('option', { name: /platform-engineers/ })
    .first()
    .click({ timeout: 30_000 });
}

/** Runs the template to the end for a tenant; returns the task page's text when it finished. */
async function runTemplate(tenantId, email) {
  await openNewTenantForm();
  await fillTenantStep(tenantId);
  await page.getByRole('button', { name: 'Next' }).click();
  if (email) await page.getByLabel(/Account email/).fill(email);
  await page.getByRole('button', { name: /Review/ }).click();
  await page.getByRole('button', { name: 'Create' }).click();
  await page.waitForURL(/\/create\/tasks\//, { timeout: 60_000 });
  // Finished: either the output links (success) or an error step.
  await page
    .getByText(/Tenant page|failed|error/i)
    .first()
    .waitFor({ timeout: 240_000 });
  return page.url();
}

before(async () => {
  portal = await startPortal({ tenants: 50 });
  browser = await launchBrowser();
  page = await browser.newPage({ viewport: { width: 1400, height: 1000 } });
  await signInAsGuest(page, portal.baseUrl);
});

after(async () => {
  await browser?.close();
  await portal?.stop();
});

test('the form shows the validation errors for a bad tenant id and a bad email first', async () => {
  await openNewTenantForm();
  await fillTenantStep('acme corp');
  await page.getByRole('button', { name: 'Next' }).click();
  await page
    .getByText(/it contains whitespace \(rule tenantId\.pattern\)/)
    .first()
    .waitFor({ timeout: 30_000 });
  await shot('new-tenant-bad-id');
  await page.getByLabel(/Tenant id/).fill('e2e-acme');
  await page.getByRole('button', { name: 'Next' }).click();
  await page.getByLabel(/Account email/).fill('ops@localhost');
  await page.getByRole('button', { name: /Review/ }).click();
  await page
    .getByText(/rule email\.domain-dot/)
    .first()
    .waitFor({ timeout: 30_000 });
  await shot('new-tenant-bad-email');
});

test('vend a tenant from the browser and see it on every page', async () => {
  const before = await sandboxStats();
  await runTemplate('e2e-acme');
  await page.getByText('Tenant page').first().waitFor({ timeout: 10_000 });
  await shot('task-page');
  for (const step of [
    'Create the AWS account',
    'Move into the tenant OU',
    'Attach the guardrail SCPs',
    'Apply the baseline StackSet',
    'Create the budget',
    'Register the tenant in the catalog',
  ]) {
    assert.equal(await page.getByText(step).first().isVisible(), true, step);
  }
  const after = await sandboxStats();
  assert.equal(
    callsOf(after, 'CreateAccount') - callsOf(before, 'CreateAccount'),
    1,
  );

  await page.getByText('Tenant page').first().click();
  await page.waitForURL(/\/catalog\/default\/tenant\/e2e-acme/i, {
    timeout: 60_000,
  });
  await page.getByText('e2e-acme').first().waitFor({ timeout: 60_000 });
  await shot('tenant-overview');
  for (const tab of ['Health', 'Guardrails', 'Spend', 'Activity']) {
    await entityTab(page, tab).click();
    await page.waitForTimeout(1500);
    await shot(`tenant-${tab.toLowerCase()}`);
  }
  await entityTab(page, 'Spend').click();
  await page
    .getByText(/no billing data yet/i)
    .first()
    .waitFor({ timeout: 60_000 });

  await page.goto(`${portal.baseUrl}/tenants?q=e2e-acme`);
  await page.getByText('e2e-acme').first().waitFor({ timeout: 60_000 });
  await shot('tenants-overview');
  // The demo's refresh collects every part of the fleet without an error.
  assert.equal(await page.getByText(/The last refresh had/).count(), 0);
  await page.goto(`${portal.baseUrl}/tenants/costs`);
  await page
    .getByText(/unallocated/i)
    .first()
    .waitFor({ timeout: 60_000 });
  await shot('tenants-costs');
});

test('running the template again for the same tenant duplicates nothing', async () => {
  const accountsBefore = (await sandboxAccounts()).length;
  const before = await sandboxStats();
  await runTemplate('e2e-acme');
  await page.getByText('Tenant page').first().waitFor({ timeout: 10_000 });
  const after = await sandboxStats();
  for (const op of ['CreateAccount', 'CreateStackInstances', 'CreateBudget']) {
    assert.equal(
      callsOf(after, op) - callsOf(before, op),
      0,
      `${op} on the second run`,
    );
  }
  assert.equal((await sandboxAccounts()).length, accountsBefore);
  await shot('task-page-rerun');
});

test('a CreateAccount failure (email already exists) says what to do, and nothing else is created', async () => {
  const accountsBefore = (await sandboxAccounts()).length;
  const before = await sandboxStats();
  await runTemplate(
    'e2e-globex',
    'aws+e2e-globex+fail-email-exists@example.com',
  );
  await page
    .getByText(/already/i)
    .first()
    .waitFor({ timeout: 60_000 });
  await page
    .getByText(/another email/i)
    .first()
    .waitFor({ timeout: 10_000 });
  await shot('task-page-email-exists');
  const after = await sandboxStats();
  for (const op of [
    'MoveAccount',
    'AttachPolicy',
    'CreateStackInstances',
    'CreateBudget',
  ]) {
    assert.equal(
      callsOf(after, op) - callsOf(before, op),
      0,
      `${op} after a failed CreateAccount`,
    );
  }
  const accounts = await sandboxAccounts();
  assert.equal(accounts.length, accountsBefore);
});
