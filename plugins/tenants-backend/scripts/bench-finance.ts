/*
 * Benchmark of finance at scale: the costs page in headless Chromium and the 13-month CSV export,
 * against the portal backend on the AWS sandbox with N tenants (default 10,000).
 *
 *   node -r @backstage/cli/config/nodeTransform.cjs plugins/tenants-backend/scripts/bench-finance.ts [N] [--keep] [--reuse=DIR] [--no-browser]
 *
 * `--keep` keeps the temporary folder (its SQLite snapshot) and prints it; `--reuse=DIR` skips
 * step 2 and serves the snapshot a `--keep` run of the same N left in DIR (the sandbox is
 * deterministic: seed 1 gives the same organization); `--no-browser` skips step 4 (no built
 * frontend needed: the exports alone).
 *
 * Needs the built frontend (`yarn workspace app build`) and Debian's /usr/bin/chromium.
 * 1. The sandbox (N tenants, seed 1, real clock) runs as a child process.
 * 2. This process runs one inventory + spend refresh into a SQLite file (`tenants.sqlite` of a
 *    temporary folder), as the plugin's refresh does: the spend facts of 13 months, then the
 *    costs page of each month stored once (`recordingSpendRun`). The finance source (reports,
 *    budgets, footprint) is not read: the costs page's tenant table and the export are spend.
 * 3. The portal backend (packages/backend, serving the built frontend) starts as another child
 *    process on that folder, its own refresh and the Tenant entity provider (N catalog
 *    entities, not read by the costs page) delayed by an hour; the browser signs in as the
 *    guest (a platform engineer, who reads spend like finance).
 * 4. Chromium (`--headless --no-sandbox --disable-gpu --disable-background-networking`) opens
 *    /tenants/costs: time to data is from the navigation's start to the first frame painted
 *    with the page's figures and a tenant row (a full page load, and a move from /tenants by
 *    the sidebar, from the click), timed in the page's own clock; also as Playwright sees it
 *    (its goto or click and polling included). A page change is from the click on "next page"
 *    to the next page's first row painted. Goals: ≤ 1 s and ≤ 150 ms.
 * 5. The 13-month export (`GET /spend/export.csv`), read as a stream by this process: time,
 *    lines a second (goal ≥ 100,000) and the backend's peak RSS growth while it runs (goal ≤ 64
 *    MiB), then three exports at once with the same bound. The RSS is the backend child
 *    process's (`VmRSS` of /proc/<pid>/status, sampled every 20 ms), its baseline the lowest of
 *    one second before the export.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import {
  mkdirSync,
  mkdtempSync,
  openSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import knexFactory from 'knex';
import { chromium, type Page } from 'playwright-core';
import { startSandboxProcess } from '@tenancy/aws-sandbox';
import { addMonths, monthOf } from '@tenancy/plugin-tenants-common';
import { createSandboxRefresh } from '../src/__testUtils__/sourcesSandboxHarness';

const ROOT = resolve(__dirname, '../../..');
const MiB = 1024 * 1024;

/* eslint-disable no-console */
const say = (line: string) => console.log(line);

async function freePort(): Promise<number> {
  return new Promise((ok, fail) => {
    const s = createServer();
    s.on('error', fail);
    s.listen(0, '127.0.0.1', () => {
      const address = s.address();
      s.close(() =>
        ok(typeof address === 'object' && address ? address.port : 0),
      );
    });
  });
}

async function poll(what: string, check: () => Promise<boolean>, ms: number) {
  const deadline = Date.now() + ms;
  while (Date.now() < deadline) {
    if (await check().catch(() => false)) return;
    await new Promise(r => setTimeout(r, 500));
  }
  throw new Error(`timed out waiting for ${what}`);
}

/** The resident set size of process `pid` in bytes (Linux). */
function rss(pid: number): number {
  const m = /VmRSS:\s+(\d+) kB/.exec(
    readFileSync(`/proc/${pid}/status`, 'utf8'),
  );
  return m ? Number(m[1]) * 1024 : 0;
}

