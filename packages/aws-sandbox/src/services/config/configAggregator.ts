/**
 * AWS Config aggregator of the security account (`tenancy-organization`, an organization
 * aggregator over all regions): DescribeConfigurationAggregators,
 * GetAggregateConfigRuleComplianceSummary, DescribeAggregateComplianceByConfigRules
 * (GetAggregateComplianceDetailsByConfigRule is in `./configDetails`).
 */
import type {
  OperationContext,
  OperationInput,
  OperationOutput,
} from '../../core/service';
import { AwsServiceError } from '../../core/errors';
import { DataAccount } from '../../core/dataAccounts';
import { defineDataSlot, orgAccounts } from '../../core/context';
import { costData } from '../costExplorer/data';
import { SECURITY_ACCOUNT_ID } from '../../core/organization/organization';
import {
  DetectiveRule,
  SlotResult,
  loadDetectiveRules,
  slotAt,
  slotCount,
  slotResult,
  accountRegions,
} from './complianceModel';
import {
  decodePageToken,
  encodePageToken,
  requestFingerprint,
} from '../../core/pageToken';

/** Name of the organization's Config aggregator in the security account. @public */
export const CONFIG_AGGREGATOR_NAME = 'tenancy-organization';
/** Region the aggregator lives in. @public */
export const CONFIG_AGGREGATOR_REGION = 'us-east-1';

/** Shared with the details handler. */
export const err = (code: string, message: string) =>
  new AwsServiceError(code, message);

/** Shared with the details handler. */
export function checkAggregator(
  input: OperationInput,
  ctx: OperationContext,
): void {
  const name = input.ConfigurationAggregatorName;
  if (typeof name !== 'string' || name === '') {
    throw err(
      'ValidationException',
      `1 validation error detected: Value null at 'configurationAggregatorName' failed to satisfy constraint: Member must not be null`,
    );
  }
  if (
    name !== CONFIG_AGGREGATOR_NAME ||
    ctx.callerAccountId !== SECURITY_ACCOUNT_ID ||
    ctx.region !== CONFIG_AGGREGATOR_REGION
  ) {
    throw err(
      'NoSuchConfigurationAggregatorException',
      'The configuration aggregator does not exist. Check the configuration aggregator name and try again.',
    );
  }
}

/** Shared with the details handler. */
export function checkLimit(
  limit: unknown,
  max: number,
  fallback: number,
): number {
  if (limit === undefined || limit === null || limit === 0) return fallback;
  if (
    !Number.isInteger(limit) ||
    (limit as number) < 0 ||
    (limit as number) > max
  ) {
    throw err(
      'InvalidLimitException',
      `The limit ${String(
        limit,
      )} is outside the allowable range of 0 to ${max}.`,
    );
  }
  return limit as number;
}

/** Shared with the details handler. */
export function rules(ctx: OperationContext): DetectiveRule[] {
  return loadDetectiveRules(ctx.options?.guardrailsFile ?? undefined);
}

/** A rule's compliance changed by the sandbox (and published as its Config event). */
interface ComplianceChange {
  complianceType: 'COMPLIANT' | 'NON_COMPLIANT';
  at: number;
}

/** The compliance changes the sandbox made, by `account|region|rule`. */
const CONFIG_CHANGES = defineDataSlot(
  'configChanges',
  () => new Map<string, ComplianceChange>(),
);

const changeKey = (accountId: string, region: string, ruleName: string) =>
  `${accountId}|${region}|${ruleName}`;

/**
 * Records that `ruleName`'s result in `accountId` and `region` became `complianceType` at `at`
 * (epoch ms): from then on the aggregator answers it, as AWS's aggregator follows the source
 * account's evaluations (the `Config Rules Compliance Change` event says the same).
 */
export function recordComplianceChange(
  ctx: OperationContext,
  accountId: string,
  region: string,
  ruleName: string,
  change: ComplianceChange,
): void {
  ctx.data
    .slot(CONFIG_CHANGES)
    .set(changeKey(accountId, region, ruleName), change);
}

