import { ConfigReader } from '@backstage/config';
import {
  readAwsRegions,
  readBaselineStackSetName,
  readRefreshConcurrency,
  readStackSetCallAs,
  readTenantsOuPaths,
  readTenantTagKey,
} from './readers';

describe('config readers', () => {
  const empty = new ConfigReader({});

  it('answers the defaults when nothing is configured', () => {
    expect(readStackSetCallAs(empty)).toBe('SELF');
    expect(readTenantsOuPaths(empty)).toEqual({
      ouPath: '/Tenants',
      extraOuPaths: [],
    });
    expect(readTenantTagKey(empty)).toBe('tenant');
    expect(readBaselineStackSetName(empty)).toBe('tenant-baseline');
    expect(readRefreshConcurrency(empty)).toBe(4);
  });

  it('reads the configured values', () => {
    const config = new ConfigReader({
      tenancy: {
        aws: { stackSetCallAs: 'DELEGATED_ADMIN' },
        tenants: { ouPath: '/Customers', extraOuPaths: ['/Suspended'] },
        vending: { tenantTagKey: 'customer', baseline: { stackSetName: 'b' } },
        refresh: { concurrency: 8 },
      },
    });
    expect(readStackSetCallAs(config)).toBe('DELEGATED_ADMIN');
    expect(readTenantsOuPaths(config)).toEqual({
      ouPath: '/Customers',
      extraOuPaths: ['/Suspended'],
    });
    expect(readTenantTagKey(config)).toBe('customer');
    expect(readBaselineStackSetName(config)).toBe('b');
    expect(readRefreshConcurrency(config)).toBe(8);
  });

  it('rejects a callAs that is not SELF or DELEGATED_ADMIN, naming the key', () => {
    expect(() =>
      readStackSetCallAs(
        new ConfigReader({ tenancy: { aws: { stackSetCallAs: 'ADMIN' } } }),
      ),
    ).toThrow(
      "tenancy.aws.stackSetCallAs must be SELF or DELEGATED_ADMIN, got 'ADMIN'",
    );
  });

  it('rejects an OU path that does not start with /', () => {
    expect(() =>
      readTenantsOuPaths(
        new ConfigReader({ tenancy: { tenants: { extraOuPaths: ['Gone'] } } }),
      ),
    ).toThrow('tenancy.tenants OU paths must start with /, got Gone');
  });

  describe('tenancy.aws.regions', () => {
    it('defaults to tenancy.aws.region, itself default us-east-1', () => {
      expect(readAwsRegions(empty)).toEqual(['us-east-1']);
      expect(
        readAwsRegions(
          new ConfigReader({ tenancy: { aws: { region: 'eu-west-1' } } }),
        ),
      ).toEqual(['eu-west-1']);
    });

    it('keeps the configured regions in their order', () => {
      expect(
        readAwsRegions(
          new ConfigReader({
            tenancy: { aws: { regions: ['us-east-1', 'eu-central-1'] } },
          }),
        ),
      ).toEqual(['us-east-1', 'eu-central-1']);
    });

    it.each([
      [
        [],
        'tenancy.aws.regions must name at least one region, e.g. [us-east-1]',
      ],
      [
        ['us-east-1', 'Frankfurt'],
        "tenancy.aws.regions must hold AWS region names such as eu-central-1, got 'Frankfurt'",
      ],
      [
        ['eu-central-1', 'eu-central-1'],
        'tenancy.aws.regions names eu-central-1 twice',
      ],
    ])('rejects %j naming the rule', (regions, message) => {
      expect(() =>
        readAwsRegions(new ConfigReader({ tenancy: { aws: { regions } } })),
      ).toThrow(message);
    });
  });
});
