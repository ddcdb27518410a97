// Finance on the demo (issue 19), with one sandbox and one database: finance (fran) downloads
// the last closed month's chargeback report from /tenants/costs (its FOCUS header, and its rows
// add up to the total the page shows, to the cent) and sees the fixed-cost footprint; support
// (sam) gets none of it: no costs nav item, 403 from every finance and fleet spend route, and
// no report or footprint on /tenants/costs. The backend is restarted with the other guest user.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import {
  startPortal,
  launchBrowser,
  signInAsGuest,
  guestToken,
  SCREENSHOTS,
} from './harness.mjs';

const GUEST_USER = 'APP_CONFIG_auth_providers_guest_userEntityRef';
const FOCUS_HEADER =
  'BillingPeriodStart,BillingPeriodEnd,ChargePeriodStart,ChargePeriodEnd,BilledCost,EffectiveCost,BillingCurrency,ServiceName,SubAccountId,SubAccountName,ChargeCategory,ChargeDescription,Tags';

let portal;
let browser;
let page;

const shot = name =>
  page.screenshot({ path: join(SCREENSHOTS, `${name}.png`), fullPage: true });

async function api(token, path) {
  const res = await fetch(`${portal.baseUrl}/api/tenants${path}`, {
    headers: { authorization: `Bearer ${token}` },
  });
  const text = await res.text();
  let body;
  try {
    body = text ? JSON.parse(text) : undefined;
  } catch {
    body = text;
  }
  return { status: res.status, body };
}

async function until(what, fn, ms = 300_000) {
  const deadline = Date.now() + ms;
  for (;;) {
    const v = await fn().catch(() => undefined);
    if (v !== undefined && v !== false && v !== null) return v;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise(r => setTimeout(r, 2000));
  }
}

async function signIn() {
  await page?.context().close();
  page = await (
    await browser.newContext({
      viewport: { width: 1400, height: 1000 },
      acceptDownloads: true,
    })
  ).newPage();
  await signInAsGuest(page, portal.baseUrl);
}

/** `YYYY-MM` of a UTC date, `months` months later. */
function monthOf(date, months = 0) {
  const d = new Date(
    Date.UTC(date.getUTCFullYear(), date.getUTCMonth() + months, 1),
  );
  return d.toISOString().slice(0, 7);
}

/**
 * The last closed month whose bill is final: Cost Explorer stops marking a month estimated a
 * few days into the next (the sandbox on the 5th, UTC), so before the 5th it is two months back.
 */
function lastFinalMonth(now = new Date()) {
  return monthOf(now, now.getUTCDate() >= 5 ? -1 : -2);
}

/** The cells of one CSV line (RFC 4180 quoting). */
function csvCells(line) {
  return line
    .match(/("([^"]|"")*"|[^,]*)(,|$)/g)
    .slice(0, -1)
    .map(c => c.replace(/,$/, '').replace(/^"(.*)"$/s, '$1'));
}

/** `"$1,234.56"` or `"1234.56"` → 123456 cents; `-` signs kept. */
function cents(text) {
  const m = /(-)?\$?([\d,]+)\.(\d{2})/.exec(text);
  assert.ok(m, `an amount in ${JSON.stringify(text)}`);
  const value = Number(m[2].replace(/,/g, '')) * 100 + Number(m[3]);
  return m[1] ? -value : value;
}

before(async () => {
  portal = await startPortal({
    tenants: 20,
    env: { [GUEST_USER]: 'user:default/fran' },
  });
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
  await portal?.stop();
});

