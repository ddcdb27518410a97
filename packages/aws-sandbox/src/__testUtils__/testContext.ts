/**
 * Test helper: an OperationContext over a generated organization, for unit tests that call
 * handlers directly (the SDK tests go through the server instead).
 */
import type { OperationContext } from '../core/service';
import { createClock } from '../core/clock';
import { SandboxData } from '../core/context';
import { generateOrganization } from '../core/organization/generate';
import type { Organization } from '../core/organization/organization';

/** Builds a handler context for `tenants` tenants at `now`. */
export function testContext(options: {
  seed?: number;
  tenants?: number;
  now?: string;
  region?: string;
  callerAccountId?: string;
  org?: Organization;
}): OperationContext {
  const now = options.now ?? '2026-03-15T12:00:00.000Z';
  const clock = createClock(now);
  const seed = options.seed ?? 1;
  const org =
    options.org ??
    generateOrganization({
      seed,
      tenants: options.tenants ?? 20,
      anchor: new Date(now),
      guardrails: [],
    });
  const state = { org } as any;
  return {
    service: {
      name: 'test',
      signingName: 'test',
      protocol: 'awsJson1_1',
      operations: {},
    },
    operation: 'test',
    callerAccountId: options.callerAccountId ?? '000000000000',
    callerArn: 'arn:aws:iam::000000000000:root',
    region: options.region ?? 'us-east-1',
    requestId: 'test',
    clock,
    now: () => clock.now(),
    state,
    org,
    faults: {} as any,
    data: new SandboxData(seed),
    options: { seed } as any,
  };
}
