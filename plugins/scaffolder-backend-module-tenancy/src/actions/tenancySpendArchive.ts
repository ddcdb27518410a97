import { createTemplateAction } from '@backstage/plugin-scaffolder-node';
import type { TenancyActionDeps } from '../deps';
import { offboardingExamples } from './offboarding.examples';
import {
  auditStep,
  offboardTargetInput,
  offboardTargetOf,
} from './offboardingCommon';

const ID = 'tenancy:spend:archive';

/**
 * `tenancy:spend:archive` — checks that the tenants backend holds the tenant's spend history
 * (up to 13 months) before the account is closed, and records it on the Activity tab. The
 * tenants backend keeps a closed tenant and its spend after its account leaves the organization,
 * so the months stay on the Spend tab and in the CSV export. Makes no AWS write.
 *
 * @public
 */
export function createTenancySpendArchiveAction(deps: TenancyActionDeps) {
  return createTemplateAction({
    id: ID,
    description:
      "Confirms the tenant's spend history is stored and stays readable after closure.",
    examples: offboardingExamples['tenancy:spend:archive'],
    supportsDryRun: true,
    schema: {
      input: offboardTargetInput,
      output: {
        months: z =>
          z.array(z.string()).describe('Months kept (YYYY-MM), oldest first'),
        lastMonth: z => z.string().describe('Last full month, decimal USD'),
      },
    },
    async handler(ctx) {
      await offboardTargetOf(deps, ctx, ID);
      const spend = await deps.portal.readSpend(ctx.input.tenantId, {
        credentials: await ctx.getInitiatorCredentials(),
      });
      // A fresh array of this realm (the answer's arrays come from the HTTP client's JSON parse).
      const months = Array.from(spend.monthly, m => String(m.month));
      ctx.output('months', months);
      ctx.output('lastMonth', spend.lastMonth);
      const line = months.length
        ? `Spend history of tenant ${ctx.input.tenantId} kept: ${
            months.length
          } months (${months[0]} to ${months[months.length - 1]}), last month ${
            spend.lastMonth
          } USD`
        : `Tenant ${ctx.input.tenantId} has no spend stored yet${
            spend.noDataReason ? ` (${spend.noDataReason})` : ''
          }`;
      ctx.logger.info(line);
      await auditStep(deps, ctx, `${line} (${ID})`);
    },
  });
}