/** Samples the RSS of `pid` every 20 ms until stopped; answers the peak. */
function sampleRss(pid: number) {
  let peak = rss(pid);
  let low = peak;
  const timer = setInterval(() => {
    const v = rss(pid);
    peak = Math.max(peak, v);
    low = Math.min(low, v);
  }, 20);
  return {
    stop: () => {
      clearInterval(timer);
      return { peak, low };
    },
  };
}

/** Starts the portal backend on `sqliteDir`, against the sandbox; answers its base URL. */
async function startBackend(dir: string, sqliteDir: string, endpoint: string) {
  const port = await freePort();
  const baseUrl = `http://localhost:${port}`;
  const override = join(dir, 'app-config.bench.yaml');
  writeFileSync(
    override,
    JSON.stringify({
      app: { baseUrl },
      backend: {
        baseUrl,
        listen: { port, host: '127.0.0.1' },
        database: {
          client: 'better-sqlite3',
          connection: { directory: sqliteDir },
        },
      },
      // The Tenant entity provider would ingest N entities into the catalog meanwhile; the
      // costs page does not read the catalog, so it waits until the measures are done.
      catalog: {
        providers: {
          tenants: {
            schedule: {
              frequency: { hours: 24 },
              timeout: { minutes: 3 },
              initialDelay: { hours: 1 },
            },
          },
        },
      },
      tenancy: {
        aws: { endpoint, regions: ['us-east-1'] },
        // The snapshot is the one this script wrote: no refresh while measuring.
        refresh: { initialDelay: { hours: 1 } },
      },
    }),
  );
  const log = openSync(join(dir, 'backend.log'), 'w');
  const child = spawn(
    process.execPath,
    [
      '--require',
      '@backstage/cli/config/nodeTransform.cjs',
      'src/index.ts',
      ...['app-config.yaml', 'app-config.sandbox.yaml'].flatMap(f => [
        '--config',
        join(ROOT, f),
      ]),
      '--config',
      override,
    ],
    {
      cwd: join(ROOT, 'packages/backend'),
      env: { ...process.env, NODE_ENV: 'development' },
      // Its log beside the snapshot (`backend.log`), to read when a measure fails.
      stdio: ['ignore', log, log],
    },
  );
  await poll(
    'the backend',
    async () => (await fetch(`${baseUrl}/.backstage/health/v1/readiness`)).ok,
    240_000,
  );
  return { baseUrl, child };
}

/** Milliseconds from `act` to the first tenant row of the costs page's table on screen. */
async function timeToRows(
  page: Page,
  act: () => Promise<unknown>,
  not?: string,
) {
  const t0 = performance.now();
  await act();
  const cell = page.locator('[role="row"] [data-field="tenantId"] a').first();
  await cell.waitFor({ timeout: 60_000 }).catch(async error => {
    // What the page showed instead (a permission message, an error): named, not just a timeout.
    const text = (
      await page
        .locator('main')
        .innerText()
        .catch(() => '')
    )
      .replace(/\s+/g, ' ')
      .slice(0, 400);
    throw new Error(`no tenant row within 60 s; the page read: ${text}`, {
      cause: error,
    });
  });
  if (not !== undefined) {
    while ((await cell.innerText()) === not) await page.waitForTimeout(5);
  }
  return Math.round(performance.now() - t0);
}

/** Where {@link watchCostRows} keeps its times (the page's `performance.now()`, ms). */
interface CostRowsTimes {
  /** The last click on a link to /tenants/costs. */
  costsClickAt?: number;
  /** The first frame painted with the costs page's figures and a tenant row on screen. */
  costRowsPaintedAt?: number;
}

/**
 * Runs in the page before its scripts (`addInitScript`): notes, in the browser's own clock, the
 * first frame painted with the costs page's data on screen (its organization total and a
 * tenant row; a MutationObserver sees them, the next animation frame is the paint), and the
 * time of each click on a link to /tenants/costs. `performance.now()` counts from the
 * navigation's start, so after a full load the painted time is the time to data; after a
 * sidebar click it is measured from the click. No Playwright round trip is in either.
 */
