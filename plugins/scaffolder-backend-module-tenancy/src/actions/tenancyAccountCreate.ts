import { DescribeAccountCommand } from '@aws-sdk/client-organizations';
import { createTemplateAction } from '@backstage/plugin-scaffolder-node';
import { accountEmailFor } from '@tenancy/plugin-tenants-common';
import type { TenancyActionDeps } from '../deps';
import { ensureTags } from '../lib/accounts';
import { DRY_RUN_ACCOUNT_ID } from '../lib/centralAccounts';
import { createOrAdoptAccount, foundByTagNote } from '../lib/accountCreation';
import { findTenantAccount } from '../lib/identity';
import { aws } from '../lib/organizations';
import { assertOwnerGroup } from '../lib/ownerCheck';
import { tenantTags } from '../lib/tags';
import { assertValidTenantInputs } from '../lib/validate';
import { examples } from './tenancyAccountCreate.examples';

export { DRY_RUN_ACCOUNT_ID } from '../lib/centralAccounts';

/**
 * `tenancy:account:create` — the tenant's AWS account. First, with no AWS call, the inputs and
 * the owner (an existing catalog Group, lower-cased as the catalog compares refs); then the
 * identity invariants of `lib/identity` (an account belongs to at most one tenant, a tenant has
 * at most one account, tenant ids and emails compare case-insensitively, central accounts and
 * untagged accounts outside the root and the tenants OU tree are never tenants), in dry runs
 * too; then adopts the existing account or an in-flight request, else CreateAccount with the
 * tags, followed with backoff, progress lines and a deadline (`lib/accountCreation`). A dry run
 * that would create the account answers `accountId` {@link DRY_RUN_ACCOUNT_ID} (no account id).
 * IAM: organizations:ListAccounts, ListTagsForResource, ListParents, ListRoots,
 * ListOrganizationalUnitsForParent, DescribeOrganizationalUnit, DescribeOrganization,
 * ListCreateAccountStatus,
 * CreateAccount, DescribeCreateAccountStatus, DescribeAccount, TagResource;
 * iam:CreateServiceLinkedRole.
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
        owner: z =>
          z
            .string()
            .optional()
            .describe(
              'Owner Group entity ref, e.g. group:default/team-acme (compared and tagged in lower case); checked in the catalog before any AWS call. Default the owner tag',
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
        accountId: z =>
          z
            .string()
            .describe(
              "12-digit AWS account id; in a dry run that would create the account, '(new account)' (no account id)",
            ),
        accountArn: z =>
          z
            .string()
            .describe(
              'ARN of the account; empty in a dry run that would create it',
            ),
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
      const given = ctx.input.owner ?? ctx.input.tags?.owner;
      assertValidTenantInputs({ tenantId, accountName, email, owner: given });
      // The owner, lower-cased as the catalog compares refs, before any AWS call; the owner tag
      // carries that form.
      const owner =
        given === undefined
          ? undefined
          : await assertOwnerGroup(given, deps.owners);
      const tags = tenantTags(
        tenantId,
        { ...ctx.input.tags, ...(owner ? { owner } : {}) },
        settings.tenantTagKey,
      );
      const org = await deps.clients.organizations();
      const lookup = {
        email,
        accountName,
        tenantId,
        tagKey: settings.tenantTagKey,
        tenantsOuPath: settings.ouPath,
        central: settings.centralAccounts,
        action: 'tenancy:account:create',
      };

      if (ctx.isDryRun) {
        const existing = await findTenantAccount(org, lookup);
        ctx.logger.info(
          existing
            ? `Dry run: would adopt account ${
                existing.Id
              } for tenant ${tenantId}${foundByTagNote(
                existing,
                email,
              )}; no CreateAccount`
            : `Dry run: would call CreateAccount for tenant ${tenantId} (account name ${accountName}, ${tags.length} tags)`,
        );
        // No account id for an account that does not exist yet: the placeholder is no id.
        ctx.output('accountId', existing?.Id ?? DRY_RUN_ACCOUNT_ID);
        ctx.output('accountArn', existing?.Arn ?? '');
        ctx.output('createAccountRequestId', '');
        ctx.output('adopted', Boolean(existing));
        return;
      }

      const result = await ctx.checkpoint({
        key: `account.create.${tenantId}.result`,
        fn: () =>
          createOrAdoptAccount({
            org,
            lookup,
            tags,
            roleName: settings.account.roleName,
            timeoutSeconds:
              ctx.input.timeoutSeconds ?? settings.account.timeoutSeconds,
            maxInternalFailureRetries:
              settings.account.maxInternalFailureRetries,
            poll: settings.poll,
            clock,
            logger: ctx.logger,
            checkpoint: ctx.checkpoint.bind(ctx),
            signal: ctx.signal,
          }).then(r => ({ ...r })),
      });

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
