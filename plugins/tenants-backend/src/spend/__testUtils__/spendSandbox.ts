/**
 * Sandbox plumbing of the spend property test: clients with faults on chosen parts, the
 * sandbox's tenants, an in-memory database, one refresh, and an independent reading of the truth.
 */
import { Agent } from 'node:http';
import knexFactory, { Knex } from 'knex';
import {
  CostExplorerClient,
  DataUnavailableException,
  GetCostAndUsageCommand,
  LimitExceededException,
} from '@aws-sdk/client-cost-explorer';
import type { RunningSandbox } from '@tenancy/aws-sandbox';
import { monthOf } from '@tenancy/plugin-tenants-common';
import { KnexTenantsStore } from '../../inventory/store/KnexTenantsStore';
import { SpendStore } from '../SpendStore';
import { fetchSpend, SpendPart } from '../spendFetch';
import type { TenantAccount } from '../fleetModel';
import { HEADLINE_FILTER } from '../costExplorer';
import { parseAmount } from '../money';

/** The metric the property reads. */
export const METRIC = 'AmortizedCost';

/** A fault on one part of the spend refresh. */
export interface PartFault {
  part: SpendPart;
  error: 'DataUnavailable' | 'LimitExceeded';
}

/** Which part a GetCostAndUsage input belongs to (see fetchSpend). */
function partOf(input: any): SpendPart {
  const keys = (input.GroupBy ?? []).map((g: any) => g.Key).join(',');
  if (!keys) return 'organizationTotal';
  if (keys === 'LINKED_ACCOUNT,RECORD_TYPE') return 'recordTypes';
  if (keys === 'LINKED_ACCOUNT,SERVICE') return 'services';
  if (input.Granularity === 'DAILY') return 'daily';
  return 'tags';
}

/**
 * A Cost Explorer client of the sandbox, one attempt per call. `faults` (a list, or a function
 * answering the list of the moment, so that one client serves many cases) makes the chosen
 * parts' queries fail with the error Cost Explorer answers, before the request leaves.
 */
export function ceClient(
  sandbox: RunningSandbox,
  faults: PartFault[] | (() => PartFault[]) = [],
): CostExplorerClient {
  const current = typeof faults === 'function' ? faults : () => faults;
  const client = new CostExplorerClient({
    endpoint: sandbox.endpoint,
    region: 'us-east-1',
    credentials: { accessKeyId: 'sandbox', secretAccessKey: 'sandbox' },
    maxAttempts: 1,
    // A connection per request: one client serves many cases, and a kept-alive socket that sat
    // idle past the sandbox's keep-alive timeout can be reused just as the server closes it
    // (ECONNRESET), which with one attempt would fail a part no fault was put on.
    requestHandler: { httpAgent: new Agent({ keepAlive: false }) },
  });
  if (typeof faults === 'function' || faults.length) {
    // The error Cost Explorer answers, injected before the request leaves for the chosen parts.
    client.middlewareStack.add(
      next => async args => {
        const input = args.input as any;
        if (input.TimePeriod && input.Metrics) {
          const fault = current().find(f => f.part === partOf(input));
          if (fault?.error === 'DataUnavailable') {
            throw new DataUnavailableException({
              message:
                'Data is not available. Please try to adjust the time period.',
              $metadata: { httpStatusCode: 400 },
            });
          }
          if (fault?.error === 'LimitExceeded') {
            throw new LimitExceededException({
              message: 'Rate exceeded',
              $metadata: { httpStatusCode: 400 },
            });
          }
        }
        return next(args);
      },
      { step: 'initialize', name: 'spendPropertyFaults' },
    );
  }
  return client;
}

/**
 * The organization's tenant accounts (those with a `tenant` tag) with the time they joined, as
 * ListAccounts and ListTagsForResource answer them, read from the sandbox's state: the
 * property is about spend, not about reading Organizations, so it makes no calls for them.
 */
export async function tenantAccounts(
  sandbox: RunningSandbox,
): Promise<TenantAccount[]> {
  return sandbox.state.org
    .accounts()
    .filter(a => a.tags.tenant)
    .map(a => ({
      tenantId: a.tags.tenant!,
      accountId: a.id,
      joinedAt: new Date(a.joinedAt).toISOString(),
    }));
}