function watchCostRows() {
  const w = window as unknown as CostRowsTimes;
  const shown = () =>
    document.querySelector('[data-testid="fleet-total"]') !== null &&
    document.querySelector('[role="row"] [data-field="tenantId"] a') !== null;
  document.addEventListener(
    'click',
    e => {
      const link = (e.target as Element).closest?.('a');
      if (link?.getAttribute('href')?.endsWith('/tenants/costs')) {
        w.costsClickAt = performance.now();
        w.costRowsPaintedAt = undefined;
      }
    },
    true,
  );
  new MutationObserver(() => {
    if (w.costRowsPaintedAt !== undefined || !shown()) return;
    requestAnimationFrame(() => {
      w.costRowsPaintedAt ??= performance.now();
    });
  }).observe(document, { subtree: true, childList: true });
}

/** Ms from the navigation's start (`load`) or the last click on the costs link to its data. */
async function rowsPaintedAfter(page: Page, from: 'load' | 'click') {
  await page.waitForFunction(
    () => (window as CostRowsTimes).costRowsPaintedAt !== undefined,
  );
  return page.evaluate(f => {
    const w = window as CostRowsTimes;
    return Math.round(
      w.costRowsPaintedAt! - (f === 'click' ? w.costsClickAt! : 0),
    );
  }, from);
}

async function browserTimes(baseUrl: string) {
  const browser = await chromium.launch({
    executablePath: process.env.TENANCY_CHROMIUM ?? '/usr/bin/chromium',
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
    ],
  });
  try {
    const page = await browser.newPage({
      viewport: { width: 1400, height: 1000 },
    });
    await page.addInitScript(watchCostRows);
    await page.goto(`${baseUrl}/`);
    await page.getByRole('button', { name: /enter/i }).first().click();
    await page.getByText('Home').first().waitFor({ timeout: 60_000 });
    const loads: number[] = [];
    const loadsInPage: number[] = [];
    for (let i = 0; i < 3; i++) {
      loads.push(
        await timeToRows(page, () => page.goto(`${baseUrl}/tenants/costs`)),
      );
      loadsInPage.push(await rowsPaintedAfter(page, 'load'));
    }
    // BENCH_WATERFALL=1: what the last full load fetched and when (ms from its start).
    if (process.env.BENCH_WATERFALL) {
      const entries = await page.evaluate(() =>
        performance.getEntriesByType('resource').map(e => {
          const r = e as PerformanceResourceTiming;
          return `${Math.round(r.startTime)}–${Math.round(r.responseEnd)} ms ${
            new URL(r.name).pathname
          }${new URL(r.name).search} (${r.transferSize} B)`;
        }),
      );
      say(
        `costs page, the last full load's requests:\n  ${entries.join('\n  ')}`,
      );
    }
    const navigations: number[] = [];
    const navigationsInPage: number[] = [];
    for (let i = 0; i < 3; i++) {
      await page.goto(`${baseUrl}/tenants`);
      await page.getByRole('link', { name: 'Tenant costs' }).first().waitFor();
      navigations.push(
        await timeToRows(page, () =>
          page.getByRole('link', { name: 'Tenant costs' }).first().click(),
        ),
      );
      navigationsInPage.push(await rowsPaintedAfter(page, 'click'));
    }
    // A page change as the user sees it, timed in the page: from the click event on "next
    // page" to the first frame painted after the table's first row changed (a MutationObserver
    // notes the change, the next animation frame is the paint). Also, as before, from this
    // process asking Playwright to click to Playwright seeing the new row (adds the automation's
    // own round trips: actionability checks, polling).
    await page.evaluate(() => {
      const w = window as unknown as {
        clickAt?: number;
        paintedAt?: number;
      };
      const first = () =>
        document.querySelector('[role="row"] [data-field="tenantId"] a')
          ?.textContent;
      let shown = first();
      document.addEventListener(
        'click',
        e => {
          if (
            (e.target as Element).closest?.('[aria-label="Go to next page"]')
          ) {
            w.clickAt = performance.now();
            w.paintedAt = undefined;
            shown = first();
          }
        },
        true,
      );
      new MutationObserver(() => {
        if (w.clickAt === undefined || w.paintedAt !== undefined) return;
        if (first() === shown) return;
        requestAnimationFrame(() => {
          w.paintedAt ??= performance.now();
        });
      }).observe(document.body, {
        subtree: true,
        childList: true,
        characterData: true,
      });
    });
    const pageChanges: number[] = [];
    const pageChangesInPage: number[] = [];
    for (let i = 0; i < 5; i++) {
      const first = await page
        .locator('[role="row"] [data-field="tenantId"] a')
        .first()
        .innerText();
      pageChanges.push(
        await timeToRows(
          page,
          () => page.getByLabel('Go to next page').click(),
          first,
        ),
      );
      await page.waitForFunction(
        () =>
          (window as unknown as { paintedAt?: number }).paintedAt !== undefined,
      );
      pageChangesInPage.push(
        await page.evaluate(() => {
          const w = window as unknown as { clickAt: number; paintedAt: number };
          return Math.round(w.paintedAt - w.clickAt);
        }),
      );
    }
    return {
      loads,
      loadsInPage,
      navigations,
      navigationsInPage,
      pageChanges,
      pageChangesInPage,
    };
  } finally {
    await browser.close();
  }
}

