/*
 * The naive per-tenant strategy of peer plugins, for the benchmark's comparison: every tenant page
 * fetches its own data, one tenant at a time, following no pagination. Only its call count matters.
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
  ListDetectorsCommand,
} from '@aws-sdk/client-guardduty';
import { ListPoliciesForTargetCommand } from '@aws-sdk/client-organizations';
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
  const day = now.toISOString().slice(0, 10);
  const month = `${day.slice(0, 7)}-01`;
  const acct = {
    Dimensions: { Key: 'LINKED_ACCOUNT' as const, Values: [t.accountId] },
  };
  const ignore = (p: Promise<unknown>) => p.catch(() => undefined);
  const end = new Date(now.getTime() + 86400000).toISOString().slice(0, 10);
  await ignore(
    ce.send(
      new GetCostAndUsageCommand({
        TimePeriod: { Start: month, End: end },
        Granularity: 'DAILY',
        Metrics: ['AmortizedCost'],
        Filter: acct,
      }),
    ),
  );
  await ignore(
    ce.send(
      new GetCostAndUsageCommand({
        TimePeriod: { Start: month, End: end },
        Granularity: 'MONTHLY',
        Metrics: ['AmortizedCost'],
        Filter: acct,
        GroupBy: [{ Type: 'DIMENSION', Key: 'SERVICE' }],
      }),
    ),
  );
  await ignore(
    ce.send(
      new GetCostForecastCommand({
        TimePeriod: {
          Start: end,
          End: `${new Date(
            Date.UTC(now.getUTCFullYear(), now.getUTCMonth() + 1, 1),
          )
            .toISOString()
            .slice(0, 10)}`,
        },
        Granularity: 'MONTHLY',
        Metric: 'AMORTIZED_COST',
        Filter: acct,
      }),
    ),
  );
  for (const m of DEFAULT_METRICS) {
    await ignore(
      cw.send(
        new GetMetricDataCommand({
          StartTime: new Date(now.getTime() - 86400000),
          EndTime: now,
          MetricDataQueries: [
            {
              Id: 'm',
              AccountId: t.accountId,
              MetricStat: {
                Metric: { Namespace: m.namespace, MetricName: m.metricName },
                Period: 300,
                Stat: m.stat,
              },
            },
          ],
        }),
      ),
    );
  }
  await ignore(
    cw.send(new DescribeAlarmsCommand({ AlarmNamePrefix: t.tenantId })),
  );
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
  await ignore(
    gd.send(
      new GetFindingsStatisticsCommand({
        DetectorId: det.DetectorIds?.[0] ?? 'x',
        FindingStatisticTypes: ['COUNT_BY_SEVERITY'],
        FindingCriteria: {
          Criterion: { accountId: { Equals: [t.accountId] } },
        },
      }),
    ),
  );
  await ignore(
    org.send(
      new ListPoliciesForTargetCommand({
        TargetId: t.accountId,
        Filter: 'SERVICE_CONTROL_POLICY',
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
