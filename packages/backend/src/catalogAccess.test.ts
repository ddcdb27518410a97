/*
 * The catalog's read paths under the portal's policy, end to end: the real catalog backend with
 * the Tenant catalog module, the demo organization (examples/org.yaml) and three Tenant
 * entities (one of team-alpha's, two of other teams'). A tenant owner (alex, team-alpha) must
 * not learn another team's tenant from any answer of the catalog: entity lists, queries, refs,
 * names, facets, or the relations of the entities it may read.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import catalogPlugin from '@backstage/plugin-catalog-backend';
import catalogModuleTenants from '@tenancy/plugin-catalog-backend-module-tenants';
import request from 'supertest';
import { REPO_ROOT } from './errors/__testUtils__/demoBackend';
import { policyPermissionsFactory } from './__testUtils__/policyPermissions';

jest.setTimeout(120_000);

const tenant = (name: string, owner: string, accountId: string) => ({
  apiVersion: 'tenancy.dev/v1alpha1',
  kind: 'Tenant',
  metadata: {
    name,
    title: `${name} title`,
    description: `AWS account ${accountId} in /Tenants/${name}-tier`,
    annotations: { 'tenancy.dev/account-id': accountId },
  },
  spec: {
    owner,
    accountId,
    ouPath: `/Tenants/${name}-tier`,
    state: 'ACTIVE',
    tier: `${name}-tier`,
    regions: ['us-east-1'],
  },
});

const OWN = tenant('alpha-own', 'group:default/team-alpha', '111100001111');
const HIDDEN = [
  tenant('bravo-hidden', 'group:default/team-bravo', '222200002222'),
  tenant('charlie-hidden', 'team-charlie', '333300003333'),
];
/** Every string of the hidden tenants that would tell alex they exist. */
const HIDDEN_MARKS = HIDDEN.flatMap(t => [
  t.metadata.name,
  t.spec.accountId,
  t.spec.tier,
]);

const as = (user: string) => ({
  Authorization: mockCredentials.user.header(user),
});
const ALEX = 'user:default/alex';