/** Reads one export as a stream; answers its lines (header not counted) and seconds. */
async function exportOnce(url: string, token: string) {
  const t0 = performance.now();
  const res = await fetch(url, {
    headers: { authorization: `Bearer ${token}` },
  });
  if (!res.ok || !res.body) throw new Error(`export: ${res.status}`);
  let lines = 0;
  const reader = res.body.getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    for (let i = 0; i < value.length; i++) if (value[i] === 10) lines += 1;
  }
  return {
    rows: lines - 1,
    expected: Number(res.headers.get('x-expected-rows')),
    seconds: (performance.now() - t0) / 1000,
  };
}

/**
 * Signs the guest in until its token reads the fleet spend: the guest's groups come from the
 * catalog (examples/org.yaml), and a sign-in before the catalog has read them gets a token
 * without them (403 for as long as it lives). Answers a token that reads it.
 */
async function guestReady(baseUrl: string): Promise<string> {
  let token = '';
  await poll(
    "the guest's permissions (the catalog's users and groups)",
    async () => {
      const auth = await fetch(
        `${baseUrl}/api/auth/guest/refresh?env=development`,
        { headers: { 'x-requested-with': 'XMLHttpRequest' } },
      );
      token = (await auth.json()).backstageIdentity.token as string;
      return (
        await fetch(`${baseUrl}/api/tenants/spend/fleet?limit=1`, {
          headers: { authorization: `Bearer ${token}` },
        })
      ).ok;
    },
    120_000,
  );
  return token;
}

async function exports(
  baseUrl: string,
  token: string,
  pid: number,
  month: string,
) {
  const url = `${baseUrl}/api/tenants/spend/export.csv?from=${addMonths(
    month,
    -12,
  )}&to=${month}`;
  const measure = async (parallel: number) => {
    const before = sampleRss(pid);
    await new Promise(r => setTimeout(r, 1000));
    const baseline = before.stop().low;
    const sampler = sampleRss(pid);
    const t0 = performance.now();
    const runs = await Promise.all(
      Array.from({ length: parallel }, () => exportOnce(url, token)),
    );
    const seconds = (performance.now() - t0) / 1000;
    const { peak } = sampler.stop();
    const rows = runs.reduce((s, r) => s + r.rows, 0);
    return {
      parallel,
      rowsEach: runs.map(r => r.rows),
      expectedEach: runs.map(r => r.expected),
      seconds: Number(seconds.toFixed(2)),
      rowsPerSecond: Math.round(rows / seconds),
      baselineRssMiB: Math.round(baseline / MiB),
      peakRssMiB: Math.round(peak / MiB),
      growthMiB: Number(((peak - baseline) / MiB).toFixed(1)),
    };
  };
  return { one: await measure(1), three: await measure(3) };
}

/** One inventory + spend refresh of the sandbox at `endpoint` into `sqliteDir`. */
async function refreshInto(sqliteDir: string, endpoint: string, n: number) {
  const knex = knexFactory({
    client: 'better-sqlite3',
    connection: { filename: join(sqliteDir, 'tenants.sqlite') },
    useNullAsDefault: true,
  });
  const h = await createSandboxRefresh(endpoint, knex, {
    sources: ['spend'],
  });
  const t0 = performance.now();
  const run = await h.refresher.run({ id: 'bench-1', trigger: 'manual' });
  const refreshSeconds = (performance.now() - t0) / 1000;
  const facts = await knex('tenant_spend_facts')
    .where({ dimension: 'SERVICE' })
    .count({ c: '*' })
    .first();
  const stored = await knex('tenant_spend_fleet_views')
    .count({ c: '*' })
    .first();
  await knex.destroy();
  say(
    `N=${n}: refresh (inventory + spend) ${refreshSeconds.toFixed(1)} s, ${
      run.errors.length
    } errors, ${run.tenantCount} tenants, ${facts?.c} service facts, ${
      stored?.c
    } costs pages stored`,
  );
}