test("fran (finance) downloads the last closed month's report, whose rows add up to the shown total, and sees the footprint", async () => {
  const month = lastFinalMonth();
  // The first refresh (spend, then finance) produces the report of each final closed month. A
  // fresh token each time: sign-in takes fran's groups from the catalog once it has them.
  const reports = await until(`the report of ${month}`, async () => {
    const r = await api(await guestToken(portal.baseUrl), '/finance/reports');
    return r.body?.items?.some(i => i.month === month)
      ? r.body.items
      : undefined;
  });
  assert.equal(
    reports[0].month,
    month,
    'the newest report is the last final month',
  );

  await signIn();
  await page
    .getByRole('link', { name: 'Tenant costs' })
    .first()
    .waitFor({ timeout: 60_000 });
  await page.goto(`${portal.baseUrl}/tenants/costs?month=${month}`);
  const fleetTotal = page.getByTestId('fleet-total');
  await fleetTotal.waitFor({ timeout: 60_000 });
  const pageTotal = cents(await fleetTotal.innerText());

  const reportsTable = page.getByRole('table', { name: 'Chargeback reports' });
  await reportsTable.waitFor({ timeout: 60_000 });
  const row = reportsTable.getByRole('row').filter({ hasText: month });
  const shownTotal = cents(await row.getByRole('cell').nth(1).innerText());
  assert.equal(shownTotal, pageTotal, 'the report total is the page total');

  const [download] = await Promise.all([
    page.waitForEvent('download', { timeout: 60_000 }),
    row.getByRole('button', { name: 'Report CSV' }).click(),
  ]);
  assert.equal(download.suggestedFilename(), `chargeback-${month}.csv`);
  const text = await readFile(await download.path(), 'utf8');
  const [header, ...lines] = text.split('\r\n').filter(Boolean);
  assert.equal(header, FOCUS_HEADER);
  assert.ok(lines.length > 0, 'the report has rows');
  // The demo's metric is AmortizedCost: EffectiveCost carries it; credits and refunds apart.
  let sum = 0;
  for (const line of lines) {
    const c = csvCells(line);
    assert.equal(c.length, 13, line);
    assert.equal(c[0], `${month}-01T00:00:00Z`);
    if (c[10] === 'Credit' || c[10] === 'Adjustment') continue;
    sum += cents(c[5]);
  }
  assert.equal(sum, shownTotal, 'the rows add up to the shown total');

  // The fixed-cost footprint of the month: the tenants with the largest always-on spend.
  await page
    .getByText(`Largest always-on spend, ${month}`)
    .waitFor({ timeout: 60_000 });
  const footprint = page.getByRole('table', { name: 'Always-on spend' });
  assert.ok(
    (await footprint.getByRole('row').count()) > 1,
    'the footprint lists tenants',
  );
  await shot('finance-fran-costs');
});

test('sam (support) sees no costs nav, gets 403 from the finance routes and no report or footprint', async () => {
  await portal.restartBackend({ [GUEST_USER]: 'user:default/sam' });
  const month = lastFinalMonth();
  const token = await until('a token for sam', async () => {
    const t = await guestToken(portal.baseUrl);
    return (await api(t, '/tenants?limit=1')).status === 200 ? t : undefined;
  });
  for (const path of [
    '/spend/fleet',
    `/spend/export.csv?from=${month}&to=${month}`,
    '/finance/fleet',
    '/finance/budgets',
    '/finance/reports',
    `/finance/reports/${month}.csv`,
  ]) {
    const res = await api(token, path);
    assert.equal(res.status, 403, `${path}: ${JSON.stringify(res.body)}`);
    assert.equal(res.body.error.name, 'NotAllowedError', path);
  }
  // No budget filter either: it compares spend.
  assert.equal((await api(token, '/tenants?budget=over')).status, 403);

  await signIn();
  await page
    .getByRole('link', { name: 'Tenants', exact: true })
    .first()
    .waitFor({ timeout: 60_000 });
  assert.equal(
    await page.getByRole('link', { name: 'Tenant costs' }).count(),
    0,
    'no costs nav item',
  );
  await page.goto(`${portal.baseUrl}/tenants/costs?month=${month}`);
  await page
    .getByText("You don't have permission to see fleet spend")
    .waitFor({ timeout: 60_000 });
  await page.waitForTimeout(2000);
  const text = await page.locator('main').innerText();
  assert.ok(!text.includes('Largest always-on spend'), 'no footprint');
  assert.equal(
    await page.getByRole('button', { name: 'Report CSV' }).count(),
    0,
    'no report download',
  );
  assert.equal(await page.getByTestId('fleet-total').count(), 0);
  await shot('finance-sam-costs');
});
