import type { TenancyActionDeps } from '../deps';
import { offboardingExamples } from './offboarding.examples';
import { createTemplateAction } from '@backstage/plugin-scaffolder-node';
import {
  auditStep,
  offboardTargetInput,
  offboardTargetOf,
} from './offboardingCommon';

const ID = 'tenancy:tenant:state';

/**
 * `tenancy:tenant:state` — makes the portal show the tenant's state now: asks the tenants
 * backend for an inventory refresh, waits until `/tenants` shows `state` (`offboarding` while
 * suspended, `closing` while PENDING_CLOSURE, `closed` once closed, `active` after a reinstate),
 * then updates the Tenant entity and waits until the catalog shows it too.
 *
 * @public
 */
export function createTenancyTenantStateAction(deps: TenancyActionDeps) {
  return createTemplateAction({
    id: ID,
    description:
      'Waits until the portal (tenants list and Tenant entity) shows the tenant in the given state.',
    examples: offboardingExamples['tenancy:tenant:state'],
    supportsDryRun: true,
    schema: {
      input: {
        ...offboardTargetInput,
        state: z =>
          z
            .enum(['offboarding', 'closing', 'closed', 'active'])
            .describe('The state the portal must show'),
      },
      output: {
        state: z => z.string().describe('What the portal shows'),
        accountState: z =>
          z.string().describe('The account State the portal holds'),
      },
    },
    async handler(ctx) {
      await offboardTargetOf(deps, ctx, ID);
      const want = ctx.input.state;
      if (ctx.isDryRun) {
        ctx.logger.info(
          `Dry run: would wait until the portal shows tenant ${ctx.input.tenantId} ${want}`,
        );
        ctx.output('state', want);
        ctx.output('accountState', '');
        return;
      }
      const view = await deps.portal.followState(
        { tenantId: ctx.input.tenantId, accountId: ctx.input.accountId, want },
        {
          credentials: await ctx.getInitiatorCredentials(),
          logger: ctx.logger,
          timeoutSeconds: deps.settings.offboarding.stateTimeoutSeconds,
          signal: ctx.signal,
          suspendedOuPath: deps.settings.offboarding.suspendedOuPath,
        },
      );
      ctx.logger.info(
        `The portal shows tenant ${ctx.input.tenantId} ${view.shown} (State ${view.state}, ${view.ouPath})`,
      );
      ctx.output('state', view.shown);
      ctx.output('accountState', view.state);
      await auditStep(
        deps,
        ctx,
        `Tenant shown ${view.shown} (State ${view.state}) (${ID})`,
      );
    },
  });
}
