import { centsToUsd, usdToCents } from '@tenancy/plugin-tenants-common';

/** usage + tax of a month's record types, the spend headline (docs/aws-behaviours/fleet.md#credits-and-refunds). */
export function headlineOf(amounts: { usage: string; tax: string }): string {
  return centsToUsd(usdToCents(amounts.usage) + usdToCents(amounts.tax));
}
