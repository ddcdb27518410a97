import { ConfigReader } from '@backstage/config';
import {
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
});
