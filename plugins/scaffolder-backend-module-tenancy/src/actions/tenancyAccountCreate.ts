import {
  CreateAccountStatus,
  DescribeAccountCommand,
  DescribeCreateAccountStatusCommand,
} from '@aws-sdk/client-organizations';
import { createTemplateAction } from '@backstage/plugin-scaffolder-node';
import { accountEmailFor } from '@tenancy/plugin-tenants-common';
import type { TenancyActionDeps } from '../deps';
import { adviceFor } from '../lib/createAccountFailures';
import {
  aws,
  findInFlightRequest,
  findTenantAccount,
} from '../lib/organizations';
import { pollUntil } from '../lib/poll';
import { tenantTags } from '../lib/tags';
import { createAccount, ensureTags } from '../lib/accounts';
import { assertValidTenantInputs } from '../lib/validate';
import { examples } from './tenancyAccountCreate.examples';

/** What the create step saved: an account found, or a request to follow (with its email, CASES V1). */
type Started =
  | { kind: 'account'; accountId: string; email: string }
  | { kind: 'request'; requestId: string; email: string };

/** Placeholder account id of a dry run (CASES X2). */
export const DRY_RUN_ACCOUNT_ID = '000000000000';

/**
 * `tenancy:account:create` — the tenant's AWS account: adopts an existing one (email compared
 * case-insensitively, or the tenant tag) or an in-flight request, else CreateAccount with the
 * tags; follows DescribeCreateAccountStatus with backoff, progress lines and a deadline.
 * IAM: organizations:ListAccounts, ListTagsForResource, ListCreateAccountStatus, CreateAccount,
 * DescribeCreateAccountStatus, DescribeAccount, TagResource; iam:CreateServiceLinkedRole.
 *
 * @public
 */
