import { InputError } from '@backstage/errors';
import { createTemplateAction } from '@backstage/plugin-scaffolder-node';
import type { TenancyActionDeps } from '../deps';
import { offboardingExamples } from './offboarding.examples';
import { readCloseQuota } from '../lib/offboarding/closeAccount';
import { closeRequested } from '../lib/offboarding/target';
import {
  auditStep,
  offboardTargetInput,
  offboardTargetOf,
} from './offboardingCommon';

const ID = 'tenancy:offboard:plan';

/**
 * `tenancy:offboard:plan` — the first step of the Offboard tenant template, read-only: checks
 * the typed confirmation (it must equal the tenant id), the initiator's
 * `tenants.tenant.offboard` permission and the identity invariants, then says what the run will
 * do, what blocks it, and the organization's close quota. A tenant already closed is reported as
 * such (`alreadyClosed`), and the template's other steps then change nothing.
 * IAM: organizations:DescribeAccount, ListAccounts, ListParents, ListTagsForResource.
 *
 * @public
 */
export function createTenancyOffboardPlanAction(deps: TenancyActionDeps) {
  const cfg = deps.settings.offboarding;
  return createTemplateAction({
    id: ID,
    description:
      'Plans offboarding (or reinstating) a tenant: what will be done, what blocks it, the close quota left.',
    examples: offboardingExamples['tenancy:offboard:plan'],
    supportsDryRun: true,
    schema: {
      input: {
        ...offboardTargetInput,
        confirmation: z =>
          z.string().describe('The tenant id, typed again to confirm'),
        mode: z =>
          z
            .enum(['offboard', 'reinstate'])
            .describe(
              'offboard: suspend, clean up, close; reinstate: bring back',
            ),
        retainStacks: z =>
          z
            .boolean()
            .optional()
            .describe('Keep the stacks in the account when removing instances'),
      },
      output: {
        steps: z =>
          z.array(z.string()).describe('What the run will do, in order'),
        blockers: z =>
          z.array(z.string()).describe('What stops the run (empty: nothing)'),
        alreadyClosed: z =>
          z
            .boolean()
            .describe('True when the tenant is already closing or closed'),
        state: z =>
          z.string().describe('What the portal shows for the tenant now'),
        closeQuotaLeft: z =>
          z
            .number()
            .describe('Closes left in the rolling 30 days, at least this many'),
      },
    },
    async handler(ctx) {
      const { tenantId, confirmation, mode } = ctx.input;
      if (confirmation.trim() !== tenantId) {
        throw new InputError(
          `Type the tenant id ${tenantId} to confirm; got '${confirmation}'. Nothing was changed (rule offboard.confirmation)`,
        );
      }
      const target = await offboardTargetOf(deps, ctx, ID);
      const quota = await readCloseQuota(
        target.org,
        deps.settings.managementAccountId,
        cfg.closeAccountQuota,
      );
      const closed = closeRequested(target);
      const steps: string[] = [];
      const blockers: string[] = [];
      if (mode === 'reinstate') {
        if (closed) {
          blockers.push(
            `Account ${target.accountId} is ${target.lifecycle} (State ${target.state}); after CloseAccount only AWS Support can reopen it, within 90 days`,
          );
        } else {
          steps.push(
            `Move account ${target.accountId} back to ${deps.settings.ouPath}/${
              target.tags.tier ?? '<tier>'
            } and clear its offboarding state`,
            'Re-attach the guardrail SCPs',
            'Re-deploy the baseline StackSet and re-create the budget',
            'Show the tenant active in the portal',
          );
        }
      } else if (!closed) {
        const retain = ctx.input.retainStacks ?? true;
        steps.push(
          `Suspend: tag tenancy-state=offboarding, move account ${target.accountId} to ${cfg.suspendedOuPath} (${cfg.suspendedPolicyName})`,
          `Remove the instances of ${cfg.stackSetNames.join(', ')}, ${
            retain ? 'retaining' : 'deleting'
          } the stacks`,
          `Delete budget tenant-${tenantId}`,
          'Archive the spend history (13 months stay readable after closure)',
          `Close account ${target.accountId} (CloseAccount): shown closing, then closed once AWS has closed it`,
        );
        if (quota.leftAtLeast === 0) {
          steps.push(
            `Warning: the close quota may be used up (${quota.limit} per rolling 30 days, ${quota.usedAtMost} accounts closing or closed); the close step then fails with CLOSE_ACCOUNT_QUOTA_EXCEEDED and a later run resumes it`,
          );
        }
      }
      if (closed && mode === 'offboard') {
        ctx.logger.info(
          `Tenant ${tenantId} (account ${target.accountId}) is already ${target.lifecycle} (State ${target.state}); the run changes nothing`,
        );
      }
      steps.forEach((s, i) => ctx.logger.info(`Plan ${i + 1}: ${s}`));
      ctx.logger.info(
        `Close quota: ${quota.limit} per rolling 30 days; ${quota.usedAtMost} accounts closing or closed now, at least ${quota.leftAtLeast} left`,
      );
      ctx.output('steps', steps);
      ctx.output('blockers', blockers);
      ctx.output('alreadyClosed', closed);
      ctx.output('state', target.lifecycle);
      ctx.output('closeQuotaLeft', quota.leftAtLeast);
      if (blockers.length) {
        throw new InputError(
          `${blockers.join('; ')} (rule offboard.reinstate)`,
        );
      }
      await auditStep(
        deps,
        ctx,
        `${mode === 'offboard' ? 'Offboarding' : 'Reinstatement'} planned: ${
          steps.length
        } steps${closed ? ' (already closed: nothing to do)' : ''} (${ID})`,
      );
    },
  });
}
