/**
 * Test helpers: a sandbox on port 0 and real SDK v3 clients pointed at it (dummy credentials,
 * us-east-1, one attempt so errors surface as thrown).
 */
import { BudgetsClient } from '@aws-sdk/client-budgets';
import { CloudFormationClient } from '@aws-sdk/client-cloudformation';
import { OrganizationsClient } from '@aws-sdk/client-organizations';
import { SFNClient } from '@aws-sdk/client-sfn';
import { STSClient } from '@aws-sdk/client-sts';
import type { SandboxOptions } from '../core/options';
import { RunningSandbox, startSandbox } from '../sandbox';

/** Static credentials the sandbox accepts (it checks no signature). */
export const TEST_CREDENTIALS = {
  accessKeyId: 'sandbox',
  secretAccessKey: 'sandbox',
};

/** Client config for a sandbox endpoint. */
export function clientConfig(
  endpoint: string,
  credentials: {
    accessKeyId: string;
    secretAccessKey: string;
    sessionToken?: string;
  } = TEST_CREDENTIALS,
) {
  return { endpoint, region: 'us-east-1', credentials, maxAttempts: 1 };
}

export interface TestSandbox {
  sandbox: RunningSandbox;
  organizations: OrganizationsClient;
  sts: STSClient;
  cloudFormation: CloudFormationClient;
  budgets: BudgetsClient;
  sfn: SFNClient;
}

/** Starts a sandbox (port 0, 20 tenants unless told) with a client per vending service. */
export async function startTestSandbox(
  options: SandboxOptions = {},
): Promise<TestSandbox> {
  const sandbox = await startSandbox({ port: 0, tenants: 20, ...options });
  const config = clientConfig(sandbox.endpoint);
  return {
    sandbox,
    organizations: new OrganizationsClient(config),
    sts: new STSClient(config),
    cloudFormation: new CloudFormationClient(config),
    budgets: new BudgetsClient(config),
    sfn: new SFNClient(config),
  };
}

/** Stops the sandbox and the clients' sockets. */
export async function stopTestSandbox(
  t: TestSandbox | undefined,
): Promise<void> {
  if (!t) return;
  for (const c of [t.organizations, t.sts, t.cloudFormation, t.budgets, t.sfn])
    c.destroy();
  await t.sandbox.stop();
}

/** The error a promise rejects with (fails the test when it resolves). */
export async function errorOf(promise: Promise<unknown>): Promise<any> {
  try {
    await promise;
  } catch (e) {
    return e;
  }
  throw new Error('expected the call to fail, it succeeded');
}