/** Shared with the details handler: the slot's result, with the sandbox's changes applied. */
export function result(
  ctx: OperationContext,
  account: DataAccount,
  region: string,
  rule: DetectiveRule,
): SlotResult | undefined {
  const now = ctx.now().getTime();
  const base = slotResult(
    ctx.data.seed,
    account,
    costData(ctx).cost.profile(account),
    region,
    rule,
    now,
  );
  const change = ctx.data
    .slot(CONFIG_CHANGES)
    .get(changeKey(account.accountId, region, rule.configRuleName));
  if (!change || change.at > now) return base;
  const resources = base
    ? base.compliantResources + base.nonCompliantResources || 1
    : 1;
  const bad =
    change.complianceType === 'COMPLIANT'
      ? 0
      : Math.max(1, base?.nonCompliantResources ?? 0);
  return {
    complianceType: change.complianceType,
    compliantResources: resources - bad,
    nonCompliantResources: bad,
    failing: false,
    evaluatedAt: change.at,
  };
}

/** Shared with the details handler. */
export const badToken = () =>
  err(
    'InvalidNextTokenException',
    'The specified next token is invalid. Specify the nextToken string that was returned in the previous response to get the next page of results.',
  );

/** DescribeConfigurationAggregators. */
export function describeConfigurationAggregators(
  input: OperationInput,
  ctx: OperationContext,
): OperationOutput {
  const here =
    ctx.callerAccountId === SECURITY_ACCOUNT_ID &&
    ctx.region === CONFIG_AGGREGATOR_REGION;
  const names: string[] | undefined = input.ConfigurationAggregatorNames;
  if (names?.length && names.some(n => n !== CONFIG_AGGREGATOR_NAME || !here)) {
    throw err(
      'NoSuchConfigurationAggregatorException',
      'The configuration aggregator does not exist. Check the configuration aggregator name and try again.',
    );
  }
  if (!here) return { ConfigurationAggregators: [] };
  const created = new Date(
    Math.min(
      ...orgAccounts(ctx)
        .filter(a => a.kind !== 'tenant')
        .map(a => a.createdAt.getTime()),
    ),
  );
  return {
    ConfigurationAggregators: [
      {
        ConfigurationAggregatorName: CONFIG_AGGREGATOR_NAME,
        ConfigurationAggregatorArn: `arn:aws:config:${CONFIG_AGGREGATOR_REGION}:${SECURITY_ACCOUNT_ID}:config-aggregator/config-aggregator-tenancy01`,
        OrganizationAggregationSource: {
          RoleArn: `arn:aws:iam::${SECURITY_ACCOUNT_ID}:role/service-role/AWSConfigRoleForOrganizations`,
          AllAwsRegions: true,
        },
        CreationTime: created,
        LastUpdatedTime: created,
        CreatedBy: 'config-multiaccountsetup.amazonaws.com',
      },
    ],
  };
}

/**
 * DescribeAggregateComplianceByConfigRules: scans `Limit` (default and maximum 1000) account × region × rule
 * slots per page and returns the ones with results that match the filters, so a page can be empty
 * and still carry a NextToken. Rules without results are left out.
 */
export function describeAggregateComplianceByConfigRules(
  input: OperationInput,
  ctx: OperationContext,
): OperationOutput {
  checkAggregator(input, ctx);
  const limit = checkLimit(input.Limit, 1000, 1000);
  const f = input.Filters ?? {};
  if (
    f.ComplianceType !== undefined &&
    f.ComplianceType !== 'COMPLIANT' &&
    f.ComplianceType !== 'NON_COMPLIANT'
  ) {
    throw err(
      'InvalidParameterValueException',
      `The ComplianceType ${f.ComplianceType} is not valid: only COMPLIANT and NON_COMPLIANT are supported.`,
    );
  }
  const all = rules(ctx);
  const ruleList = f.ConfigRuleName
    ? all.filter(r => r.configRuleName === f.ConfigRuleName)
    : all;
  let accounts = orgAccounts(ctx);
  if (f.AccountId) accounts = accounts.filter(a => a.accountId === f.AccountId);
  const fp = requestFingerprint(input, 'NextToken');
  const start =
    decodePageToken(input.NextToken, fp, { invalid: badToken })?.o ?? 0;

  const out: OperationOutput[] = [];
  let scanned = 0;
  let position = 0;
  let more = false;
  for (const account of accounts) {
    const n = slotCount(account, ruleList);
    if (position + n <= start) {
      position += n;
      continue;
    }
    for (let i = Math.max(0, start - position); i < n; i++) {
      if (scanned === limit) {
        more = true;
        break;
      }
      scanned++;
      const slot = slotAt(account, ruleList, i);
      if (f.AwsRegion && slot.region !== f.AwsRegion) continue;
      const res = result(ctx, account, slot.region, slot.rule);
      if (!res || (f.ComplianceType && res.complianceType !== f.ComplianceType))
        continue;
      out.push({
        ConfigRuleName: slot.rule.configRuleName,
        Compliance: {
          ComplianceType: res.complianceType,
          ...(res.complianceType === 'NON_COMPLIANT'
            ? {
                ComplianceContributorCount: {
                  CappedCount: res.nonCompliantResources,
                  CapExceeded: false,
                },
              }
            : {}),
        },
        AccountId: account.accountId,
        AwsRegion: slot.region,
      });
    }
    if (more) break;
    position += n;
  }
  const next = start + scanned;
  return {
    AggregateComplianceByConfigRules: out,
    ...(more ? { NextToken: encodePageToken(fp, { o: next }) } : {}),
  };
}

