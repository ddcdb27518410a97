/**
 * Random sequences of vend requests for the vending property tests, and the runner that takes
 * each one through the vending actions (account create, move, guardrails, budget) against the
 * sandbox, with injected faults and a restart at a random step.
 */
import fc from 'fast-check';
import { ConfigReader } from '@backstage/config';
import {
  loadGuardrailCatalog,
  resolveGuardrailCatalogPath,
} from '@tenancy/plugin-tenants-node';
import type { Guardrail } from '@tenancy/plugin-tenants-common';
import { createTenancyAccountCreateAction } from '../actions/tenancyAccountCreate';
import { createTenancyAccountMoveAction } from '../actions/tenancyAccountMove';
import { createTenancyBudgetCreateAction } from '../actions/tenancyBudgetCreate';
import { createTenancyGuardrailsAttachAction } from '../actions/tenancyGuardrailsAttach';
import type { TenancyActionDeps } from '../deps';
import { readVendingSettings } from '../settings';
import { ALLOW_ALL, NO_PORTAL, TEST_GROUPS, fakeClock } from './harness';
import {
  CENTRAL_ACCOUNTS,
  CENTRAL_CONFIG,
  NON_TENANT_ACCOUNTS,
  VendingSandbox,
} from './vendingSandbox';

/** A fault injected into one AWS operation for the first attempt of a request. */
export interface InjectedFault {
  service: 'Organizations' | 'Budgets';
  operation: string;
  kind: 'throttle' | 'concurrent';
  /** How many calls it fails (a throttle failing 3 times outlasts the SDK's retries). */
  count: number;
}

/** One vend request: the template's inputs plus what goes wrong while it runs. */
export interface VendRequest {
  tenantId: string;
  email: string;
  /** A dry run: every step plans, none writes. */
  dryRun?: boolean;
  owner?: string;
  tier: 'standard' | 'premium' | 'enterprise';
  fault?: InjectedFault;
  /** The backend dies at this checkpoint (its work done, not yet saved), counted from 0. */
  crashAtCheckpoint?: number;
  /** After a failure: `recover` = the task resumes (steps done are skipped, checkpoints kept); `rerun` = a new task. */
  afterFailure: 'recover' | 'rerun';
}

/** How a request ended. */
export interface VendOutcome {
  request: VendRequest;
  status: 'completed' | 'rejected' | 'failed';
  /** The rule error of a rejected request, or the last error of a failed one. */
  error?: string;
  accountId?: string;
  /** Mutating AWS calls the request made over all its attempts. */
  writes: number;
  attempts: number;
}

const recase = (s: string, how: string) => {
  if (how === 'upper') return s.toUpperCase();
  if (how === 'title')
    return s.replace(/(^|[+\-@.])([a-z])/g, (_, a, b) => a + b.toUpperCase());
  return s;
};

const TENANTS = ['acme', 'ACME', 'Acme', 'globex', 'initech'];
const EMAIL_LOCALS = [
  'aws+tenant-acme@corp.example',
  'aws+tenant-globex@corp.example',
  'aws+tenant-initech@corp.example',
  // Re-vends with a new email.
  'aws+tenant-acme-2@corp.example',
  'aws+tenant-globex-new@corp.example',
  ...Object.values(CENTRAL_ACCOUNTS),
  ...Object.values(NON_TENANT_ACCOUNTS),
  // The hand-made accounts' emails (see handMadeArb).
  'hand+acme@corp.example',
  'hand+globex@corp.example',
];

/**
 * An account someone made and tagged by hand before the requests run (at the root, where
 * CreateAccount puts it): its tenant tag in any letter case, e.g. `tenant=ACME` — the tenant ids
 * of the requests collide with it in case.
 */
export interface HandMadeAccount {
  tenantTag: string;
  email: string;
}

/** 0 to 2 hand-made accounts, tagged for acme or globex in some letter case. */
export const handMadeArb: fc.Arbitrary<HandMadeAccount[]> = fc.uniqueArray(
  fc
    .tuple(
      fc.constantFrom('acme', 'globex'),
      fc.constantFrom('lower', 'upper', 'title'),
    )
    .map(([t, how]) => ({
      tenantTag: recase(t, how),
      email: `hand+${t}@corp.example`,
    })),
  { maxLength: 2, selector: h => h.email },
);
const FAULT_OPS: Array<[InjectedFault['service'], string]> = [
  ['Organizations', 'ListAccounts'],
  ['Organizations', 'ListTagsForResource'],
  ['Organizations', 'CreateAccount'],
  ['Organizations', 'DescribeCreateAccountStatus'],
  ['Organizations', 'TagResource'],
  ['Organizations', 'ListParents'],
  ['Organizations', 'DescribeOrganizationalUnit'],
  ['Organizations', 'MoveAccount'],
  ['Organizations', 'CreatePolicy'],
  ['Organizations', 'AttachPolicy'],
  ['Budgets', 'DescribeBudget'],
  ['Budgets', 'CreateBudget'],
];

