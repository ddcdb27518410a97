/**
 * Test helper: a sandbox with real SDK v3 clients for the billing and observability services,
 * each signed in to the account AWS would serve it from (Cost Explorer in the management
 * account; CloudWatch in the monitoring account; Config and GuardDuty in the security account),
 * through STS AssumeRole as the tenants backend does.
 */
import { CloudWatchClient } from '@aws-sdk/client-cloudwatch';
import { ConfigServiceClient } from '@aws-sdk/client-config-service';
import { CostExplorerClient } from '@aws-sdk/client-cost-explorer';
import { GuardDutyClient } from '@aws-sdk/client-guardduty';
import { AssumeRoleCommand, STSClient } from '@aws-sdk/client-sts';
import type { SandboxOptions } from '../core/options';
import { RunningSandbox, startSandbox } from '../sandbox';
import {
  MONITORING_ACCOUNT_ID,
  SECURITY_ACCOUNT_ID,
} from '../core/organization/organization';

/** A running sandbox and the clients of the data services. */
export interface DataTestSandbox {
  sandbox: RunningSandbox;
  costExplorer: CostExplorerClient;
  cloudWatch: CloudWatchClient;
  configService: ConfigServiceClient;
  guardDuty: GuardDutyClient;
  /** A client of any service for another account (assumes `OrganizationAccountAccessRole`). */
  credentialsFor(accountId: string): Promise<{
    accessKeyId: string;
    secretAccessKey: string;
    sessionToken?: string;
  }>;
  destroy(): Promise<void>;
}

const BASE = { accessKeyId: 'sandbox', secretAccessKey: 'sandbox' };

/** Starts a sandbox on port 0 (20 tenants unless told) with clients for CE, CloudWatch, Config, GuardDuty. */
export async function startDataSandbox(
  options: SandboxOptions = {},
  region = 'us-east-1',
): Promise<DataTestSandbox> {
  const sandbox = await startSandbox({ port: 0, tenants: 20, ...options });
  const endpoint = sandbox.endpoint;
  const sts = new STSClient({
    endpoint,
    region: 'us-east-1',
    credentials: BASE,
    maxAttempts: 1,
  });
  const credentialsFor = async (accountId: string) => {
    const res = await sts.send(
      new AssumeRoleCommand({
        RoleArn: `arn:aws:iam::${accountId}:role/OrganizationAccountAccessRole`,
        RoleSessionName: 'tests',
      }),
    );
    return {
      accessKeyId: res.Credentials!.AccessKeyId!,
      secretAccessKey: res.Credentials!.SecretAccessKey!,
      sessionToken: res.Credentials!.SessionToken,
    };
  };
  const monitoring = await credentialsFor(MONITORING_ACCOUNT_ID);
  const security = await credentialsFor(SECURITY_ACCOUNT_ID);
  const cfg = (credentials: typeof BASE) => ({
    endpoint,
    region,
    credentials,
    maxAttempts: 1,
  });
  const t: DataTestSandbox = {
    sandbox,
    costExplorer: new CostExplorerClient({ ...cfg(BASE), region: 'us-east-1' }),
    cloudWatch: new CloudWatchClient(cfg(monitoring)),
    configService: new ConfigServiceClient(cfg(security)),
    guardDuty: new GuardDutyClient(cfg(security)),
    credentialsFor,
    destroy: async () => {
      for (const c of [
        sts,
        t.costExplorer,
        t.cloudWatch,
        t.configService,
        t.guardDuty,
      ])
        c.destroy();
      await sandbox.stop();
    },
  };
  return t;
}
