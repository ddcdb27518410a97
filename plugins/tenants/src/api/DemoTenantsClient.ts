import {
  HEALTH_RANK,
  monthOf,
  usdToCents,
  type FleetSpend,
  type FleetSpendQuery,
  type Guardrail,
  type RefreshRun,
  type SourceFreshness,
  type TenantActivity,
  type TenantCompliance,
  type TenantDeployments,
  type TenantHealth,
  type TenantListQuery,
  type TenantListResponse,
  type TenantRecentErrors,
  type TenantSpend,
  type TenantSummary,
} from '@tenancy/plugin-tenants-common';
import { NotFoundError } from '@backstage/errors';
import { TenantsApi } from './TenantsApi';
import { DEMO_GUARDRAILS, demoSeries, demoTenant } from './demoData';
import { demoFleetSpend, demoTenantSpend, pageDemoFleet } from './demoSpend';
import { demoRecentErrors } from './demoLogs';
import { demoDeployments } from './demoDeployments';

/**
 * A deterministic, in-memory {@link TenantsApi} for the plugin's dev app and demos: the same
 * `count` tenants, spend, health and compliance on every load (no randomness, `now` fixed).
 * @public
 */
export class DemoTenantsClient implements TenantsApi {
  private readonly tenants: TenantSummary[];
  private readonly now: Date;

  constructor(options?: { count?: number; now?: Date }) {
    this.now = options?.now ?? new Date('2025-05-20T12:00:00Z');
    const count = options?.count ?? 50;
    this.tenants = Array.from({ length: count }, (_, i) =>
      demoTenant(i, count, this.now),
    );
  }

  async listTenants(query: TenantListQuery): Promise<TenantListResponse> {
    const limit = Math.min(query.limit ?? 50, 100);
    const offset = query.offset ?? 0;
    const q = query.q?.trim().toLowerCase();
    const rows = this.tenants.filter(
      t =>
        (!query.state?.length || query.state.includes(t.state)) &&
        (!query.tier?.length || query.tier.includes(t.tier ?? '')) &&
        (!query.owner?.length || query.owner.includes(t.owner ?? '')) &&
        (!query.health?.length ||
          query.health.includes(t.healthStatus ?? 'unknown')) &&
        (!query.release?.length ||
          (t.release && query.release.includes(t.release.status))) &&
        (!q ||
          [t.tenantId, t.accountName, t.accountId].some(v =>
            v.toLowerCase().includes(q),
          )),
    );
    // The backend's order: a tenant without a value sorts last in both directions, health by
    // the one HEALTH_RANK (healthy first ascending), ties by tenant id in the same direction.
    const key = (t: TenantSummary): string | number | null => {
      switch (query.sort) {
        case 'spend':
          return t.spendMonthToDate === null
            ? null
            : usdToCents(t.spendMonthToDate);
        case 'health':
          return t.healthStatus ? HEALTH_RANK[t.healthStatus] : null;
        case 'compliance':
          return t.complianceScore && t.complianceScore.evaluated > 0
            ? t.complianceScore.compliant / t.complianceScore.evaluated
            : null;
        case 'state':
          return t.state;
        case 'tier':
          return t.tier;
        case 'owner':
          return t.owner;
        case 'joined':
          return t.joinedAt;
        default:
          return t.tenantId;
      }
    };
    const dir = query.order === 'desc' ? -1 : 1;
    rows.sort((a, b) => {
      const ka = key(a);
      const kb = key(b);
      if (ka === kb) return a.tenantId.localeCompare(b.tenantId) * dir;
      if (ka === null) return 1;
      if (kb === null) return -1;
      return (ka < kb ? -1 : 1) * dir;
    });
    return {
      items: rows.slice(offset, offset + limit),
      totalCount: rows.length,
      limit,
      offset,
      // The demo user is a platform engineer: every column, for every tenant.
      columns: { spend: true, health: true, compliance: true, release: true },
      conditionalColumns: {
        spend: false,
        health: false,
        compliance: false,
        release: false,
      },
    };
  }

  async getTenant(tenantId: string): Promise<TenantSummary> {
    const tenant = this.tenants.find(t => t.tenantId === tenantId);
    if (!tenant) throw new NotFoundError(`No tenant '${tenantId}'`);
    return tenant;
  }

