import {
  ListAccountsForParentCommand,
  ListOrganizationalUnitsForParentCommand,
  ListParentsCommand,
  ListRootsCommand,
  ListTagsForResourceCommand,
  OrganizationsClient,
} from '@aws-sdk/client-organizations';
import { mockServices } from '@backstage/backend-test-utils';
import {
  InMemoryAwsCallMeter,
  type AwsClientFactory,
} from '@tenancy/plugin-tenants-node';
import { mockClient } from 'aws-sdk-client-mock';
import type { CollectorError } from '@tenancy/plugin-tenants-node';
import type { StoredTenant } from './store/types';
import {
  InventoryCollector,
  type InventoryOptions,
} from './InventoryCollector';

const org = mockClient(OrganizationsClient);
const clients = {
  organizations: async () => new OrganizationsClient({ region: 'us-east-1' }),
  meter: new InMemoryAwsCallMeter(),
} as unknown as AwsClientFactory;

const NOW = new Date('2026-11-29T12:00:00.000Z');
const options: InventoryOptions = {
  ouPath: '/Tenants',
  tagsMaxAgeMs: 86_400_000,
  staleTagReadsPerRun: 1,
  tagConcurrency: 2,
};

const account = (
  id: string,
  name: string,
  extra: Record<string, unknown> = {},
) => ({
  Id: id,
  Name: name,
  Email: `aws+${name}@example.com`,
  State: 'ACTIVE' as const,
  JoinedTimestamp: new Date('2025-03-01T08:00:00Z'),
  ...extra,
});

const TAGS: Record<string, Array<{ Key: string; Value: string }>> = {
  '111111111111': [
    { Key: 'tenant', Value: 'acme' },
    { Key: 'owner', Value: 'team-acme' },
    { Key: 'tier', Value: 'premium' },
    { Key: 'regions', Value: 'eu-west-1, us-east-1' },
  ],
  '222222222222': [
    { Key: 'tenant', Value: 'globex' },
    { Key: 'owner', Value: 'group:default/team-globex' },
  ],
  '333333333333': [{ Key: 'tenant', Value: 'initech' }],
  '444444444444': [{ Key: 'owner', Value: 'team-umbrella' }],
};

function organization() {
  org.reset();
  org
    .on(ListRootsCommand)
    .resolves({ Roots: [{ Id: 'r-ab12', Name: 'Root' }] });
  // The root's OUs: an empty first page that still has a token, then the OUs.
  org
    .on(ListOrganizationalUnitsForParentCommand, {
      ParentId: 'r-ab12',
      NextToken: undefined,
    })
    .resolves({ OrganizationalUnits: [], NextToken: 'ou-page-2' })
    .on(ListOrganizationalUnitsForParentCommand, {
      ParentId: 'r-ab12',
      NextToken: 'ou-page-2',
    })
    .resolves({
      OrganizationalUnits: [
        { Id: 'ou-ab12-security', Name: 'Security' },
        { Id: 'ou-ab12-tenants1', Name: 'Tenants' },
      ],
    })
    .on(ListOrganizationalUnitsForParentCommand, {
      ParentId: 'ou-ab12-tenants1',
    })
    .resolves({
      OrganizationalUnits: [
        { Id: 'ou-ab12-premium', Name: 'premium' },
        { Id: 'ou-ab12-standard', Name: 'standard' },
      ],
    })
    .on(ListOrganizationalUnitsForParentCommand, {
      ParentId: 'ou-ab12-premium',
    })
    .resolves({ OrganizationalUnits: [] })
    .on(ListOrganizationalUnitsForParentCommand, {
      ParentId: 'ou-ab12-standard',
    })
    .resolves({ OrganizationalUnits: [] });
  org
    .on(ListAccountsForParentCommand, { ParentId: 'ou-ab12-tenants1' })
    .resolves({ Accounts: [account('444444444444', 'Umbrella Corp')] })
    .on(ListAccountsForParentCommand, {
      ParentId: 'ou-ab12-premium',
      NextToken: undefined,
    })
    .resolves({
      Accounts: [
        account('111111111111', 'acme'),
        account('222222222222', 'globex'),
      ],
      NextToken: 'p2',
    })
    .on(ListAccountsForParentCommand, {
      ParentId: 'ou-ab12-premium',
      NextToken: 'p2',
    })
    .resolves({ Accounts: [], NextToken: 'p3' })
    .on(ListAccountsForParentCommand, {
      ParentId: 'ou-ab12-premium',
      NextToken: 'p3',
    })
    .resolves({
      Accounts: [
        account('555555555555', 'late-joiner', {
          Status: 'ACTIVE',
          State: undefined,
        }),
      ],
    })
    .on(ListAccountsForParentCommand, { ParentId: 'ou-ab12-standard' })
    .resolves({
      Accounts: [
        account('333333333333', 'initech', {
          State: 'SUSPENDED',
          Status: 'ACTIVE',
        }),
      ],
    });
  org
    .on(ListTagsForResourceCommand)
    .callsFake(input => ({ Tags: TAGS[input.ResourceId] ?? [] }));
}

