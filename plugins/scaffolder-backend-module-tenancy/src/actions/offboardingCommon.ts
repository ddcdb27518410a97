import type { ActionContext } from '@backstage/plugin-scaffolder-node';
import type { TenancyActionDeps } from '../deps';
import { moveAccount } from '../lib/moveAccount';
import {
  readOffboardTarget,
  type OffboardTarget,
} from '../lib/offboarding/target';

/** The input every offboarding action takes: the tenant and its account. */
export const offboardTargetInput = {
  tenantId: (z: any) =>
    z.string().describe('Tenant id (the Tenant entity name), e.g. acme'),
  accountId: (z: any) =>
    z.string().describe('12-digit AWS account id of the tenant'),
};

type Ctx = ActionContext<{ tenantId: string; accountId: string }, any, any>;

/**
 * The tenant account of the action, read and checked before any write, in dry runs too (see
 * `readOffboardTarget`: identity, central accounts, the initiator's `tenants.tenant.offboard`).
 */
export async function offboardTargetOf(
  deps: TenancyActionDeps,
  ctx: Ctx,
  action: string,
): Promise<OffboardTarget> {
  return readOffboardTarget(
    deps,
    {
      tenantId: ctx.input.tenantId,
      accountId: ctx.input.accountId,
      credentials: await ctx.getInitiatorCredentials(),
    },
    action,
  );
}

/** The audit event of a step: one line on the tenant's Activity tab, with the task and actor. */
export async function auditStep(
  deps: TenancyActionDeps,
  ctx: Ctx,
  summary: string,
): Promise<void> {
  if (ctx.isDryRun) return;
  await deps.activity.record({
    tenantId: ctx.input.tenantId,
    summary,
    taskId: ctx.task.id,
    actor: ctx.user?.ref,
  });
}

/** Moves the target account into `ouId` (once per task) and logs `line` when done. */
export async function moveTarget(
  ctx: Ctx,
  target: OffboardTarget,
  ouId: string,
  line: string,
): Promise<void> {
  await moveAccount(
    target.org,
    { accountId: target.accountId, parentId: target.parentId, ouId },
    ctx.checkpoint.bind(ctx),
    l => ctx.logger.info(l),
  );
  ctx.logger.info(line);
}
