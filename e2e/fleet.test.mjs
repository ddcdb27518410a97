// Fleet views you can trust, on the demo (issue 15), with one portal start: the demo reads
// us-east-1 and eu-central-1 and a tenant whose GuardDuty findings differ by region shows the
// total with the split; suspended and closing tenants are shown as such on /tenants and on their
// Tenant pages (H4); a fault injected into one source (GuardDuty ListDetectors denied, G4) leaves
// that source's values in place, marked stale with the error, while the other sources refresh.
// The fault test runs last: it changes what the other tests read.
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
let page;
let token;

before(async () => {
  portal = await startPortal({ tenants: 50 });
  browser = await launchBrowser();
  page = await browser.newPage({ viewport: { width: 1400, height: 1000 } });
  await signInAsGuest(page, portal.baseUrl);
  token = await guestToken(portal.baseUrl);
});

after(async () => {
  await browser?.close();
  await portal?.stop();
});

const shot = name =>
  page.screenshot({ path: join(SCREENSHOTS, `${name}.png`), fullPage: true });

/** The tenants API as the guest (a platform engineer). */
async function api(path, init = {}) {
  const res = await fetch(`${portal.baseUrl}/api/tenants${path}`, {
    ...init,
    headers: { authorization: `Bearer ${token}`, ...(init.headers ?? {}) },
  });
  assert.ok(res.ok, `${init.method ?? 'GET'} ${path}: ${res.status}`);
  return res.json();
}

/** Polls `check` every 5 s until it answers a value, or fails naming `what`. */
async function until(what, check, timeoutMs = 300_000) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value) return value;
    if (Date.now() > deadline)
      throw new Error(`${what}: not within ${timeoutMs / 1000} s`);
    await new Promise(r => setTimeout(r, 5000));
  }
}

/** The tenants once the first refresh has finished and scored the active ones. */
const collectedTenants = () =>
  until('the first refresh', async () => {
    const runs = await api('/refresh-runs?limit=5');
    if (!runs.items.some(r => r.status === 'succeeded')) return null;
    const list = await api('/tenants?limit=100');
    const active = list.items.filter(t => t.state === 'ACTIVE');
    return active.length > 0 && active.every(t => t.complianceScore !== null)
      ? list.items
      : null;
  });

/**
 * Opens a tenant's catalog page. The Tenant entity reaches the catalog on the entity provider's
 * own schedule: reload until its page has the tabs.
 */
async function openTenantPage(tenantId) {
  const tab = entityTab(page, 'Guardrails');
  await until(
    `the catalog page of tenant ${tenantId}`,
    async () => {
      await page.goto(`${portal.baseUrl}/catalog/default/tenant/${tenantId}`);
      return tab
        .waitFor({ timeout: 20_000 })
        .then(() => true)
        .catch(() => false);
    },
    180_000,
  );
}

const tab = name => entityTab(page, name).click();

const bands = ['critical', 'high', 'medium', 'low'];
const total = r => bands.reduce((a, b) => a + r[b], 0);

test('a tenant whose findings differ by region shows the total with the split', async () => {
  await collectedTenants();
  const t = await until('a tenant with findings split by region', async () => {
    const list = await api('/tenants?limit=100');
    for (const s of list.items) {
      if (s.complianceScore === null) continue;
      const c = await api(`/tenants/${s.tenantId}/compliance`);
      const regions = c?.findings?.regions ?? [];
      const us = regions.find(r => r.region === 'us-east-1');
      const eu = regions.find(r => r.region === 'eu-central-1');
      if (
        us?.status === 'member' &&
        eu?.status === 'member' &&
        total(us) > 0 &&
        total(eu) > 0 &&
        total(us) !== total(eu)
      )
        return { tenantId: s.tenantId, us: total(us), eu: total(eu) };
    }
    return null;
  });
  await openTenantPage(t.tenantId);
  await tab('Guardrails');
  const line = page.getByTestId('findings-total');
  await line.waitFor({ timeout: 60_000 });
  assert.equal(
    (await line.innerText()).trim(),
    `${t.us + t.eu} unarchived findings (${t.us} in us-east-1, ${
      t.eu
    } in eu-central-1)`,
  );
  assert.equal(
    await page.getByTestId('findings-region-eu-central-1').count(),
    1,
  );
  await shot('regions-findings-split');
});

test('suspended and closing tenants are shown as such on /tenants and on their Tenant pages (H4)', async () => {
  const tenants = await collectedTenants();
  const cases = [
    ['SUSPENDED', 'Suspended', 'suspended'],
    ['PENDING_CLOSURE', 'Closing', 'closing'],
  ];
  for (const [state, label, lifecycle] of cases) {
    const t = tenants.find(s => s.state === state);
    assert.ok(t, `the demo has a tenant in State ${state}`);
    assert.equal(t.healthStatus, null);
    assert.equal(t.complianceScore, null);

    // The overview, filtered to the state: health and compliance cells show the lifecycle.
    await page.goto(`${portal.baseUrl}/tenants?state=${state}`);
    const row = page.locator(`[role="row"][data-id="${t.tenantId}"]`);
    await row.waitFor({ timeout: 60_000 });
    for (const field of ['healthStatus', 'complianceScore']) {
      assert.equal(
        (
          await row
            .locator(`[role="gridcell"][data-field="${field}"]`)
            .innerText()
        ).trim(),
        label,
        `${t.tenantId} ${field} on /tenants`,
      );
    }
    await shot(`tenants-${lifecycle}`);

    // Its Tenant page: the overview card, the Health and the Guardrails tabs.
    await openTenantPage(t.tenantId);
    // The overview card's State row: the lifecycle and AWS's state, e.g. `Suspended (SUSPENDED)`.
    await page
      .getByText(`${label} (${state})`, { exact: true })
      .first()
      .waitFor();
    await page
      .getByTestId(`lifecycle-${lifecycle}`)
      .first()
      .waitFor({ timeout: 60_000 });
    assert.equal(await page.getByTestId(`lifecycle-${lifecycle}`).count(), 2);
    const reason = `The account is ${lifecycle} (State ${state}): not monitored, not scored`;
    for (const name of ['Health', 'Guardrails']) {
      await tab(name);
      await page
        .getByTestId(`lifecycle-${lifecycle}`)
        .first()
        .waitFor({ timeout: 60_000 });
      await page.getByText(reason).first().waitFor({ timeout: 10_000 });
      assert.equal(await page.getByText(/^Unknown$/).count(), 0);
      await shot(`tenant-${lifecycle}-${name.toLowerCase()}`);
    }
  }
});

