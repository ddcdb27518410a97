import {
  AccountStatistics as GroupedByAccount,
  GuardDutyClient,
  GetFindingsStatisticsCommand,
  ListDetectorsCommand,
  ListMembersCommand,
} from '@aws-sdk/client-guardduty';
import type { ThreatFindings } from '@tenancy/plugin-tenants-common';
import { chunk, collectAll } from '@tenancy/plugin-tenants-node';
import pLimit from 'p-limit';

/** GuardDuty severity bands: [from, to) on GuardDuty's 1.0–10.0 scale. */
export const SEVERITY_BANDS = [
  { band: 'low', gte: 1, lt: 4 },
  { band: 'medium', gte: 4, lt: 7 },
  { band: 'high', gte: 7, lt: 9 },
  { band: 'critical', gte: 9, lt: 10.1 },
] as const;

/** GetFindingsStatistics returns at most this many groups and cannot paginate. */
const MAX_GROUPS = 100;
/** Most values of a criterion's `Equals` list (GuardDuty API reference, Condition). */
export const MAX_EQUALS_VALUES = 50;

/**
 * GuardDuty per account from the administrator (security) account: membership from ListMembers
 * (associated members only, every page; `Enabled` relationship = member) and unarchived finding
 * counts by severity band from GetFindingsStatistics grouped by ACCOUNT. An answer names at most
 * 100 accounts and an `accountId` criterion takes at most 50, so:
 *
 * 1. per severity band, one call over the organization;
 * 2. only when one of them names 100 accounts: which accounts have any unarchived finding (F) —
 *    one call over the organization and, when it names 100, the member tenant accounts it did not
 *    name in lists of 50 — and, for each full band, the accounts of F it did not name in lists of 50.
 *
 * Calls: 1 ListDetectors + ⌈members/50⌉ + 4 bands, and when a band is full: 1 [+ ⌈(M − 100)/50⌉]
 * + Σ full bands ⌈(|F| − 100)/50⌉; M = member tenant accounts. `concurrency` calls at a time.
 */
export async function threatFindingsByAccount(
  gd: GuardDutyClient,
  accountIds: string[],
  concurrency = 4,
): Promise<Map<string, ThreatFindings>> {
  const detectors = await gd.send(new ListDetectorsCommand({}));
  const detectorId = detectors.DetectorIds?.[0];
  const out = new Map<string, ThreatFindings>(
    accountIds.map(a => [
      a,
      { member: false, low: 0, medium: 0, high: 0, critical: 0 },
    ]),
  );
  if (!detectorId) return out;
  const members = await collectAll(
    t =>
      gd.send(
        new ListMembersCommand({
          DetectorId: detectorId,
          OnlyAssociated: 'true',
          MaxResults: 50,
          NextToken: t,
        }),
      ),
    p => p.Members,
    p => p.NextToken,
  );
  for (const m of members) {
    const f = m.AccountId ? out.get(m.AccountId) : undefined;
    if (f) f.member = m.RelationshipStatus === 'Enabled';
  }
  const memberIds = accountIds.filter(a => out.get(a)!.member);
  const count = async (
    band?: (typeof SEVERITY_BANDS)[number],
    accounts?: string[],
  ) => {
    const res = await gd.send(
      new GetFindingsStatisticsCommand({
        DetectorId: detectorId,
        GroupBy: 'ACCOUNT',
        MaxResults: MAX_GROUPS,
        FindingCriteria: {
          Criterion: {
            'service.archived': { Equals: ['false'] },
            ...(band
              ? {
                  severity: { GreaterThanOrEqual: band.gte, LessThan: band.lt },
                }
              : {}),
            ...(accounts ? { accountId: { Equals: accounts } } : {}),
          },
        },
      }),
    );
    return res.FindingStatistics?.GroupedByAccount ?? [];
  };
  const limit = pLimit(concurrency);
  /** The groups of `band` (all bands when absent) among `candidates`, after a first answer. */
  const complete = async (
    first: GroupedByAccount[],
    candidates: string[],
    band?: (typeof SEVERITY_BANDS)[number],
  ) => {
    if (first.length < MAX_GROUPS) return first;
    const named = new Set(first.map(g => g.AccountId));
    const rest = candidates.filter(a => !named.has(a));
    const parts = await Promise.all(
      chunk(rest, MAX_EQUALS_VALUES).map(part =>
        limit(() => count(band, part)),
      ),
    );
    return [...first, ...parts.flat()];
  };
  const firsts = await Promise.all(
    SEVERITY_BANDS.map(band => limit(() => count(band))),
  );
  let withFindings: string[] = [];
  if (firsts.some(g => g.length >= MAX_GROUPS)) {
    withFindings = (await complete(await limit(() => count()), memberIds))
      .filter(g => g.AccountId && (g.TotalFindings ?? 0) > 0)
      .map(g => g.AccountId!)
      .filter(a => out.get(a)?.member);
  }
  await Promise.all(
    SEVERITY_BANDS.map(async (band, i) => {
      for (const g of await complete(firsts[i], withFindings, band)) {
        const f = g.AccountId ? out.get(g.AccountId) : undefined;
        if (f) f[band.band] = g.TotalFindings ?? 0;
      }
    }),
  );
  return out;
}
