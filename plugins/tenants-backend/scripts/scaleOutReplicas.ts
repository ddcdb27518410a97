/**
 * Shared by the scale-out scripts: backend replicas of the tenants plugin (the
 * `scale-out-replica.ts` entry point) on the machine's PostgreSQL (one shared plugin database
 * per `prefix`) and Redis, each on a free port of 127.0.0.1 with a static access token.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createWriteStream, mkdtempSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { Client } from 'pg';
import { stringify } from 'yaml';

/** The static token the replicas accept (`backend.auth.externalAccess`). */
export const TOKEN = 'scale-out-check-token-0123456789';

/** One replica process; `lines` sees every line it writes (stdout and stderr). */
export interface Replica {
  name: string;
  port: number;
  child?: ChildProcess;
  /** Its log file (stdout and stderr). */
  logFile: string;
  /** Times the replica was started (1 + restarts). */
  starts: number;
  /** Exit codes of the processes that ended. */
  exits: Array<number | null>;
}

/** A free TCP port on 127.0.0.1. */
export async function freePort(): Promise<number> {
  return new Promise((res, rej) => {
    const s = createServer();
    s.once('error', rej);
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => res(port));
    });
  });
}

/** Names and ports for `count` replicas (not started yet). */
export async function planReplicas(
  count: number,
  dir: string,
): Promise<Replica[]> {
  const replicas: Replica[] = [];
  for (let i = 0; i < count; i++) {
    const name = `replica-${String.fromCharCode(97 + i)}`;
    replicas.push({
      name,
      port: await freePort(),
      logFile: join(dir, `${name}.log`),
      starts: 0,
      exits: [],
    });
  }
  return replicas;
}

/** A scratch directory for the configs and logs. */
export function scratchDir(): string {
  return mkdtempSync(join(tmpdir(), 'tenancy-scale-'));
}

/**
 * Writes the replica's config (`refresh` goes under `tenancy.refresh`, `tenancy` under
 * `tenancy`) and starts it.
 */
export function startReplica(
  r: Replica,
  options: {
    dir: string;
    prefix: string;
    sandboxEndpoint: string;
    refresh: Record<string, unknown>;
    /** More `tenancy.*` settings, e.g. `events` (the queue the replica consumes). */
    tenancy?: Record<string, unknown>;
    onLine?: (line: string) => void;
  },
): ChildProcess {
  const baseUrl = `http://127.0.0.1:${r.port}`;
  const config = {
    app: { baseUrl },
    backend: {
      baseUrl,
      listen: { port: r.port, host: '127.0.0.1' },
      database: {
        client: 'pg',
        connection: { host: '127.0.0.1', port: 5432, user: 'postgres' },
        prefix: options.prefix,
      },
      cache: { store: 'redis', connection: 'redis://127.0.0.1:6379' },
      auth: {
        externalAccess: [
          {
            type: 'static',
            options: { token: TOKEN, subject: 'scale-out-check' },
          },
        ],
      },
    },
    permission: { enabled: false },
    aws: {
      mainAccount: { accessKeyId: 'sandbox', secretAccessKey: 'sandbox' },
    },
    tenancy: {
      aws: {
        endpoint: options.sandboxEndpoint,
        region: 'us-east-1',
        managementAccountId: '000000000000',
        monitoringAccountId: '000000000001',
        securityAccountId: '000000000002',
      },
      tenants: { ouPath: '/Tenants', extraOuPaths: ['/Suspended'] },
      refresh: options.refresh,
      ...options.tenancy,
    },
  };
  const file = join(options.dir, `${r.name}.yaml`);
  writeFileSync(file, stringify(config));
  const child = spawn(
    process.execPath,
    [
      '--require',
      '@backstage/cli/config/nodeTransform.cjs',
      resolve(__dirname, 'scale-out-replica.ts'),
      '--config',
      file,
    ],
    {
      cwd: resolve(__dirname, '../../..'),
      env: { ...process.env, NODE_ENV: 'development', LOG_LEVEL: 'info' },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  const log = createWriteStream(r.logFile, { flags: 'a' });
  const onData = (chunk: Buffer) => {
    log.write(chunk);
    if (options.onLine)
      for (const line of chunk.toString().split('\n')) options.onLine(line);
  };
  child.stdout!.on('data', onData);
  child.stderr!.on('data', onData);
  child.once('exit', code => {
    r.exits.push(code);
    log.end();
  });
  r.child = child;
  r.starts++;
  return child;
}

/** GET `/api/tenants{path}` of a replica with the token; throws on a non-2xx answer. */
export async function getJson(r: Replica, path: string): Promise<any> {
  const res = await fetch(`http://127.0.0.1:${r.port}/api/tenants${path}`, {
    headers: { Authorization: `Bearer ${TOKEN}` },
  });
  if (!res.ok) throw new Error(`${r.name} ${path}: ${res.status}`);
  return res.json();
}

/** Stops the replicas: SIGTERM, then SIGKILL after 3 s. */
export async function stopReplicas(replicas: Replica[]): Promise<void> {
  for (const r of replicas) r.child?.kill('SIGTERM');
  await new Promise(res => setTimeout(res, 3000));
  for (const r of replicas)
    if (r.child && r.child.exitCode === null && r.child.signalCode === null)
      r.child.kill('SIGKILL');
}

/** Drops every database whose name starts with `prefix` (the plugins' databases). */
export async function dropDatabases(prefix: string): Promise<void> {
  const pg = new Client({
    host: '127.0.0.1',
    port: 5432,
    user: 'postgres',
    database: 'postgres',
  });
  await pg.connect();
  try {
    const dbs = await pg.query(
      'SELECT datname FROM pg_database WHERE datname LIKE $1',
      [`${prefix}%`],
    );
    for (const { datname } of dbs.rows)
      await pg.query(`DROP DATABASE IF EXISTS "${datname}" WITH (FORCE)`);
  } finally {
    await pg.end();
  }
}