  async getTenantActivity(
    tenantId: string,
  ): Promise<{ items: TenantActivity[] }> {
    const tenant = await this.getTenant(tenantId);
    const steps = [
      'Account created (tenancy:account:create)',
      'Moved to the tenants OU (tenancy:account:move)',
      'Guardrail SCPs attached (tenancy:guardrails:attach)',
      'Baseline StackSet instance deployed (tenancy:baseline:apply)',
      'Budget created (tenancy:budget:create)',
      'Registered in the catalog (tenancy:tenant:register)',
    ];
    const taskId = `task-${tenant.accountId.slice(-6)}`;
    const joined = Date.parse(tenant.joinedAt);
    const vending: TenantActivity[] = steps.map((summary, i) => ({
      id: `${tenantId}-v${i}`,
      tenantId,
      kind: 'vending',
      summary,
      taskId,
      actor: 'user:default/platform-engineer',
      at: new Date(joined + i * 60000).toISOString(),
    }));
    const refreshes: TenantActivity[] = [1, 2, 3].map(h => ({
      id: `${tenantId}-r${h}`,
      tenantId,
      kind: 'refresh',
      summary: 'Refreshed inventory, spend, health and compliance',
      at: new Date(this.now.getTime() - h * 3600000).toISOString(),
    }));
    return { items: [...refreshes, ...vending.reverse()] };
  }

  async getTenantSpend(tenantId: string): Promise<TenantSpend> {
    return demoTenantSpend(await this.getTenant(tenantId), this.now);
  }

  async getTenantDeployments(tenantId: string): Promise<TenantDeployments> {
    return demoDeployments(await this.getTenant(tenantId), this.now);
  }

  async getTenantHealth(tenantId: string): Promise<TenantHealth> {
    const t = await this.getTenant(tenantId);
    const seed = Number(t.accountId.slice(-5));
    const status = t.healthStatus ?? 'unknown';
    const ALARMS_BY_STATUS: Record<string, number> = {
      critical: 2,
      degraded: 1,
    };
    const alarmCount = ALARMS_BY_STATUS[status] ?? 0;
    const alarmList: TenantHealth['alarmList'] = [
      ...Array.from({ length: alarmCount }, (_, i) => ({
        name: i ? 'api-latency-p95' : 'api-5xx',
        state: 'ALARM' as const,
        reason:
          'Threshold Crossed: 1 datapoint was greater than the threshold (5.0).',
      })),
      {
        name: 'queue-depth',
        state:
          status === 'unknown'
            ? ('INSUFFICIENT_DATA' as const)
            : ('OK' as const),
      },
      { name: 'lambda-errors', state: 'OK' as const },
    ];
    const inAlarm = alarmList.filter(a => a.state === 'ALARM').map(a => a.name);
    let reason = 'No alarm in ALARM';
    if (alarmCount > 0) {
      reason = `${alarmCount} alarm${
        alarmCount > 1 ? 's' : ''
      } in ALARM: ${inAlarm.join(', ')}`;
    } else if (status === 'unknown') {
      reason = 'Not enough data: 1 alarm has INSUFFICIENT_DATA';
    }
    return {
      status,
      reason,
      alarms: {
        ALARM: alarmCount,
        OK: alarmList.filter(a => a.state === 'OK').length,
        INSUFFICIENT_DATA: alarmList.filter(
          a => a.state === 'INSUFFICIENT_DATA',
        ).length,
      },
      alarmList,
      series24h: [
        demoSeries(
          seed,
          'http5xx',
          'HTTP 5xx responses',
          'Count',
          300,
          288,
          this.now,
        ),
        demoSeries(
          seed + 1,
          'lambdaErrors',
          'Lambda errors',
          'Count',
          300,
          288,
          this.now,
        ),
      ],
      series7d: [
        demoSeries(
          seed + 2,
          'http5xx',
          'HTTP 5xx responses',
          'Count',
          3600,
          168,
          this.now,
        ),
        demoSeries(
          seed + 3,
          'lambdaErrors',
          'Lambda errors',
          'Count',
          3600,
          168,
          this.now,
        ),
      ],
      collectedAt: new Date(this.now.getTime() - 12 * 60000).toISOString(),
    };
  }

  async getTenantRecentErrors(
    tenantId: string,
    minutes?: number,
  ): Promise<TenantRecentErrors> {
    return demoRecentErrors(await this.getTenant(tenantId), this.now, minutes);
  }