async function main() {
  const args = process.argv.slice(2);
  const n = Number(args.find(a => /^\d+$/.test(a)) ?? 10_000);
  const reuse = args.find(a => a.startsWith('--reuse='))?.slice(8);
  const keep = args.includes('--keep') || reuse !== undefined;
  const dir = reuse ?? mkdtempSync(join(tmpdir(), 'tenancy-bench-finance-'));
  const sqliteDir = join(dir, 'sqlite');
  if (!reuse) mkdirSync(sqliteDir);
  if (keep) say(`N=${n}: snapshot folder ${dir}`);
  const sandbox = await startSandboxProcess({
    tenants: n,
    seed: 1,
    args: ['--clock', 'real'],
    startTimeoutMs: 600_000,
  });
  let backend: ChildProcess | undefined;
  try {
    if (!reuse) await refreshInto(sqliteDir, sandbox.endpoint, n);
    else {
      say(`N=${n}: serving the snapshot of ${dir}`);
      // The snapshot is the tenants database; the other plugins start afresh. A catalog a
      // stopped backend left can hold its locations leased for the processing interval
      // (30 min), and the guest's groups would not be read meanwhile.
      for (const f of readdirSync(sqliteDir))
        if (f.endsWith('.sqlite') && f !== 'tenants.sqlite')
          rmSync(join(sqliteDir, f));
    }

    const started = await startBackend(dir, sqliteDir, sandbox.endpoint);
    backend = started.child;
    const token = await guestReady(started.baseUrl);
    const browser = args.includes('--no-browser')
      ? undefined
      : await browserTimes(started.baseUrl);
    const median = (v: number[]) =>
      [...v].sort((a, b) => a - b)[Math.floor(v.length / 2)];
    const list = (v: number[]) => `${v.join(', ')} ms (median ${median(v)})`;
    if (browser)
      say(
        `costs page, time to data in the page (from the navigation's start, or the sidebar click, to the first frame painted with the figures and a tenant row): full load ${list(
          browser.loadsInPage,
        )}; from /tenants by the sidebar ${list(
          browser.navigationsInPage,
        )}; goal ≤ 1000 ms; through Playwright (its goto or click and polling included): full load ${list(
          browser.loads,
        )}; by the sidebar ${list(browser.navigations)}`,
      );
    if (browser)
      say(
        `costs page, page change: click to the next page painted (in the page) ${browser.pageChangesInPage.join(
          ', ',
        )} ms (median ${median(
          browser.pageChangesInPage,
        )}); goal ≤ 150 ms; through Playwright (its click and polling included) ${browser.pageChanges.join(
          ', ',
        )} ms (median ${median(browser.pageChanges)})`,
      );
    const ex = await exports(
      started.baseUrl,
      token,
      backend.pid!,
      monthOf(new Date()),
    );
    for (const r of [ex.one, ex.three]) {
      say(
        `13-month export ×${r.parallel}: ${r.rowsEach.join(
          ' + ',
        )} rows (X-Expected-Rows ${r.expectedEach.join(', ')}) in ${
          r.seconds
        } s = ${r.rowsPerSecond} rows/s; backend RSS ${
          r.baselineRssMiB
        } → peak ${r.peakRssMiB} MiB, growth ${
          r.growthMiB
        } MiB (goals ≥ 100000 rows/s, ≤ 64 MiB)`,
      );
    }
    say(JSON.stringify({ n, browser, exports: ex }));
  } finally {
    if (backend && backend.exitCode === null) backend.kill('SIGTERM');
    await sandbox.stop();
  }
}

// The Chromium and fetch handles may outlive the measures: exit when done.
main().then(
  () => process.exit(0),
  e => {
    console.error(e);
    process.exit(1);
  },
);