const OWN_EMAIL = 'own';

/** Arbitrary vend request: ids and emails colliding in case, central emails, faults, a crash. */
export const vendRequestArb: fc.Arbitrary<VendRequest> = fc
  .record(
    {
      tenantId: fc.constantFrom(...TENANTS),
      // Half of the requests use their tenant's own email (filled in below), so many complete.
      email: fc.oneof(
        fc.constant(OWN_EMAIL),
        fc
          .tuple(
            fc.constantFrom(...EMAIL_LOCALS),
            fc.constantFrom('lower', 'upper', 'title'),
          )
          .map(([e, how]) => recase(e, how)),
      ),
      owner: fc.constantFrom(
        'group:default/team-alpha',
        'group:default/Team-Alpha',
        'user:default/alex',
        'group:default/team-ghost',
      ),
      tier: fc.constantFrom('standard', 'premium', 'enterprise'),
      fault: fc
        .record({
          op: fc.constantFrom(...FAULT_OPS),
          kind: fc.constantFrom('throttle', 'concurrent'),
          count: fc.integer({ min: 1, max: 3 }),
        })
        .map(f => ({
          service: f.op[0],
          operation: f.op[1],
          kind: f.kind,
          count: f.count,
        })),
      crashAtCheckpoint: fc.integer({ min: 0, max: 8 }),
      afterFailure: fc.constantFrom('recover', 'rerun'),
      dryRun: fc.constantFrom(true, false, false, false),
    },
    { requiredKeys: ['tenantId', 'email', 'tier', 'afterFailure'] },
  )
  .map(r => ({
    ...r,
    email:
      r.email === OWN_EMAIL
        ? `aws+tenant-${r.tenantId.toLowerCase()}@corp.example`
        : r.email,
  })) as fc.Arbitrary<VendRequest>;

/** A sequence: the hand-made accounts, then the requests. */
export interface VendSequence {
  handMade: HandMadeAccount[];
  requests: VendRequest[];
}

/**
 * 1 to 4 requests after 0 to 2 hand-made accounts; later requests often repeat an earlier one
 * (a re-run), sometimes with a new email (a re-vend that must not get a second account).
 */
export const vendSequenceArb: fc.Arbitrary<VendSequence> = fc.record({
  handMade: handMadeArb,
  requests: fc
    .array(
      fc.tuple(
        vendRequestArb,
        fc.option(fc.nat(3), { freq: 3 }),
        fc.constantFrom(false, false, true),
      ),
      { minLength: 1, maxLength: 4 },
    )
    .map(items =>
      items.map(([req, repeat, newEmail], i) =>
        repeat !== null && i > 0
          ? {
              ...items[repeat % i][0],
              email: newEmail ? req.email : items[repeat % i][0].email,
              dryRun: req.dryRun,
              fault: req.fault,
              crashAtCheckpoint: req.crashAtCheckpoint,
            }
          : req,
      ),
    ),
});

/** The rule errors the vending actions answer bad or forbidden input with. */
export const isRuleError = (e: unknown) =>
  /\(rule [\w.]+\)/.test((e as Error)?.message ?? '');

const quietLogger: any = {
  info: () => {},
  warn: () => {},
  error: () => {},
  debug: () => {},
  child: () => quietLogger,
};

class Crash extends Error {
  constructor() {
    super('the backend stopped (simulated restart)');
  }
}

let guardrails: Promise<Guardrail[]> | undefined;

