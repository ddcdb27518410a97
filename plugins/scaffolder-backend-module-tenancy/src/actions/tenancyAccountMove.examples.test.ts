import {
  ListOrganizationalUnitsForParentCommand,
  ListParentsCommand,
  ListRootsCommand,
  MoveAccountCommand,
} from '@aws-sdk/client-organizations';
import { mockClient } from 'aws-sdk-client-mock';
import { createTenancyAccountMoveAction } from './tenancyAccountMove';
import { examples } from './tenancyAccountMove.examples';
import {
  exampleInput,
  testContext,
  testDeps,
  tagEveryAccount,
} from '../__testUtils__/harness';

describe('tenancy:account:move examples', () => {
  it.each(examples.map(e => [e.description, e]))('%s', async (_d, example) => {
    const t = testDeps();
    const org = mockClient(t.clients.org);
    tagEveryAccount(org);
    org.on(ListRootsCommand).resolves({ Roots: [{ Id: 'r-ab12' }] });
    org
      .on(ListOrganizationalUnitsForParentCommand, { ParentId: 'r-ab12' })
      .resolves({
        OrganizationalUnits: [{ Id: 'ou-ab12-tenants1', Name: 'Tenants' }],
      });
    org
      .on(ListOrganizationalUnitsForParentCommand, {
        ParentId: 'ou-ab12-tenants1',
      })
      .resolves({
        OrganizationalUnits: [{ Id: 'ou-ab12-premium1', Name: 'premium' }],
      });
    org
      .on(ListParentsCommand)
      .resolves({ Parents: [{ Id: 'r-ab12', Type: 'ROOT' }] });
    org.on(MoveAccountCommand).resolves({});
    const { ctx, outputs } = testContext(exampleInput(example));
    await createTenancyAccountMoveAction(t.deps).handler(ctx);
    expect(outputs.moved).toBe(true);
    expect(
      org.commandCalls(MoveAccountCommand)[0].args[0].input.DestinationParentId,
    ).toBe(outputs.ouId);
    expect(['ou-ab12-premium1', 'ou-ab12-tenants1']).toContain(outputs.ouId);
  });
});
