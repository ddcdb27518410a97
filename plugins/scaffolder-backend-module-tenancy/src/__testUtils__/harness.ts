import {
  ListTagsForResourceCommand,
  OrganizationsClient,
} from '@aws-sdk/client-organizations';
import type { AwsClientStub } from 'aws-sdk-client-mock';
import { CloudFormationClient } from '@aws-sdk/client-cloudformation';
import { BudgetsClient } from '@aws-sdk/client-budgets';
import { SFNClient } from '@aws-sdk/client-sfn';
import { ConfigReader } from '@backstage/config';
import { createMockActionContext } from '@backstage/plugin-scaffolder-node-test-utils';
import type { JsonObject } from '@backstage/types';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import {
  AwsClientFactory,
  InMemoryAwsCallMeter,
} from '@tenancy/plugin-tenants-node';
import type {
  Guardrail,
  TenantsApiReleaseStartInput,
} from '@tenancy/plugin-tenants-common';
import type { TenancyActionDeps } from '../deps';
import type { VendingActivity } from '../lib/activity';
import { readVendingSettings } from '../settings';

/** Real SDK clients (mocked with aws-sdk-client-mock by the tests) behind the factory interface. */
export function testClients() {
  const org = new OrganizationsClient({ region: 'us-east-1' });
  const cfn = new CloudFormationClient({ region: 'us-east-1' });
  const budgets = new BudgetsClient({ region: 'us-east-1' });
  const sfn = new SFNClient({ region: 'us-east-1' });
  const factory = {
    organizations: async () => org,
    cloudFormation: async () => cfn,
    budgets: async () => budgets,
    sfn: async () => sfn,
    meter: new InMemoryAwsCallMeter(),
  } as unknown as AwsClientFactory;
  return { org, cfn, budgets, sfn, factory };
}

/** A clock whose sleep advances time instantly. */
export function fakeClock(start = Date.UTC(2025, 6, 1)) {
  let now = start;
  const sleeps: number[] = [];
  return {
    now: () => now,
    sleep: async (ms: number) => {
      sleeps.push(ms);
      now += ms;
    },
    sleeps,
  };
}

/** Permission decisions that allow everything (the offboarding actions ask for theirs). */
export const ALLOW_ALL = {
  authorize: async (requests: unknown[]) =>
    requests.map(() => ({ result: AuthorizeResult.ALLOW })),
} as unknown as TenancyActionDeps['permissions'];

/** A tenants portal the vending tests never reach. */
export const NO_PORTAL: TenancyActionDeps['portal'] = {
  followState: async () => {
    throw new Error('no tenants portal in this test');
  },
  readSpend: async () => {
    throw new Error('no tenants portal in this test');
  },
};

/** The Groups the test catalog holds. */
export const TEST_GROUPS = [
  'group:default/team-acme',
  'group:default/team-alpha',
  'group:default/team-beta',
  'group:default/platform-engineers',
];

export function testDeps(
  overrides: Partial<TenancyActionDeps> & { config?: JsonObject } = {},
) {
  const clients = testClients();
  const activity: VendingActivity[] = [];
  const releaseStarts: TenantsApiReleaseStartInput[] = [];
  const clock = fakeClock();
  const deps: TenancyActionDeps = {
    clients: clients.factory,
    settings: readVendingSettings(
      new ConfigReader({
        tenancy: {
          aws: { managementAccountId: '000000000000', region: 'us-east-1' },
          ...(overrides.config ?? {}),
        },
      }),
    ),
    loadGuardrails: async () => [] as Guardrail[],
    activity: {
      record: async a => void activity.push(a),
      recordReleaseStart: async r => void releaseStarts.push(r),
    },
    owners: {
      groupExists: async ref => TEST_GROUPS.includes(ref),
    },
    registrar: {
      register: async t => ({
        entityRef: `tenant:default/${t.tenantId}`,
        uid: 'uid-1',
      }),
    },
    clock,
    permissions: ALLOW_ALL,
    portal: NO_PORTAL,
    ...overrides,
  } as TenancyActionDeps;
  return { deps, clients, activity, releaseStarts, clock };
}

/**
 * A mock action context with a checkpoint store (a Map of key → saved value) that behaves like
 * the scaffolder's on a recovered task, and a logger whose lines are captured.
 */
export function testContext<I extends JsonObject>(
  input: I,
  opts: { isDryRun?: boolean; checkpoints?: Map<string, unknown> } = {},
) {
  const checkpoints = opts.checkpoints ?? new Map<string, unknown>();
  const lines: string[] = [];
  const outputs: Record<string, unknown> = {};
  const base = createMockActionContext({ input });
  const logger = {
    info: (m: string) => void lines.push(`info: ${m}`),
    warn: (m: string) => void lines.push(`warn: ${m}`),
    error: (m: string) => void lines.push(`error: ${m}`),
    debug: (m: string) => void lines.push(`debug: ${m}`),
    child: () => logger,
  };
  const ctx = {
    ...base,
    logger,
    isDryRun: opts.isDryRun,
    output: (k: string, v: unknown) => {
      outputs[k] = v;
    },
    async checkpoint({ key, fn }: { key: string; fn: () => unknown }) {
      if (checkpoints.has(key)) return checkpoints.get(key);
      const v = await fn();
      checkpoints.set(key, v ?? {});
      return v;
    },
  } as any;
  return { ctx, lines, outputs, checkpoints };
}

/** The input of the first step of a documented example. */
export function exampleInput(example: { example: string }): JsonObject {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const yaml = require('yaml');
  return yaml.parse(example.example).steps[0].input;
}

/**
 * Every account carries the tag `tenant=<tenantId>` (ListTagsForResource), as after
 * `tenancy:account:create`: the later steps' tenant-account check passes.
 */
export function tagEveryAccount(
  org: AwsClientStub<OrganizationsClient>,
  tenantId = 'acme',
) {
  org
    .on(ListTagsForResourceCommand)
    .resolves({ Tags: [{ Key: 'tenant', Value: tenantId }] });
}
