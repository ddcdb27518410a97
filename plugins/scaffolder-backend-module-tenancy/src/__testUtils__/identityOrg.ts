/**
 * The organization of the identity tests, as an Organizations mock: root `r-ab12` holding the
 * management account and the partial vend `444444444444`; `/Security` (security account,
 * log archive `000000000003`), `/Infrastructure` (monitoring); `/Tenants/premium` (acme's tagged
 * account `111111111111`, Globex's account `888888888888` tagged `tenant=Globex` by hand, an
 * untagged account `555555555555`); `/TenantsArchive` (an untagged `666666666666`, an OU whose
 * name merely starts like the tenants OU).
 */
import {
  CreateAccountCommand,
  DescribeAccountCommand,
  DescribeOrganizationCommand,
  DescribeOrganizationalUnitCommand,
  ListAccountsCommand,
  ListCreateAccountStatusCommand,
  ListOrganizationalUnitsForParentCommand,
  ListParentsCommand,
  ListRootsCommand,
  ListTagsForResourceCommand,
  MoveAccountCommand,
  TagResourceCommand,
} from '@aws-sdk/client-organizations';
import type { JsonObject } from '@backstage/types';
import { mockClient } from 'aws-sdk-client-mock';
import { createTenancyAccountCreateAction } from '../actions/tenancyAccountCreate';
import { testDeps } from './harness';

/** The central accounts of the identity tests' config. */
export const IDENTITY_CENTRAL = {
  aws: {
    region: 'us-east-1',
    managementAccountId: '000000000000',
    monitoringAccountId: '000000000001',
    securityAccountId: '000000000002',
    stackSetAdminAccountId: '000000000009',
  },
};

const OUS: Record<string, { name: string; parent: string }> = {
  'ou-ab12-security1': { name: 'Security', parent: 'r-ab12' },
  'ou-ab12-infra001': { name: 'Infrastructure', parent: 'r-ab12' },
  'ou-ab12-tenants1': { name: 'Tenants', parent: 'r-ab12' },
  'ou-ab12-premium1': { name: 'premium', parent: 'ou-ab12-tenants1' },
  'ou-ab12-archive1': { name: 'TenantsArchive', parent: 'r-ab12' },
};

/** id, name, email, parent, tags */
const ACCOUNTS: Array<
  [string, string, string, string, Record<string, string>]
> = [
  ['000000000000', 'management', 'aws+management@corp.example', 'r-ab12', {}],
  [
    '000000000001',
    'monitoring',
    'aws+monitoring@corp.example',
    'ou-ab12-infra001',
    {},
  ],
  [
    '000000000002',
    'security',
    'aws+security@corp.example',
    'ou-ab12-security1',
    {},
  ],
  [
    '000000000003',
    'log-archive',
    'aws+log-archive@corp.example',
    'ou-ab12-security1',
    { role: 'log-archive' },
  ],
  [
    '111111111111',
    'acme',
    'tenant-acme@corp.example',
    'ou-ab12-premium1',
    { tenant: 'acme', tier: 'premium' },
  ],
  ['444444444444', 'initech', 'tenant-initech@corp.example', 'r-ab12', {}],
  [
    '555555555555',
    'hooli',
    'tenant-hooli@corp.example',
    'ou-ab12-premium1',
    {},
  ],
  ['666666666666', 'archived', 'archived@corp.example', 'ou-ab12-archive1', {}],
  [
    '888888888888',
    'globex',
    'tenant-globex@corp.example',
    'ou-ab12-premium1',
    { tenant: 'Globex' },
  ],
];

/**
 * The organization above as a mock (DescribeOrganization names `000000000000` the management
 * account), the create action on it, and the write count. `config`: the `tenancy` config.
 */
export function setupIdentityOrg(config: JsonObject = IDENTITY_CENTRAL) {
  const t = testDeps({ config });
  const org = mockClient(t.clients.org);
  org.on(ListAccountsCommand).resolves({
    Accounts: ACCOUNTS.map(([Id, Name, Email]) => ({
      Id,
      Name,
      Email,
      Arn: `arn:aws:organizations::000000000000:account/o-abc/${Id}`,
      State: 'ACTIVE',
    })),
  });
  org.on(ListTagsForResourceCommand).resolves({ Tags: [] });
  for (const [Id, , , parent, tags] of ACCOUNTS) {
    org.on(ListTagsForResourceCommand, { ResourceId: Id }).resolves({
      Tags: Object.entries(tags).map(([Key, Value]) => ({ Key, Value })),
    });
    org.on(ListParentsCommand, { ChildId: Id }).resolves({
      Parents: [
        {
          Id: parent,
          Type: parent.startsWith('r-') ? 'ROOT' : 'ORGANIZATIONAL_UNIT',
        },
      ],
    });
  }
  org.on(ListRootsCommand).resolves({ Roots: [{ Id: 'r-ab12' }] });
  org
    .on(DescribeOrganizationCommand)
    .resolves({ Organization: { MasterAccountId: '000000000000' } });
  for (const [Id, ou] of Object.entries(OUS)) {
    org.on(ListParentsCommand, { ChildId: Id }).resolves({
      Parents: [
        {
          Id: ou.parent,
          Type: ou.parent.startsWith('r-') ? 'ROOT' : 'ORGANIZATIONAL_UNIT',
        },
      ],
    });
    org
      .on(DescribeOrganizationalUnitCommand, { OrganizationalUnitId: Id })
      .resolves({ OrganizationalUnit: { Id, Name: ou.name } });
  }
  for (const parent of ['r-ab12', ...Object.keys(OUS)]) {
    org
      .on(ListOrganizationalUnitsForParentCommand, { ParentId: parent })
      .resolves({
        OrganizationalUnits: Object.entries(OUS)
          .filter(([, ou]) => ou.parent === parent)
          .map(([Id, ou]) => ({ Id, Name: ou.name })),
      });
  }
  org
    .on(ListCreateAccountStatusCommand)
    .resolves({ CreateAccountStatuses: [] });
  org.on(DescribeAccountCommand).callsFake(i => ({
    Account: {
      Id: i.AccountId,
      Arn: `arn:aws:organizations::000000000000:account/o-abc/${i.AccountId}`,
      State: 'ACTIVE',
    },
  }));
  const writes = () =>
    [CreateAccountCommand, TagResourceCommand, MoveAccountCommand].flatMap(c =>
      org.commandCalls(c as any),
    ).length;
  return {
    ...t,
    org,
    writes,
    action: createTenancyAccountCreateAction(t.deps),
  };
}
