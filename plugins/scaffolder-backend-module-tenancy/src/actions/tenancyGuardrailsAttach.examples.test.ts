import {
  AttachPolicyCommand,
  CreatePolicyCommand,
  ListParentsCommand,
  ListPoliciesCommand,
  ListPoliciesForTargetCommand,
} from '@aws-sdk/client-organizations';
import {
  loadGuardrailCatalog,
  resolveGuardrailCatalogPath,
} from '@tenancy/plugin-tenants-node';
import { mockClient } from 'aws-sdk-client-mock';
import { createTenancyGuardrailsAttachAction } from './tenancyGuardrailsAttach';
import { examples } from './tenancyGuardrailsAttach.examples';
import {
  exampleInput,
  testContext,
  testDeps,
  tagEveryAccount,
} from '../__testUtils__/harness';

describe('tenancy:guardrails:attach examples', () => {
  it.each(examples.map(e => [e.description, e]))('%s', async (_d, example) => {
    const catalog = await loadGuardrailCatalog(resolveGuardrailCatalogPath());
    const t = testDeps({
      config: { vending: { guardrails: { maxPoliciesPerTarget: 7 } } },
      loadGuardrails: async () => catalog,
    });
    const org = mockClient(t.clients.org);
    tagEveryAccount(org);
    org.on(ListPoliciesCommand).resolves({
      Policies: [{ Id: 'p-FullAWSAccess', Name: 'FullAWSAccess' }],
    });
    org.on(ListPoliciesForTargetCommand).resolves({
      Policies: [{ Id: 'p-FullAWSAccess', Name: 'FullAWSAccess' }],
    });
    org
      .on(ListParentsCommand)
      .resolves({ Parents: [{ Id: 'r-ab12', Type: 'ROOT' }] });
    let n = 0;
    org
      .on(CreatePolicyCommand)
      .callsFake(() => ({ Policy: { PolicySummary: { Id: `p-${++n}` } } }));
    org.on(AttachPolicyCommand).resolves({});
    const input = exampleInput(example);
    const { ctx, outputs } = testContext(input);
    await createTenancyGuardrailsAttachAction(t.deps).handler(ctx);
    const expected = (input.guardrailIds as string[] | undefined)?.length ?? 6;
    expect((outputs.attached as string[]).length).toBe(expected);
    expect(org.commandCalls(AttachPolicyCommand)).toHaveLength(expected);
  });
});
