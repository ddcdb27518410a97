// Browser-test harness: starts the AWS sandbox (when the package has its CLI) and the portal
// backend (which serves the built frontend) on loopback ports, on a fresh SQLite folder, and
// launches Debian's Chromium through playwright-core. Used by the *.test.mjs files here.
import { spawn } from 'node:child_process';
import { createServer } from 'node:net';
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  writeFileSync,
  createWriteStream,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { chromium } from 'playwright-core';

export const ROOT = resolve(import.meta.dirname, '..');
export const SCREENSHOTS = join(ROOT, 'e2e', 'screenshots');
const CHROMIUM = process.env.TENANCY_CHROMIUM ?? '/usr/bin/chromium';

/** A free TCP port on 127.0.0.1. */
export async function freePort() {
  return new Promise((res, rej) => {
    const s = createServer();
    s.on('error', rej);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => res(port));
    });
  });
}

async function waitFor(check, what, timeoutMs) {
  const deadline = Date.now() + timeoutMs;
  let lastError;
  while (Date.now() < deadline) {
    try {
      if (await check()) return;
    } catch (e) {
      lastError = e;
    }
    await new Promise(r => setTimeout(r, 500));
  }
  throw new Error(
    `timed out after ${timeoutMs} ms waiting for ${what}: ${lastError ?? ''}`,
  );
}

function run(cmd, args, opts, logFile) {
  const child = spawn(cmd, args, {
    ...opts,
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  });
  const log = createWriteStream(logFile);
  child.stdout.pipe(log);
  child.stderr.pipe(log);
  return child;
}

function kill(child) {
  if (child && child.exitCode === null) {
    try {
      process.kill(-child.pid, 'SIGTERM');
    } catch {
      /* already gone */
    }
  }
}

/**
 * Starts sandbox + backend. Options: tenants (sandbox size, default 50), sandboxArgs (extra CLI
 * args for the sandbox), env (environment of the backend, e.g.
 * `APP_CONFIG_auth_providers_guest_userEntityRef`), database (`backend.database` config;
 * default SQLite in a fresh folder), config (more backend config merged last), replicas (how many
 * backends to start at the same instant on that database, each on its own port; default 1).
 * Returns { baseUrl, sandboxUrl, dir, stop, restartBackend(env), pids(), replicaUrls (the
 * other replicas' base URLs), exits() (the backends that ended: name and exit code) }.
 */
export async function startPortal({
  tenants = 50,
  sandboxArgs = [],
  env = {},
  database,
  config = {},
  replicas = 1,
} = {}) {
  const dir = mkdtempSync(join(tmpdir(), 'tenancy-e2e-'));
  mkdirSync(SCREENSHOTS, { recursive: true });
  const children = [];
  const stop = async () => {
    children.forEach(kill);
    await new Promise(r => setTimeout(r, 300));
  };
  try {
    const configs = ['--config', join(ROOT, 'app-config.yaml')];
    let sandboxUrl;
    const sandboxBin = join(ROOT, 'packages/aws-sandbox/bin/aws-sandbox');
    if (existsSync(sandboxBin)) {
      const sandboxPort = await freePort();
      const sb = run(
        process.execPath,
        [
          sandboxBin,
          '--port',
          String(sandboxPort),
          '--tenants',
          String(tenants),
          '--seed',
          '1',
          '--demo',
          // No simulated alarm flips or findings: the browser tests assert exact values.
          '--events-every',
          '0',
          ...sandboxArgs,
        ],
        { cwd: ROOT },
        join(dir, 'sandbox.log'),
      );
      children.push(sb);
      sandboxUrl = `http://127.0.0.1:${sandboxPort}`;
      await waitFor(
        async () => (await fetch(`${sandboxUrl}/_sandbox/stats`)).ok,
        'the AWS sandbox',
        60_000,
      );
      configs.push('--config', join(ROOT, 'app-config.sandbox.yaml'));
    }
    const shared = [...configs];
    let extra;
    if (Object.keys(config).length) {
      extra = join(dir, 'app-config.extra.yaml');
      writeFileSync(extra, JSON.stringify(config));
    }
    /** The config files of a backend listening on `port` (its own URL, the shared rest). */
    const configsFor = (name, port) => {
      const url = `http://localhost:${port}`;
      const override = join(dir, `app-config.${name}.yaml`);
      writeFileSync(
        override,
        JSON.stringify({
          app: { baseUrl: url },
          backend: {
            baseUrl: url,
            listen: { port, host: '127.0.0.1' },
            database: database ?? {
              client: 'better-sqlite3',
              connection: { directory: join(dir, 'sqlite') },
            },
          },
          ...(sandboxUrl ? { tenancy: { aws: { endpoint: sandboxUrl } } } : {}),
        }),
      );
      return [
        ...shared,
        '--config',
        override,
        ...(extra ? ['--config', extra] : []),
      ];
    };
    const port = await freePort();
    const baseUrl = `http://localhost:${port}`;
    const primaryConfigs = configsFor('e2e', port);
    const exits = [];
    const launch = (name, backendConfigs, extraEnv = {}) => {
      const logFile = join(dir, `${name}.log`);
      const child = run(
        process.execPath,
        [
          '--require',
          '@backstage/cli/config/nodeTransform.cjs',
          'src/index.ts',
          ...backendConfigs,
        ],
        {
          cwd: join(ROOT, 'packages/backend'),
          env: { ...process.env, ...env, ...extraEnv, NODE_ENV: 'development' },
        },
        logFile,
      );
      child.once('exit', code => exits.push({ name, code }));
      children.push(child);
      return { child, logFile };
    };
    const ready = (url, logFile) =>
      waitFor(
        async () => (await fetch(`${url}/.backstage/health/v1/readiness`)).ok,
        `the backend (log: ${logFile})`,
        180_000,
      );
    let backend;
    let starts = 0;
    // More replicas on other ports, started at the same instant as the first.
    const replicaUrls = [];
    const replicaPlans = [];
    for (let i = 1; i < replicas; i++) {
      const replicaPort = await freePort();
      const url = `http://localhost:${replicaPort}`;
      replicaUrls.push(url);
      replicaPlans.push({
        url,
        configs: configsFor(`replica-${i}`, replicaPort),
      });
    }
    const startBackend = async (extraEnv = {}) => {
      starts += 1;
      const first = launch(`backend-${starts}`, primaryConfigs, extraEnv);
      backend = first.child;
      const others =
        starts === 1
          ? replicaPlans.map((r, i) => ({
              url: r.url,
              ...launch(`replica-${i + 1}`, r.configs, extraEnv),
            }))
          : [];
      await Promise.all([
        ready(baseUrl, first.logFile),
        ...others.map(o => ready(o.url, o.logFile)),
      ]);
    };
    await startBackend();
    /**
     * Stops the backend and starts it again on the same database and sandbox, with more
     * environment variables (e.g. another guest user).
     */
    const restartBackend = async (extraEnv = {}) => {
      kill(backend);
      await waitFor(
        async () => backend.exitCode !== null || backend.signalCode !== null,
        'the backend to stop',
        30_000,
      );
      await startBackend(extraEnv);
    };
    /** Process ids of the sandbox and the running backend. */
    const pids = () => ({ sandbox: children[0]?.pid, backend: backend.pid });
    return {
      baseUrl,
      sandboxUrl,
      dir,
      stop,
      restartBackend,
      pids,
      replicaUrls,
      exits: () => [...exits],
    };
  } catch (e) {
    await stop();
    throw e;
  }
}

