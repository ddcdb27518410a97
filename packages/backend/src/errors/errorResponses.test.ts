/*
 * Every tenants route (and the scaffolder's and catalog's tenancy-relevant endpoints) with bad
 * input, against the real demo backend (src/index.ts with NODE_ENV=development, where
 * Backstage would include stack traces) and the AWS sandbox: no response body holds a stack
 * frame or a server file path.
 */
import { readdirSync } from 'node:fs';
import {
  DEMO_SERVICE_TOKEN,
  startDemoBackend,
  type DemoBackend,
} from './__testUtils__/demoBackend';
import { specOperations, specProbes } from './__testUtils__/specProbes';

jest.setTimeout(420_000);

/** A stack frame as V8 prints it: `at fn (/path/file.js:1:2)`, `at /path/file.js:1:2`. */
const STACK_FRAME =
  /(^|\n|\\n)\s*at\s|\bat\s+(?:\S+\s+)?\(?(?:\/|file:|node:|[A-Za-z]:\\)[^)\s]*:\d+:\d+/;
/** An absolute path under one of this machine's top-level folders (`/work/…`, `/tmp/…`). */
const SERVER_PATH = new RegExp(
  `(?<![\\w.:/-])/(?:${readdirSync('/')
    .map(f => f.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'))
    .join('|')})/`,
);

type Probe = {
  method?: 'GET' | 'POST' | 'PUT' | 'DELETE';
  path: string;
  body?: string;
  /** Send no token. */
  anonymous?: boolean;
  /** Send the static service token instead of the guest's. */
  service?: boolean;
};

