import path from 'node:path';
import { parseAmount } from '../../spend/money';
import { classify, loadCostClasses, parseCostClasses } from './costClasses';
import { fleetFootprint, tenantFootprint, UsageCost } from './footprint';

const FILE = path.resolve(
  __dirname,
  '../../../../../guardrails/cost-classes.yaml',
);

const line = (
  accountId: string,
  month: string,
  service: string,
  usageType: string,
  amount: string,
): UsageCost => ({
  accountId,
  month,
  service,
  usageType,
  amount: parseAmount(amount),
});

const EC2 = 'Amazon Elastic Compute Cloud - Compute';
const RDS = 'Amazon Relational Database Service';
const LAMBDA = 'AWS Lambda';

describe('cost classes (guardrails/cost-classes.yaml)', () => {
  it('classifies usage types with and without the region prefix', async () => {
    const rules = await loadCostClasses(FILE);
    expect(classify(rules, EC2, 'BoxUsage:m5.large').class).toBe('always-on');
    expect(classify(rules, EC2, 'EUC1-BoxUsage:m5.large').class).toBe(
      'always-on',
    );
    expect(classify(rules, 'EC2 - Other', 'USE2-NatGateway-Hours').class).toBe(
      'always-on',
    );
    expect(classify(rules, 'EC2 - Other', 'NatGateway-Bytes').class).toBe(
      'usage-based',
    );
    expect(classify(rules, LAMBDA, 'Lambda-GB-Second').class).toBe(
      'usage-based',
    );
    expect(
      classify(rules, LAMBDA, 'USW2-Lambda-Provisioned-Concurrency').class,
    ).toBe('always-on');
    expect(
      classify(rules, 'Amazon DynamoDB', 'ReadCapacityUnit-Hrs').class,
    ).toBe('always-on');
    expect(classify(rules, 'Amazon DynamoDB', 'ReadRequestUnits').class).toBe(
      'usage-based',
    );
    expect(classify(rules, 'Amazon DynamoDB', '').class).toBe('usage-based');
    expect(classify(rules, 'Amazon Lightsail', 'BundleUsage').class).toBe(
      'unclassified',
    );
  });

  it('names the rule and field a bad file breaks', () => {
    expect(() =>
      parseCostClasses(
        'rules:\n  - service: X\n    class: sometimes\n    why: y\n',
      ),
    ).toThrow(/^Invalid cost classes: rules\.0\.class: /);
    expect(() =>
      parseCostClasses(
        'rules:\n  - service: X\n    usageType: "("\n    class: always-on\n    why: y\n',
      ),
    ).toThrow(
      'Invalid cost classes: rules.0.usageType: not a regular expression',
    );
  });
});

describe('tenantFootprint', () => {
  it('gives the always-on share of a tenant with EC2 + RDS + Lambda and its trend', async () => {
    const rules = await loadCostClasses(FILE);
    const lines = [
      line('111111111111', '2026-10', EC2, 'BoxUsage:m5.large', '69.12'),
      line(
        '111111111111',
        '2026-10',
        RDS,
        'InstanceUsage:db.t3.medium',
        '49.64',
      ),
      line('111111111111', '2026-10', LAMBDA, 'Lambda-GB-Second', '12.34'),
      line('111111111111', '2026-10', LAMBDA, 'Request', '0.90'),
      line('111111111111', '2026-11', EC2, 'BoxUsage:m5.large', '69.12'),
      line('111111111111', '2026-11', LAMBDA, 'Lambda-GB-Second', '30.88'),
    ];
    expect(tenantFootprint(rules, lines)).toEqual([
      {
        month: '2026-10',
        alwaysOn: '118.76',
        usageBased: '13.24',
        unclassified: '0.00',
        total: '132.00',
        alwaysOnShare: 0.8997,
        shareChange: null,
      },
      {
        month: '2026-11',
        alwaysOn: '69.12',
        usageBased: '30.88',
        unclassified: '0.00',
        total: '100.00',
        alwaysOnShare: 0.6912,
        shareChange: -0.2085,
      },
    ]);
  });

  it('has no share for a month whose spend is not positive', async () => {
    const rules = await loadCostClasses(FILE);
    expect(
      tenantFootprint(rules, [line('1', '2026-11', LAMBDA, '', '0')])[0]
        .alwaysOnShare,
    ).toBeNull();
  });
});

describe('fleetFootprint', () => {
  it('lists the tenants with the largest always-on spend and what it is', async () => {
    const rules = await loadCostClasses(FILE);
    const lines = [
      line('111111111111', '2026-11', EC2, 'BoxUsage:m5.large', '69.12'),
      line(
        '111111111111',
        '2026-11',
        'EC2 - Other',
        'NatGateway-Hours',
        '32.40',
      ),
      line('111111111111', '2026-11', LAMBDA, 'Lambda-GB-Second', '8.48'),
      line(
        '222222222222',
        '2026-11',
        RDS,
        'InstanceUsage:db.r6g.large',
        '180.00',
      ),
      line('333333333333', '2026-11', LAMBDA, 'Lambda-GB-Second', '400.00'),
      line(
        '999999999999',
        '2026-11',
        RDS,
        'InstanceUsage:db.r6g.large',
        '900.00',
      ),
      line(
        '111111111111',
        '2026-10',
        RDS,
        'InstanceUsage:db.r6g.large',
        '999.00',
      ),
    ];
    const tenants = new Map([
      ['111111111111', 'acme'],
      ['222222222222', 'globex'],
      ['333333333333', 'initech'],
    ]);
    expect(fleetFootprint(rules, lines, tenants, '2026-11')).toEqual([
      {
        tenantId: 'globex',
        accountId: '222222222222',
        alwaysOn: '180.00',
        alwaysOnShare: 1,
        items: [
          {
            service: RDS,
            usageType: 'InstanceUsage:db.r6g.large',
            amount: '180.00',
            why: 'RDS instances and their provisioned storage are billed every hour.',
          },
        ],
      },
      {
        tenantId: 'acme',
        accountId: '111111111111',
        alwaysOn: '101.52',
        alwaysOnShare: 0.9229,
        items: [
          {
            service: EC2,
            usageType: 'BoxUsage:m5.large',
            amount: '69.12',
            why: 'An EC2 instance is billed every hour it runs, busy or idle.',
          },
          {
            service: 'EC2 - Other',
            usageType: 'NatGateway-Hours',
            amount: '32.40',
            why: 'A NAT gateway is billed every hour it exists.',
          },
        ],
      },
    ]);
  });
});
