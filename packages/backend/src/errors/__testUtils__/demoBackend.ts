/*
 * Test helper: the real demo backend (src/index.ts, as `make start` runs it, NODE_ENV=development)
 * in a child process on a free loopback port, on a fresh SQLite folder, against an in-process
 * AWS sandbox.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createWriteStream, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { resolvePackagePath } from '@backstage/backend-plugin-api';
import { startSandbox, type RunningSandbox } from '@tenancy/aws-sandbox';

/** A static service token the demo backend of the tests accepts (`backend.auth.externalAccess`). */
export const DEMO_SERVICE_TOKEN = 'tenancy-tests-service-token-0123456789';

export const REPO_ROOT = path.resolve(resolvePackagePath('backend'), '../..');

/** A free TCP port on loopback. */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.on('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    });
  });
}

export interface DemoBackend {
  baseUrl: string;
  dir: string;
  /**
   * Signs the guest user in (`auth.providers.guest.userEntityRef`, by default the guest, a
   * platform engineer) and answers its token. Its groups are those the catalog knows at
   * sign-in: sign in again once the catalog has ingested the demo organization.
   */
  token(): Promise<string>;
  stop(): Promise<void>;
}

/** Starts the sandbox and the demo backend; resolves once the backend is ready. */
export async function startDemoBackend(
  env: Record<string, string> = {},
): Promise<DemoBackend> {
  const dir = mkdtempSync(path.join(tmpdir(), 'tenancy-demo-'));
  const sandbox: RunningSandbox = await startSandbox({
    port: 0,
    tenants: 5,
    seed: 1,
    clock: 'real',
  });
  const port = await freePort();
  const baseUrl = `http://127.0.0.1:${port}`;
  const override = path.join(dir, 'app-config.test.yaml');
  writeFileSync(
    override,
    JSON.stringify({
      app: { baseUrl },
      backend: {
        baseUrl,
        listen: { port, host: '127.0.0.1' },
        // A service caller of the tests (e.g. `POST /api/tenants/activity`, service only).
        auth: {
          externalAccess: [
            {
              type: 'static',
              options: { token: DEMO_SERVICE_TOKEN, subject: 'tenancy-tests' },
            },
          ],
        },
        database: {
          client: 'better-sqlite3',
          connection: { directory: path.join(dir, 'sqlite') },
        },
      },
      tenancy: { aws: { endpoint: sandbox.endpoint } },
    }),
  );
  const child: ChildProcess = spawn(
    process.execPath,
    [
      '--require',
      '@backstage/cli/config/nodeTransform.cjs',
      'src/index.ts',
      ...['app-config.yaml', 'app-config.sandbox.yaml'].flatMap(f => [
        '--config',
        path.join(REPO_ROOT, f),
      ]),
      '--config',
      override,
    ],
    {
      cwd: path.join(REPO_ROOT, 'packages/backend'),
      env: { ...process.env, ...env, NODE_ENV: 'development' },
      stdio: ['ignore', 'pipe', 'pipe'],
      detached: true,
    },
  );
  const log = createWriteStream(path.join(dir, 'backend.log'));
  child.stdout!.pipe(log);
  child.stderr!.pipe(log);
  const stop = async () => {
    if (child.exitCode === null) {
      try {
        process.kill(-child.pid!, 'SIGTERM');
      } catch {
        // already gone
      }
      await new Promise(r => setTimeout(r, 500));
    }
    await sandbox.stop();
    if (!process.env.TENANCY_KEEP_DEMO_LOGS) {
      rmSync(dir, { recursive: true, force: true });
    }
  };
  const deadline = Date.now() + 240_000;
  for (;;) {
    if (child.exitCode !== null) {
      await stop();
      throw new Error(`backend exited; log: ${path.join(dir, 'backend.log')}`);
    }
    try {
      const res = await fetch(`${baseUrl}/.backstage/health/v1/readiness`);
      if (res.ok) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) {
      await stop();
      throw new Error(
        `backend not ready; log: ${path.join(dir, 'backend.log')}`,
      );
    }
    await new Promise(r => setTimeout(r, 500));
  }
  const token = async () => {
    const res = await fetch(
      `${baseUrl}/api/auth/guest/refresh?env=development`,
      { headers: { 'x-requested-with': 'XMLHttpRequest' } },
    );
    const body = await res.json();
    const value = body?.backstageIdentity?.token;
    if (typeof value !== 'string') {
      throw new Error(`no guest token: ${res.status} ${JSON.stringify(body)}`);
    }
    return value;
  };
  return { baseUrl, dir, token, stop };
}