describe('the catalog under the portal policy', () => {
  let backend: Awaited<ReturnType<typeof startTestBackend>>;
  let dir: string;
  const get = (url: string, user = ALEX) =>
    request(backend.server).get(`/api/catalog${url}`).set(as(user));

  beforeAll(async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'tenancy-catalog-'));
    const tenantsFile = path.join(dir, 'tenants.yaml');
    writeFileSync(
      tenantsFile,
      [OWN, ...HIDDEN].map(t => JSON.stringify(t)).join('\n---\n'),
    );
    backend = await startTestBackend({
      features: [
        catalogPlugin,
        catalogModuleTenants,
        policyPermissionsFactory(),
        mockServices.rootConfig.factory({
          data: {
            catalog: {
              rules: [{ allow: ['Group', 'User', 'Location', 'Tenant'] }],
              locations: [
                {
                  type: 'file',
                  target: path.join(REPO_ROOT, 'examples/org.yaml'),
                },
                { type: 'file', target: tenantsFile },
              ],
              providers: {
                // The provider's tenants API is not started here; it never runs in the test.
                tenants: {
                  schedule: {
                    frequency: { hours: 24 },
                    timeout: { minutes: 1 },
                  },
                },
              },
            },
          },
        }),
      ],
    });
    // Until the three Tenants and the owner groups are processed and stitched.
    for (let i = 0; ; i++) {
      const res = await get(
        '/entities/by-query?filter=kind=tenant&filter=kind=group,metadata.name=team-bravo',
        'user:default/pat',
      );
      const groups = (res.body.items ?? []).filter(
        (e: { kind: string; relations?: unknown[] }) =>
          e.kind === 'Group' && Array.isArray(e.relations),
      );
      if (res.body.totalItems === 4 && groups.length === 1) break;
      if (i > 200) throw new Error(`catalog not ready: ${res.status}`);
      await new Promise(r => setTimeout(r, 250));
    }
  });

  afterAll(async () => {
    await backend?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('a platform engineer reads every Tenant, and team-bravo owns its Tenant', async () => {
    const res = await get(
      '/entities/by-query?filter=kind=tenant',
      'user:default/pat',
    );
    expect(
      res.body.items
        .map((e: { metadata: { name: string } }) => e.metadata.name)
        .sort(),
    ).toEqual(['alpha-own', 'bravo-hidden', 'charlie-hidden']);
    const owned = await get(
      '/entities/by-query?filter=kind=tenant,relations.ownedBy=group:default/team-bravo',
      'user:default/pat',
    );
    expect(
      owned.body.items.map(
        (e: { metadata: { name: string } }) => e.metadata.name,
      ),
    ).toEqual(['bravo-hidden']);
  });

  it('support (sam) reads every Tenant', async () => {
    const res = await get(
      '/entities/by-query?filter=kind=tenant',
      'user:default/sam',
    );
    expect(res.body.totalItems).toBe(3);
  });

  it('an owner (alex) lists only its own Tenant, also through the relation the group page uses', async () => {
    const res = await get('/entities/by-query?filter=kind=tenant');
    expect(
      res.body.items.map(
        (e: { metadata: { name: string } }) => e.metadata.name,
      ),
    ).toEqual(['alpha-own']);
    expect(res.body.totalItems).toBe(1);
    const owned = await get(
      '/entities/by-query?filter=kind=tenant,relations.ownedBy=group:default/team-alpha',
    );
    expect(
      owned.body.items.map(
        (e: { metadata: { name: string } }) => e.metadata.name,
      ),
    ).toEqual(['alpha-own']);
  });

  it("another team's Tenant answers as a missing one: 404 by name, null by ref", async () => {
    const hidden = await get('/entities/by-name/tenant/default/bravo-hidden');
    const missing = await get(
      '/entities/by-name/tenant/default/no-such-tenant',
    );
    expect([hidden.status, missing.status]).toEqual([404, 404]);
    expect(hidden.body.error.message).toBe(
      "No entity named 'bravo-hidden' found, with kind 'tenant' in namespace 'default'",
    );
    const refs = await request(backend.server)
      .post('/api/catalog/entities/by-refs')
      .set(as(ALEX))
      .send({
        entityRefs: [
          'tenant:default/bravo-hidden',
          'tenant:default/no-such-tenant',
          'tenant:default/alpha-own',
        ],
      });
    expect(
      refs.body.items.map(
        (e: { metadata: { name: string } } | null) => e && e.metadata.name,
      ),
    ).toEqual([null, null, 'alpha-own']);
  });

  it("another team's Tenant and a missing one have the same location answer", async () => {
    const hidden = await get(
      '/locations/by-entity/tenant/default/bravo-hidden',
    );
    const missing = await get(
      '/locations/by-entity/tenant/default/no-such-tenant',
    );
    const own = await get('/locations/by-entity/tenant/default/alpha-own');
    // Denied `catalog.location.read`, the catalog answers a bare 404 for every entity ref; allowed,
    // the 404s would name the missing part ("found no entity for ref …" for a missing Tenant).
    expect([hidden.status, missing.status, own.status]).toEqual([
      404, 404, 404,
    ]);
    expect(hidden.body.error).toEqual(missing.body.error);
    // Allowed (support), the answer tells an existing Tenant from a missing one.
    const told = await Promise.all(
      ['bravo-hidden', 'no-such-tenant'].map(async name => {
        const res = await get(
          `/locations/by-entity/tenant/default/${name}`,
          'user:default/sam',
        );
        return `${res.status} ${res.body.error.message
          .split(' ')
          .slice(0, 3)
          .join(' ')}`;
      }),
    );
    expect(told).toEqual(['404 Found no location', '404 found no entity']);
  });

  it("no read path alex can reach names another team's Tenant", async () => {
    const facets = [
      'relations.ownerOf',
      'relations.ownedBy',
      'metadata.name',
      'metadata.title',
      'metadata.description',
      'metadata.annotations.tenancy.dev/account-id',
      'spec.accountId',
      'spec.tier',
      'spec.ouPath',
      'spec.owner',
      'kind',
    ];
    const answers = await Promise.all([
      get(
        `/entity-facets?${facets
          .map(f => `facet=${encodeURIComponent(f)}`)
          .join('&')}`,
      ),
      get('/entities'),
      get('/entities/by-query?limit=500'),
      get('/entities/by-query?fullTextFilterTerm=hidden'),
      get('/entities/by-name/group/default/team-bravo'),
      get('/entities/by-name/group/default/team-charlie'),
      get('/entities/by-name/group/default/tenant-owners'),
      get('/entities/by-name/user/default/bo'),
      request(backend.server)
        .post('/api/catalog/entities/by-refs')
        .set(as(ALEX))
        .send({
          entityRefs: [
            'group:default/team-bravo',
            'group:default/team-charlie',
          ],
        }),
    ]);
    expect(answers.map(a => a.status)).toEqual([
      200, 200, 200, 200, 200, 200, 200, 200, 200,
    ]);
    answers.forEach((answer, i) => {
      const body = JSON.stringify(answer.body);
      expect([i, HIDDEN_MARKS.filter(m => body.includes(m))]).toEqual([i, []]);
    });
    // The facets still count alex's own Tenant.
    const counted = answers[0].body.facets;
    expect(counted['spec.accountId']).toEqual([
      { value: '111100001111', count: 1 },
    ]);
    expect(counted.kind).toContainEqual({ value: 'Tenant', count: 1 });
  });

  it('a visible Group carries no relation to a Tenant (relations are not filtered by permission)', async () => {
    const group = await get('/entities/by-name/group/default/team-alpha');
    expect(
      group.body.relations
        .map(
          (r: { type: string; targetRef: string }) =>
            `${r.type} ${r.targetRef}`,
        )
        .sort(),
    ).toEqual([
      'childOf group:default/tenant-owners',
      'hasMember user:default/alex',
    ]);
    // What the facet counts once the relation is gone: no Tenant at all.
    const facet = await get('/entity-facets?facet=relations.ownerOf');
    expect(facet.body.facets['relations.ownerOf']).toEqual([]);
  });
});
