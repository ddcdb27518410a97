import {
  AccountStatistics as GroupedByAccount,
  DescribeOrganizationConfigurationCommand,
  GuardDutyClient,
  GetFindingsStatisticsCommand,
  ListDetectorsCommand,
  ListMembersCommand,
} from '@aws-sdk/client-guardduty';
import type {
  RegionThreatFindings,
  ThreatFindings,
} from '@tenancy/plugin-tenants-common';
import { chunk, paginate } from '@tenancy/plugin-tenants-node';
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
 * GuardDuty per account in one region from the administrator (security) account's detector
 * there: ListDetectors (none → every account `not-configured`), the organization configuration
 * (DescribeOrganizationConfiguration), membership from ListMembers
 * (associated members only, every page; `Enabled` relationship = member) and unarchived finding
 * counts by severity band from GetFindingsStatistics grouped by ACCOUNT. An answer names at most
 * 100 accounts and an `accountId` criterion takes at most 50, so:
 *
 * 1. per severity band, one call over the organization;
 * 2. only when one of them names 100 accounts: which accounts have any unarchived finding (F) —
 *    one call over the organization and, when it names 100, the member tenant accounts it did not
 *    name in lists of 50 — and, for each full band, the accounts of F it did not name in lists of 50.
 *
 * Calls: 1 ListDetectors + 1 DescribeOrganizationConfiguration + ⌈members/50⌉ + 4 bands, and when a band is full: 1 [+ ⌈(M − 100)/50⌉]
 * + Σ full bands ⌈(|F| − 100)/50⌉; M = member tenant accounts. `concurrency` calls at a time.
 */
export async function threatFindingsInRegion(
  gd: GuardDutyClient,
  region: string,
  accountIds: string[],
  concurrency = 4,
): Promise<Map<string, RegionThreatFindings>> {
  const detectors = await gd.send(new ListDetectorsCommand({}));
  const detectorId = detectors.DetectorIds?.[0];
  const empty = (status: RegionThreatFindings['status'], autoEnable?: string) =>
    new Map<string, RegionThreatFindings>(
      accountIds.map(a => [
        a,
        {
          region,
          status,
          ...(autoEnable ? { autoEnable } : {}),
          low: 0,
          medium: 0,
          high: 0,
          critical: 0,
        },
      ]),
    );
  if (!detectorId) return empty('not-configured');
  const orgConfig = await gd.send(
    new DescribeOrganizationConfigurationCommand({ DetectorId: detectorId }),
  );
  const out = empty(
    'not-member',
    orgConfig.AutoEnableOrganizationMembers ??
      (orgConfig.AutoEnable ? 'NEW' : 'NONE'),
  );
  const pages = paginate(
    t =>
      gd.send(
        new ListMembersCommand({
          DetectorId: detectorId,
          OnlyAssociated: 'true',
          MaxResults: 50,
          NextToken: t,
        }),
      ),
    p => p.NextToken,
  );
  // page by page: the members are not held, only each tenant account's status
  for await (const page of pages)
    for (const m of page.Members ?? []) {
      const f = m.AccountId ? out.get(m.AccountId) : undefined;
      if (f && m.RelationshipStatus === 'Enabled') f.status = 'member';
    }
  const memberIds = accountIds.filter(a => out.get(a)!.status === 'member');
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
      .filter(a => out.get(a)?.status === 'member');
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

/** Sums per-region results into a tenant's {@link ThreatFindings} (regions in the given order). */
export function mergeRegions(regions: RegionThreatFindings[]): ThreatFindings {
  const configured = regions.filter(r => r.status !== 'not-configured');
  const out: ThreatFindings = {
    member:
      configured.length > 0 && configured.every(r => r.status === 'member'),
    low: 0,
    medium: 0,
    high: 0,
    critical: 0,
    regions,
  };
  for (const r of regions)
    for (const b of SEVERITY_BANDS) out[b.band] += r[b.band];
  return out;
}

/**
 * GuardDuty per account over every region of `tenancy.aws.regions`: {@link threatFindingsInRegion}
 * with the security account's client of each region (regions one after another, each with
 * `concurrency` calls at a time), summed by {@link mergeRegions}.
 * Calls: Σ over regions of the per-region calls (1 ListDetectors only where not configured).
 */
export async function threatFindingsByAccount(
  clientFor: (region: string) => Promise<GuardDutyClient>,
  regions: string[],
  accountIds: string[],
  concurrency = 4,
): Promise<Map<string, ThreatFindings>> {
  const perRegion: Map<string, RegionThreatFindings>[] = [];
  for (const region of regions) {
    perRegion.push(
      await threatFindingsInRegion(
        await clientFor(region),
        region,
        accountIds,
        concurrency,
      ),
    );
  }
  return new Map(
    accountIds.map(a => [a, mergeRegions(perRegion.map(m => m.get(a)!))]),
  );
}

/**
 * A person's reading of a tenant's GuardDuty membership, e.g. `not a member in eu-central-1;
 * not configured in ap-southeast-2`, or `Enabled member in us-east-1, eu-central-1`.
 */
export function describeMembership(t: ThreatFindings | undefined): string {
  const regions = t?.regions ?? [];
  if (regions.length === 0) {
    return t?.member
      ? 'Enabled GuardDuty member'
      : 'Not an enabled GuardDuty member of the security account';
  }
  const gaps = regions
    .filter(r => r.status !== 'member')
    .map(r =>
      r.status === 'not-configured'
        ? `GuardDuty not configured in ${r.region}`
        : `not a member in ${r.region}`,
    );
  const members = regions.filter(r => r.status === 'member').map(r => r.region);
  return [
    ...(members.length ? [`Enabled member in ${members.join(', ')}`] : []),
    ...gaps,
  ].join('; ');
}
