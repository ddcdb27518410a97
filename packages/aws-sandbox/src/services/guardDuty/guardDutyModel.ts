/**
 * GuardDuty as the security (administrator) account sees it: one detector per region,
 * member accounts with a relationship status per region (a few accounts not members at all),
 * and findings of members by severity and region, some archived. Pure functions of
 * (seed, account, region, now).
 */
import type { FindingRecord } from '../../core/state';
import { DataAccount, accountKey } from '../../core/dataAccounts';
import { hashString, hexId, rand, randInt } from '../../core/random';
import { accountRegions } from '../config/complianceModel';

/** Finding types GuardDuty reports, with their severity (1.0–10.0) and resource type. */
export const FINDING_TYPES: readonly {
  type: string;
  severity: number;
  resourceType: string;
  title: string;
}[] = [
  {
    type: 'Recon:EC2/PortProbeUnprotectedPort',
    severity: 2,
    resourceType: 'Instance',
    title: 'Unprotected port on EC2 instance is being probed.',
  },
  {
    type: 'Policy:S3/BucketBlockPublicAccessDisabled',
    severity: 2,
    resourceType: 'S3Bucket',
    title: 'Amazon S3 Block Public Access was disabled for an S3 bucket.',
  },
  {
    type: 'Stealth:IAMUser/CloudTrailLoggingDisabled',
    severity: 2,
    resourceType: 'AccessKey',
    title: 'AWS CloudTrail trail was disabled.',
  },
  {
    type: 'UnauthorizedAccess:EC2/SSHBruteForce',
    severity: 5,
    resourceType: 'Instance',
    title: 'SSH brute force attacks against an EC2 instance.',
  },
  {
    type: 'Discovery:S3/MaliciousIPCaller',
    severity: 5,
    resourceType: 'S3Bucket',
    title: 'An S3 API was invoked from a known malicious IP address.',
  },
  {
    type: 'PrivilegeEscalation:IAMUser/AnomalousBehavior',
    severity: 5,
    resourceType: 'AccessKey',
    title:
      'An API commonly used to obtain privileges was invoked in an unusual way.',
  },
  {
    type: 'CryptoCurrency:EC2/BitcoinTool.B!DNS',
    severity: 8,
    resourceType: 'Instance',
    title:
      'EC2 instance is querying a domain name associated with Bitcoin activity.',
  },
  {
    type: 'UnauthorizedAccess:IAMUser/InstanceCredentialExfiltration.OutsideAWS',
    severity: 8,
    resourceType: 'AccessKey',
    title:
      'Credentials for an EC2 instance role are used from an external IP address.',
  },
  {
    type: 'Trojan:EC2/DNSDataExfiltration',
    severity: 8,
    resourceType: 'Instance',
    title: 'EC2 instance is exfiltrating data through DNS queries.',
  },
  {
    type: 'AttackSequence:IAM/CompromisedCredentials',
    severity: 9,
    resourceType: 'AccessKey',
    title: 'Potential credential compromise of one or more AWS credentials.',
  },
];

/** A finding's facts, enough to answer statistics, lists and details. */
export type FindingFacts = FindingRecord;

/**
 * Regions where the organization's GuardDuty administrator (the security account) has a
 * detector. GuardDuty is regional: in any other region the administrator's ListDetectors is
 * empty and no account is a member there. ap-southeast-2 is left out on purpose: a region some
 * tenants run in where the organization never enabled GuardDuty.
 * @public
 */
export const GUARDDUTY_ADMIN_REGIONS: readonly string[] = [
  'us-east-1',
  'us-west-2',
  'eu-west-1',
  'eu-central-1',
];

/**
 * The organization configuration of the administrator's detector in a region
 * (DescribeOrganizationConfiguration): which accounts GuardDuty enables by itself.
 * us-east-1 enables every account (`ALL`); other regions only new accounts (`NEW`).
 */
export function organizationAutoEnable(region: string): 'ALL' | 'NEW' | 'NONE' {
  return region === 'us-east-1' ? 'ALL' : 'NEW';
}

/** GuardDuty relationship status of an account in a region, or undefined when not a member. */
export function memberStatus(
  seed: number,
  account: DataAccount,
  region: string,
  now: number,
): string | undefined {
  if (!GUARDDUTY_ADMIN_REGIONS.includes(region)) return undefined; // no administrator detector
  const key = accountKey(account);
  if (now < account.createdAt.getTime() + 2 * 3_600_000) return undefined; // not enrolled yet
  if (rand(seed, key, 71) < 0.03) return undefined; // never enrolled: not a member anywhere
  if (account.state === 'SUSPENDED') return 'AccountSuspended';
  const r = rand(seed, key, hashString(region), 72);
  if (r < 0.02) return 'Disabled';
  if (r < 0.04) return 'Invited';
  if (r < 0.05) return 'RegionDisabled';
  return 'Enabled';
}

/** Detector id of an account in a region (32 hex characters). */
export function detectorId(
  seed: number,
  accountId: string,
  region: string,
): string {
  return hexId(32, seed, hashString(accountId), hashString(region), 73);
}

/** Findings the administrator sees for one member account in one region. */
export function findingsOf(
  seed: number,
  account: DataAccount,
  region: string,
  now: number,
): FindingFacts[] {
  if (memberStatus(seed, account, region, now) !== 'Enabled') return [];
  if (account.kind === 'tenant' && !accountRegions(account).includes(region))
    return [];
  const key = accountKey(account);
  const reg = hashString(region);
  const hot = rand(seed, key, 74) < 0.05;
  const n = hot
    ? randInt(4, 12, seed, key, reg, 75)
    : Math.max(0, randInt(-3, 3, seed, key, reg, 76));
  const out: FindingFacts[] = [];
  const since = account.createdAt.getTime();
  for (let i = 0; i < n; i++) {
    const t =
      FINDING_TYPES[
        Math.min(
          FINDING_TYPES.length - 1,
          Math.floor(
            rand(seed, key, reg, i, 77) ** (hot ? 0.6 : 1.6) *
              FINDING_TYPES.length,
          ),
        )
      ];
    const createdAt = Math.max(
      since,
      now - randInt(3_600, 90 * 86_400, seed, key, reg, i, 78) * 1000,
    );
    const updatedAt = Math.min(
      now,
      createdAt + randInt(0, 5 * 86_400, seed, key, reg, i, 79) * 1000,
    );
    out.push({
      id: hexId(32, seed, key, reg, i, 80),
      accountId: account.accountId,
      region,
      type: t.type,
      severity: t.severity,
      resourceType: t.resourceType,
      title: t.title,
      archived: rand(seed, key, reg, i, 81) < 0.3,
      createdAt,
      updatedAt,
      count: randInt(1, 40, seed, key, reg, i, 82),
    });
  }
  return out;
}
