import type {
  TenantsCollector,
  CollectorContext,
} from '@tenancy/plugin-tenants-node';
import type { TenantsStore } from '../inventory/store/types';
import type { SpendStore } from './SpendStore';
import type { SpendSettings } from './settings';
import { fetchSpend, SPEND_PARTS, SpendPart } from './spendFetch';
import { buildTenantSpend, SpendFact } from './spendModel';
import { forEachBatch } from '../refresh/batches';
import {
  addMonths,
  monthOf,
  monthToDate,
} from '@tenancy/plugin-tenants-common';

/**
 * The `spend` collector: reads Cost Explorer from the payer account (see {@link fetchSpend}),
 * stores the facts page by page as they come (closed months once; memory holds one page,
 * docs/memory.md), records which parts failed (their last values stay,
 * each failure reported on the run) and writes each tenant's month-to-date spend and
 * month-over-month change into the tenants list's summary columns, `tenancy.refresh.batchSize`
 * tenants at a time.
 */
export class SpendCollector implements TenantsCollector {
  readonly name = 'spend';

  constructor(
    private readonly deps: {
      store: () => Promise<SpendStore>;
      tenants: TenantsStore;
      settings: SpendSettings;
    },
  ) {}

  async collect(ctx: CollectorContext): Promise<void> {
    const { settings } = this.deps;
    const metric = settings.spendMetric;
    const insights = await this.deps.store();
    const ce = await ctx.clients.costExplorer();
    const result = await fetchSpend(
      ce,
      {
        now: ctx.now,
        metric,
        tagKey: settings.tenantTagKey,
        tenantAccountIds: new Set(ctx.tenants.map(t => t.accountId)),
        cachedClosedMonths: await insights.cachedClosedMonths(metric),
        dailyStoredThrough: await insights.dailyThrough(metric),
        signal: ctx.signal,
      },
      slice => insights.openSlice(metric, slice),
    );
    await insights.replaceSpend(
      metric,
      [],
      result.closedMonthsFetched,
      ctx.now,
    );
    await insights.recordParts(metric, result.failed, ctx.now);
    for (const [part, error] of Object.entries(result.failed)) {
      ctx.reportError({
        message: `Spend: ${
          SPEND_PARTS[part as SpendPart]
        } not refreshed, last values kept: ${error}`,
      });
    }
    await insights.recordCollection({
      metric,
      collectedAt: ctx.now,
      tenants: ctx.tenants.map(t => ({
        tenantId: t.tenantId,
        accountId: t.accountId,
        joinedAt: t.joinedAt,
      })),
      tagStatus: result.tagStatus,
      dailyThrough: result.dailyThrough,
    });

    // The tenants list's columns, batch by batch: one batch's facts in memory at a time.
    await forEachBatch(ctx.tenants, settings.batchSize, async batch => {
      const facts = await insights.spendFacts({
        metric,
        from: `${addMonths(monthOf(ctx.now), -1)}-01`,
        to: monthToDate(ctx.now).end,
        accountIds: batch.map(t => t.accountId),
        dimensions: ['RECORD_TYPE', 'TOTAL'],
      });
      const byAccount = new Map<string, SpendFact[]>();
      for (const f of facts) {
        const list = byAccount.get(f.accountId) ?? [];
        list.push(f);
        byAccount.set(f.accountId, list);
      }
      await this.deps.tenants.updateTenantSummaries(
        batch.map(t => {
          const s = buildTenantSpend(
            byAccount.get(t.accountId) ?? [],
            ctx.now,
            {
              metric,
            },
          );
          return {
            tenantId: t.tenantId,
            spendMonthToDate: s.noData ? null : s.monthToDate,
            spendChangeRatio: s.changeRatio,
          };
        }),
      );
    });
  }
}