describe('error responses of the demo backend', () => {
  let demo: DemoBackend;
  let token: string;
  let tenantId: string;
  const seen: Array<{ probe: string; status: number; body: string }> = [];

  const call = async (probe: Probe) => {
    const res = await fetch(`${demo.baseUrl}${probe.path}`, {
      method: probe.method ?? 'GET',
      headers: {
        ...(probe.anonymous
          ? {}
          : {
              authorization: `Bearer ${
                probe.service ? DEMO_SERVICE_TOKEN : token
              }`,
            }),
        ...(probe.body !== undefined
          ? { 'content-type': 'application/json' }
          : {}),
      },
      body: probe.body,
    });
    const body = await res.text();
    seen.push({
      probe: `${probe.method ?? 'GET'} ${probe.path.slice(0, 80)}${
        probe.anonymous ? ' (anonymous)' : ''
      }`,
      status: res.status,
      body,
    });
    return { status: res.status, body };
  };

  beforeAll(async () => {
    demo = await startDemoBackend();
    // Signed in as a platform engineer once the catalog knows the guest's group.
    for (let i = 0; ; i++) {
      token = await demo.token();
      const started = await call({
        method: 'POST',
        path: '/api/tenants/refresh',
        body: '{}',
      });
      if (started.status === 202) break;
      if (i > 240) throw new Error(`POST /refresh: ${started.status}`);
      await new Promise(r => setTimeout(r, 500));
    }
    for (let i = 0; i < 240; i++) {
      const list = await call({ path: '/api/tenants/tenants?limit=1' });
      const items = JSON.parse(list.body).items ?? [];
      if (items.length > 0) {
        tenantId = items[0].tenantId;
        break;
      }
      await new Promise(r => setTimeout(r, 500));
    }
    if (!tenantId) throw new Error('no tenant after the refresh');
    seen.length = 0;
  });

  afterAll(async () => {
    await demo?.stop();
  });

  const T = '/api/tenants';
  const long = 'x'.repeat(300);
  const bigBody = JSON.stringify({ summary: 'y'.repeat(200_000) });
  const tenantsProbes = (): Probe[] => [
    { path: `${T}/tenants?limit=abc` },
    { path: `${T}/tenants?limit=1&limit=2` },
    { path: `${T}/tenants?sort=size&order=up` },
    { path: `${T}/tenants?state=RUNNING&health=green` },
    { path: `${T}/tenants?color=red` },
    { path: `${T}/tenants?q=${long}` },
    { path: `${T}/tenants?owner[a]=b` },
    { path: `${T}/tenants/no-such-tenant` },
    { path: `${T}/tenants/${long}` },
    { path: `${T}/tenants/%00` },
    { path: `${T}/tenants/..%2F..%2Fetc%2Fpasswd` },
    { path: `${T}/tenants/%E0%A4%A` },
    { path: `${T}/tenants/${tenantId}/activity?limit=0` },
    { path: `${T}/tenants/${tenantId}/activity?limit=x&other=1` },
    { path: `${T}/tenants/no-such-tenant/activity` },
    { path: `${T}/tenants/${tenantId}/spend?month=2026-13` },
    { path: `${T}/tenants/no-such-tenant/spend` },
    { path: `${T}/tenants/no-such-tenant/health` },
    { path: `${T}/tenants/no-such-tenant/compliance` },
    { path: `${T}/tenants/${tenantId}/nothing-here` },
    { path: `${T}/spend/fleet?month=2026-13` },
    { path: `${T}/spend/fleet?month=1999-01` },
    { path: `${T}/spend/fleet?month=2026-01&month=2026-02` },
    { path: `${T}/spend/export.csv` },
    { path: `${T}/spend/export.csv?from=x&to=y` },
    { path: `${T}/spend/export.csv?from=2026-05&to=2026-01` },
    { path: `${T}/spend/export.csv?from=2026-01&to=2999-01` },
    { path: `${T}/refresh-runs?limit=abc` },
    { path: `${T}/refresh-runs?limit=1000` },
    { path: `${T}/guardrails?x=1` },
    { method: 'POST', path: `${T}/refresh`, body: '{' },
    { method: 'POST', path: `${T}/activity`, body: '{"tenantId": ' },
    { method: 'POST', path: `${T}/activity`, body: '{"tenantId":"a"}' },
    { method: 'POST', path: `${T}/activity`, body: bigBody },
    { method: 'PUT', path: `${T}/tenants/${tenantId}`, body: '{}' },
    { method: 'DELETE', path: `${T}/tenants/${tenantId}` },
    { path: `${T}/no-such-route` },
  ];

  it('answers every tenants route with bad input without a stack frame or a server path', async () => {
    const probes = tenantsProbes();
    const anonymous = probes.map(p => ({ ...p, anonymous: true }));
    for (const probe of [...probes, ...anonymous]) {
      const { status, body } = await call(probe);
      const where = `${probe.method ?? 'GET'} ${probe.path.slice(0, 80)}`;
      // Bad input is the caller's error: never a 5xx.
      expect([where, status < 500]).toEqual([where, true]);
      const error = status >= 400 ? body : '';
      expect([where, STACK_FRAME.test(error) && error]).toEqual([where, false]);
      expect([where, SERVER_PATH.test(error) && error]).toEqual([where, false]);
      expect([where, error.includes('"stack"')]).toEqual([where, false]);
    }
    expect(seen.length).toBe(2 * probes.length);
    // Most probes are refused (the rest answer an empty or default result).
    expect(seen.filter(s => s.status >= 400).length).toBeGreaterThan(
      probes.length,
    );
  });

  it('answers every operation of the tenants spec with bad input with a 400 naming the rule, without a stack frame or a server path', async () => {
    const probes = specProbes(tenantId);
    const operations = new Set(probes.map(p => p.operation));
    // Every operation of the spec is walked (openapiRoutes.test.ts: the spec is the router).
    expect([...operations].sort()).toEqual(specOperations().sort());
    expect(operations.size).toBeGreaterThanOrEqual(22);
    const failures: string[] = [];
    for (const probe of probes) {
      const { status, body } = await call({
        method: probe.method,
        path: `${T}${probe.path}`,
        body: probe.body,
        // POST /activity and POST /releases/starts are for service callers only.
        service: ['POST /activity', 'POST /releases/starts'].includes(
          probe.operation,
        ),
      });
      const where = `${probe.method} ${probe.path.slice(0, 90)} ${
        probe.body?.slice(0, 60) ?? ''
      }`;
      const message: string = (() => {
        try {
          return JSON.parse(body).error?.message ?? '';
        } catch {
          return '';
        }
      })();
      const broken = [
        status !== 400 && `status ${status}`,
        !message.includes(probe.names) &&
          `message does not name ${probe.names}`,
        !/must|required|unknown/.test(message) && 'message names no rule',
        STACK_FRAME.test(body) && 'stack frame',
        SERVER_PATH.test(body) && 'server path',
        /\.ts:|node_modules|"stack"/.test(body) && 'source file',
      ].filter(Boolean);
      if (broken.length)
        failures.push(`${where} → ${broken.join(', ')}: ${body.slice(0, 300)}`);
    }
    expect(failures).toEqual([]);
    expect(probes.length).toBeGreaterThan(60);
  });

  it("answers the scaffolder's and the catalog's tenancy endpoints with bad input without a stack frame or a server path", async () => {
    const S = '/api/scaffolder';
    const probes: Probe[] = [
      { path: `${S}/v2/tasks?order=sideways` },
      { path: `${S}/v2/tasks?limit=abc` },
      { path: `${S}/v2/tasks/no-such-task` },
      { path: `${S}/v2/tasks/no-such-task/events` },
      { method: 'POST', path: `${S}/v2/tasks`, body: '{' },
      {
        method: 'POST',
        path: `${S}/v2/tasks`,
        body: JSON.stringify({
          templateRef: 'template:default/nope',
          values: {},
        }),
      },
      {
        method: 'POST',
        path: `${S}/v2/tasks`,
        body: JSON.stringify({
          templateRef: 'template:default/new-tenant',
          values: { tenantId: 'acme', awsExternalId: 's3cr3t-ExtId-9' },
        }),
      },
      { method: 'POST', path: `${S}/v2/tasks/no-such-task/cancel` },
      { path: `${S}/v2/templates/default/template/nope/parameter-schema` },
      { path: '/api/catalog/entities/by-name/tenant/default/no-such-tenant' },
      { path: '/api/catalog/entities/by-query?filter=kind' },
      { path: '/api/catalog/entities/by-query?limit=-1&orderField=,' },
      { method: 'POST', path: '/api/catalog/entities/by-refs', body: '{' },
    ];
    for (const probe of [
      ...probes,
      ...probes.map(p => ({ ...p, anonymous: true })),
    ]) {
      const { status, body } = await call(probe);
      const where = `${probe.method ?? 'GET'} ${probe.path}`;
      expect([where, status < 500]).toEqual([where, true]);
      // Success bodies may name files on purpose (a file location's entities); errors never.
      const error = status >= 400 ? body : '';
      expect([where, STACK_FRAME.test(error) && error]).toEqual([where, false]);
      expect([where, SERVER_PATH.test(error) && error]).toEqual([where, false]);
    }
  });

  it('the secret in the values is refused with the clear message', () => {
    const refusal = seen.find(s =>
      s.body.includes('Refused to create the task'),
    );
    expect(refusal?.status).toBe(400);
    expect(refusal?.body).not.toContain('s3cr3t-ExtId-9');
  });
});
