/*
 * The lower bound L(N) of a steady refresh's AWS calls, for the benchmark: per data source, the
 * calls of the cheapest plan we know to read the data the refresh must hold, given each API's page
 * size and limits and the volume of data the sandbox organization has. The design's rough form is
 * ⌈N/20⌉ + ⌈N·M/500⌉ + ⌈N·S/P⌉ + a few; the refresh also reads alarms, GuardDuty
 * membership and finding counts, StackSet instances, Config results and SCP targets, whose pages
 * grow with N too, so each is a term here.
 *
 * Not a proof of minimality: a plan we have not thought of could need fewer calls (CloudWatch
 * Metrics Insights queries grouped by account, for one, are limited by datapoints rather than by
 * 500 queries, and might read the metrics in 14 rather than 16 calls at N = 1,000; we have not
 * checked that they work across accounts). Volumes are read from what the refresh stored, leaving
 * out non-tenant accounts; regional sources (CloudWatch, GuardDuty) are one term per region, from
 * the per-region results the store keeps (`regions` of each tenant's health and findings); that the store holds all of the
 * sandbox's data is what the 50-tenant integration test checks (totals equal to the cent).
 */
import type { Knex } from 'knex';
import { CE_GROUPS_PER_PAGE } from '@tenancy/aws-sandbox';
import type {
  TenantCompliance,
  TenantHealth,
} from '@tenancy/plugin-tenants-common';
import { DEFAULT_METRICS } from '../src/health/metricPlan';
import { SEVERITY_BANDS } from '../src/compliance/guardDuty';

/** One term of L(N): `calls` for `operation`, with the volume it follows from. */
export interface BoundTerm {
  source: string;
  operation: string;
  calls: number;
  rule: string;
  /** The region of a regional source's term (CloudWatch, GuardDuty), absent for global ones. */
  region?: string;
  /** GetMetricData only: the metrics (queries) the calls request, what CloudWatch charges by. */
  metrics?: number;
}

const pages = (items: number, perPage: number) =>
  Math.max(1, Math.ceil(items / perPage));

/**
 * L(N) of a steady refresh whose results are in `knex` (tables of the tenants plugin). `today` is
 * the run's UTC day (`YYYY-MM-DD`); daily spend is re-read from two days before it.
 */
