import type { SpendChange } from '@tenancy/plugin-tenants-common';
import { formatChange, formatUsd } from '../common/format';

/**
 * A spend change for a person: `+12.3%` (previous positive), `new spend +25.00` (previous
 * 0.00), `no change` (0.00 → 0.00, never "new spend"), `unknown` (no previous month stored).
 * Without a `change` (an older backend) the ratio alone is shown.
 */
export function formatSpendChange(
  change: SpendChange | undefined,
  ratio: number | null,
): string {
  if (!change) return formatChange(ratio);
  switch (change.kind) {
    case 'ratio':
      return formatChange(change.ratio);
    case 'new':
      return `new spend ${change.delta.startsWith('-') ? '' : '+'}${formatUsd(
        change.delta,
      )}`;
    case 'none':
      return 'no change';
    default:
      return 'unknown';
  }
}
