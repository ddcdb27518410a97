import { InputError } from '@backstage/errors';
import { createTemplateAction } from '@backstage/plugin-scaffolder-node';
import type { TenancyActionDeps } from '../deps';
import { offboardingExamples } from './offboarding.examples';
import {
  accountStateOf,
  readCloseQuota,
  sendCloseAccount,
} from '../lib/offboarding/closeAccount';
import {
  suspendedOuId,
  tagOffboardingState,
} from '../lib/offboarding/suspendedOu';
import { alreadyClosedLine } from '../lib/offboarding/target';
import { pollUntil } from '../lib/poll';
import {
  auditStep,
  offboardTargetInput,
  offboardTargetOf,
} from './offboardingCommon';

const ID = 'tenancy:account:close';

/**
 * `tenancy:account:close` — closes the suspended tenant account with CloseAccount and waits
 * (DescribeAccount, progress lines) until AWS answers SUSPENDED, its post-closure state. Only an
 * account in the suspended OU is closed. AccountAlreadyClosedException is success, a
 * ConcurrentModificationException is retried, CLOSE_ACCOUNT_QUOTA_EXCEEDED and
 * CLOSE_ACCOUNT_REQUESTS_LIMIT_EXCEEDED fail the step with AWS's reason (a later run resumes
 * here); an account already PENDING_CLOSURE is waited on, one already SUSPENDED or CLOSED is
 * left as is. The account is tagged `tenancy-state=closing` first.
 * IAM: organizations:DescribeAccount, ListAccounts, ListParents, ListTagsForResource, ListRoots,
 * ListOrganizationalUnitsForParent, ListPoliciesForTarget, TagResource, CloseAccount.
 *
 * @public
 */
export function createTenancyAccountCloseAction(deps: TenancyActionDeps) {
  const cfg = deps.settings.offboarding;
  return createTemplateAction({
    id: ID,
    description:
      'Closes the suspended tenant account (CloseAccount) and waits until AWS shows it closed.',
    examples: offboardingExamples['tenancy:account:close'],
    supportsDryRun: true,
    schema: {
      input: {
        ...offboardTargetInput,
        wait: z =>
          z
            .boolean()
            .optional()
            .describe(
              'Wait until AWS shows the account closed (SUSPENDED); default true. false: return once CloseAccount is accepted (PENDING_CLOSURE)',
            ),
      },
      output: {
        state: z =>
          z
            .string()
            .describe('Account State after the step: SUSPENDED once closed'),
        closed: z =>
          z.boolean().describe('False when it already was closed or closing'),
      },
    },
    async handler(ctx) {
      const target = await offboardTargetOf(deps, ctx, ID);
      const { org, accountId } = target;
      const waitClosed = () =>
        pollUntil<string>({
          what: `Closure of account ${accountId}`,
          check: async () => {
            const state = await accountStateOf(org, accountId);
            return {
              done: state !== 'PENDING_CLOSURE',
              status: `State ${state}`,
              value: state,
            };
          },
          timeoutSeconds: cfg.closeTimeoutSeconds,
          poll: deps.settings.poll,
          clock: deps.clock,
          logger: ctx.logger,
          signal: ctx.signal,
          onTimeout:
            'AWS continues closing it; run the template again to resume waiting.',
        });
      if (target.state !== 'ACTIVE') {
        ctx.logger.info(alreadyClosedLine(target));
        const state =
          target.state === 'PENDING_CLOSURE' &&
          !ctx.isDryRun &&
          ctx.input.wait !== false
            ? await waitClosed()
            : target.state;
        ctx.output('state', state);
        ctx.output('closed', false);
        return;
      }
      const ouId = await suspendedOuId(
        org,
        cfg.suspendedOuPath,
        cfg.suspendedPolicyName,
      );
      // In a dry run the suspend step before this one moved nothing.
      if (target.parentId !== ouId && !ctx.isDryRun) {
        throw new InputError(
          `Account ${accountId} is not in ${cfg.suspendedOuPath}; suspend it first (tenancy:account:suspend), nothing was closed (rule offboard.order)`,
        );
      }
      const quota = await readCloseQuota(
        org,
        deps.settings.managementAccountId,
        cfg.closeAccountQuota,
      );
      ctx.logger.info(
        `Close quota: ${quota.limit} per rolling 30 days; ${quota.usedAtMost} accounts closing or closed now, at least ${quota.leftAtLeast} left`,
      );
      if (ctx.isDryRun) {
        ctx.logger.info(
          `Dry run: would tag account ${accountId} tenancy-state=closing and close it (CloseAccount)`,
        );
        ctx.output('state', 'SUSPENDED');
        ctx.output('closed', true);
        return;
      }
      await tagOffboardingState(
        target,
        'closing',
        ctx.checkpoint.bind(ctx),
        l => ctx.logger.info(l),
      );
      const sent = await ctx.checkpoint({
        key: `account.close.${accountId}`,
        fn: () =>
          sendCloseAccount(org, accountId, deps.clock, l => ctx.logger.info(l)),
      });
      ctx.logger.info(
        sent === 'closed'
          ? `CloseAccount accepted for account ${accountId}; waiting for AWS to close it`
          : `Account ${accountId} was already being closed (AccountAlreadyClosedException)`,
      );
      const state =
        ctx.input.wait === false
          ? await accountStateOf(org, accountId)
          : await waitClosed();
      ctx.logger.info(
        state === 'PENDING_CLOSURE'
          ? `Account ${accountId} is closing (State PENDING_CLOSURE)`
          : `Account ${accountId} is closed (State ${state}); AWS keeps it 90 days, then removes it`,
      );
      ctx.output('state', state);
      ctx.output('closed', true);
      await auditStep(
        deps,
        ctx,
        `Account ${accountId} closed with CloseAccount (State ${state}) (${ID})`,
      );
    },
  });
}