export async function database(): Promise<{ knex: Knex; store: SpendStore }> {
  const knex = knexFactory({
    client: 'better-sqlite3',
    connection: ':memory:',
    useNullAsDefault: true,
  });
  await KnexTenantsStore.create({ getClient: async () => knex } as any);
  return { knex, store: new SpendStore(knex) };
}

/** The tables of the spend snapshot. */
const SNAPSHOT_TABLES = [
  'tenant_spend_facts',
  'tenant_spend_months',
  'tenant_insights_meta',
];

/** Empties the spend snapshot's tables, so that one database serves case after case. */
export async function clearSnapshot(knex: Knex): Promise<void> {
  for (const table of SNAPSHOT_TABLES) await knex(table).delete();
}

/**
 * Copies the spend snapshot's tables from one in-memory SQLite database to another (same
 * schema), row by row through one prepared statement per table on the raw better-sqlite3
 * connections, in one transaction: thousands of rows in milliseconds.
 */
export async function copySnapshot(from: Knex, to: Knex): Promise<void> {
  const source = await from.client.acquireConnection();
  const target = await to.client.acquireConnection();
  try {
    for (const table of SNAPSHOT_TABLES) {
      const rows: Record<string, unknown>[] = source
        .prepare(`select * from "${table}"`)
        .all();
      if (rows.length === 0) continue;
      const columns = Object.keys(rows[0]);
      const insert = target.prepare(
        `insert into "${table}" (${columns
          .map(c => `"${c}"`)
          .join(', ')}) values (${columns.map(c => `@${c}`).join(', ')})`,
      );
      target.transaction(() => {
        for (const row of rows) insert.run(row);
      })();
    }
  } finally {
    await from.client.releaseConnection(source);
    await to.client.releaseConnection(target);
  }
}

export async function refresh(
  store: SpendStore,
  client: CostExplorerClient,
  tenants: TenantAccount[],
  now: Date,
) {
  const result = await fetchSpend(
    client,
    {
      now,
      metric: METRIC,
      tagKey: 'tenant',
      tenantAccountIds: new Set(tenants.map(t => t.accountId)),
      cachedClosedMonths: await store.cachedClosedMonths(METRIC),
      dailyStoredThrough: await store.dailyThrough(METRIC),
    },
    slice => store.openSlice(METRIC, slice),
  );
  await store.replaceSpend(METRIC, [], result.closedMonthsFetched, now);
  await store.recordParts(METRIC, result.failed, now);
  await store.recordCollection({
    metric: METRIC,
    collectedAt: now,
    tenants,
    tagStatus: result.tagStatus,
    dailyThrough: result.dailyThrough,
  });
  return result;
}

/** Independent reading of the truth: ungrouped totals and LINKED_ACCOUNT group sums by month, in cents. */
export async function truth(
  client: CostExplorerClient,
  from: string,
  end: string,
) {
  const send = (groupBy: boolean, token?: string) =>
    client.send(
      new GetCostAndUsageCommand({
        TimePeriod: { Start: from, End: end },
        Granularity: 'MONTHLY',
        Metrics: [METRIC],
        Filter: HEADLINE_FILTER,
        GroupBy: groupBy
          ? [{ Type: 'DIMENSION', Key: 'LINKED_ACCOUNT' }]
          : undefined,
        NextPageToken: token,
      }),
    );
  const totals = new Map<string, bigint>();
  for (const r of (await send(false)).ResultsByTime ?? []) {
    totals.set(
      monthOf(r.TimePeriod!.Start!),
      parseAmount(r.Total?.[METRIC]?.Amount),
    );
  }
  const groups = new Map<string, bigint>();
  let token: string | undefined;
  do {
    const page = await send(true, token);
    for (const r of page.ResultsByTime ?? []) {
      const m = monthOf(r.TimePeriod!.Start!);
      for (const g of r.Groups ?? []) {
        groups.set(
          m,
          (groups.get(m) ?? 0n) + parseAmount(g.Metrics?.[METRIC]?.Amount),
        );
      }
    }
    token = page.NextPageToken;
  } while (token);
  return { totals, groups };
}
