import type { Config } from '@backstage/config';

/**
 * Settings of the offboarding actions (`tenancy.offboarding`). Durations are seconds.
 * @public
 */
export interface OffboardingSettings {
  /** OU an offboarded account is moved to. Default `/Suspended`. */
  suspendedOuPath: string;
  /**
   * The SCP that must be attached to {@link OffboardingSettings.suspendedOuPath} (denies all but
   * reads). Suspending refuses to move an account into an OU without it. Default
   * `suspended-deny-all-but-read`.
   */
  suspendedPolicyName: string;
  /** StackSets whose instances of the tenant account are removed. Default the baseline StackSet. */
  stackSetNames: string[];
  /**
   * CloseAccount calls the organization may make in a rolling 30 days. Default: AWS's rule, the
   * higher of 250 and 20 % of the member accounts, at most 1,000; set it when AWS raised or
   * lowered your organization's quota.
   */
  closeAccountQuota?: number;
  /** How long `tenancy:account:close` waits for PENDING_CLOSURE to become SUSPENDED. Default 900 s. */
  closeTimeoutSeconds: number;
  /** How long `tenancy:tenant:state` waits for the portal to show the state. Default 180 s. */
  stateTimeoutSeconds: number;
}

/**
 * Reads {@link OffboardingSettings} with their defaults.
 * @throws Error naming the key when a value is invalid.
 */
export function readOffboardingSettings(
  config: Config,
  baselineStackSetName: string,
): OffboardingSettings {
  const c = config.getOptionalConfig('tenancy.offboarding');
  const seconds = (key: string, dflt: number) => {
    const v = c?.getOptionalNumber(key) ?? dflt;
    if (!(v > 0))
      throw new Error(
        `tenancy.offboarding.${key} must be a positive number of seconds, got ${v}`,
      );
    return v;
  };
  const quota = c?.getOptionalNumber('closeAccountQuota');
  if (quota !== undefined && !(Number.isInteger(quota) && quota >= 0)) {
    throw new Error(
      `tenancy.offboarding.closeAccountQuota must be a whole number, got ${quota}`,
    );
  }
  return {
    suspendedOuPath: c?.getOptionalString('suspendedOuPath') ?? '/Suspended',
    suspendedPolicyName:
      c?.getOptionalString('suspendedPolicyName') ??
      'suspended-deny-all-but-read',
    stackSetNames: c?.getOptionalStringArray('stackSetNames') ?? [
      baselineStackSetName,
    ],
    closeAccountQuota: quota,
    closeTimeoutSeconds: seconds('closeTimeoutSeconds', 900),
    stateTimeoutSeconds: seconds('stateTimeoutSeconds', 180),
  };
}
