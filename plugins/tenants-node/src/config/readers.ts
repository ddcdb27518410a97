import type { Config } from '@backstage/config';

/**
 * How the StackSet APIs are called: `SELF` from the management account, `DELEGATED_ADMIN` from
 * a delegated administrator account.
 * @public
 */
export type StackSetCallAs = 'SELF' | 'DELEGATED_ADMIN';

/**
 * `tenancy.aws.stackSetCallAs`, default `SELF`.
 * @throws Error naming the key when the value is neither `SELF` nor `DELEGATED_ADMIN`.
 * @public
 */
export function readStackSetCallAs(config: Config): StackSetCallAs {
  const callAs =
    config.getOptionalString('tenancy.aws.stackSetCallAs') ?? 'SELF';
  if (callAs !== 'SELF' && callAs !== 'DELEGATED_ADMIN') {
    throw new Error(
      `tenancy.aws.stackSetCallAs must be SELF or DELEGATED_ADMIN, got '${callAs}'`,
    );
  }
  return callAs;
}

/**
 * The OUs holding tenant accounts: `tenancy.tenants.ouPath` (default `/Tenants`) and
 * `tenancy.tenants.extraOuPaths` (default none), paths from the organization root.
 * @throws Error when a path does not start with `/`.
 * @public
 */
export function readTenantsOuPaths(config: Config): {
  ouPath: string;
  extraOuPaths: string[];
} {
  const ouPath =
    config.getOptionalString('tenancy.tenants.ouPath') ?? '/Tenants';
  const extraOuPaths =
    config.getOptionalStringArray('tenancy.tenants.extraOuPaths') ?? [];
  for (const path of [ouPath, ...extraOuPaths]) {
    if (!path.startsWith('/')) {
      throw new Error(
        `tenancy.tenants OU paths must start with /, got ${path}`,
      );
    }
  }
  return { ouPath, extraOuPaths };
}

/**
 * `tenancy.vending.tenantTagKey`: the tag carrying the tenant id on each account (and the
 * cost-allocation tag of spend), default `tenant`.
 * @public
 */
export function readTenantTagKey(config: Config): string {
  return config.getOptionalString('tenancy.vending.tenantTagKey') ?? 'tenant';
}

/**
 * `tenancy.vending.baseline.stackSetName`: the baseline StackSet, default `tenant-baseline`.
 * @public
 */
export function readBaselineStackSetName(config: Config): string {
  return (
    config.getOptionalString('tenancy.vending.baseline.stackSetName') ??
    'tenant-baseline'
  );
}

/**
 * `tenancy.refresh.concurrency`: AWS calls in flight per collector, default 4.
 * @public
 */
export function readRefreshConcurrency(config: Config): number {
  return config.getOptionalNumber('tenancy.refresh.concurrency') ?? 4;
}

const REGION_PATTERN = /^[a-z]{2}(-gov|-iso[a-z]?)?-[a-z]+-\d+$/;

/**
 * `tenancy.aws.regions`: the regions every regional source is read in (CloudWatch metrics and
 * alarms of each region's monitoring sink, GuardDuty membership, organization configuration and
 * findings of each region's administrator detector), in display order. Default: the one region
 * `tenancy.aws.region` (itself default `us-east-1`).
 * @throws Error naming the key when the list is empty, holds a value that is not a region name
 * (e.g. `eu-central-1`) or names a region twice.
 * @public
 */
export function readAwsRegions(config: Config): string[] {
  const fallback =
    config.getOptionalString('tenancy.aws.region') ?? 'us-east-1';
  const regions = config.getOptionalStringArray('tenancy.aws.regions') ?? [
    fallback,
  ];
  if (regions.length === 0) {
    throw new Error(
      'tenancy.aws.regions must name at least one region, e.g. [us-east-1]',
    );
  }
  const seen = new Set<string>();
  for (const r of regions) {
    if (!REGION_PATTERN.test(r)) {
      throw new Error(
        `tenancy.aws.regions must hold AWS region names such as eu-central-1, got '${r}'`,
      );
    }
    if (seen.has(r)) {
      throw new Error(`tenancy.aws.regions names ${r} twice`);
    }
    seen.add(r);
  }
  return regions;
}
