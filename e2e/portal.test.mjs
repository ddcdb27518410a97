// The portal starts on its embedded defaults, a guest signs in and the catalog renders.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import {
  startPortal,
  launchBrowser,
  signInAsGuest,
  SCREENSHOTS,
} from './harness.mjs';

let portal;
let browser;

before(async () => {
  portal = await startPortal({ tenants: 50 });
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
  await portal?.stop();
});

test('backend smoke: readiness and the catalog API answer', async () => {
  const ready = await fetch(`${portal.baseUrl}/.backstage/health/v1/readiness`);
  assert.equal(ready.status, 200);
  const anon = await fetch(`${portal.baseUrl}/api/catalog/entities`);
  assert.equal(anon.status, 401);
});

test('guest signs in and the catalog page lists the demo groups', async () => {
  const page = await browser.newPage({
    viewport: { width: 1400, height: 900 },
  });
  await signInAsGuest(page, portal.baseUrl);
  await page.goto(`${portal.baseUrl}/catalog?filters[kind]=group`);
  await page
    .getByText('platform-engineers')
    .first()
    .waitFor({ timeout: 60_000 });
  await page.screenshot({
    path: join(SCREENSHOTS, 'catalog.png'),
    fullPage: true,
  });
  assert.equal(await page.getByText('finance').first().isVisible(), true);
  await page.close();
});