  async getTenantCompliance(tenantId: string): Promise<TenantCompliance> {
    const t = await this.getTenant(tenantId);
    const i = this.tenants.indexOf(t);
    const guardrails = DEMO_GUARDRAILS.map(g => {
      if (g.kind === 'preventive')
        return {
          guardrailId: g.id,
          status: 'attached' as const,
          detail: `Attached to ${t.ouId}`,
        };
      if (g.id === 'rds-storage-encrypted')
        return {
          guardrailId: g.id,
          status: 'no-data' as const,
          detail: 'No applicable resources',
        };
      if (g.id === 'tenant-custom-tagging' && i % 5 === 0)
        return {
          guardrailId: g.id,
          status: 'evaluation-failing' as const,
          detail: 'Last evaluation failed: the rule Lambda timed out',
        };
      if (g.id === 's3-bucket-sse-enabled' && i % 3 === 0)
        return {
          guardrailId: g.id,
          status: 'non-compliant' as const,
          detail: '2 buckets without default encryption',
        };
      return { guardrailId: g.id, status: 'compliant' as const };
    });
    return {
      score: t.complianceScore ?? {
        compliant: 0,
        evaluated: 0,
        noData: 0,
        evaluationFailing: 0,
        total: DEMO_GUARDRAILS.length,
      },
      guardrails,
      findings: {
        member: true,
        low: i % 4,
        medium: i % 3,
        high: i % 5 === 0 ? 1 : 0,
        critical: 0,
      },
      baselineStatus: 'CURRENT',
      collectedAt: new Date(this.now.getTime() - 12 * 60000).toISOString(),
    };
  }

  async listGuardrails(): Promise<{ items: Guardrail[] }> {
    return { items: DEMO_GUARDRAILS };
  }

  async listRefreshRuns(limit = 1): Promise<{ items: RefreshRun[] }> {
    const finished = new Date(this.now.getTime() - 12 * 60000);
    const run: RefreshRun = {
      id: 'run-demo-1',
      startedAt: new Date(finished.getTime() - 42000).toISOString(),
      finishedAt: finished.toISOString(),
      status: 'succeeded',
      awsCalls: {
        'Organizations.ListAccountsForParent': 3,
        'CostExplorer.GetCostAndUsage': 4,
      },
      errors: [
        {
          tenantId: this.tenants[2]?.tenantId,
          accountId: this.tenants[2]?.accountId,
          collector: 'health',
          message:
            'CloudWatch GetMetricData answered PartialData after 3 pages',
        },
      ],
      tenantCount: this.tenants.length,
      durationSeconds: 42,
    };
    return { items: [run].slice(0, limit) };
  }

  async listSourceFreshness(): Promise<{ items: SourceFreshness[] }> {
    const ago = (minutes: number) =>
      new Date(this.now.getTime() - minutes * 60000).toISOString();
    const item = (
      source: string,
      minutes: number,
      cadenceSeconds: number,
    ): SourceFreshness => ({
      source,
      refreshedAt: ago(minutes),
      attemptedAt: ago(minutes),
      error: null,
      refreshing: false,
      cadenceSeconds,
    });
    return {
      items: [
        item('inventory', 300, 86400),
        item('health', 6, 3600),
        item('spend', 180, 28800),
        item('compliance', 65, 21600),
      ],
    };
  }

  async startRefresh(): Promise<{ runId: string }> {
    return { runId: 'run-demo-2' };
  }

  async getFleetSpend(
    month?: string,
    page?: Omit<FleetSpendQuery, 'month'>,
  ): Promise<FleetSpend> {
    return pageDemoFleet(
      demoFleetSpend(this.tenants, month ?? monthOf(this.now), this.now),
      page,
    );
  }

  async getSpendExportUrl(from: string, to: string): Promise<string> {
    return `/api/tenants/spend/export.csv?${new URLSearchParams({ from, to })}`;
  }

  async downloadSpendExport(from: string, to: string): Promise<Blob> {
    const rows = ['tenantId,accountId,month,service,amount'];
    for (const t of this.tenants.slice(0, 5))
      rows.push(
        `${t.tenantId},${t.accountId},${from},AWS Lambda,${
          t.spendMonthToDate ?? '0.00'
        }`,
      );
    return new Blob([`${rows.join('\n')}\n# ${from}..${to}\n`], {
      type: 'text/csv',
    });
  }
}
