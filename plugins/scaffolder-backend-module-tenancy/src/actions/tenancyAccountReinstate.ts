import { InputError } from '@backstage/errors';
import { createTemplateAction } from '@backstage/plugin-scaffolder-node';
import type { TenancyActionDeps } from '../deps';
import { offboardingExamples } from './offboarding.examples';
import { untagOffboardingState } from '../lib/offboarding/suspendedOu';
import { closeRequested } from '../lib/offboarding/target';
import { resolveOuPath } from '../lib/organizations';
import {
  auditStep,
  moveTarget,
  offboardTargetInput,
  offboardTargetOf,
} from './offboardingCommon';

const ID = 'tenancy:account:reinstate';

/**
 * `tenancy:account:reinstate` — brings a suspended tenant back before closure: moves the account
 * from the suspended OU back to `<tenancy.tenants.ouPath>/<tier>` (the `tier` tag, or the input)
 * and removes its offboarding state tag. The template then re-attaches the guardrails
 * (`tenancy:guardrails:attach`) and re-deploys the baseline (`tenancy:baseline:apply`). Once
 * CloseAccount was accepted the account cannot be reinstated here (only AWS Support can, within
 * 90 days).
 * IAM: organizations:DescribeAccount, ListParents, ListTagsForResource, ListRoots,
 * ListOrganizationalUnitsForParent, MoveAccount, UntagResource.
 *
 * @public
 */
export function createTenancyAccountReinstateAction(deps: TenancyActionDeps) {
  return createTemplateAction({
    id: ID,
    description:
      'Moves a suspended tenant account back to its tier OU and clears its offboarding state.',
    examples: offboardingExamples['tenancy:account:reinstate'],
    supportsDryRun: true,
    schema: {
      input: {
        ...offboardTargetInput,
        tier: z =>
          z
            .string()
            .regex(/^[A-Za-z0-9_.-]{1,128}$/, 'an OU name')
            .optional()
            .describe("Tier OU to return to; default the account's tier tag"),
      },
      output: {
        ouId: z => z.string().describe('Id of the tier OU'),
        ouPath: z =>
          z.string().describe('Path of the tier OU, e.g. /Tenants/premium'),
        moved: z => z.boolean().describe('False when it already was there'),
      },
    },
    async handler(ctx) {
      const target = await offboardTargetOf(deps, ctx, ID);
      if (closeRequested(target)) {
        throw new InputError(
          `Account ${target.accountId} of tenant ${target.tenantId} is ${target.lifecycle} (State ${target.state}): CloseAccount was accepted, so it cannot be reinstated here; only AWS Support can reopen it, within 90 days of closure (rule offboard.reinstate)`,
        );
      }
      const tier = ctx.input.tier ?? target.tags.tier;
      if (!tier) {
        throw new InputError(
          `Account ${target.accountId} has no tier tag; give the tier to return to (rule offboard.tier)`,
        );
      }
      const root = deps.settings.ouPath === '/' ? '' : deps.settings.ouPath;
      const ouPath = `${root}/${tier}`;
      const ouId = await resolveOuPath(target.org, ouPath);
      const moved = target.parentId !== ouId;
      ctx.output('ouId', ouId);
      ctx.output('ouPath', ouPath);
      ctx.output('moved', moved);
      if (ctx.isDryRun) {
        ctx.logger.info(
          `Dry run: would ${
            moved
              ? `move account ${target.accountId} to ${ouPath} (${ouId})`
              : `leave account ${target.accountId} in ${ouPath}`
          } and clear its offboarding state`,
        );
        return;
      }
      if (moved) {
        await moveTarget(
          ctx,
          target,
          ouId,
          `Moved account ${target.accountId} back to ${ouPath} (${ouId})`,
        );
      }
      if (await untagOffboardingState(target, ctx.checkpoint.bind(ctx))) {
        ctx.logger.info(
          `Cleared the offboarding state of account ${target.accountId}`,
        );
      }
      await auditStep(
        deps,
        ctx,
        `Account ${target.accountId} reinstated in ${ouPath} (${ID})`,
      );
    },
  });
}
