import path from 'node:path';
import type { Config } from '@backstage/config';
import { resolveGuardrailCatalogPath } from '@tenancy/plugin-tenants-node';
import { readSpendSettings } from '../spend/settings';

/** Settings of the finance source. */
export interface FinanceSettings {
  /** `tenancy.spend.metric`: the costs page's metric (reports name the column that carries it). */
  metric: string;
  /** The cost-class file: `tenancy.finance.costClassesPath`, default `cost-classes.yaml` beside the guardrail catalog. */
  costClassesPath: string;
  /** `tenancy.aws.managementAccountId`: the payer the budgets belong to; absent → the caller's account. */
  managementAccountId?: string;
  /**
   * `tenancy.finance.regenerateIntervalSeconds`: a stored report is regenerated on request only
   * this long after it was generated, seconds (default 300; 0 allows it at once).
   */
  regenerateIntervalSeconds: number;
}

/**
 * Reads {@link FinanceSettings}.
 * @throws Error naming the key when `tenancy.spend.metric` is not allowed, or
 * `tenancy.finance.regenerateIntervalSeconds` is not a whole number ≥ 0.
 */
export function readFinanceSettings(config: Config): FinanceSettings {
  const configured = config.getOptionalString(
    'tenancy.finance.costClassesPath',
  );
  return {
    metric: readSpendSettings(config).spendMetric,
    costClassesPath:
      configured && path.isAbsolute(configured)
        ? configured
        : path.join(
            path.dirname(resolveGuardrailCatalogPath(config)),
            configured ?? 'cost-classes.yaml',
          ),
    managementAccountId: config.getOptionalString(
      'tenancy.aws.managementAccountId',
    ),
    regenerateIntervalSeconds: regenerateInterval(config),
  };
}

function regenerateInterval(config: Config): number {
  const key = 'tenancy.finance.regenerateIntervalSeconds';
  const value = config.getOptionalNumber(key) ?? 300;
  if (!Number.isInteger(value) || value < 0) {
    throw new Error(
      `${key} must be a whole number of seconds ≥ 0; got ${value}`,
    );
  }
  return value;
}
