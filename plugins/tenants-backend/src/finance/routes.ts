import {
  ConflictError,
  InputError,
  NotAllowedError,
  NotFoundError,
} from '@backstage/errors';
import {
  tenantSpendReadPermission,
  isoDate,
  monthOf,
} from '@tenancy/plugin-tenants-common';
import type { AwsClientFactory } from '@tenancy/plugin-tenants-node';
import Router from 'express-promise-router';
import type { Request } from 'express';
import type {
  TenantsRouteContext,
  TenantsSubRouterFactory,
} from '../routeContext';
import { loadTenant } from '../inventory/routes';
import { noQuerySchema, parseOrThrow } from '../inventory/query';
import { assertNoBody } from '../inventory/noBody';
import { oldestStoredMonth } from '../spend/fleetViews';
import { actorOf } from '../permissions/actor';
import type { FinanceStore } from './FinanceStore';
import type { FinanceSettings } from './settings';
import { passesBudgetFilter, BudgetView } from './budgets/budgetStatus';
import type { TenantAnomaly } from './anomalies/anomalies';
import { generateReport } from './reports/generateReport';
import { writeOrDrain } from '../spend/exportStream';
import { uncompressedBody } from '../spend/csvResponse';
import {
  budgetsQuerySchema,
  financeFleetQuerySchema,
  reportCsvQuerySchema,
  reportMonthSchema,
} from './query';

/** The anomalies as the routes answer them: read or not, a monitor or none, then the items. */
function anomaliesView(
  doc: { body: AnomaliesDoc } | undefined,
  items: (
    body: Exclude<AnomaliesDoc, { monitors: 'none' }>,
  ) => Record<string, unknown>,
) {
  if (!doc) return { status: 'not-read' as const };
  if (doc.body.monitors === 'none') return { status: 'no-monitor' as const };
  return {
    status: 'ok' as const,
    ...items(doc.body as Exclude<AnomaliesDoc, { monitors: 'none' }>),
  };
}

type AnomaliesDoc =
  | { monitors: 'none' }
  | {
      monitors: unknown[];
      tenants: Record<string, TenantAnomaly[]>;
      unattributed: number;
    };

/**
 * Routes of the finance snapshot (`tenants.spend.read`; the fleet routes need it for every
 * tenant), served from the database except the report regeneration:
 * - `GET /tenants/:tenantId/finance` → budget, anomalies, footprint and unit cost of a tenant
 * - `GET /finance/fleet?month=YYYY-MM` → footprint leaders, unit-cost distribution, anomalies
 * - `GET /finance/budgets?state=over|forecast-over` → tenants' budgets, filtered
 * - `GET /finance/reports` → the stored chargeback reports with their generation time
 * - `GET /finance/reports/:month.csv?part=rows|summary` → a report's CSV; an audit event
 *   `finance-report-download` per download
 * - `POST /finance/reports/:month/regenerate` → rebuilds a closed month's report (audit event
 *   `finance-report-generate`); 409 while Cost Explorer still marks the month estimated, and
 *   within `tenancy.finance.regenerateIntervalSeconds` of the stored report's generation (each
 *   regeneration pays for its Cost Explorer pages); requests for a month already being
 *   regenerated in this replica share that generation
 */
