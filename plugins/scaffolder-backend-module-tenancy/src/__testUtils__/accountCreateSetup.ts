/**
 * Shared set-up of the tenancy:account:create tests: an Organizations mock with no accounts,
 * no requests and no tags, every account at the root, DescribeAccount answering ACTIVE, and the
 * action built on it.
 */
import {
  DescribeAccountCommand,
  ListAccountsCommand,
  ListCreateAccountStatusCommand,
  ListParentsCommand,
  ListTagsForResourceCommand,
} from '@aws-sdk/client-organizations';
import { mockClient } from 'aws-sdk-client-mock';
import { createTenancyAccountCreateAction } from '../actions/tenancyAccountCreate';
import { testDeps } from './harness';

export function setupAccountCreate() {
  const t = testDeps();
  const org = mockClient(t.clients.org);
  org.on(ListAccountsCommand).resolves({ Accounts: [] });
  org
    .on(ListCreateAccountStatusCommand)
    .resolves({ CreateAccountStatuses: [] });
  org.on(ListTagsForResourceCommand).resolves({ Tags: [] });
  // Every account sits at the root, where an untagged account may be adopted.
  org
    .on(ListParentsCommand)
    .resolves({ Parents: [{ Id: 'r-ab12', Type: 'ROOT' }] });
  org.on(DescribeAccountCommand).callsFake(i => ({
    Account: {
      Id: i.AccountId,
      Arn: `arn:aws:organizations::000000000000:account/o-abc/${i.AccountId}`,
      State: 'ACTIVE',
    },
  }));
  return { ...t, org, action: createTenancyAccountCreateAction(t.deps) };
}

/** The tenant `acme` of the field cases. */
export const acmeInput = {
  tenantId: 'acme',
  accountName: 'acme',
  email: 'aws+acme@x.io',
  tags: { tier: 'premium' },
};
