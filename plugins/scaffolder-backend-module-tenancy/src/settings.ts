import type { Config } from '@backstage/config';
import {
  type CentralAccount,
  readBaselineStackSetName,
  readCentralAccounts,
  readStackSetCallAs,
  readTenantsOuPaths,
  readTenantTagKey,
} from '@tenancy/plugin-tenants-node';
import {
  type OffboardingSettings,
  readOffboardingSettings,
} from './offboardingSettings';

/** Budget defaults of the vending actions (`tenancy.vending.budget`). @public */
export interface BudgetSettings {
  /** Monthly limit in USD when the template gives none, decimal string, e.g. `"1000.00"`. */
  defaultAmountUsd: string;
  /** Addresses notified for every tenant budget (the tenant's own email is added by the template). */
  notificationEmails: string[];
  /** Percent thresholds of actual spend, e.g. `[80, 100]`. */
  actualThresholdsPercent: number[];
  /** Percent thresholds of forecast spend, e.g. `[100]`. */
  forecastThresholdsPercent: number[];
}

/**
 * The vending actions' settings, read once from `tenancy.vending` (plus `tenancy.tenants.ouPath`
 * and the account ids of `tenancy.aws`). Durations are seconds.
 *
 * @public
 */
export interface VendingSettings {
  /** Management (payer) account id: Budgets `AccountId`, console links. */
  managementAccountId?: string;
  /**
   * The organization's central accounts (management, monitoring, security, StackSet admin from
   * `tenancy.aws.*AccountId`): every vending action refuses them, in dry runs too.
   */
  centralAccounts: CentralAccount[];
  /** Root of the tenants OU tree, e.g. `/Tenants`. */
  ouPath: string;
  /** Tag key carrying the tenant id on the account. Default `tenant`. */
  tenantTagKey: string;
  /** Suggested account email, `{tenantId}` replaced. */
  emailPattern: string;
  account: {
    /** Role CreateAccount creates in the new account. Default OrganizationAccountAccessRole. */
    roleName: string;
    /** Deadline of DescribeCreateAccountStatus polling. Default 1,800 s. */
    timeoutSeconds: number;
    /** New CreateAccount requests after INTERNAL_FAILURE. Default 3. */
    maxInternalFailureRetries: number;
  };
  /** Poll interval: first, then ×1.5 with jitter up to the max (≤ 30 s so a progress line shows at least every 30 s). */
  poll: { initialSeconds: number; maxSeconds: number };
  guardrails: {
    /** Largest minified SCP, characters. AWS's default 5,120; raised quota 10,240. */
    maxPolicySize: number;
    /** SCPs per target (account or OU) including FullAWSAccess. AWS's default 5. */
    maxPoliciesPerTarget: number;
    /** Attached SCPs whose name starts with this are the vending's own; others are never detached. Default `tenant-`. */
    managedPolicyPrefix: string;
  };
  baseline: {
    /** The baseline StackSet. Default `tenant-baseline`. */
    stackSetName: string;
    /** Regions of the baseline instances. Default `[tenancy.aws.region]`. */
    regions: string[];
    /** How long to wait for a service-managed auto-deployment before creating the instance. Default 300 s. */
    autoDeploymentWaitSeconds: number;
    /** Deadline of a StackSet operation. Default 1,800 s. */
    timeoutSeconds: number;
    /**
     * How long a new account's instances are retried while they fail because the StackSet
     * execution role is not there yet (`tenancy.vending.baseline.notReadyTimeoutSeconds`).
     * Default 900 s.
     */
    notReadyTimeoutSeconds: number;
    /** `CallAs` of the StackSet APIs (`tenancy.aws.stackSetCallAs`). */
    callAs: 'SELF' | 'DELEGATED_ADMIN';
    /** StackSet parameter that receives the template's secret external id. Default `ExternalId`. */
    externalIdParameter: string;
  };
  budget: BudgetSettings;
  stateMachine: {
    /** Default state machine of `tenancy:stateMachine:run`. */
    arn?: string;
    timeoutSeconds: number;
  };
  register: {
    /** Deadline for the Tenant entity to appear in the catalog. Default 120 s. */
    timeoutSeconds: number;
  };
  /** The offboarding actions' settings (`tenancy.offboarding`). */
  offboarding: OffboardingSettings;
}

