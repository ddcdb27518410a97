import { createTemplateAction } from '@backstage/plugin-scaffolder-node';
import { OFFBOARDING_STATE_TAG } from '@tenancy/plugin-tenants-common';
import type { TenancyActionDeps } from '../deps';
import { offboardingExamples } from './offboarding.examples';
import {
  suspendedOuId,
  tagOffboardingState,
} from '../lib/offboarding/suspendedOu';
import { alreadyClosedLine, closeRequested } from '../lib/offboarding/target';
import {
  auditStep,
  moveTarget,
  offboardTargetInput,
  offboardTargetOf,
} from './offboardingCommon';

const ID = 'tenancy:account:suspend';

/**
 * `tenancy:account:suspend` — locks the tenant account: tags it `tenancy-state=offboarding` and
 * moves it into the suspended OU (`tenancy.offboarding.suspendedOuPath`, default `/Suspended`),
 * whose deny-all-but-read SCP then applies; the OU must carry that SCP. Already there is
 * success; an account already closed is left as is.
 * IAM: organizations:DescribeAccount, ListParents, ListTagsForResource, ListRoots,
 * ListOrganizationalUnitsForParent, ListPoliciesForTarget, TagResource, MoveAccount.
 *
 * @public
 */
export function createTenancyAccountSuspendAction(deps: TenancyActionDeps) {
  const cfg = deps.settings.offboarding;
  return createTemplateAction({
    id: ID,
    description:
      'Moves the tenant account into the suspended OU (deny all but reads) and tags its offboarding state.',
    examples: offboardingExamples['tenancy:account:suspend'],
    supportsDryRun: true,
    schema: {
      input: offboardTargetInput,
      output: {
        ouId: z => z.string().describe('Id of the suspended OU'),
        previousParentId: z =>
          z.string().describe('Parent before the move (ou-… or r-…)'),
        moved: z =>
          z.boolean().describe('False when it already was in the suspended OU'),
      },
    },
    async handler(ctx) {
      const target = await offboardTargetOf(deps, ctx, ID);
      ctx.output('previousParentId', target.parentId);
      if (closeRequested(target)) {
        ctx.logger.info(alreadyClosedLine(target));
        ctx.output('ouId', target.parentId);
        ctx.output('moved', false);
        return;
      }
      const ouId = await suspendedOuId(
        target.org,
        cfg.suspendedOuPath,
        cfg.suspendedPolicyName,
      );
      ctx.output('ouId', ouId);
      const moved = target.parentId !== ouId;
      ctx.output('moved', moved);
      const tag = target.tags[OFFBOARDING_STATE_TAG];
      if (ctx.isDryRun) {
        ctx.logger.info(
          `Dry run: would tag account ${
            target.accountId
          } ${OFFBOARDING_STATE_TAG}=offboarding and ${
            moved
              ? `move it from ${target.parentId} to ${cfg.suspendedOuPath} (${ouId})`
              : `leave it in ${cfg.suspendedOuPath}`
          }`,
        );
        return;
      }
      if (tag !== 'offboarding' && tag !== 'closing') {
        await tagOffboardingState(
          target,
          'offboarding',
          ctx.checkpoint.bind(ctx),
          l => ctx.logger.info(l),
        );
      }
      if (moved) {
        await moveTarget(
          ctx,
          target,
          ouId,
          `Moved account ${target.accountId} from ${target.parentId} to ${cfg.suspendedOuPath} (${ouId}); ${cfg.suspendedPolicyName} applies`,
        );
      } else {
        ctx.logger.info(
          `Account ${target.accountId} already is in ${cfg.suspendedOuPath} (${ouId}); nothing to move`,
        );
      }
      await auditStep(
        deps,
        ctx,
        `Account ${target.accountId} suspended: in ${cfg.suspendedOuPath}, ${cfg.suspendedPolicyName} applies (${ID})`,
      );
    },
  });
}