export function createTenancyAccountCreateAction(deps: TenancyActionDeps) {
  const { settings, clock } = deps;
  return createTemplateAction({
    id: 'tenancy:account:create',
    description:
      'Creates the tenant AWS account in AWS Organizations, or adopts the existing one; never creates a second account for a tenant.',
    examples,
    supportsDryRun: true,
    schema: {
      input: {
        tenantId: z =>
          z
            .string()
            .describe(
              'Tenant id: catalog entity name and the value of the tenant tag',
            ),
        accountName: z =>
          z
            .string()
            .optional()
            .describe(
              'AWS account name, 1–50 printable ASCII characters; default the tenant id',
            ),
        email: z =>
          z
            .string()
            .optional()
            .describe(
              'Root email of the account, unique across AWS (6–64 characters); default from tenancy.vending.emailPattern, e.g. aws+tenant-<tenantId>@example.com',
            ),
        tags: z =>
          z
            .record(z.string())
            .optional()
            .describe(
              'Account tags, e.g. { tier: premium, owner: group:default/team-acme }; the tenant tag is added',
            ),
        timeoutSeconds: z =>
          z
            .number()
            .int()
            .positive()
            .optional()
            .describe(
              'How long to wait for AWS to create the account, seconds (default from config, 1,800)',
            ),
      },
      output: {
        accountId: z => z.string().describe('12-digit AWS account id'),
        accountArn: z => z.string().describe('ARN of the account'),
        createAccountRequestId: z =>
          z
            .string()
            .describe(
              'CreateAccount request id (car-…); empty when an existing account was adopted',
            ),
        adopted: z =>
          z.boolean().describe('True when an existing account was adopted'),
      },
    },
    async handler(ctx) {
      const { tenantId } = ctx.input;
      const accountName = ctx.input.accountName || tenantId;
      const email =
        ctx.input.email || accountEmailFor(tenantId, settings.emailPattern);
      assertValidTenantInputs({ tenantId, accountName, email });
      const tags = tenantTags(tenantId, ctx.input.tags, settings.tenantTagKey);
      const org = await deps.clients.organizations();
      const lookup = {
        email,
        accountName,
        tenantId,
        tagKey: settings.tenantTagKey,
      };

      if (ctx.isDryRun) {
        const existing = await findTenantAccount(org, lookup);
        ctx.logger.info(
          existing
            ? `Dry run: would adopt account ${existing.Id} for tenant ${tenantId}; no CreateAccount`
            : `Dry run: would call CreateAccount for tenant ${tenantId} (account name ${accountName}, ${tags.length} tags)`,
        );
        ctx.output('accountId', existing?.Id ?? DRY_RUN_ACCOUNT_ID);
        ctx.output(
          'accountArn',
          existing?.Arn ??
            `arn:aws:organizations::${DRY_RUN_ACCOUNT_ID}:account/o-dryrun/${DRY_RUN_ACCOUNT_ID}`,
        );
        ctx.output('createAccountRequestId', '');
        ctx.output('adopted', Boolean(existing));
        return;
      }

      const startOrAdopt = async (forEmail: string): Promise<Started> => {
        const existing = await findTenantAccount(org, {
          ...lookup,
          email: forEmail,
        });
        if (existing?.Id) {
          ctx.logger.info(
            `Adopting existing account ${existing.Id} for tenant ${tenantId}; no CreateAccount`,
          );
          return {
            kind: 'account',
            accountId: existing.Id,
            email: existing.Email ?? forEmail,
          };
        }
        const inFlight = await findInFlightRequest(org, accountName);
        if (inFlight?.Id) {
          ctx.logger.info(
            `Following CreateAccount request ${inFlight.Id} already in flight for ${accountName}`,
          );
          return { kind: 'request', requestId: inFlight.Id, email: forEmail };
        }
        return {
          kind: 'request',
          requestId: await createAccount(
            org,
            forEmail,
            accountName,
            tags,
            settings.account.roleName,
          ),
          email: forEmail,
        };
      };

      const follow = (requestId: string) =>
        pollUntil<CreateAccountStatus>({
          what: `CreateAccount request ${requestId}`,
          check: async () => {
            const res = await aws(
              'Organizations.DescribeCreateAccountStatus',
              () =>
                org.send(
                  new DescribeCreateAccountStatusCommand({
                    CreateAccountRequestId: requestId,
                  }),
                ),
            );
            const s = res.CreateAccountStatus ?? {};
            return {
              done: s.State !== 'IN_PROGRESS',
              status: s.State ?? 'UNKNOWN',
              value: s,
            };
          },
          timeoutSeconds:
            ctx.input.timeoutSeconds ?? settings.account.timeoutSeconds,
          poll: settings.poll,
          clock,
          logger: ctx.logger,
          signal: ctx.signal,
          onTimeout:
            'The request continues in AWS; run the template again to adopt the account once it exists.',
        });

      const result = await ctx.checkpoint({
        key: `account.create.${tenantId}.result`,
        fn: async () => {
          let current = await ctx.checkpoint({
            key: `account.create.${tenantId}`,
            fn: () => startOrAdopt(email),
          });
          if (
            current.kind === 'request' &&
            current.email.toLowerCase() !== email.toLowerCase()
          ) {
            current = await reconcileEmailChange(current, email);
          }
          let retries = 0;
          for (;;) {
            if (current.kind === 'account') {
              return {
                accountId: current.accountId,
                requestId: '',
                adopted: true,
              };
            }
            const status = await follow(current.requestId);
            if (status.State === 'SUCCEEDED' && status.AccountId) {
              return {
                accountId: status.AccountId,
                requestId: current.requestId,
                adopted: false,
              };
            }
            const advice = adviceFor(status.FailureReason, current.email);
            if (
              advice.action === 'terminal' ||
              retries >= settings.account.maxInternalFailureRetries
            ) {
              throw new Error(
                advice.action === 'terminal'
                  ? advice.message
                  : `${advice.message} Gave up after ${retries} new requests.`,
              );
            }
            retries++;
            if (advice.action === 'follow') {
              const other = await findInFlightRequest(org, accountName);
              if (other?.Id && other.Id !== current.requestId) {
                ctx.logger.info(
                  `${advice.message} Following request ${other.Id}`,
                );
                current = {
                  kind: 'request',
                  requestId: other.Id,
                  email: current.email,
                };
                continue;
              }
            }
            const waitMs =
              Math.min(30_000, 2_000 * 2 ** retries) *
              (0.5 + Math.random() / 2);
            ctx.logger.info(
              `${advice.message} Trying again (${retries} of ${
                settings.account.maxInternalFailureRetries
              }) in ${Math.round(waitMs / 1000)} s`,
            );
            await clock.sleep(waitMs, ctx.signal);
            current = await ctx.checkpoint({
              key: `account.create.${tenantId}.retry-${retries}`,
              fn: () => startOrAdopt(email),
            });
          }
        },
      });

      async function reconcileEmailChange(
        saved: Extract<Started, { kind: 'request' }>,
        newEmail: string,
      ): Promise<Started> {
        const res = await aws('Organizations.DescribeCreateAccountStatus', () =>
          org.send(
            new DescribeCreateAccountStatusCommand({
              CreateAccountRequestId: saved.requestId,
            }),
          ),
        );
        const s = res.CreateAccountStatus ?? {};
        if (s.State === 'FAILED') {
          ctx.logger.info(
            `Earlier request ${saved.requestId} for ${saved.email} failed (${s.FailureReason}); creating the account with ${newEmail}`,
          );
          return ctx.checkpoint({
            key: `account.create.${tenantId}.${newEmail.toLowerCase()}`,
            fn: () => startOrAdopt(newEmail),
          });
        }
        if (s.State === 'SUCCEEDED') {
          ctx.logger.warn(
            `Account ${s.AccountId} was already created with ${saved.email}; keeping it, the email change to ${newEmail} has no effect`,
          );
        } else {
          ctx.logger.info(
            `Request ${saved.requestId} for ${saved.email} is still in progress; waiting on it (a second request would create a second account); the email change to ${newEmail} has no effect`,
          );
        }
        return saved;
      }

      const accountId = result.accountId;
      ctx.logger.info(`Tenant ${tenantId} has account ${accountId}`);
      const described = await aws('Organizations.DescribeAccount', () =>
        org.send(new DescribeAccountCommand({ AccountId: accountId })),
      );
      const state = described.Account?.State;
      if (state && state !== 'ACTIVE' && state !== 'PENDING_ACTIVATION') {
        throw new Error(
          `Account ${accountId} for tenant ${tenantId} is ${state}; it cannot be vended. Reopen it with AWS Support, or give the tenant another email and account name.`,
        );
      }
      await ensureTags(org, accountId, tags, ctx.checkpoint.bind(ctx), m =>
        ctx.logger.info(m),
      );
      ctx.output('accountId', accountId);
      ctx.output('accountArn', described.Account?.Arn ?? '');
      ctx.output('createAccountRequestId', result.requestId);
      ctx.output('adopted', result.adopted);
      await deps.activity.record({
        tenantId,
        summary: result.adopted
          ? `Adopted existing account ${accountId} (tenancy:account:create)`
          : `Created account ${accountId} (tenancy:account:create)`,
        taskId: ctx.task.id,
        actor: ctx.user?.ref,
      });
    },
  });
}