function positive(c: Config | undefined, key: string, dflt: number): number {
  const v = c?.getOptionalNumber(key) ?? dflt;
  if (!(v > 0)) {
    throw new Error(
      `tenancy.vending.${key} must be a positive number, got ${v}`,
    );
  }
  return v;
}

/**
 * Reads {@link VendingSettings} with their defaults.
 * @throws Error naming the key when a value is invalid.
 * @public
 */
export function readVendingSettings(config: Config): VendingSettings {
  const v = config.getOptionalConfig('tenancy.vending');
  const region = config.getOptionalString('tenancy.aws.region') ?? 'us-east-1';
  const { ouPath } = readTenantsOuPaths(config);
  const amount = v?.getOptionalString('budget.defaultAmountUsd') ?? '1000.00';
  if (!/^\d+(\.\d{1,2})?$/.test(amount)) {
    throw new Error(
      `tenancy.vending.budget.defaultAmountUsd must be a decimal USD amount like "1000.00", got '${amount}'`,
    );
  }
  const poll = {
    initialSeconds: positive(v, 'poll.initialSeconds', 2),
    maxSeconds: Math.min(positive(v, 'poll.maxSeconds', 20), 30),
  };
  const baselineStackSetName = readBaselineStackSetName(config);
  return {
    managementAccountId: config.getOptionalString(
      'tenancy.aws.managementAccountId',
    ),
    centralAccounts: readCentralAccounts(config),
    ouPath: ouPath.replace(/\/+$/, '') || '/',
    tenantTagKey: readTenantTagKey(config),
    emailPattern:
      v?.getOptionalString('emailPattern') ?? 'aws+{tenantId}@example.com',
    account: {
      roleName:
        v?.getOptionalString('account.roleName') ??
        'OrganizationAccountAccessRole',
      timeoutSeconds: positive(v, 'account.timeoutSeconds', 1800),
      maxInternalFailureRetries:
        v?.getOptionalNumber('account.maxInternalFailureRetries') ?? 3,
    },
    poll,
    guardrails: {
      maxPolicySize: positive(v, 'guardrails.maxPolicySize', 5120),
      maxPoliciesPerTarget: positive(v, 'guardrails.maxPoliciesPerTarget', 5),
      managedPolicyPrefix:
        v?.getOptionalString('guardrails.managedPolicyPrefix') ?? 'tenant-',
    },
    baseline: {
      stackSetName: baselineStackSetName,
      regions: v?.getOptionalStringArray('baseline.regions') ?? [region],
      autoDeploymentWaitSeconds: positive(
        v,
        'baseline.autoDeploymentWaitSeconds',
        300,
      ),
      timeoutSeconds: positive(v, 'baseline.timeoutSeconds', 1800),
      notReadyTimeoutSeconds: positive(
        v,
        'baseline.notReadyTimeoutSeconds',
        900,
      ),
      callAs: readStackSetCallAs(config),
      externalIdParameter:
        v?.getOptionalString('baseline.externalIdParameter') ?? 'ExternalId',
    },
    budget: {
      defaultAmountUsd: amount,
      notificationEmails:
        v?.getOptionalStringArray('budget.notificationEmails') ?? [],
      actualThresholdsPercent: readNumbers(
        v,
        'budget.actualThresholdsPercent',
        [80, 100],
      ),
      forecastThresholdsPercent: readNumbers(
        v,
        'budget.forecastThresholdsPercent',
        [100],
      ),
    },
    stateMachine: {
      arn: v?.getOptionalString('stateMachine.arn'),
      timeoutSeconds: positive(v, 'stateMachine.timeoutSeconds', 3600),
    },
    register: { timeoutSeconds: positive(v, 'register.timeoutSeconds', 120) },
    offboarding: readOffboardingSettings(config, baselineStackSetName),
  };
}

function readNumbers(
  c: Config | undefined,
  key: string,
  dflt: number[],
): number[] {
  const raw = c?.getOptional<unknown>(key);
  if (raw === undefined) return dflt;
  if (!Array.isArray(raw) || raw.some(n => typeof n !== 'number' || !(n > 0))) {
    throw new Error(
      `tenancy.vending.${key} must be a list of positive numbers`,
    );
  }
  return raw as number[];
}
