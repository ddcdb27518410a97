// Regions on the demo (issue 15): the demo reads us-east-1 and eu-central-1, and a tenant whose
// GuardDuty findings differ by region shows the total with the split on its Guardrails tab.
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

let portal;
let browser;
let page;

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

const bands = ['critical', 'high', 'medium', 'low'];
const total = r => bands.reduce((a, b) => a + r[b], 0);

/** A tenant with findings in both demo regions, different counts (polls until collected). */
async function tenantSplitByRegion() {
  const token = await guestToken(portal.baseUrl);
  const get = async path =>
    (
      await fetch(`${portal.baseUrl}${path}`, {
        headers: { authorization: `Bearer ${token}` },
      })
    ).json();
  const deadline = Date.now() + 300_000;
  for (;;) {
    const list = await get('/api/tenants/tenants?limit=100');
    for (const t of list.items ?? []) {
      if (t.complianceScore === null) continue;
      const c = await get(`/api/tenants/tenants/${t.tenantId}/compliance`);
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
        return { tenantId: t.tenantId, us: total(us), eu: total(eu) };
    }
    if (Date.now() > deadline)
      throw new Error('no tenant with findings split by region in 300 s');
    await new Promise(r => setTimeout(r, 5000));
  }
}

test('a tenant whose findings differ by region shows the total with the split', async () => {
  const t = await tenantSplitByRegion();
  // The Tenant entity reaches the catalog on the entity provider's own schedule: reload until
  // its page is there.
  const tab = page.getByRole('tab', { name: 'Guardrails' });
  const deadline = Date.now() + 180_000;
  for (;;) {
    await page.goto(`${portal.baseUrl}/catalog/default/tenant/${t.tenantId}`);
    const found = await tab
      .waitFor({ timeout: 20_000 })
      .then(() => true)
      .catch(() => false);
    if (found) break;
    if (Date.now() > deadline)
      throw new Error(`no catalog page for tenant ${t.tenantId} in 180 s`);
  }
  await tab.click();
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
  await page.screenshot({
    path: join(SCREENSHOTS, 'regions-findings-split.png'),
    fullPage: true,
  });
});
