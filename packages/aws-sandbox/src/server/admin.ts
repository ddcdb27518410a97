/**
 * Admin routes under `/_sandbox/` (JSON in, JSON out):
 *
 * - `GET /_sandbox/health` → `{ status, seed, tenants, now }`
 * - `GET /_sandbox/stats` → calls since the last reset; `POST|DELETE /_sandbox/stats` resets
 * - `GET /_sandbox/faults`; `POST /_sandbox/faults` (a rule or a list) → `{ ids }`;
 *   `DELETE /_sandbox/faults` clears; `DELETE /_sandbox/faults/{id}` removes one
 * - `GET /_sandbox/rate-limits`; `PUT /_sandbox/rate-limits` with `true` (AWS-like), `false`
 *   or a list of rules
 * - `GET /_sandbox/clock` → `{ now, mode }`; `POST /_sandbox/clock` with `{ set: ISO }` and/or
 *   `{ advanceSeconds: n }`
 * - `POST /_sandbox/reset` regenerates the organization from seed and tenant count; a body
 *   `{ seed, tenants }` (either optional) regenerates it from those instead
 * - `GET /_sandbox/state` → the whole state as the state file holds it
 * - `/_sandbox/events/*`: simulated changes with their EventBridge events (`../simulation/eventRoutes.ts`)
 */
import { AWS_LIKE_RATE_LIMITS, FaultRule, RateLimitRule } from '../core/faults';
import { stateToJson } from '../core/state';
import { SandboxRequest, SandboxResponse } from '../protocols';
import { SandboxRuntime } from '../core/runtime';
import type { OperationContext } from '../core/service';
import { handleEventsRoute } from '../simulation/eventRoutes';

function json(status: number, body: unknown): SandboxResponse {
  return {
    status,
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  };
}

function readJson(request: SandboxRequest): any {
  const text = request.body.toString('utf8').trim();
  return text ? JSON.parse(text) : undefined;
}

export function handleAdmin(
  runtime: SandboxRuntime,
  request: SandboxRequest,
  context: () => OperationContext,
): SandboxResponse {
  const route = request.path.replace(/^\/_sandbox\//, '').replace(/\/$/, '');
  const method = request.method;
  try {
    if (route === 'health' && method === 'GET') {
      return json(200, {
        status: 'ok',
        seed: runtime.options.seed,
        tenants: runtime.options.tenants,
        now: runtime.clock.now().toISOString(),
      });
    }
    if (route === 'stats') {
      if (method === 'GET') return json(200, runtime.stats());
      if (method === 'POST' || method === 'DELETE') {
        runtime.resetStats();
        return json(200, runtime.stats());
      }
    }
    if (route === 'faults') {
      if (method === 'GET') return json(200, { faults: runtime.faults.list() });
      if (method === 'POST') {
        const body = readJson(request);
        const rules: FaultRule[] = Array.isArray(body) ? body : [body];
        const ids = rules.map(r => runtime.faults.add(r));
        return json(201, { ids });
      }
      if (method === 'DELETE') {
        runtime.faults.clear();
        return json(200, { faults: [] });
      }
    }
    const faultId = /^faults\/([\w-]+)$/.exec(route)?.[1];
    if (faultId && method === 'DELETE') {
      return runtime.faults.remove(faultId)
        ? json(200, { removed: faultId })
        : json(404, { error: `No fault ${faultId}` });
    }
    if (route === 'rate-limits') {
      if (method === 'GET')
        return json(200, { rateLimits: runtime.faults.rateLimits() });
      if (method === 'PUT' || method === 'POST') {
        const body = readJson(request);
        let limits: RateLimitRule[] = [];
        if (body === true) limits = AWS_LIKE_RATE_LIMITS;
        else if (Array.isArray(body)) limits = body;
        runtime.faults.setRateLimits(limits);
        return json(200, { rateLimits: runtime.faults.rateLimits() });
      }
    }
    if (route === 'clock') {
      if (method === 'POST' || method === 'PUT') {
        const body = readJson(request) ?? {};
        if (body.set !== undefined) runtime.clock.set(body.set);
        if (body.advanceSeconds !== undefined) {
          const s = Number(body.advanceSeconds);
          if (!Number.isFinite(s))
            throw new TypeError('advanceSeconds must be a number');
          runtime.clock.advance(s * 1000);
        }
      }
      if (method === 'GET' || method === 'POST' || method === 'PUT') {
        return json(200, {
          now: runtime.clock.now().toISOString(),
          mode: runtime.clock.mode,
        });
      }
    }
    if (route === 'reset' && method === 'POST') {
      const body = readJson(request);
      runtime.reset(
        body && typeof body === 'object'
          ? { seed: body.seed, tenants: body.tenants }
          : undefined,
      );
      return json(200, { status: 'reset' });
    }
    if (route.startsWith('events/')) {
      const answer = handleEventsRoute(
        route,
        method,
        readJson(request),
        context(),
      );
      if (answer !== undefined) {
        runtime.afterCall('Sandbox', 'Simulate', 'OK');
        return json(200, answer);
      }
    }
    if (route === 'state' && method === 'GET') {
      return json(200, stateToJson(runtime.state));
    }
    return json(404, { error: `No admin route ${method} /_sandbox/${route}` });
  } catch (e) {
    return json(400, { error: (e as Error).message });
  }
}
