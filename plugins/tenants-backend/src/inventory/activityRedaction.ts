import type { TenantActivity } from '@tenancy/plugin-tenants-common';

/** What replaces a money figure for a caller without `tenants.spend.read`. */
export const HIDDEN_AMOUNT = '[amount hidden]';

// A figure with its currency on either side: `1000 USD`, `USD 12.50`, `$1,200`, `1.5 US$`.
const NUMBER = String.raw`-?\d[\d,]*(?:\.\d+)?`;
const CURRENCY = String.raw`(?:USD|US\$|\$)`;
const MONEY = new RegExp(
  String.raw`${CURRENCY}\s?${NUMBER}|${NUMBER}\s?${CURRENCY}`,
  'gi',
);

/**
 * Activity entries as a caller without `tenants.spend.read` for the tenant may see them: every
 * money figure in a summary (a budget amount such as `Budget acme-monthly created: 1000 USD per
 * month`, a threshold, a cost) becomes `[amount hidden]`; entries without one are unchanged.
 */
export function redactAmounts(entries: TenantActivity[]): TenantActivity[] {
  return entries.map(entry => {
    const summary = entry.summary.replace(MONEY, HIDDEN_AMOUNT);
    return summary === entry.summary ? entry : { ...entry, summary };
  });
}