/**
 * GetAggregateConfigRuleComplianceSummary: numbers of compliant and noncompliant rules, for the
 * whole organization or grouped by ACCOUNT_ID or AWS_REGION (groups sorted by name, `Limit` ≤ 1000).
 */
export function getAggregateConfigRuleComplianceSummary(
  input: OperationInput,
  ctx: OperationContext,
): OperationOutput {
  checkAggregator(input, ctx);
  const limit = checkLimit(input.Limit, 1000, 1000);
  const groupBy = input.GroupByKey;
  if (
    groupBy !== undefined &&
    groupBy !== 'ACCOUNT_ID' &&
    groupBy !== 'AWS_REGION'
  ) {
    throw err(
      'ValidationException',
      `1 validation error detected: Value '${groupBy}' at 'groupByKey' failed to satisfy constraint: Member must satisfy enum value set: [ACCOUNT_ID, AWS_REGION]`,
    );
  }
  const f = input.Filters ?? {};
  const ruleList = rules(ctx);
  let accounts = orgAccounts(ctx);
  if (f.AccountId) accounts = accounts.filter(a => a.accountId === f.AccountId);
  const groups = new Map<
    string,
    { compliant: number; nonCompliant: number; at: number }
  >();
  for (const account of accounts) {
    for (const region of accountRegions(account)) {
      if (f.AwsRegion && region !== f.AwsRegion) continue;
      for (const rule of ruleList) {
        const res = result(ctx, account, region, rule);
        if (!res || res.complianceType === 'INSUFFICIENT_DATA') continue;
        let name = '';
        if (groupBy === 'ACCOUNT_ID') name = account.accountId;
        else if (groupBy === 'AWS_REGION') name = region;
        const g = groups.get(name) ?? { compliant: 0, nonCompliant: 0, at: 0 };
        if (res.complianceType === 'COMPLIANT') g.compliant++;
        else g.nonCompliant++;
        g.at = Math.max(g.at, res.evaluatedAt);
        groups.set(name, g);
      }
    }
  }
  const names = [...groups.keys()].sort();
  const fp = requestFingerprint(input, 'NextToken');
  const offset =
    decodePageToken(input.NextToken, fp, { invalid: badToken })?.o ?? 0;
  const page = names.slice(offset, offset + limit);
  return {
    ...(groupBy ? { GroupByKey: groupBy } : {}),
    AggregateComplianceCounts: page.map(name => {
      const g = groups.get(name)!;
      return {
        ...(groupBy ? { GroupName: name } : {}),
        ComplianceSummary: {
          CompliantResourceCount: {
            CappedCount: g.compliant,
            CapExceeded: false,
          },
          NonCompliantResourceCount: {
            CappedCount: g.nonCompliant,
            CapExceeded: false,
          },
          ComplianceSummaryTimestamp: new Date(g.at || ctx.now().getTime()),
        },
      };
    }),
    ...(offset + page.length < names.length
      ? { NextToken: encodePageToken(fp, { o: offset + page.length }) }
      : {}),
  };
}
