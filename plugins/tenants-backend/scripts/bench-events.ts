/**
 * Live events benchmark: N tenants in the sandbox (its own process, real clock), two backend
 * replicas of the tenants plugin (real processes, as `scale-out-check.ts` starts them) on one
 * PostgreSQL database, both consuming the sandbox's one events queue. After one refresh of the
 * inventory, alarms and metrics (run here, on the replicas' database), it flips `rate` alarms a
 * second for `seconds` seconds (each flip a new `CloudWatch Alarm State Change` with its own
 * id, on a tenant not flipped in the last N / rate seconds) and prints:
 * - the time from an event landing on the queue (the sandbox answered the flip) to the tenants
 *   API (`GET /tenants/{id}/health`, either replica) answering with it (or with a newer change
 *   of that alarm) — p50, p95, max — for a sample of the events (`apiSample`, default every 10th);
 * - the time to a replica taking it up (the ledger's `settled_at`, stamped when its apply
 *   starts), for every event;
 * - events lost (never applied within 60 s of the last flip), applied twice (a replica applied
 *   one another replica had settled: its log says so), and the ledger's outcomes.
 *
 *   node --require @backstage/cli/config/nodeTransform.cjs plugins/tenants-backend/scripts/bench-events.ts [tenants=10000] [seconds=60] [rate=100] [apiSample=0.1] [loops=4]
 *
 * Needs PostgreSQL on 127.0.0.1:5432 (user postgres, trust auth) and Redis on 127.0.0.1:6379.
 */
import { randomBytes } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import knexFactory from 'knex';
import { startSandboxProcess } from '@tenancy/aws-sandbox';
import { createSandboxRefresh } from '../src/__testUtils__/sourcesSandboxHarness';
import {
  dropDatabases,
  getJson,
  planReplicas,
  scratchDir,
  startReplica,
  stopReplicas,
  type Replica,
} from './scaleOutReplicas';

const N = Number(process.argv[2] ?? 10_000);
const SECONDS = Number(process.argv[3] ?? 60);
const RATE = Number(process.argv[4] ?? 100);
const API_SAMPLE = Number(process.argv[5] ?? 0.1);
/** `tenancy.events.concurrency` of each replica (receive loops side by side). */
const LOOPS = Number(process.argv[6] ?? 4);
const QUEUE = 'https://sqs.us-east-1.amazonaws.com/000000000000/tenancy-events';
const DRAIN_MS = 60_000;

/** One flip as sent: what the API must answer once the event is applied. */
interface Sent {
  id: string;
  tenantId: string;
  alarmName: string;
  state: string;
  /** The event's time as the backend stores it (`updatedAt`), ISO-8601 UTC. */
  time: string;
  /** When the flip was asked of the sandbox (the event lands on the queue before it answers), epoch ms. */
  landedAt: number;
  /** When either replica's API first answered with it, epoch ms. */
  seenAt?: number;
}

const sleep = (ms: number) => new Promise(res => setTimeout(res, ms));

function quantile(xs: number[], q: number): number {
  if (!xs.length) return NaN;
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.ceil(q * s.length) - 1)];
}

const secs = (ms: number) => `${(ms / 1000).toFixed(2)} s`;
const line = (what: string, xs: number[]) =>
  `${what}: p50 ${secs(quantile(xs, 0.5))}, p95 ${secs(
    quantile(xs, 0.95),
  )}, max ${secs(Math.max(...xs))} (${xs.length} events)`;