export function createFinanceRouter(deps: {
  store: () => Promise<FinanceStore>;
  settings: FinanceSettings;
  clients: AwsClientFactory;
  now?: () => Date;
}): TenantsSubRouterFactory {
  return (ctx: TenantsRouteContext) => {
    const router = Router();
    const now = () => deps.now?.() ?? new Date();
    /** Regenerations under way in this replica, by month: a second request shares the first. */
    const regenerating = new Map<string, ReturnType<typeof generateReport>>();
    const assertFleet = async (req: Request) => {
      const scope = await ctx.access.scope(
        tenantSpendReadPermission,
        await ctx.httpAuth.credentials(req),
      );
      if (!scope.all)
        throw new NotAllowedError(
          `Finance views need ${tenantSpendReadPermission.name} for every tenant`,
        );
    };

    /** Runs `fn` inside an audit event naming the caller; its answer is the success meta. */
    const audited = async (
      req: Request,
      eventId: string,
      meta: Record<string, string>,
      fn: () => Promise<Record<string, number>>,
    ) => {
      const credentials = await ctx.httpAuth.credentials(req, {
        allow: ['user', 'service'],
      });
      const auditEvent = await ctx.auditor.createEvent({
        eventId,
        severityLevel: 'medium',
        request: req,
        meta: { actor: actorOf(credentials), ...meta },
      });
      try {
        await auditEvent.success({ meta: await fn() });
      } catch (error) {
        await auditEvent.fail({ error: error as Error });
        throw error;
      }
    };

    router.get('/tenants/:tenantId/finance', async (req, res) => {
      parseOrThrow(noQuerySchema, req.query);
      const tenant = await loadTenant(ctx, req.params.tenantId);
      await ctx.access.assertTenant(
        tenantSpendReadPermission,
        await ctx.httpAuth.credentials(req),
        tenant,
      );
      const store = await deps.store();
      const anomalies = await store.document<AnomaliesDoc>('anomalies', '');
      const budget = await store.document<BudgetView>(
        'budget',
        tenant.tenantId,
      );
      const footprint = await store.document('footprint', tenant.tenantId);
      const unit = await store.document('unit-cost', tenant.tenantId);
      res.json({
        tenantId: tenant.tenantId,
        budget: budget?.body ?? null,
        anomalies: anomaliesView(anomalies, body => ({
          items: body.tenants[tenant.tenantId] ?? [],
        })),
        anomaliesReadAt: anomalies?.updatedAt ?? null,
        footprint: footprint?.body ?? [],
        unitCost: unit?.body ?? [],
        updatedAt: footprint?.updatedAt ?? budget?.updatedAt ?? null,
      });
    });

    router.get('/finance/fleet', async (req, res) => {
      const q = parseOrThrow(financeFleetQuerySchema, req.query);
      await assertFleet(req);
      const store = await deps.store();
      const month = q.month ?? monthOf(isoDate(now()));
      const footprint = await store.document('footprint-fleet', month);
      const unit = await store.document('unit-cost-fleet', month);
      const anomalies = await store.document<AnomaliesDoc>('anomalies', '');
      const months = [
        ...(await store.documents('footprint-fleet')).keys(),
      ].sort();
      if (!footprint && months.length)
        throw new InputError(
          `finance is stored for ${months[0]} to ${
            months[months.length - 1]
          }; got ${month}`,
        );
      res.json({
        month,
        availableMonths: months,
        footprint: footprint?.body ?? [],
        unitCost: unit?.body ?? null,
        anomalies: anomaliesView(anomalies, body => ({
          monitors: body.monitors,
          items: Object.values(body.tenants).flat(),
          unattributed: body.unattributed,
        })),
        updatedAt: footprint?.updatedAt ?? null,
      });
    });

    router.get('/finance/budgets', async (req, res) => {
      const q = parseOrThrow(budgetsQuerySchema, req.query);
      await assertFleet(req);
      const views = await (await deps.store()).documents<BudgetView>('budget');
      const rows = [...views.entries()]
        .filter(([, v]) => !q.state || passesBudgetFilter(v.state, q.state))
        .map(([tenantId, v]) => ({ tenantId, ...v }))
        .sort((a, b) => a.tenantId.localeCompare(b.tenantId));
      res.json({ items: rows });
    });

    router.get('/finance/reports', async (req, res) => {
      parseOrThrow(noQuerySchema, req.query);
      await assertFleet(req);
      res.json({ items: await (await deps.store()).listReports() });
    });

    router.get('/finance/reports/:month.csv', async (req, res) => {
      const month = parseOrThrow(reportMonthSchema, req.params.month, 'path');
      const q = parseOrThrow(reportCsvQuerySchema, req.query);
      const part = q.part ?? 'rows';
      await audited(
        req,
        'finance-report-download',
        { month, part },
        async () => {
          await assertFleet(req);
          const store = await deps.store();
          if (!(await store.hasReport(month)))
            throw new NotFoundError(`No chargeback report for ${month}`);
          res.setHeader('Content-Type', 'text/csv; charset=utf-8');
          res.setHeader(
            'Content-Disposition',
            `attachment; filename="chargeback-${month}${
              part === 'summary' ? '-summary' : ''
            }.csv"`,
          );
          let lines = 0;
          uncompressedBody(res);
          for await (const page of store.reportLinePages(month, part)) {
            lines += page.length;
            await writeOrDrain(res, `${page.join('\r\n')}\r\n`);
          }
          res.end();
          return { lines: lines - 1 };
        },
      );
    });

    router.post('/finance/reports/:month/regenerate', async (req, res) => {
      parseOrThrow(noQuerySchema, req.query);
      const month = parseOrThrow(reportMonthSchema, req.params.month, 'path');
      await audited(req, 'finance-report-generate', { month }, async () => {
        await assertFleet(req);
        assertNoBody(req, 'POST /finance/reports/{month}/regenerate');
        if (month >= monthOf(isoDate(now())))
          throw new InputError(
            `${month} is not closed yet: reports are for closed months`,
          );
        // Cost Explorer answers the last 13 months (ValidationException before them, after a
        // paid call): refused here, for free.
        const oldest = oldestStoredMonth(now());
        if (month < oldest)
          throw new InputError(
            `${month} is before ${oldest}: Cost Explorer answers the 13 months from ${oldest}, so no report can be made of it`,
          );
        let running = regenerating.get(month);
        if (!running) {
          // Registered before the first await: a request arriving meanwhile shares it (its
          // refusal too).
          running = (async () => {
            const store = await deps.store();
            const stored = (await store.listReports()).find(
              r => r.month === month,
            );
            const interval = deps.settings.regenerateIntervalSeconds;
            const allowedAt = stored
              ? Date.parse(stored.generatedAt) + interval * 1000
              : -Infinity;
            if (stored && now().getTime() < allowedAt) {
              throw new ConflictError(
                `The ${month} report was generated at ${
                  stored.generatedAt
                }; it can be regenerated from ${new Date(
                  allowedAt,
                ).toISOString()} (tenancy.finance.regenerateIntervalSeconds: ${interval}): each regeneration reads Cost Explorer again, at USD 0.01 a page`,
              );
            }
            return generateReport({
              ce: await deps.clients.costExplorer(),
              store,
              month,
              tenants: await ctx.store.listAllTenants(),
              now: now(),
              pageMetric: deps.settings.metric,
            });
          })().finally(() => regenerating.delete(month));
          regenerating.set(month, running);
        }
        const out = await running;
        if (!out.final) {
          throw new ConflictError(
            `${month} is still estimated in Cost Explorer; its report is produced once the month is final`,
          );
        }
        res.json(out.report);
        return { rows: out.report.rowCount };
      });
    });

    return router;
  };
}
