/**
 * Benchmark: start the sandbox with 10,000 tenants and list every account through the SDK.
 * Goal: start < 10 s, peak RSS < 500 MB.
 *
 *   node --require @backstage/cli/config/nodeTransform.cjs packages/aws-sandbox/scripts/bench-start.ts [tenants]
 */
import {
  ListAccountsForParentCommand,
  ListOrganizationalUnitsForParentCommand,
  ListRootsCommand,
  OrganizationsClient,
  paginateListAccounts,
} from '@aws-sdk/client-organizations';
import {
  paginateListStackInstances,
  CloudFormationClient,
} from '@aws-sdk/client-cloudformation';
import { startSandbox } from '../src';

async function main() {
  const tenants = Number(process.argv[2] ?? 10_000);
  let peakRss = process.memoryUsage().rss;
  const sample = setInterval(() => {
    peakRss = Math.max(peakRss, process.memoryUsage().rss);
  }, 20);

  const t0 = performance.now();
  const sandbox = await startSandbox({ port: 0, tenants, seed: 1 });
  const startMs = performance.now() - t0;

  const config = {
    endpoint: sandbox.endpoint,
    region: 'us-east-1',
    credentials: { accessKeyId: 'sandbox', secretAccessKey: 'sandbox' },
  };
  const org = new OrganizationsClient(config);
  const cfn = new CloudFormationClient(config);

  const t1 = performance.now();
  let accounts = 0;
  let pages = 0;
  for await (const page of paginateListAccounts({ client: org }, {})) {
    accounts += page.Accounts!.length;
    pages++;
  }
  const listMs = performance.now() - t1;

  // The tenants OU tree the way the inventory collector walks it.
  const t2 = performance.now();
  const root = (await org.send(new ListRootsCommand({}))).Roots![0].Id!;
  const top = await org.send(
    new ListOrganizationalUnitsForParentCommand({ ParentId: root }),
  );
  const tenantsOu = top.OrganizationalUnits!.find(o => o.Name === 'Tenants')!
    .Id!;
  const tiers = await org.send(
    new ListOrganizationalUnitsForParentCommand({ ParentId: tenantsOu }),
  );
  let inTree = 0;
  for (const tier of tiers.OrganizationalUnits!) {
    let token: string | undefined;
    do {
      const res = await org.send(
        new ListAccountsForParentCommand({
          ParentId: tier.Id,
          NextToken: token,
        }),
      );
      inTree += res.Accounts!.length;
      token = res.NextToken;
    } while (token);
  }
  const treeMs = performance.now() - t2;

  const t3 = performance.now();
  let instances = 0;
  for await (const page of paginateListStackInstances(
    { client: cfn },
    { StackSetName: 'tenant-baseline' },
  )) {
    instances += page.Summaries!.length;
  }
  const instancesMs = performance.now() - t3;

  clearInterval(sample);
  peakRss = Math.max(peakRss, process.memoryUsage().rss);
  const stats = sandbox.stats();
  org.destroy();
  cfn.destroy();
  await sandbox.stop();

  const mb = (n: number) => (n / 1024 / 1024).toFixed(0);
  console.log(`tenants:                 ${tenants}`);
  console.log(
    `start:                   ${startMs.toFixed(0)} ms (goal < 10000 ms)`,
  );
  console.log(
    `ListAccounts:            ${accounts} accounts in ${pages} pages, ${listMs.toFixed(
      0,
    )} ms`,
  );
  console.log(
    `tenants OU tree walk:    ${inTree} accounts, ${treeMs.toFixed(0)} ms`,
  );
  console.log(
    `ListStackInstances:      ${instances} instances, ${instancesMs.toFixed(
      0,
    )} ms`,
  );
  console.log(`calls metered:           ${stats.total}`);
  console.log(`peak RSS:                ${mb(peakRss)} MB (goal < 500 MB)`);
  if (accounts !== tenants + 5) {
    throw new Error(`expected ${tenants + 5} accounts, listed ${accounts}`);
  }
}

main().catch(e => {
  console.error(e);
  process.exit(1);
});
