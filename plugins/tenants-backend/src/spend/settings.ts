import type { Config } from '@backstage/config';
import { readTenantTagKey } from '@tenancy/plugin-tenants-node';
import { readRefreshBatchSize } from '../refresh/batches';

/** Settings of the spend source. */
export interface SpendSettings {
  /** `tenancy.spend.metric`: Cost Explorer metric, default `AmortizedCost` (shown in the UI). */
  spendMetric: string;
  /** `tenancy.vending.tenantTagKey`: the tenant cost-allocation tag, default `tenant`. */
  tenantTagKey: string;
  /** `tenancy.refresh.batchSize`: tenants whose summary columns are built together, default 500. */
  batchSize: number;
}

const METRICS = [
  'AmortizedCost',
  'UnblendedCost',
  'BlendedCost',
  'NetAmortizedCost',
  'NetUnblendedCost',
];

/**
 * Reads {@link SpendSettings}.
 * @throws Error naming the key when a value is not allowed.
 */
export function readSpendSettings(config: Config): SpendSettings {
  const spendMetric =
    config.getOptionalString('tenancy.spend.metric') ?? 'AmortizedCost';
  if (!METRICS.includes(spendMetric)) {
    throw new Error(
      `tenancy.spend.metric must be one of ${METRICS.join(
        ', ',
      )}; got ${spendMetric}`,
    );
  }
  return {
    spendMetric,
    tenantTagKey: readTenantTagKey(config),
    batchSize: readRefreshBatchSize(config),
  };
}
