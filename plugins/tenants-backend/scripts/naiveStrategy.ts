/*
 * The naive per-tenant strategy of peer plugins, for the benchmark's comparison: every tenant page
 * fetches its own data, one tenant at a time, following no pagination. It reads the same data the
 * refresh holds for a tenant (like for like), each from the central account a peer would ask:
 *
 * - Organizations: DescribeAccount, ListTagsForResource; ListParents up to the root and
 *   ListPoliciesForTarget for the account and each parent (SCPs attached above count too)
 * - Cost Explorer: the previous and current month daily; 13 months by SERVICE; this month by
 *   RECORD_TYPE; GetCostForecast (4 calls)
 * - CloudWatch: GetMetricData per metric over 7 days at 3,600 s (one widget, one call); DescribeAlarms
 *   by the tenant's alarm prefix
 * - Config: GetAggregateComplianceDetailsByConfigRule per rule
 * - GuardDuty: ListDetectors, GetMembers, GetFindingsStatistics (COUNT_BY_SEVERITY) for the account
 * - CloudFormation: ListStackInstances for the account
 *
 * Only its call count matters; answers are not kept and errors are ignored.
 */
import {
  GetCostAndUsageCommand,
  GetCostForecastCommand,
} from '@aws-sdk/client-cost-explorer';
import {
  DescribeAlarmsCommand,
  GetMetricDataCommand,
} from '@aws-sdk/client-cloudwatch';
import { GetAggregateComplianceDetailsByConfigRuleCommand } from '@aws-sdk/client-config-service';
import {
  GetFindingsStatisticsCommand,
  GetMembersCommand,
  ListDetectorsCommand,
} from '@aws-sdk/client-guardduty';
import {
  DescribeAccountCommand,
  ListParentsCommand,
  ListPoliciesForTargetCommand,
  ListTagsForResourceCommand,
} from '@aws-sdk/client-organizations';
import { ListStackInstancesCommand } from '@aws-sdk/client-cloudformation';
import type { AwsClientFactory } from '@tenancy/plugin-tenants-node';
import type { Tenant } from '@tenancy/plugin-tenants-common';
import pLimit from 'p-limit';
import { DEFAULT_METRICS } from '../src/collectors/health/metricPlan';

const RULES = [
  's3-bucket-sse-enabled',
  'rds-storage-encrypted',
  'encrypted-volumes',
  'root-account-mfa-enabled',
  'cloudtrail-enabled',
  'tenant-custom-tagging',
];

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

  // Overview: the account, its tags, and the SCPs on it and on every parent up to the root.
  await ignore(
    org.send(new DescribeAccountCommand({ AccountId: t.accountId })),
  );
  await ignore(
    org.send(new ListTagsForResourceCommand({ ResourceId: t.accountId })),
  );
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

  // Health tab: one call per chart, 7 days at 3,600 s.
  const hour = Math.floor(now.getTime() / 3600000) * 3600000;
  for (const metric of DEFAULT_METRICS) {
    await ignore(
      cw.send(
        new GetMetricDataCommand({
          StartTime: new Date(hour - 7 * DAY),
          EndTime: new Date(hour),
          MetricDataQueries: [
            {
              Id: 'm',
              AccountId: t.accountId,
              MetricStat: {
                Metric: {
                  Namespace: metric.namespace,
                  MetricName: metric.metricName,
                },
                Period: 3600,
                Stat: metric.stat,
              },
            },
          ],
        }),
      ),
    );
  }
  await ignore(
    cw.send(
      new DescribeAlarmsCommand({ AlarmNamePrefix: `tenancy/${t.tenantId}/` }),
    ),
  );

  // Guardrails tab.
  for (const rule of RULES) {
    await ignore(
      cfg.send(
        new GetAggregateComplianceDetailsByConfigRuleCommand({
          ConfigurationAggregatorName: 'tenancy-organization',
          ConfigRuleName: rule,
          AccountId: t.accountId,
          AwsRegion: 'us-east-1',
        }),
      ),
    );
  }
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
