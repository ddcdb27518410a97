/**
 * Charges of the organization that Cost Explorer attributes to no member account.
 *
 * In the field, a payer's GetCostAndUsage grouped by LINKED_ACCOUNT can add to less than the
 * ungrouped total of the same period and metric (groups 2,864.45, total 2,888.11: 23.66 that no
 * group carries). The sandbox reproduces that: in about half of the months, one line item on one
 * day belongs to no linked account. It is in every ungrouped total and in groups by other
 * dimensions (SERVICE, RECORD_TYPE, tags: untagged), never in a LINKED_ACCOUNT group, and never
 * in a query narrowed to accounts by a LINKED_ACCOUNT filter.
 */
import { DataAccount } from '../../core/dataAccounts';
import { daysInMonth, monthIndex, monthStart } from '../../core/dates';
import { hashString, rand, randInt } from '../../core/random';
import type { CostRecord } from './costModel';
import { ALL_SERVICE_NAMES } from './serviceCatalog';

/** The owner of unattributed line items as filters see it: LINKED_ACCOUNT is ''. */
export const NO_LINKED_ACCOUNT: DataAccount = {
  accountId: '',
  name: 'No linked account',
  kind: 'management',
  createdAt: new Date(0),
};

const SALT = hashString('unattributed');
const SERVICE = Math.max(
  0,
  ALL_SERVICE_NAMES.indexOf('AWS Support (Business)'),
);

/**
 * The unattributed line item of `day` (a day number), if any: half of the months (by seed) have
 * one, on one of their first 10 days, of 3.00 to 40.00 USD (integer cents), record type Usage.
 */
export function unattributedRecord(
  seed: number,
  day: number,
): CostRecord | undefined {
  const month = monthIndex(day);
  if (rand(seed, SALT, month, 1) >= 0.5) return undefined;
  const first = monthStart(day);
  const on =
    first + randInt(0, Math.min(9, daysInMonth(day) - 1), seed, SALT, month, 2);
  if (day !== on) return undefined;
  const cents = randInt(300, 4000, seed, SALT, month, 3);
  return {
    service: SERVICE,
    region: 'global',
    recordType: 'Usage',
    tagged: false,
    unblended: cents,
    amortized: cents,
    usage: 0,
  };
}
