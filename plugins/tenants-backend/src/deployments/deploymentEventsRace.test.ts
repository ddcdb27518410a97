/*
 * Two replicas applying StackSet instance events of different Regions of one tenant at the same
 * moment (docs/aws-behaviours/events.md, "Two replicas, one queue"; the marks order each Region
 * apart, so both apply): each reads the tenant's deployments row, changes its Region's instance
 * and writes the row back. Both instances must land. On PostgreSQL the two replicas are two knex
 * pools (two connections) on one database; SQLite runs one write at a time, so there it pins the
 * same outcome without a race to lose.
 */
import { TestDatabases } from '@backstage/backend-test-utils';
import type { Knex } from 'knex';
import type { TenantDeployments } from '@tenancy/plugin-tenants-common';
import { storeTestDatabaseIds } from '../__testUtils__/testDatabaseIds';
import { withTwoReplicas } from '../__testUtils__/twoReplicas';
import { makeTenant } from '../__testUtils__/testFixtures';
import type { StackInstanceEvent } from '../events/eventModel';
import { KnexTenantsStore } from '../inventory/store/KnexTenantsStore';
import { createDeploymentsEventHandler } from './events';
import { DeploymentsStore } from './DeploymentsStore';
import { releaseOf } from './deploymentModel';

jest.setTimeout(60_000);

const ids = storeTestDatabaseIds();
const databases = TestDatabases.create({ ids });
const tenant = makeTenant(1);
const STACK_SET = 'tenancy-tenant-stack';
const BASE = Date.parse('2026-03-15T12:00:00.000Z');
const at = (s: number) => new Date(BASE + s * 1000).toISOString();
const REGIONS = [
  'ap-northeast-1',
  'ap-southeast-2',
  'ca-central-1',
  'eu-central-1',
  'eu-west-1',
  'sa-east-1',
  'us-east-1',
  'us-west-2',
];
const ROUNDS = 10;

const deployed: TenantDeployments = {
  stackSetName: STACK_SET,
  latestVersion: '1.0.0',
  release: { version: '1.0.0', status: 'current' },
  instances: REGIONS.map(region => ({
    region,
    awsStatus: 'CURRENT',
    detailedStatus: 'SUCCEEDED',
    driftStatus: 'NOT_CHECKED',
    status: 'current',
    version: '1.0.0',
    reason: '',
    lastOperationId: 'op-1',
  })),
  history: [],
  collectedAt: at(1),
};

/** One replica: its own knex pool, stores and handler. */
async function replica(knex: Knex) {
  const tenants = await KnexTenantsStore.create({
    getClient: async () => knex,
  });
  return createDeploymentsEventHandler({
    store: async () => new DeploymentsStore(knex),
    tenants,
    stackSetName: STACK_SET,
  });
}

describe.each(ids)('two replicas, two Regions of one tenant (%s)', id => {
  it('applied at the same moment, both instances land, in the row and the tenants list', async () => {
    await withTwoReplicas(
      databases,
      id,
      [tenant],
      async ({ first, second, store }) => {
        await new DeploymentsStore(first).replaceDeployments(
          [
            {
              tenantId: tenant.tenantId,
              accountId: tenant.accountId,
              deployments: deployed,
            },
          ],
          at(1),
        );
        const replicas = [await replica(first), await replica(second)];
        const event = (
          region: string,
          s: number,
          status: 'CURRENT' | 'OUTDATED',
        ): StackInstanceEvent => ({
          kind: 'stackInstance',
          id: `${region}-${s}`,
          detailType: 'CloudFormation StackSet StackInstance Status Change',
          time: at(s),
          accountIds: [tenant.accountId],
          stackSetArn: `arn:aws:cloudformation:us-east-1:000000000000:stackset/${STACK_SET}:1`,
          stackSetName: STACK_SET,
          instanceRegion: region,
          action: 'UPDATE',
          status,
          detailedStatus: status === 'CURRENT' ? 'SUCCEEDED' : 'RUNNING',
        });
        for (let round = 1; round <= ROUNDS; round++) {
          const status = round % 2 ? 'OUTDATED' : 'CURRENT';
          // Every Region changes this round: replica k takes the Regions k, k + 2, …, all at once.
          const results = await Promise.all(
            REGIONS.map((region, i) =>
              replicas[i % 2].apply(
                event(region, 10 * round + i, status),
                tenant,
                new Date(at(10 * round + 9)),
              ),
            ),
          );
          expect(results).toEqual(REGIONS.map(() => 'applied'));
          const stored = (await new DeploymentsStore(first).getDeployments(
            tenant.tenantId,
          ))!;
          expect(stored.instances.map(i => [i.region, i.awsStatus])).toEqual(
            REGIONS.map(r => [r, status]),
          );
          expect(stored.release).toEqual(releaseOf(stored.instances));
          expect(stored.release?.status).toBe(
            status === 'CURRENT' ? 'current' : 'behind',
          );
          expect((await store.getTenant(tenant.tenantId))!.release).toEqual(
            stored.release,
          );
        }
      },
    );
  });
});