/** Runs the vending steps of one request; see {@link VendRequest}. */
export async function runVendRequest(
  box: VendingSandbox,
  request: VendRequest,
): Promise<VendOutcome> {
  guardrails ??= loadGuardrailCatalog(resolveGuardrailCatalogPath());
  const deps: TenancyActionDeps = {
    clients: box.factory,
    settings: readVendingSettings(
      new ConfigReader({ tenancy: CENTRAL_CONFIG }),
    ),
    loadGuardrails: () => guardrails!,
    activity: { record: async () => {}, recordReleaseStart: async () => {} },
    owners: { groupExists: async ref => TEST_GROUPS.includes(ref) },
    registrar: {
      register: async t => ({
        entityRef: `tenant:default/${t.tenantId}`,
        uid: 'uid-1',
      }),
    },
    clock: fakeClock(),
    permissions: ALLOW_ALL,
    portal: NO_PORTAL,
  };
  const actions = {
    create: createTenancyAccountCreateAction(deps),
    move: createTenancyAccountMoveAction(deps),
    guardrails: createTenancyGuardrailsAttachAction(deps),
    budget: createTenancyBudgetCreateAction(deps),
  };
  const before = box.writes();
  const faults = request.fault
    ? [
        box.sandbox.faults.add(
          request.fault.kind === 'throttle'
            ? {
                kind: 'throttle',
                service: request.fault.service,
                operation: request.fault.operation,
                count: request.fault.count,
              }
            : {
                kind: 'error',
                code: 'ConcurrentModificationException',
                message:
                  'AWS Organizations can’t complete your request because it conflicts with another attempt to modify the same entity. Try again later.',
                httpStatus: 400,
                service: request.fault.service,
                operation: request.fault.operation,
                count: request.fault.count,
              },
        ),
      ]
    : [];
  try {
    return await attempts(box, request, actions, before, faults);
  } finally {
    faults.forEach(id => box.sandbox.faults.remove(id));
  }
}

type Actions = Record<
  'create' | 'move' | 'guardrails' | 'budget',
  { handler(ctx: any): Promise<void> }
>;

/** What survives a restart: the saved checkpoints, the finished steps' outputs, the crash point. */
interface TaskState {
  checkpoints: Map<string, unknown>;
  done: Map<string, Record<string, unknown>>;
  crashAt?: number;
}

/** One attempt: the steps not finished yet, in order; the account id when all ran. */
async function runSteps(
  request: VendRequest,
  actions: Actions,
  task: TaskState,
): Promise<string> {
  let checkpointNo = 0;
  const step = async (name: keyof Actions, input: Record<string, unknown>) => {
    if (task.done.has(name)) return task.done.get(name)!;
    const outputs: Record<string, unknown> = {};
    const ctx = {
      input,
      isDryRun: request.dryRun === true,
      logger: quietLogger,
      task: { id: 'task-1' },
      output: (k: string, v: unknown) => {
        outputs[k] = v;
      },
      // The scaffolder's checkpoints on a recovered task: a saved key answers its saved value.
      async checkpoint(opts: { key: string; fn: () => unknown }) {
        if (task.checkpoints.has(opts.key)) {
          return task.checkpoints.get(opts.key);
        }
        const crash = checkpointNo++ === task.crashAt;
        const v = await opts.fn();
        if (crash) throw new Crash();
        task.checkpoints.set(opts.key, v ?? {});
        return v;
      },
    };
    await actions[name].handler(ctx);
    task.done.set(name, outputs);
    return outputs;
  };
  const { tenantId, email, owner, tier } = request;
  const account = await step('create', {
    tenantId,
    email,
    owner,
    tags: { tier },
  });
  const accountId = account.accountId as string;
  const moved = await step('move', { accountId, tier, tenantId });
  await step('guardrails', {
    targetId: accountId,
    parentOuId: moved.ouId,
    tenantId,
  });
  await step('budget', { accountId, tenantId, amountUsd: 100 });
  return accountId;
}

async function attempts(
  box: VendingSandbox,
  request: VendRequest,
  actions: Actions,
  before: number,
  faults: string[],
): Promise<VendOutcome> {
  const task: TaskState = {
    checkpoints: new Map(),
    done: new Map(),
    crashAt: request.crashAtCheckpoint,
  };
  let lastError = '';
  for (let attempt = 1; attempt <= 3; attempt++) {
    try {
      const accountId = await runSteps(request, actions, task);
      return {
        request,
        status: 'completed',
        accountId,
        writes: box.writes() - before,
        attempts: attempt,
      };
    } catch (e) {
      if (isRuleError(e)) {
        return {
          request,
          status: 'rejected',
          error: (e as Error).message,
          writes: box.writes() - before,
          attempts: attempt,
        };
      }
      lastError = (e as Error).message;
      // The restart: faults are gone, the backend (or the user) runs the request again.
      faults.forEach(id => box.sandbox.faults.remove(id));
      task.crashAt = undefined;
      if (request.afterFailure === 'rerun') {
        task.checkpoints = new Map();
        task.done = new Map();
      }
    }
  }
  return {
    request,
    status: 'failed',
    error: lastError,
    writes: box.writes() - before,
    attempts: 3,
  };
}