export async function steadyLowerBound(
  knex: Knex,
  today: string,
): Promise<{ total: number; terms: BoundTerm[] }> {
  const terms: BoundTerm[] = [];
  const add = (
    source: string,
    operation: string,
    calls: number,
    rule: string,
    region?: string,
    metrics?: number,
  ) =>
    terms.push({
      source,
      operation,
      calls,
      rule,
      ...(region ? { region } : {}),
      ...(metrics !== undefined ? { metrics } : {}),
    });

  // Inventory: the OU tree, then every OU's accounts at 20 a page.
  const tenants: Array<{ ou_id: string; ou_path: string; state: string }> =
    await knex('tenants').select('ou_id', 'ou_path', 'state');
  const ouPaths = new Set<string>();
  for (const t of tenants) {
    const parts = t.ou_path.split('/').filter(Boolean);
    for (let i = 1; i <= parts.length; i++)
      ouPaths.add(parts.slice(0, i).join('/'));
  }
  add('inventory', 'Organizations.ListRoots', 1, 'one root');
  add(
    'inventory',
    'Organizations.ListOrganizationalUnitsForParent',
    1 + ouPaths.size,
    `root + ${ouPaths.size} OUs on the tenants path and below`,
  );
  const perOu = new Map<string, number>();
  for (const t of tenants) perOu.set(t.ou_id, (perOu.get(t.ou_id) ?? 0) + 1);
  add(
    'inventory',
    'Organizations.ListAccountsForParent',
    [...perOu.values()].reduce((a, n) => a + pages(n, 20), 0),
    `Σ over ${perOu.size} OUs ⌈accounts/20⌉ (${tenants.length} accounts)`,
  );

  // Spend: the open month's rows of each required grouping, CE_GROUPS_PER_PAGE groups a page.
  const month = `${today.slice(0, 7)}-01`;
  const from = new Date(Date.parse(`${today}T00:00:00Z`) - 2 * 86400000)
    .toISOString()
    .slice(0, 10);
  const rows = async (dimension: string, granularity: string, start: string) =>
    Number(
      (
        await knex('tenant_spend_facts')
          .where({ dimension, granularity })
          .where('period_start', '>=', start)
          .count({ c: '*' })
          .first()
      )?.c ?? 0,
    );
  const spend: Array<[string, number]> = [
    [
      'LINKED_ACCOUNT × SERVICE, month',
      await rows('SERVICE', 'MONTHLY', month),
    ],
    [
      'LINKED_ACCOUNT × RECORD_TYPE, month',
      await rows('RECORD_TYPE', 'MONTHLY', month),
    ],
    [
      `LINKED_ACCOUNT daily from ${from}`,
      await rows('TOTAL', 'DAILY', from < month ? month : from),
    ],
    ['TAG × LINKED_ACCOUNT, month', await rows('TAG', 'MONTHLY', month)],
    // The ungrouped organization total (the groups may add to less): one row, one page.
    [
      'ungrouped total, month',
      Math.max(1, await rows('ORG_TOTAL', 'MONTHLY', month)),
    ],
  ];
  add(
    'spend',
    'CostExplorer.GetCostAndUsage',
    spend.reduce((a, [, n]) => a + pages(n, CE_GROUPS_PER_PAGE), 0),
    spend
      .map(([what, n]) => `⌈${n}/${CE_GROUPS_PER_PAGE}⌉ ${what}`)
      .join(' + '),
  );
  add(
    'spend',
    'CostExplorer.ListCostAllocationTags',
    1,
    'is the tenant tag active',
  );

  // Health: per region, every tenant × metric read there once (7 days at 3,600 s: 168 points,
  // so 500 queries a call). Alarms: their own source (`alarms`, AlarmsCollector), per region
  // that region's alarms (the health source reads DescribeAlarms only for a tenant with no
  // stored health yet, never in a steady refresh).
  const health = await readSnapshotRows(
    knex,
    'tenant_health',
    (h: TenantHealth) => ({
      alarms: h.alarms,
      regions: h.regions?.map(r => ({
        region: r.region,
        seriesRead: r.seriesRead,
        alarms: r.alarms,
      })),
    }),
  );
  const m = DEFAULT_METRICS.length;
  const perCall = Math.min(500, Math.floor(100_800 / 168));
  const healthRegions = [
    ...new Set(health.flatMap(h => (h.regions ?? []).map(r => r.region))),
  ];
  const alarmCount = (a: TenantHealth['alarms']) =>
    a.ALARM + a.OK + a.INSUFFICIENT_DATA;
  if (healthRegions.length === 0) {
    add(
      'health',
      'CloudWatch.GetMetricData',
      pages(health.length * m, perCall),
      `⌈${health.length} tenants × ${m} metrics / ${perCall}⌉`,
      undefined,
      health.length * m,
    );
    const alarms = health.reduce((a, h) => a + alarmCount(h.alarms), 0);
    add(
      'alarms',
      'CloudWatch.DescribeAlarms',
      pages(alarms, 100),
      `⌈${alarms} tenant alarms / 100⌉`,
    );
  }
  for (const region of healthRegions) {
    const mine = health.map(h => h.regions?.find(r => r.region === region));
    const series = mine.reduce((a, r) => a + (r?.seriesRead ?? 0), 0);
    const tenantsThere = mine.filter(r => (r?.seriesRead ?? 0) > 0).length;
    add(
      'health',
      'CloudWatch.GetMetricData',
      pages(series, perCall),
      `⌈${tenantsThere} tenants running in ${region} × ${m} metrics / ${perCall}⌉`,
      region,
      series,
    );
    const alarms = mine.reduce((a, r) => a + (r ? alarmCount(r.alarms) : 0), 0);
    add(
      'alarms',
      'CloudWatch.DescribeAlarms',
      pages(alarms, 100),
      `⌈${alarms} tenant alarms in ${region} / 100⌉`,
      region,
    );
  }

  // Compliance.
  const compliance = await readSnapshotRows(
    knex,
    'tenant_compliance',
    (c: TenantCompliance) => ({
      guardrails: c.guardrails.map(g => ({
        guardrailId: g.guardrailId,
        status: g.status,
      })),
      findings: c.findings,
      baselineStatus: c.baselineStatus,
    }),
  );
  const kinds = new Map<string, string>();
  for (const c of compliance)
    for (const g of c.guardrails)
      if (!kinds.has(g.guardrailId))
        kinds.set(
          g.guardrailId,
          g.status === 'attached' || g.status === 'not-attached'
            ? 'preventive'
            : 'other',
        );
  const scps = [...kinds.values()].filter(k => k === 'preventive').length;
  add('compliance', 'Organizations.ListPolicies', 1, 'SCP ids by name');
  add(
    'compliance',
    'Organizations.ListTargetsForPolicy',
    scps,
    `one per guardrail SCP (${scps})`,
  );
  const results = compliance.reduce(
    (a, c) =>
      a +
      c.guardrails.filter(
        g => g.status === 'compliant' || g.status === 'non-compliant',
      ).length,
    0,
  );
  add(
    'compliance',
    'ConfigService.DescribeAggregateComplianceByConfigRules',
    pages(results, 1000),
    `⌈${results} rule results / 1,000⌉`,
  );
  // GuardDuty, per region: the administrator's detector there (none → nothing else is asked),
  // its organization configuration, its members and the finding statistics.
  type Counts = Record<(typeof SEVERITY_BANDS)[number]['band'], number> & {
    status: string;
  };
  const gdRegions = [
    ...new Set(
      compliance.flatMap(c => (c.findings.regions ?? []).map(r => r.region)),
    ),
  ];
  const perRegion: Array<{ region?: string; regionRows: Counts[] }> =
    gdRegions.length > 0
      ? gdRegions.map(region => ({
          region,
          regionRows: compliance.flatMap(c =>
            (c.findings.regions ?? []).filter(r => r.region === region),
          ),
        }))
      : [
          {
            regionRows: compliance.map(c => ({
              ...c.findings,
              status: c.findings.member ? 'member' : 'not-member',
            })),
          },
        ];
  for (const { region: gdRegion, regionRows } of perRegion) {
    const where = gdRegion ? ` in ${gdRegion}` : '';
    add(
      'compliance',
      'GuardDuty.ListDetectors',
      1,
      `the detector id${where}`,
      gdRegion,
    );
    if (
      regionRows.length > 0 &&
      regionRows.every(r => r.status === 'not-configured')
    )
      continue;
    if (gdRegion)
      add(
        'compliance',
        'GuardDuty.DescribeOrganizationConfiguration',
        1,
        `auto-enable setting${where}`,
        gdRegion,
      );
    const members = regionRows.filter(r => r.status === 'member').length;
    add(
      'compliance',
      'GuardDuty.ListMembers',
      pages(members, 50),
      `⌈${members} members${where} / 50⌉`,
      gdRegion,
    );
    // GuardDuty answers name ≤ 100 accounts and take ≤ 50 in an accountId list: first which
    // accounts have any finding, then per band only those.
    const any = regionRows.filter(r =>
      SEVERITY_BANDS.some(b => r[b.band] > 0),
    ).length;
    let stats = 0;
    const bands: string[] = [];
    for (const b of SEVERITY_BANDS) {
      const withFindings = regionRows.filter(r => r[b.band] > 0).length;
      const calls = withFindings < 100 ? 1 : 1 + Math.ceil((any - 100) / 50);
      stats += calls;
      bands.push(`${b.band} ${withFindings} accounts → ${calls}`);
    }
    if (stats > SEVERITY_BANDS.length) {
      const first = any < 100 ? 1 : 1 + Math.ceil((members - 100) / 50);
      stats += first;
      bands.push(`any finding ${any} accounts → ${first}`);
    }
    add(
      'compliance',
      'GuardDuty.GetFindingsStatistics',
      stats,
      `per band 1, or when ≥ 100 accounts have findings in it 1 + ⌈(accounts with any finding − 100)/50⌉, those found with 1 (+ ⌈(members − 100)/50⌉) more${where} (${bands.join(
        ', ',
      )})`,
      gdRegion,
    );
  }
  const baselined = compliance.filter(c => c.baselineStatus).length;
  add(
    'compliance',
    'CloudFormation.ListStackInstances',
    pages(baselined, 100),
    `⌈${baselined} instances / 100⌉`,
  );
  return { total: terms.reduce((a, t) => a + t.calls, 0), terms };
}

/**
 * The rows of a snapshot table (`data` JSON keyed by `tenant_id`), 500 at a time, each reduced
 * by `compact` to what the bound needs: every tenant's whole health (7-day series) or
 * compliance at once is hundreds of MiB at N = 10,000 and would count in the bench's RSS.
 */
async function readSnapshotRows<D, T>(
  knex: Knex,
  table: string,
  compact: (data: D) => T,
): Promise<T[]> {
  const out: T[] = [];
  let after = '';
  for (;;) {
    const rows: { tenant_id: string; data: string }[] = await knex(table)
      .where('tenant_id', '>', after)
      .orderBy('tenant_id')
      .limit(500)
      .select('tenant_id', 'data');
    if (rows.length === 0) return out;
    for (const r of rows) out.push(compact(JSON.parse(r.data)));
    after = rows[rows.length - 1].tenant_id;
  }
}
