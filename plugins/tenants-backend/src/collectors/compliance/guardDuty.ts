import {
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
 * (associated members only, every page; `Enabled` relationship = member) and unarchived finding counts by severity band
 * from GetFindingsStatistics grouped by ACCOUNT. Per band, one call over the whole organization
 * answers the (at most) 100 accounts with the most findings; when it is full, the member tenant
 * accounts it did not name are asked in `accountId` lists of 50 (the API's limit).
 * Calls: 1 ListDetectors + ⌈members/50⌉ + Σ bands (1, or 1 + ⌈(M − 100)/50⌉ when ≥ 100 accounts
 * have findings in the band), M = member tenant accounts; `concurrency` calls at a time.
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
    band: (typeof SEVERITY_BANDS)[number],
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
            severity: { GreaterThanOrEqual: band.gte, LessThan: band.lt },
            ...(accounts ? { accountId: { Equals: accounts } } : {}),
          },
        },
      }),
    );
    return res.FindingStatistics?.GroupedByAccount ?? [];
  };
  const limit = pLimit(concurrency);
  await Promise.all(
    SEVERITY_BANDS.map(async band => {
      const groups = await limit(() => count(band));
      if (groups.length >= MAX_GROUPS) {
        const named = new Set(groups.map(g => g.AccountId));
        const rest = memberIds.filter(a => !named.has(a));
        const parts = await Promise.all(
          chunk(rest, MAX_EQUALS_VALUES).map(part =>
            limit(() => count(band, part)),
          ),
        );
        groups.push(...parts.flat());
      }
      for (const g of groups) {
        const f = g.AccountId ? out.get(g.AccountId) : undefined;
        if (f) f[band.band] = g.TotalFindings ?? 0;
      }
    }),
  );
  return out;
}
