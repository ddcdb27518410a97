import {
  GuardDutyClient,
  GetFindingsStatisticsCommand,
  ListDetectorsCommand,
  ListMembersCommand,
} from '@aws-sdk/client-guardduty';
import type { ThreatFindings } from '@tenancy/plugin-tenants-common';
import { chunk, collectAll } from '@tenancy/plugin-tenants-node';

/** GuardDuty severity bands: [from, to) on GuardDuty's 1.0–10.0 scale. */
export const SEVERITY_BANDS = [
  { band: 'low', gte: 1, lt: 4 },
  { band: 'medium', gte: 4, lt: 7 },
  { band: 'high', gte: 7, lt: 9 },
  { band: 'critical', gte: 9, lt: 10.1 },
] as const;

/** GetFindingsStatistics returns at most this many groups and cannot paginate. */
const MAX_GROUPS = 100;

/**
 * GuardDuty per account from the administrator (security) account: membership from ListMembers
 * (every page; `Enabled` relationship = member) and unarchived finding counts by severity band
 * from GetFindingsStatistics grouped by ACCOUNT — one call per band when fewer than 100 accounts
 * have findings in it, else one call per band per 100 accounts (`accountId` criterion).
 * Calls: 1 ListDetectors + ⌈members/50⌉ + 4…4·⌈N/100⌉.
 */
export async function threatFindingsByAccount(
  gd: GuardDutyClient,
  accountIds: string[],
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
          OnlyAssociated: 'false',
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
  const wanted = new Set(accountIds);
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
  for (const band of SEVERITY_BANDS) {
    let groups = await count(band);
    if (groups.length >= MAX_GROUPS) {
      groups = (
        await Promise.all(
          chunk(accountIds, MAX_GROUPS).map(c => count(band, c)),
        )
      ).flat();
    }
    for (const g of groups) {
      if (g.AccountId && wanted.has(g.AccountId))
        out.get(g.AccountId)![band.band] = g.TotalFindings ?? 0;
    }
  }
  return out;
}
