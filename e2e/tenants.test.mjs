// Support and finance pages on the demo (issue 8): the overview of the 50 sandbox tenants
// sorted by spend and filtered by health, one tenant's tabs, and the finance cost page.
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
const usd = text => Number(text.replace(/[^0-9.-]/g, ''));

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

/** Waits until the first refresh has collected spend (the overview shows dollar amounts). */
async function openOverview(query = '') {
  const deadline = Date.now() + 240_000;
  for (;;) {
    await page.goto(`${portal.baseUrl}/tenants${query}`);
    await page
      .getByText('50 tenants')
      .first()
      .waitFor({ timeout: 60_000 })
      .catch(() => {});
    const cells = await page
      .locator('[role="gridcell"][data-field="spendMonthToDate"]')
      .allInnerTexts();
    if (cells.some(c => /\d/.test(c))) return;
    if (Date.now() > deadline)
      throw new Error('the refresh did not collect spend in 240 s');
    await page.waitForTimeout(5000);
  }
}

test('the overview lists the 50 tenants, sorts by spend and filters by health', async () => {
  await openOverview();
  await page.getByText('50 tenants').first().waitFor({ timeout: 10_000 });
  await shot('overview-50');
  await page.getByRole('columnheader', { name: /Spend MTD/ }).click();
  await page.waitForURL(/sort=spend/, { timeout: 30_000 });
  await page.waitForTimeout(1500);
  let spend = (
    await page
      .locator('[role="gridcell"][data-field="spendMonthToDate"]')
      .allInnerTexts()
  )
    .filter(t => /\d/.test(t))
    .map(usd);
  assert.ok(spend.length >= 10, `${spend.length} spend cells`);
  const order = new URL(page.url()).searchParams.get('order') ?? 'asc';
  const sorted = [...spend].sort((a, b) => (order === 'desc' ? b - a : a - b));
  assert.deepEqual(spend, sorted, `spend column in ${order} order`);
  await shot('overview-sorted-by-spend');

  await openOverview('?health=degraded');
  const health = await page
    .locator('[role="gridcell"][data-field="healthStatus"]')
    .allInnerTexts();
  assert.ok(
    health.length > 0,
    'some tenants are degraded in the demo organization',
  );
  for (const h of health) assert.match(h, /degraded/i);
  await shot('overview-degraded');
});

test('a seeded tenant has health, guardrails, spend and activity', async () => {
  await openOverview('?sort=spend&order=desc');
  const first = page
    .locator('[role="gridcell"][data-field="tenantId"] a')
    .first();
  const tenantId = (await first.innerText()).trim();
  await first.click();
  await page.waitForURL(
    new RegExp(`/catalog/default/tenant/${tenantId}`, 'i'),
    { timeout: 60_000 },
  );
  await entityTab(page, 'Health').click();
  await page
    .getByText(/In alarm/)
    .first()
    .waitFor({ timeout: 60_000 });
  await shot('seeded-health');
  await entityTab(page, 'Guardrails').click();
  await page
    .getByText(/evaluated/)
    .first()
    .waitFor({ timeout: 60_000 });
  await shot('seeded-guardrails');
  await entityTab(page, 'Spend').click();
  await page
    .getByText(/AmortizedCost/)
    .first()
    .waitFor({ timeout: 60_000 });
  assert.equal(await page.getByText(/no billing data yet/i).count(), 0);
  await shot('seeded-spend');
  await entityTab(page, 'Activity').click();
  await page.waitForTimeout(1500);
  await shot('seeded-activity');
});

test('the cost page adds up: tenants + shared + unallocated = the organization total', async () => {
  await page.goto(`${portal.baseUrl}/tenants/costs`);
  await page
    .getByText('Organization total')
    .first()
    .waitFor({ timeout: 60_000 });
  // A figure is a dollar amount with its label as the next sibling.
  const figure = async label =>
    usd(
      await page.evaluate(l => {
        const el = [...document.querySelectorAll('*')].find(
          e =>
            e.textContent === l &&
            /^\$/.test(e.previousElementSibling?.textContent ?? ''),
        );
        return el ? el.previousElementSibling.textContent : 'NaN';
      }, label),
    );
  const total = await figure('Organization total');
  const parts =
    (await figure('Tenants')) +
    (await figure('Shared, tagged to tenants (platform accounts)')) +
    (await figure('Unallocated (platform accounts, no tenant tag)'));
  assert.ok(total > 0);
  assert.ok(
    (await figure('Shared, tagged to tenants (platform accounts)')) > 0,
    'shared spend shown',
  );
  assert.equal(Math.round(parts * 100), Math.round(total * 100));
  await shot('costs');
});