/**
 * Drops the PostgreSQL databases whose names start with `prefix` (a test's or benchmark's own),
 * connecting with `connection` (a `pg` client config or connection string) to `test`.
 */
export async function dropPgDatabases(connection, prefix) {
  const { default: postgres } = await import('pg');
  const url = typeof connection === 'string' ? new URL(connection) : undefined;
  const client = new postgres.Client({
    ...(url
      ? {
          host: url.hostname,
          port: Number(url.port || 5432),
          user: decodeURIComponent(url.username),
          password: decodeURIComponent(url.password) || undefined,
        }
      : connection),
    database: 'test',
  });
  await client.connect();
  try {
    const { rows } = await client.query(
      'select datname from pg_database where datname like $1',
      [`${prefix}%`],
    );
    for (const { datname } of rows)
      await client.query(`drop database if exists "${datname}" with (force)`);
  } finally {
    await client.end();
  }
}

/** Launches headless Debian Chromium with the flags this machine needs. */
export async function launchBrowser() {
  return chromium.launch({
    executablePath: CHROMIUM,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--no-first-run',
      '--disable-sync',
      '--disable-quic',
    ],
  });
}

/**
 * Signs the guest in through the API (the same guest session the page gets) and answers its
 * Backstage token, for API calls of a test.
 */
export async function guestToken(baseUrl) {
  const res = await fetch(`${baseUrl}/api/auth/guest/refresh?env=development`, {
    headers: { 'x-requested-with': 'XMLHttpRequest' },
  });
  const body = await res.json();
  const token = body?.backstageIdentity?.token;
  if (typeof token !== 'string') {
    throw new Error(`no guest token: ${res.status} ${JSON.stringify(body)}`);
  }
  return token;
}

/** Signs in as the demo's guest (a platform engineer) and waits for the sidebar. */
export async function signInAsGuest(page, baseUrl) {
  await page.goto(`${baseUrl}/`);
  const enter = page.getByRole('button', { name: /enter/i });
  await enter.first().click({ timeout: 60_000 });
  await page.getByText('Home').first().waitFor({ timeout: 60_000 });
}

/**
 * The tabs of an entity page: the new frontend system's catalog draws them as links in the
 * header's "Content navigation" (the selected one has aria-current="page").
 */
export function entityTabs(page) {
  return page
    .getByRole('navigation', { name: 'Content navigation' })
    .getByRole('link');
}

/** One tab of an entity page by its label (a string matches the whole label). */
export function entityTab(page, name) {
  return page
    .getByRole('navigation', { name: 'Content navigation' })
    .getByRole('link', { name, exact: typeof name === 'string' });
}

/**
 * The text of the page without the sidebar, as the user reads it (innerText): the new
 * frontend system's pages do not all draw a <main> element.
 */
export async function contentText(page) {
  return page.evaluate(() => {
    const navs = [
      ...document.querySelectorAll('nav[aria-label="sidebar nav"]'),
    ];
    for (const n of navs) n.style.display = 'none';
    try {
      return document.body.innerText;
    } finally {
      for (const n of navs) n.style.display = '';
    }
  });
}
