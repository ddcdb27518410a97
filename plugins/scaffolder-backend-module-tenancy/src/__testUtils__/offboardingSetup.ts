/**
 * The offboarding actions against the in-process sandbox: real SDK clients, the manual sandbox
 * clock as the action clock (waits take no time), a permission decision and a tenants portal
 * stand-in, and one runner per action sharing a checkpoint store like one task does.
 */
import { CreateBudgetCommand } from '@aws-sdk/client-budgets';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import type { JsonObject } from '@backstage/types';
import type { SandboxOptions } from '@tenancy/aws-sandbox';
import { createTenancyAccountCloseAction } from '../actions/tenancyAccountClose';
import { createTenancyAccountReinstateAction } from '../actions/tenancyAccountReinstate';
import { createTenancyAccountSuspendAction } from '../actions/tenancyAccountSuspend';
import { createTenancyBudgetDeleteAction } from '../actions/tenancyBudgetDelete';
import { createTenancyOffboardPlanAction } from '../actions/tenancyOffboardPlan';
import { createTenancySpendArchiveAction } from '../actions/tenancySpendArchive';
import { createTenancyStackInstancesRemoveAction } from '../actions/tenancyStackInstancesRemove';
import { createTenancyTenantStateAction } from '../actions/tenancyTenantState';
import { createTenancyBaselineApplyAction } from '../actions/tenancyBaselineApply';
import type { OffboardingState } from '../lib/offboarding/tenantPortal';
import { testContext, testDeps } from './harness';
import { CENTRAL_CONFIG, startVendingSandbox } from './vendingSandbox';

/** Thirteen months of spend as the tenants backend answers them (2025-03 … 2026-03). */
export const SPEND_MONTHS = Array.from({ length: 13 }, (_, i) => {
  const d = new Date(Date.UTC(2025, 2 + i, 1));
  return d.toISOString().slice(0, 7);
});

export async function startOffboarding(
  options: SandboxOptions & { closeAccountQuota?: number } = {},
) {
  const s = await startVendingSandbox({
    durations: { closeAccountMs: 60_000 },
    ...options,
  });
  const allowed = { value: true };
  const followed: OffboardingState[] = [];
  const { deps, activity } = testDeps({
    config: {
      ...CENTRAL_CONFIG,
      tenants: { ouPath: '/Tenants' },
      offboarding:
        options.closeAccountQuota !== undefined
          ? { closeAccountQuota: options.closeAccountQuota }
          : {},
    },
    clients: s.factory,
    clock: {
      now: () => s.sandbox.clock.nowMs(),
      sleep: async (ms: number) => s.sandbox.clock.advance(ms),
    },
    permissions: {
      authorize: async () => [
        {
          result: allowed.value ? AuthorizeResult.ALLOW : AuthorizeResult.DENY,
        },
      ],
    } as any,
    portal: {
      followState: async ({ want }) => {
        followed.push(want);
        return { state: 'X', ouPath: '/Suspended', shown: want };
      },
      readSpend: async () =>
        ({
          monthly: SPEND_MONTHS.map(month => ({ month })),
          lastMonth: '412.50',
        } as any),
    },
  });
  const actions = {
    plan: createTenancyOffboardPlanAction(deps),
    suspend: createTenancyAccountSuspendAction(deps),
    remove: createTenancyStackInstancesRemoveAction(deps),
    budget: createTenancyBudgetDeleteAction(deps),
    spend: createTenancySpendArchiveAction(deps),
    close: createTenancyAccountCloseAction(deps),
    state: createTenancyTenantStateAction(deps),
    reinstate: createTenancyAccountReinstateAction(deps),
    baseline: createTenancyBaselineApplyAction(deps),
  };
  /** Runs one action; the checkpoints map is the task's (a re-run of the task keeps it). */
  const run = async (
    name: keyof typeof actions,
    input: JsonObject,
    opts: { isDryRun?: boolean; checkpoints?: Map<string, unknown> } = {},
  ) => {
    const c = testContext(input, opts);
    await (actions[name] as any).handler(c.ctx);
    return c;
  };
  /** The first ACTIVE tenant in a tier OU, with its budget tenant-<id> created. */
  const tenant = async () => {
    const org = s.sandbox.state.org;
    const account = org
      .tenantAccounts()
      .find(
        a =>
          a.state === 'ACTIVE' &&
          org.pathOf(a.parentId).startsWith('/Tenants/'),
      )!;
    const tenantId = account.tags.tenant;
    await s.budgets.send(
      new CreateBudgetCommand({
        AccountId: '000000000000',
        Budget: {
          BudgetName: `tenant-${tenantId}`,
          BudgetType: 'COST',
          TimeUnit: 'MONTHLY',
          BudgetLimit: { Amount: '100', Unit: 'USD' },
        },
      }),
    );
    s.sandbox.resetStats();
    return { tenantId, accountId: account.id, tier: account.tags.tier };
  };
  /** Mutating calls by operation (every one not named List*, Describe*, Get*). */
  const writesByOperation = () =>
    Object.fromEntries(
      Object.entries(s.sandbox.stats().calls).filter(
        ([op, n]) => !/\.(List|Describe|Get)/.test(op) && n,
      ),
    );
  return {
    ...s,
    deps,
    activity,
    actions,
    run,
    tenant,
    allowed,
    followed,
    writesByOperation,
  };
}
