import {
  ListOrganizationalUnitsForParentCommand,
  ListParentsCommand,
  ListRootsCommand,
  OrganizationsClient,
} from '@aws-sdk/client-organizations';
import { mockClient } from 'aws-sdk-client-mock';
import {
  findRootId,
  MAX_OU_WALK_DEPTH,
  ouAncestors,
  parentOf,
  resolveOuPath,
} from './ouTree';

const org = mockClient(OrganizationsClient);
const client = new OrganizationsClient({ region: 'us-east-1' });

describe('OU tree helpers', () => {
  beforeEach(() => org.reset());

  it('finds the root and resolves a path level by level, following every page', async () => {
    org.on(ListRootsCommand).resolves({ Roots: [{ Id: 'r-1' }] });
    org
      .on(ListOrganizationalUnitsForParentCommand, { ParentId: 'r-1' })
      .resolvesOnce({ OrganizationalUnits: [], NextToken: 'p2' })
      .resolvesOnce({ OrganizationalUnits: [{ Id: 'ou-t', Name: 'Tenants' }] });
    org
      .on(ListOrganizationalUnitsForParentCommand, { ParentId: 'ou-t' })
      .resolves({ OrganizationalUnits: [{ Id: 'ou-p', Name: 'premium' }] });
    const root = await findRootId(client);
    expect(root).toBe('r-1');
    const cache = new Map();
    expect(
      await resolveOuPath(client, root, '/Tenants/premium', cache),
    ).toEqual({ ou: { id: 'ou-p', path: '/Tenants/premium' } });
    expect(await resolveOuPath(client, root, '/Tenants/gold', cache)).toEqual({
      missing: { name: 'gold', under: '/Tenants', walked: '/Tenants/gold' },
    });
    // each parent listed once across both walks (3 pages in all)
    expect(
      org.commandCalls(ListOrganizationalUnitsForParentCommand),
    ).toHaveLength(3);
  });

  it('walks parents once per distinct OU, using known parents without a call', async () => {
    org.on(ListParentsCommand, { ChildId: 'ou-p' }).resolves({
      Parents: [{ Id: 'ou-t', Type: 'ORGANIZATIONAL_UNIT' }],
    });
    const chains = await ouAncestors(
      client,
      ['ou-p', 'ou-p', 'ou-x'],
      new Map([
        ['ou-t', 'r-1'],
        ['ou-x', 'ou-t'],
      ]),
    );
    expect(chains.get('ou-p')).toEqual(['ou-p', 'ou-t', 'r-1']);
    expect(chains.get('ou-x')).toEqual(['ou-x', 'ou-t', 'r-1']);
    expect(org.commandCalls(ListParentsCommand)).toHaveLength(1);
  });

  it('stops a chain that never reaches the root after the depth bound', async () => {
    org.on(ListParentsCommand).callsFake(input => ({
      Parents: [{ Id: `${input.ChildId}-up` }],
    }));
    const chain = (await ouAncestors(client, ['ou-a'])).get('ou-a')!;
    expect(chain).toHaveLength(MAX_OU_WALK_DEPTH + 1);
    expect(await parentOf(client, 'ou-a')).toBe('ou-a-up');
  });
});