async function collect(previous: StoredTenant[] = [], opts = options) {
  const errors: CollectorError[] = [];
  const tenants = await new InventoryCollector(opts).collect({
    clients,
    logger: mockServices.logger.mock(),
    now: NOW,
    previous,
    reportError: e => errors.push(e),
  });
  return { tenants, errors };
}

describe('InventoryCollector', () => {
  beforeEach(organization);

  it('reads the tenant OU tree, every page including empty ones with a token', async () => {
    const { tenants, errors } = await collect();
    expect(errors).toEqual([]);
    expect(
      tenants.map(t => [
        t.tenantId,
        t.accountId,
        t.ouPath,
        t.state,
        t.tier,
        t.owner,
      ]),
    ).toEqual([
      [
        'acme',
        '111111111111',
        '/Tenants/premium',
        'ACTIVE',
        'premium',
        'group:default/team-acme',
      ],
      [
        'globex',
        '222222222222',
        '/Tenants/premium',
        'ACTIVE',
        null,
        'group:default/team-globex',
      ],
      ['initech', '333333333333', '/Tenants/standard', 'SUSPENDED', null, null],
      ['late-joiner', '555555555555', '/Tenants/premium', 'ACTIVE', null, null],
      [
        'umbrella-corp',
        '444444444444',
        '/Tenants',
        'ACTIVE',
        null,
        'group:default/team-umbrella',
      ],
    ]);
    expect(tenants[0]).toEqual({
      tenantId: 'acme',
      accountId: '111111111111',
      accountName: 'acme',
      email: 'aws+acme@example.com',
      ouId: 'ou-ab12-premium',
      ouPath: '/Tenants/premium',
      state: 'ACTIVE',
      tier: 'premium',
      owner: 'group:default/team-acme',
      regions: ['eu-west-1', 'us-east-1'],
      tags: {
        tenant: 'acme',
        owner: 'team-acme',
        tier: 'premium',
        regions: 'eu-west-1, us-east-1',
      },
      joinedAt: '2025-03-01T08:00:00.000Z',
      tagsReadAt: '2026-11-29T12:00:00.000Z',
    });
    const pages = org
      .commandCalls(ListAccountsForParentCommand)
      .map(c => c.args[0].input);
    expect(pages).toHaveLength(5);
    expect(pages.every(p => p.MaxResults === 20)).toBe(true);
    expect(
      org.commandCalls(ListOrganizationalUnitsForParentCommand),
    ).toHaveLength(5);
    expect(org.commandCalls(ListRootsCommand)).toHaveLength(1);
    expect(org.commandCalls(ListTagsForResourceCommand)).toHaveLength(5);
    // The org tree is read once per run, never ListParents per account
    // (docs/aws-behaviours/fleet.md#ou-tree-read-once).
    expect(org.commandCalls(ListParentsCommand)).toHaveLength(0);
  });

  it('reads tags again only for new or changed accounts, and a few stale ones', async () => {
    const first = await collect();
    organization();
    org
      .on(ListAccountsForParentCommand, { ParentId: 'ou-ab12-standard' })
      .resolves({
        Accounts: [
          account('333333333333', 'initech', { State: 'PENDING_CLOSURE' }),
        ],
      });
    const previous = first.tenants.map(t =>
      t.accountId === '222222222222' || t.accountId === '111111111111'
        ? {
            ...t,
            tagsReadAt:
              t.accountId === '111111111111'
                ? '2026-11-01T00:00:00.000Z'
                : '2026-11-02T00:00:00.000Z',
          }
        : t,
    );
    const second = await collect(previous);
    // initech changed state; acme has the oldest stale tags (1 stale read per run).
    expect(
      org
        .commandCalls(ListTagsForResourceCommand)
        .map(c => c.args[0].input.ResourceId)
        .sort(),
    ).toEqual(['111111111111', '333333333333']);
    expect(second.tenants.find(t => t.tenantId === 'initech')?.state).toBe(
      'PENDING_CLOSURE',
    );
    expect(second.tenants.find(t => t.tenantId === 'globex')?.tagsReadAt).toBe(
      '2026-11-02T00:00:00.000Z',
    );
  });

  it('reports a failed tag read: a new account waits, a known one keeps its tags', async () => {
    const first = await collect();
    organization();
    org
      .on(ListAccountsForParentCommand, { ParentId: 'ou-ab12-standard' })
      .resolves({
        Accounts: [
          account('333333333333', 'initech-renamed'),
          account('666666666666', 'newco'),
        ],
      });
    org.on(ListTagsForResourceCommand).rejects(
      Object.assign(new Error('Rate exceeded'), {
        name: 'TooManyRequestsException',
      }),
    );
    const { tenants, errors } = await collect(first.tenants);
    expect(tenants.map(t => t.tenantId)).toEqual([
      'acme',
      'globex',
      'initech',
      'late-joiner',
      'umbrella-corp',
    ]);
    expect(tenants.find(t => t.accountId === '333333333333')?.accountName).toBe(
      'initech-renamed',
    );
    expect(errors.map(e => e.accountId)).toEqual([
      '333333333333',
      '666666666666',
    ]);
    expect(errors[0].tenantId).toBe('initech');
    expect(errors[0].message).toContain('Rate exceeded');
  });

  it('adds tagged tenants of extra OUs (suspended tenants), skipping untagged accounts', async () => {
    org
      .on(ListOrganizationalUnitsForParentCommand, {
        ParentId: 'r-ab12',
        NextToken: 'ou-page-2',
      })
      .resolves({
        OrganizationalUnits: [
          { Id: 'ou-ab12-tenants1', Name: 'Tenants' },
          { Id: 'ou-ab12-suspended', Name: 'Suspended' },
        ],
      })
      .on(ListOrganizationalUnitsForParentCommand, {
        ParentId: 'ou-ab12-suspended',
      })
      .resolves({ OrganizationalUnits: [] })
      .on(ListAccountsForParentCommand, { ParentId: 'ou-ab12-suspended' })
      .resolves({
        Accounts: [
          account('777777777777', 'old-tenant', { State: 'SUSPENDED' }),
          account('888888888888', 'old-sandbox', { State: 'SUSPENDED' }),
        ],
      });
    TAGS['777777777777'] = [{ Key: 'tenant', Value: 'old-tenant' }];
    try {
      const { tenants, errors } = await collect([], {
        ...options,
        extraOuPaths: ['/Suspended', '/Gone'],
      });
      expect(
        tenants
          .filter(t => t.ouPath === '/Suspended')
          .map(t => [t.tenantId, t.state]),
      ).toEqual([['old-tenant', 'SUSPENDED']]);
      expect(tenants).toHaveLength(6);
      expect(errors).toEqual([
        {
          message:
            'tenancy.tenants OU path /Gone: no OrganizationalUnit named Gone under /',
        },
      ]);
      // The root's OUs are listed once for both paths.
      expect(
        org
          .commandCalls(ListOrganizationalUnitsForParentCommand)
          .filter(c => c.args[0].input.ParentId === 'r-ab12'),
      ).toHaveLength(2);
    } finally {
      delete TAGS['777777777777'];
    }
  });

  it('fails with the rule when the tenants OU does not exist', async () => {
    await expect(
      collect([], { ...options, ouPath: '/Customers' }),
    ).rejects.toThrow(
      'tenancy.tenants OU path /Customers: no OrganizationalUnit named Customers under /',
    );
  });

  it('F3: a tag in other letter case (tenant=ACME by hand) is the same tenant id as acme: listed apart and reported', async () => {
    TAGS['555555555555'] = [{ Key: 'tenant', Value: 'ACME' }];
    try {
      const { tenants, errors } = await collect();
      expect(tenants.map(t => t.tenantId)).toContain('ACME-555555555555');
      expect(errors).toEqual([
        {
          accountId: '555555555555',
          tenantId: 'ACME',
          message:
            'Tenant id ACME is already used by another account (tenant ids compare case-insensitively); listed as ACME-555555555555',
        },
      ]);
    } finally {
      delete TAGS['555555555555'];
    }
  });

  it('keeps the earlier account on a duplicate tenant tag and reports the other', async () => {
    TAGS['555555555555'] = [
      { Key: 'tenant', Value: 'acme' },
      { Key: 'owner', Value: 'not a ref!!' },
    ];
    try {
      const { tenants, errors } = await collect();
      expect(tenants.map(t => t.tenantId)).toContain('acme-555555555555');
      expect(errors).toEqual([
        {
          accountId: '555555555555',
          tenantId: 'acme',
          message: 'Tag owner=not a ref!! is not a group entity ref',
        },
        {
          accountId: '555555555555',
          tenantId: 'acme',
          message:
            'Tenant id acme is already used by another account (tenant ids compare case-insensitively); listed as acme-555555555555',
        },
      ]);
    } finally {
      delete TAGS['555555555555'];
    }
  });
});