async function admin(endpoint: string, path: string, body?: unknown) {
  const res = await fetch(`${endpoint}/_sandbox/${path}`, {
    method: body === undefined ? 'GET' : 'POST',
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  if (!res.ok) throw new Error(`${path}: ${res.status} ${await res.text()}`);
  return res.json();
}

/** Readers of the API side by side (open pages, each asking about one event at a time). */
const API_READERS = 16;

/**
 * Polls the API for the sampled events until each is answered (or the drain ends):
 * {@link API_READERS} readers, each taking the event asked about longest ago (at most every
 * 250 ms an event), so a slow answer holds one reader, not a round of them. An event counts as
 * seen when the answer that carries it arrives.
 */
async function watchApi(
  replicas: Replica[],
  pending: Set<Sent>,
  done: () => boolean,
  /** Each answer's time in ms (the API's own latency under the load). */
  answerMs: number[],
) {
  let turn = 0;
  const asked = new Map<Sent, number>();
  const inFlight = new Set<Sent>();
  const next = (): Sent | undefined => {
    const now = Date.now();
    let best: Sent | undefined;
    for (const s of pending) {
      if (inFlight.has(s)) continue;
      const at = asked.get(s) ?? 0;
      if (now - at >= 250 && (!best || at < (asked.get(best) ?? 0))) best = s;
    }
    return best;
  };
  const reader = async () => {
    while (!done() || pending.size) {
      const s = next();
      if (!s) {
        await sleep(20);
        continue;
      }
      asked.set(s, Date.now());
      inFlight.add(s);
      const r = replicas[turn++ % replicas.length];
      const askedAt = performance.now();
      try {
        const h = await getJson(r, `/tenants/${s.tenantId}/health`);
        answerMs.push(performance.now() - askedAt);
        const a = h.alarmList?.find((x: any) => x.name === s.alarmName);
        // Answered with it, or with a newer change of that alarm (at N = 1,000 a tenant is
        // flipped again every 10 s: the newer value can land before the watcher asks again).
        if (
          a &&
          (a.updatedAt === s.time
            ? a.state === s.state
            : Date.parse(a.updatedAt) > Date.parse(s.time))
        ) {
          s.seenAt = Date.now();
          pending.delete(s);
        }
      } catch {
        // a replica busy or restarting: try again
      } finally {
        inFlight.delete(s);
      }
    }
  };
  await Promise.all(Array.from({ length: API_READERS }, reader));
}

async function main() {
  const prefix = `tenancy_events_${randomBytes(4).toString('hex')}_`;
  const dir = scratchDir();
  const t0 = performance.now();
  const sandbox = await startSandboxProcess({
    tenants: N,
    seed: 7,
    args: ['--clock', 'real'],
  });
  const replicas = await planReplicas(2, dir);
  const knex = knexFactory({
    client: 'pg',
    connection: {
      host: '127.0.0.1',
      port: 5432,
      user: 'postgres',
      database: `${prefix}tenants`,
    },
  });
  try {
    await admin(sandbox.endpoint, 'events/queue'); // creates the queue
    for (const r of replicas) {
      startReplica(r, {
        dir,
        prefix,
        sandboxEndpoint: sandbox.endpoint,
        // No scheduled refresh during the benchmark: the one refresh is run below.
        refresh: { initialDelay: { hours: 6 } },
        tenancy: {
          events: {
            queueUrl: QUEUE,
            waitTimeSeconds: 20,
            batchSize: 10,
            concurrency: LOOPS,
          },
        },
      });
    }
    for (const r of replicas) {
      for (let i = 0; ; i++) {
        try {
          await getJson(r, '/refresh-runs?limit=1');
          break;
        } catch (e) {
          if (i > 600) throw new Error(`${r.name} does not serve: ${e}`);
          await sleep(250);
        }
      }
    }
    const h = await createSandboxRefresh(sandbox.endpoint, knex, {
      sources: ['health'],
    });
    const seedStart = performance.now();
    const seed = await h.refresher.run({ id: 'seed', trigger: 'manual' });
    if (seed.errors.length)
      throw new Error(`seed refresh: ${JSON.stringify(seed.errors[0])}`);
    const pool: Array<{ tenantId: string; accountId: string }> = (
      await knex('tenants')
        .where('state', 'ACTIVE')
        .select('tenant_id', 'account_id')
        .orderBy('tenant_id')
    ).map((r: any) => ({ tenantId: r.tenant_id, accountId: r.account_id }));
    console.log(
      `bench-events: N ${N}, ${pool.length} tenants in service; replicas ${
        replicas.length
      } on PostgreSQL (${LOOPS} receive loops each), sandbox up and seed refresh in ${secs(
        performance.now() - t0,
      )} (refresh ${secs(performance.now() - seedStart)})`,
    );

    const sent: Sent[] = [];
    const failedFlips: string[] = [];
    const watched = new Set<Sent>();
    let watching = true;
    const answerMs: number[] = [];
    const watcher = watchApi(replicas, watched, () => !watching, answerMs);
    const total = SECONDS * RATE;
    const start = Date.now();
    const inFlight: Promise<void>[] = [];
    let next = 0;
    for (let i = 0; i < total; i++) {
      const at = start + (i * 1000) / RATE;
      if (at > Date.now()) await sleep(at - Date.now());
      const t = pool[next++ % pool.length];
      // The event lands on the queue while the sandbox answers this flip: timed from the ask.
      const asked = Date.now();
      inFlight.push(
        admin(sandbox.endpoint, 'events/alarm', { accountId: t.accountId })
          .then(event => {
            const s: Sent = {
              id: event.id,
              tenantId: t.tenantId,
              alarmName: event.detail.alarmName,
              state: event.detail.state.value,
              time: new Date(
                Date.parse(
                  event.detail.state.timestamp.replace(
                    /([+-]\d{2})(\d{2})$/,
                    '$1:$2',
                  ),
                ),
              ).toISOString(),
              landedAt: asked,
            };
            sent.push(s);
            if (
              Math.floor(sent.length * API_SAMPLE) !==
              Math.floor((sent.length - 1) * API_SAMPLE)
            )
              watched.add(s);
          })
          .catch(e => {
            failedFlips.push(String(e));
          }),
      );
    }
    await Promise.all(inFlight);
    const sendSeconds = (Date.now() - start) / 1000;
    // Drain: wait until every event is settled in the ledger, at most DRAIN_MS.
    const ids = sent.map(s => s.id);
    const deadline = Date.now() + DRAIN_MS;
    let settled: Array<{
      event_id: string;
      outcome: string;
      settled_at: string;
    }> = [];
    while (Date.now() < deadline) {
      settled = [];
      for (let i = 0; i < ids.length; i += 1000)
        settled.push(
          ...(await knex('tenant_events')
            .whereIn('event_id', ids.slice(i, i + 1000))
            .select('event_id', 'outcome', 'settled_at')),
        );
      if (settled.length === ids.length) break;
      await sleep(1000);
    }
    const apiDeadline = Date.now() + 10_000;
    while (watched.size && Date.now() < apiDeadline) await sleep(200);
    watching = false;
    const unanswered = watched.size;
    watched.clear();
    await watcher;

    const byId = new Map(settled.map(r => [r.event_id, r]));
    const outcomes: Record<string, number> = {};
    for (const r of settled)
      outcomes[r.outcome] = (outcomes[r.outcome] ?? 0) + 1;
    const ledgerMs = sent.flatMap(s => {
      const r = byId.get(s.id);
      return r ? [Date.parse(r.settled_at) - s.landedAt] : [];
    });
    const apiMs = sent.flatMap(s => (s.seenAt ? [s.seenAt - s.landedAt] : []));
    const lost = sent.filter(s => byId.get(s.id)?.outcome !== 'applied').length;
    const { readFileSync } = await import('node:fs');
    const twice = replicas.reduce(
      (n, r) =>
        n +
        (readFileSync(r.logFile, 'utf8').match(/was applied twice/g)?.length ??
          0),
      0,
    );
    console.log(
      `events: ${sent.length} sent in ${sendSeconds.toFixed(1)} s (${(
        sent.length / sendSeconds
      ).toFixed(1)}/s)${
        failedFlips.length
          ? `, ${failedFlips.length} flips refused (${failedFlips[0]})`
          : ''
      }`,
    );
    console.log(
      line('landed on the queue → tenants API answers with it', apiMs) +
        (unanswered ? `, ${unanswered} sampled never answered` : ''),
    );
    console.log(
      line(
        `one health answer under the load (${API_READERS} readers, ${answerMs.length} answers)`,
        answerMs,
      ),
    );
    console.log(
      line(
        'landed on the queue → taken up by a replica (ledger settled_at)',
        ledgerMs,
      ),
    );
    console.log(
      `lost ${lost} (not applied within ${
        DRAIN_MS / 1000
      } s), applied twice ${twice}; ledger outcomes ${JSON.stringify(
        outcomes,
      )}`,
    );
    console.log(
      `goals: p95 ≤ 5 s ${
        quantile(apiMs, 0.95) <= 5000 ? 'met' : 'NOT met'
      }; lost 0 ${lost === 0 ? 'met' : 'NOT met'}; applied twice 0 ${
        twice === 0 ? 'met' : 'NOT met'
      }`,
    );
    process.exitCode = lost === 0 && twice === 0 ? 0 : 1;
  } finally {
    await Promise.all([knex.destroy(), stopReplicas(replicas), sandbox.stop()]);
    await dropDatabases(prefix);
  }
}

main().then(undefined, e => {
  console.error('bench-events failed:', e);
  process.exitCode = 1;
});
