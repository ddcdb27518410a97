/*
 * The naive per-tenant strategy of peer plugins, for the benchmark's comparison: every tenant page
 * fetches its own data when it is opened, one tenant at a time, following no pagination. It reads
 * the data a tenant page shows, each with the fewest per-tenant calls a sensible page would make
 * (account, owner and tier come from the catalog entity, not from AWS):
 *
 * - Organizations: ListPoliciesForTarget for the account and each parent up to the root, with
 *   ListParents between (SCPs attached above the account count too)
 * - Cost Explorer: the previous and current month daily; 13 months by SERVICE; this month by
 *   RECORD_TYPE; GetCostForecast (4 calls)
 * - CloudWatch: one GetMetricData with every metric over 7 days at 3,600 s; DescribeAlarms by the
 *   tenant's alarm prefix
 * - Config: DescribeAggregateComplianceByConfigRules filtered to the account
 * - GuardDuty: ListDetectors, GetMembers, GetFindingsStatistics (COUNT_BY_SEVERITY) for the account
 * - CloudFormation: ListStackInstances for the account
 *
 * 18 calls a tenant in the sandbox organization (its OUs are two levels deep). Only the call count
 * matters; answers are not kept and errors are ignored.
 */
import {
  GetCostAndUsageCommand,
  GetCostForecastCommand,
} from '@aws-sdk/client-cost-explorer';
import {
  DescribeAlarmsCommand,
  GetMetricDataCommand,
} from '@aws-sdk/client-cloudwatch';
import { DescribeAggregateComplianceByConfigRulesCommand } from '@aws-sdk/client-config-service';
import {
  GetFindingsStatisticsCommand,
  GetMembersCommand,
  ListDetectorsCommand,
} from '@aws-sdk/client-guardduty';
import {
  ListParentsCommand,
  ListPoliciesForTargetCommand,
} from '@aws-sdk/client-organizations';
import { ListStackInstancesCommand } from '@aws-sdk/client-cloudformation';
import type { AwsClientFactory } from '@tenancy/plugin-tenants-node';
import type { Tenant } from '@tenancy/plugin-tenants-common';
import pLimit from 'p-limit';
import { DEFAULT_METRICS } from '../src/health/metricPlan';

const DAY = 86400000;
const isoDay = (ms: number) => new Date(ms).toISOString().slice(0, 10);

/** Calls one tenant's pages make in the naive strategy (errors ignored: only the count matters). */
export async function naiveTenant(
  clients: AwsClientFactory,
  t: Tenant,
  now: Date,
): Promise<void> {
  const [ce, cw, cfg, gd, org, cfn] = await Promise.all([
    clients.costExplorer(),
    clients.cloudWatch(),
    clients.configService(),
    clients.guardDuty(),
    clients.organizations(),
    clients.cloudFormation(),
  ]);
  const ignore = (p: Promise<unknown>) => p.catch(() => undefined);
  const y = now.getUTCFullYear();
  const m = now.getUTCMonth();
  const monthStart = (k: number) => isoDay(Date.UTC(y, m + k, 1));
  const tomorrow = isoDay(now.getTime() + DAY);
  const acct = {
    Dimensions: { Key: 'LINKED_ACCOUNT' as const, Values: [t.accountId] },
  };
  const cost = (
    start: string,
    granularity: 'DAILY' | 'MONTHLY',
    groupBy?: string,
  ) =>
    ignore(
      ce.send(
        new GetCostAndUsageCommand({
          TimePeriod: { Start: start, End: tomorrow },
          Granularity: granularity,
          Metrics: ['AmortizedCost'],
          Filter: acct,
          GroupBy: groupBy ? [{ Type: 'DIMENSION', Key: groupBy }] : undefined,
        }),
      ),
    );

  // Overview and Guardrails: the SCPs on the account and on every parent up to the root.
  let target: string | undefined = t.accountId;
  for (let depth = 0; target && depth < 6; depth++) {
    await ignore(
      org.send(
        new ListPoliciesForTargetCommand({
          TargetId: target,
          Filter: 'SERVICE_CONTROL_POLICY',
        }),
      ),
    );
    if (target.startsWith('r-')) break;
    const parents = await org
      .send(new ListParentsCommand({ ChildId: target }))
      .catch(() => undefined);
    target = parents?.Parents?.[0]?.Id;
  }

  // Spend tab.
  await cost(monthStart(-1), 'DAILY');
  await cost(monthStart(-12), 'MONTHLY', 'SERVICE');
  await cost(monthStart(0), 'MONTHLY', 'RECORD_TYPE');
  await ignore(
    ce.send(
      new GetCostForecastCommand({
        TimePeriod: { Start: tomorrow, End: monthStart(1) },
        Granularity: 'MONTHLY',
        Metric: 'AMORTIZED_COST',
        Filter: acct,
      }),
    ),
  );

  // Health tab: every chart in one call, 7 days at 3,600 s.
  const hour = Math.floor(now.getTime() / 3600000) * 3600000;
  await ignore(
    cw.send(
      new GetMetricDataCommand({
        StartTime: new Date(hour - 7 * DAY),
        EndTime: new Date(hour),
        MetricDataQueries: DEFAULT_METRICS.map((metric, i) => ({
          Id: `m${i}`,
          AccountId: t.accountId,
          MetricStat: {
            Metric: {
              Namespace: metric.namespace,
              MetricName: metric.metricName,
            },
            Period: 3600,
            Stat: metric.stat,
          },
        })),
      }),
    ),
  );
  await ignore(
    cw.send(
      new DescribeAlarmsCommand({ AlarmNamePrefix: `tenancy/${t.tenantId}/` }),
    ),
  );

  // Guardrails tab.
  await ignore(
    cfg.send(
      new DescribeAggregateComplianceByConfigRulesCommand({
        ConfigurationAggregatorName: 'tenancy-organization',
        Filters: { AccountId: t.accountId },
      }),
    ),
  );
  const det = await gd
    .send(new ListDetectorsCommand({}))
    .catch(() => ({ DetectorIds: [] as string[] }));
  const detectorId = det.DetectorIds?.[0] ?? 'x';
  await ignore(
    gd.send(
      new GetMembersCommand({
        DetectorId: detectorId,
        AccountIds: [t.accountId],
      }),
    ),
  );
  await ignore(
    gd.send(
      new GetFindingsStatisticsCommand({
        DetectorId: detectorId,
        FindingStatisticTypes: ['COUNT_BY_SEVERITY'],
        FindingCriteria: {
          Criterion: {
            accountId: { Equals: [t.accountId] },
            'service.archived': { Equals: ['false'] },
          },
        },
      }),
    ),
  );
  await ignore(
    cfn.send(
      new ListStackInstancesCommand({
        StackSetName: 'tenant-baseline',
        StackInstanceAccount: t.accountId,
      }),
    ),
  );
}

/** Runs the naive strategy for every tenant, `concurrency` tenants at a time. */
export async function runNaive(
  clients: AwsClientFactory,
  tenants: Tenant[],
  now: Date,
  concurrency = 16,
) {
  const limit = pLimit(concurrency);
  await Promise.all(
    tenants.map(t => limit(() => naiveTenant(clients, t, now))),
  );
}
