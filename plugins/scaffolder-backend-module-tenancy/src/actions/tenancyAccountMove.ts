import { createTemplateAction } from '@backstage/plugin-scaffolder-node';
import type { TenancyActionDeps } from '../deps';
import { moveAccount } from '../lib/moveAccount';
import { currentParent, isOuId, resolveOuPath } from '../lib/organizations';
import { assertTenantAccountId } from '../lib/centralAccounts';
import { assertTenantAccountTarget } from '../lib/tenantAccountTarget';
import { examples } from './tenancyAccountMove.examples';

/**
 * `tenancy:account:move` — puts the account in the tenant OU (by id or path). The source
 * parent is read with ListParents, never from saved state; already there is success, and a
 * DuplicateAccountException from MoveAccount (already in the destination) too.
 * IAM: organizations:ListRoots, ListOrganizationalUnitsForParent, ListParents, MoveAccount.
 *
 * @public
 */
export function createTenancyAccountMoveAction(deps: TenancyActionDeps) {
  return createTemplateAction({
    id: 'tenancy:account:move',
    description:
      'Moves the tenant account into its OrganizationalUnit; already there is success.',
    examples,
    supportsDryRun: true,
    schema: {
      input: {
        accountId: z => z.string().describe('12-digit AWS account id'),
        ou: z =>
          z
            .string()
            .optional()
            .describe(
              'Destination OrganizationalUnit: an id (ou-…) or a path from the root (/Tenants/premium); default tenancy.tenants.ouPath',
            ),
        tier: z =>
          z
            .string()
            .regex(/^[A-Za-z0-9_.-]{1,128}$/, 'an OU name')
            .optional()
            .describe(
              'Tier: when ou is not given, the destination is <tenancy.tenants.ouPath>/<tier>',
            ),
        tenantId: z =>
          z.string().optional().describe('Tenant id, for the Activity tab'),
      },
      output: {
        ouId: z =>
          z.string().describe('Id of the destination OrganizationalUnit'),
        ouPath: z =>
          z
            .string()
            .describe(
              'Path of the destination, e.g. /Tenants/premium (empty when given by id)',
            ),
        previousParentId: z =>
          z
            .string()
            .describe(
              'Parent before the move (root r-… or ou-…); empty in a dry run for a new account',
            ),
        moved: z =>
          z
            .boolean()
            .describe('False when the account already was in the destination'),
      },
    },
    async handler(ctx) {
      const { accountId } = ctx.input;
      const newAccount = assertTenantAccountId(
        accountId,
        deps.settings.centralAccounts,
        'tenancy:account:move',
        ctx.isDryRun,
      );
      const root = deps.settings.ouPath === '/' ? '' : deps.settings.ouPath;
      const destination =
        ctx.input.ou ||
        (ctx.input.tier ? `${root}/${ctx.input.tier}` : deps.settings.ouPath);
      const org = await deps.clients.organizations();
      if (!newAccount) {
        await assertTenantAccountTarget(org, {
          accountId,
          tenantId: ctx.input.tenantId,
          tagKey: deps.settings.tenantTagKey,
          tenantsOuPath: deps.settings.ouPath,
          action: 'tenancy:account:move',
        });
      }
      const ouId = isOuId(destination)
        ? destination
        : await resolveOuPath(org, destination);
      if (newAccount) {
        // A dry run that would create the account: it would start at the root; nothing to ask
        // AWS about an account that does not exist.
        ctx.logger.info(
          `Dry run: would move the new account into ${destination} (${ouId})`,
        );
        ctx.output('ouId', ouId);
        ctx.output('ouPath', isOuId(destination) ? '' : destination);
        ctx.output('previousParentId', '');
        ctx.output('moved', true);
        return;
      }
      const parentId = await currentParent(org, accountId);
      ctx.output('ouId', ouId);
      ctx.output('ouPath', isOuId(destination) ? '' : destination);
      ctx.output('previousParentId', parentId);
      if (parentId === ouId) {
        ctx.logger.info(
          `Account ${accountId} already is in ${destination} (${ouId}); nothing to move`,
        );
        ctx.output('moved', false);
        return;
      }
      if (ctx.isDryRun) {
        ctx.logger.info(
          `Dry run: would move account ${accountId} from ${parentId} to ${destination} (${ouId})`,
        );
        ctx.output('moved', true);
        return;
      }
      await moveAccount(
        org,
        { accountId, parentId, ouId },
        ctx.checkpoint.bind(ctx),
        l => ctx.logger.info(l),
      );
      ctx.logger.info(
        `Moved account ${accountId} from ${parentId} to ${destination} (${ouId})`,
      );
      ctx.output('moved', true);
      if (ctx.input.tenantId) {
        await deps.activity.record({
          tenantId: ctx.input.tenantId,
          summary: `Moved account ${accountId} to ${destination} (tenancy:account:move)`,
          taskId: ctx.task.id,
          actor: ctx.user?.ref,
        });
      }
    },
  });
}
