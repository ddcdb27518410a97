// Recent errors (issue 20): a degraded demo tenant's Health tab shows its recent ERROR lines
// from a Logs Insights query in the monitoring account, with the query and a console link.
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

before(async () => {
  portal = await startPortal({ tenants: 50 });
  browser = await launchBrowser();
  page = await browser.newPage({ viewport: { width: 1400, height: 1200 } });
  await signInAsGuest(page, portal.baseUrl);
});

after(async () => {
  await browser?.close();
  await portal?.stop();
});

/** A degraded or critical tenant whose recent-errors answer has rows (polls until health is collected). */
async function degradedTenantWithErrors() {
  const token = await guestToken(portal.baseUrl);
  const get = async path =>
    (
      await fetch(`${portal.baseUrl}${path}`, {
        headers: { authorization: `Bearer ${token}` },
      })
    ).json();
  const deadline = Date.now() + 300_000;
  for (;;) {
    const list = await get(
      '/api/tenants/tenants?limit=100&health=degraded,critical',
    );
    for (const t of list.items ?? []) {
      const logs = await get(
        `/api/tenants/tenants/${t.tenantId}/logs/recent-errors`,
      );
      if (logs.rows?.length > 0) return { tenantId: t.tenantId, logs };
    }
    if (Date.now() > deadline)
      throw new Error('no degraded tenant with recent errors in 300 s');
    await new Promise(r => setTimeout(r, 5000));
  }
}

test("a degraded tenant's Health tab shows its recent errors", async () => {
  const { tenantId, logs } = await degradedTenantWithErrors();
  const tab = entityTab(page, 'Health');
  const deadline = Date.now() + 180_000;
  for (;;) {
    await page.goto(`${portal.baseUrl}/catalog/default/tenant/${tenantId}`);
    const found = await tab
      .waitFor({ timeout: 20_000 })
      .then(() => true)
      .catch(() => false);
    if (found) break;
    if (Date.now() > deadline)
      throw new Error(`no catalog page for tenant ${tenantId} in 180 s`);
  }
  await tab.click();
  const query = page.getByTestId('recent-errors-query');
  await query.waitFor({ timeout: 60_000 });
  assert.equal((await query.innerText()).trim(), logs.query);
  const table = page.getByRole('table', { name: 'Recent errors' });
  await table.waitFor({ timeout: 30_000 });
  // Every row is one of the tenant's own log groups, and the newest message is the API's.
  assert.ok(
    logs.rows.every(r => r.logGroup.startsWith(`/aws/lambda/${tenantId}-`)),
  );
  assert.equal(
    await table.getByText(logs.rows[0].message).first().isVisible(),
    true,
  );
  assert.equal(
    await page
      .getByRole('link', {
        name: 'Open in CloudWatch Logs Insights (us-east-1)',
      })
      .count(),
    1,
  );
  await page.screenshot({
    path: join(SCREENSHOTS, 'tenant-health-recent-errors.png'),
    fullPage: true,
  });
});