/** What AWS answers when an SCP denies GuardDuty ListDetectors to the security account's role. */
const DENIED =
  'User: arn:aws:sts::000000000002:assumed-role/OrganizationAccountAccessRole/tenancy-refresh is not authorized to perform: guardduty:ListDetectors with an explicit deny in a service control policy';

/** Starts a refresh (after any running one) and answers the finished run. */
async function refreshNow() {
  const runs = () => api('/refresh-runs?limit=5');
  await until(
    'no refresh running',
    async () => !(await runs()).items.some(r => r.status === 'running'),
  );
  const { runId } = await api('/refresh', { method: 'POST' });
  return until(`refresh ${runId}`, async () =>
    (await runs()).items.find(r => r.id === runId && r.finishedAt),
  );
}

test('a fault in one source: after the next refresh its values are kept, stale with the error; the other sources are fresh (G4)', async () => {
  const tenants = await collectedTenants();
  const active = tenants.filter(t => t.state === 'ACTIVE');
  // A member in both regions with findings, so that kept values are visible.
  let target;
  for (const t of active) {
    const c = await api(`/tenants/${t.tenantId}/compliance`);
    if (total(c.findings) > 0 && c.findings.member) {
      target = t;
      break;
    }
  }
  assert.ok(target, 'an active tenant with findings');
  const before = await api(`/tenants/${target.tenantId}/compliance`);
  const healthBefore = await api(`/tenants/${target.tenantId}/health`);
  assert.equal(before.stale, undefined);

  const faults = `${portal.sandboxUrl}/_sandbox/faults`;
  const added = await fetch(faults, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      kind: 'error',
      service: 'GuardDuty',
      operation: 'ListDetectors',
      code: 'AccessDeniedException',
      message: DENIED,
      httpStatus: 403,
    }),
  });
  assert.equal(added.status, 201);
  try {
    const run = await refreshNow();
    const error = `AccessDeniedException: ${DENIED}`;
    assert.equal(run.status, 'succeeded');
    assert.deepEqual(run.errors, [
      { collector: 'compliance', source: 'guardDuty', message: error },
    ]);

    // The API: GuardDuty's values kept and stale since the last good read; the rest fresh.
    const after = await api(`/tenants/${target.tenantId}/compliance`);
    assert.deepEqual(after.findings, before.findings);
    assert.deepEqual(after.stale, {
      guardDuty: { since: before.collectedAt, error },
    });
    assert.ok(
      after.collectedAt > before.collectedAt,
      `compliance collected ${after.collectedAt}, before ${before.collectedAt}`,
    );
    const healthAfter = await api(`/tenants/${target.tenantId}/health`);
    assert.equal(healthAfter.stale, undefined);
    assert.ok(healthAfter.collectedAt > healthBefore.collectedAt);

    // /tenants: the last refresh's one error, GuardDuty kept and marked stale.
    await page.goto(`${portal.baseUrl}/tenants`);
    const item = page.getByTestId('stale-guardDuty');
    await item.waitFor({ timeout: 60_000 });
    assert.equal(
      (await item.innerText()).trim(),
      `GuardDuty could not be read: its values on every page are kept from the last successful read, marked stale (${error})`,
    );
    await page
      .getByText('The last refresh had 1 error:')
      .waitFor({ timeout: 10_000 });
    await shot('tenants-stale-guardduty');

    // The Tenant page: GuardDuty stale with the error and its last findings; SCP, Config and
    // baseline not stale; health not stale.
    await openTenantPage(target.tenantId);
    await tab('Guardrails');
    const alert = page.getByTestId('stale-guardDuty');
    await alert.waitFor({ timeout: 60_000 });
    assert.match(
      (await alert.innerText()).trim(),
      new RegExp(
        `^GuardDuty: these values are from .+ \\(the last successful read\\); the latest read failed: ${error.replace(
          /[.*+?^${}()|[\]\\]/g,
          '\\$&',
        )}$`,
      ),
    );
    for (const source of ['scp', 'config', 'baseline'])
      assert.equal(await page.getByTestId(`stale-${source}`).count(), 0);
    const line = page.getByTestId('findings-total');
    await line.waitFor({ timeout: 10_000 });
    assert.match(
      (await line.innerText()).trim(),
      new RegExp(`^${total(before.findings)} unarchived findings`),
    );
    await shot('tenant-stale-guardduty');
    await tab('Health');
    await page
      .getByText(/^Collected /)
      .first()
      .waitFor({ timeout: 60_000 });
    assert.equal(await page.getByTestId('stale-cloudWatch').count(), 0);
  } finally {
    await fetch(faults, { method: 'DELETE' });
  }
});
