/**
 * The in-process AWS sandbox of the vending property tests: one sandbox reset between
 * sequences, real SDK v3 clients against it (retries without waiting), and the write count.
 */
import { BudgetsClient } from '@aws-sdk/client-budgets';
import { CloudFormationClient } from '@aws-sdk/client-cloudformation';
import { OrganizationsClient } from '@aws-sdk/client-organizations';
import { SFNClient } from '@aws-sdk/client-sfn';
import { STSClient } from '@aws-sdk/client-sts';
import {
  startSandbox,
  type RunningSandbox,
  type SandboxOptions,
} from '@tenancy/aws-sandbox';
import {
  type AwsClientFactory,
  InMemoryAwsCallMeter,
} from '@tenancy/plugin-tenants-node';

/** The central accounts as app-config.sandbox.yaml configures them. */
export const CENTRAL_CONFIG = {
  aws: {
    region: 'us-east-1',
    managementAccountId: '000000000000',
    monitoringAccountId: '000000000001',
    securityAccountId: '000000000002',
  },
};

/** Central account id → the email the sandbox gives it. */
export const CENTRAL_ACCOUNTS: Record<string, string> = {
  '000000000000': 'aws+management@saas-example.com',
  '000000000001': 'aws+monitoring@saas-example.com',
  '000000000002': 'aws+security@saas-example.com',
};

/**
 * Accounts of the sandbox organization that are neither central nor tenants and carry no tenant
 * tag — the log archive in `/Security`, shared services in `/Infrastructure` — id → email.
 * Vending must never adopt them (rule `account.notTenant`).
 */
export const NON_TENANT_ACCOUNTS: Record<string, string> = {
  '000000000003': 'aws+log-archive@saas-example.com',
  '000000000004': 'aws+shared-services@saas-example.com',
};

interface Token {
  getRetryCount(): number;
  getRetryDelay(): number;
}

/**
 * The SDK's standard retry decisions (throttling and transient errors, 3 attempts) without its
 * waits, so a throttled call costs no wall-clock time in the tests.
 */
const noWaitRetry = {
  mode: 'standard',
  acquireInitialRetryToken: async (): Promise<Token> => ({
    getRetryCount: () => 0,
    getRetryDelay: () => 0,
  }),
  refreshRetryTokenForRetry: async (
    token: Token,
    info: { errorType: string },
  ): Promise<Token> => {
    const n = token.getRetryCount() + 1;
    if (!['THROTTLING', 'TRANSIENT'].includes(info.errorType) || n >= 3) {
      throw new Error('no more retries');
    }
    return { getRetryCount: () => n, getRetryDelay: () => 0 };
  },
  recordSuccess: () => {},
};

/** A started sandbox with SDK clients, the factory the actions use and the write counter. */
export interface VendingSandbox {
  sandbox: RunningSandbox;
  org: OrganizationsClient;
  budgets: BudgetsClient;
  factory: AwsClientFactory;
  /** Mutating calls made so far (every operation not named List*, Describe*, Get*), faulted ones included. */
  writes(): number;
  /** CreateBudget inputs that AWS accepted: budget name → LINKED_ACCOUNT values. */
  budgetAccounts: Map<string, string[]>;
  /** Regenerates the organization, clears faults, stats and the budget record. */
  reset(): void;
  stop(): Promise<void>;
}

/** Real SDK v3 clients against a sandbox endpoint (retries without waiting) and the factory over them. */
export function sandboxClients(endpoint: string) {
  const config = {
    endpoint,
    region: 'us-east-1',
    credentials: { accessKeyId: '000000000000', secretAccessKey: 'sandbox' },
    retryStrategy: noWaitRetry as any,
  };
  const org = new OrganizationsClient(config);
  const budgets = new BudgetsClient(config);
  const cfn = new CloudFormationClient(config);
  const sfn = new SFNClient(config);
  const sts = new STSClient(config);
  const factory = {
    organizations: async () => org,
    budgets: async () => budgets,
    cloudFormation: async () => cfn,
    sfn: async () => sfn,
    sts: async () => sts,
    meter: new InMemoryAwsCallMeter(),
  } as unknown as AwsClientFactory;
  return {
    org,
    budgets,
    cfn,
    sfn,
    sts,
    factory,
    destroy: () => [org, budgets, cfn, sfn, sts].forEach(c => c.destroy()),
  };
}

/** Starts the sandbox on 127.0.0.1 (5 seeded tenants, zero durations, manual clock, unless told). */
export async function startVendingSandbox(
  options: SandboxOptions = {},
): Promise<VendingSandbox> {
  const sandbox = await startSandbox({
    port: 0,
    seed: 3,
    tenants: 5,
    ...options,
  });
  const clients = sandboxClients(sandbox.endpoint);
  const { org, budgets, factory } = clients;
  const budgetAccounts = new Map<string, string[]>();
  budgets.middlewareStack.add(
    next => async args => {
      const result = await next(args);
      const input = args.input as any;
      if (input?.Budget?.BudgetName && input.NotificationsWithSubscribers) {
        budgetAccounts.set(
          input.Budget.BudgetName,
          input.Budget.FilterExpression?.Dimensions?.Values ?? [],
        );
      }
      return result;
    },
    { step: 'initialize', name: 'recordCreateBudget' },
  );
  const writes = () =>
    Object.entries(sandbox.stats().calls)
      .filter(([op]) => !/\.(List|Describe|Get)/.test(op))
      .reduce((n, [, c]) => n + (c ?? 0), 0);
  return {
    sandbox,
    org,
    budgets,
    factory,
    writes,
    budgetAccounts,
    reset: () => {
      sandbox.reset();
      sandbox.faults.clear();
      sandbox.resetStats();
      budgetAccounts.clear();
    },
    stop: async () => {
      clients.destroy();
      await sandbox.stop();
    },
  };
}
