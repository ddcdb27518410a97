import { stringifyEntityRef } from '@backstage/catalog-model';
import { createTemplateAction } from '@backstage/plugin-scaffolder-node';
import type { TenancyActionDeps } from '../deps';
import { assertTenantAccountId } from '../lib/centralAccounts';
import { assertOwnerGroup } from '../lib/ownerCheck';
import { assertValidTenantInputs } from '../lib/validate';
import { examples } from './tenancyTenantRegister.examples';

/**
 * `tenancy:tenant:register` — makes the Tenant entity of the vended account appear in the catalog
 * now, and waits until it is there. The entity itself belongs to the catalog module
 * (`catalogModuleTenants`); see {@link CatalogTenantRegistrar}.
 *
 * @public
 */
export function createTenancyTenantRegisterAction(deps: TenancyActionDeps) {
  return createTemplateAction({
    id: 'tenancy:tenant:register',
    description: 'Makes the new Tenant entity appear in the catalog now.',
    examples,
    supportsDryRun: true,
    schema: {
      input: {
        tenantId: z => z.string().describe('Tenant id (the entity name)'),
        displayName: z => z.string().optional().describe('Title of the entity'),
        accountId: z => z.string().describe('12-digit AWS account id'),
        accountName: z => z.string().describe('AWS account name'),
        owner: z =>
          z
            .string()
            .describe('Owner group entity ref, e.g. group:default/team-acme'),
        tier: z => z.string().describe('Tenant tier, e.g. premium'),
        ouPath: z =>
          z
            .string()
            .describe(
              'Path of the account’s OrganizationalUnit, e.g. /Tenants/premium',
            ),
        regions: z =>
          z.array(z.string()).optional().describe('Regions the tenant runs in'),
        timeoutSeconds: z =>
          z
            .number()
            .int()
            .positive()
            .optional()
            .describe('How long to wait for the entity, seconds'),
      },
      output: {
        entityRef: z => z.string().describe('tenant:default/<tenantId>'),
      },
    },
    async handler(ctx) {
      const { tenantId, accountId } = ctx.input;
      assertValidTenantInputs({ tenantId, accountName: ctx.input.accountName });
      assertTenantAccountId(
        accountId,
        deps.settings.centralAccounts,
        'tenancy:tenant:register',
        ctx.isDryRun,
      );
      const owner = await assertOwnerGroup(ctx.input.owner, deps.owners);
      const entityRef = stringifyEntityRef({
        kind: 'Tenant',
        namespace: 'default',
        name: tenantId,
      }).toLocaleLowerCase('en-US');
      if (ctx.isDryRun) {
        ctx.logger.info(
          `Dry run: would register ${entityRef} for account ${accountId}`,
        );
        ctx.output('entityRef', entityRef);
        return;
      }
      const result = await deps.registrar.register(
        {
          tenantId,
          displayName: ctx.input.displayName,
          accountId,
          accountName: ctx.input.accountName,
          owner,
          tier: ctx.input.tier,
          ouPath: ctx.input.ouPath,
          regions: ctx.input.regions ?? [],
        },
        {
          credentials: await ctx.getInitiatorCredentials(),
          logger: ctx.logger,
          timeoutSeconds:
            ctx.input.timeoutSeconds ?? deps.settings.register.timeoutSeconds,
          signal: ctx.signal,
        },
      );
      ctx.logger.info(`${result.entityRef} is in the catalog`);
      ctx.output('entityRef', result.entityRef);
      await deps.activity.record({
        tenantId,
        summary: `Registered ${result.entityRef} in the catalog (tenancy:tenant:register)`,
        taskId: ctx.task.id,
        actor: ctx.user?.ref,
      });
    },
  });
}
