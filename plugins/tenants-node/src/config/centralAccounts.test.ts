import { ConfigReader } from '@backstage/config';
import { readCentralAccounts } from './centralAccounts';

describe('readCentralAccounts', () => {
  it('reads the four roles in order, one entry per account', () => {
    expect(
      readCentralAccounts(
        new ConfigReader({
          tenancy: {
            aws: {
              managementAccountId: '000000000000',
              monitoringAccountId: '000000000001',
              securityAccountId: '000000000002',
              stackSetAdminAccountId: '000000000000',
            },
          },
        }),
      ),
    ).toEqual([
      {
        accountId: '000000000000',
        role: 'management',
        configKey: 'tenancy.aws.managementAccountId',
      },
      {
        accountId: '000000000001',
        role: 'monitoring',
        configKey: 'tenancy.aws.monitoringAccountId',
      },
      {
        accountId: '000000000002',
        role: 'security',
        configKey: 'tenancy.aws.securityAccountId',
      },
    ]);
  });

  it('is empty without config and names the key of a bad id', () => {
    expect(readCentralAccounts(new ConfigReader({}))).toEqual([]);
    expect(() =>
      readCentralAccounts(
        new ConfigReader({ tenancy: { aws: { securityAccountId: '12' } } }),
      ),
    ).toThrow(
      "tenancy.aws.securityAccountId must be a 12-digit AWS account id, got '12'",
    );
  });
});
