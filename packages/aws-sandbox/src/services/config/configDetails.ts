/**
 * AWS Config GetAggregateComplianceDetailsByConfigRule: the evaluated resources of one rule in one
 * account and region of the organization aggregator.
 */
import type {
  OperationContext,
  OperationInput,
  OperationOutput,
} from '../../core/service';
import { DataAccount, accountKey } from '../../core/dataAccounts';
import { accountById } from '../../core/context';
import { hashString, randInt } from '../../core/random';
import {
  badToken,
  checkAggregator,
  checkLimit,
  err,
  result,
  rules,
} from './configAggregator';
import {
  decodePageToken,
  encodePageToken,
  requestFingerprint,
} from '../../core/pageToken';

/** GetAggregateComplianceDetailsByConfigRule: the evaluated resources of one rule in one account and region. */
export function getAggregateComplianceDetailsByConfigRule(
  input: OperationInput,
  ctx: OperationContext,
): OperationOutput {
  checkAggregator(input, ctx);
  for (const k of ['ConfigRuleName', 'AccountId', 'AwsRegion']) {
    if (typeof input[k] !== 'string' || input[k] === '') {
      throw err(
        'ValidationException',
        `1 validation error detected: Value null at '${k[0].toLowerCase()}${k.slice(
          1,
        )}' failed to satisfy constraint: Member must not be null`,
      );
    }
  }
  const limit = checkLimit(input.Limit, 100, 50);
  if (
    input.ComplianceType !== undefined &&
    input.ComplianceType !== 'COMPLIANT' &&
    input.ComplianceType !== 'NON_COMPLIANT'
  ) {
    throw err(
      'InvalidParameterValueException',
      `The ComplianceType ${input.ComplianceType} is not valid: only COMPLIANT and NON_COMPLIANT are supported.`,
    );
  }
  const rule = rules(ctx).find(r => r.configRuleName === input.ConfigRuleName);
  const account = accountById(ctx, input.AccountId);
  if (!rule) {
    throw err(
      'NoSuchConfigRuleException',
      `The ConfigRule '${input.ConfigRuleName}' provided in the request is invalid. Please check the configRule name.`,
    );
  }
  const res = account ? result(ctx, account, input.AwsRegion, rule) : undefined;
  const rows: OperationOutput[] = [];
  if (account && res && !res.failing) {
    const total = res.compliantResources + res.nonCompliantResources;
    const key = accountKey(account);
    const salt = hashString(rule.configRuleName);
    for (let i = 0; i < total; i++) {
      const type =
        i < res.nonCompliantResources ? 'NON_COMPLIANT' : 'COMPLIANT';
      if (input.ComplianceType && type !== input.ComplianceType) continue;
      const [resourceType, resourceId] = resourceOf(
        rule.configRuleName,
        account,
        input.AwsRegion,
        i,
        key,
        salt,
      );
      rows.push({
        EvaluationResultIdentifier: {
          EvaluationResultQualifier: {
            ConfigRuleName: rule.configRuleName,
            ResourceType: resourceType,
            ResourceId: resourceId,
          },
          OrderingTimestamp: new Date(res.evaluatedAt),
        },
        ComplianceType: type,
        ResultRecordedTime: new Date(res.evaluatedAt + 2000),
        ConfigRuleInvokedTime: new Date(res.evaluatedAt),
        ...(type === 'NON_COMPLIANT'
          ? {
              Annotation: `${resourceId} does not satisfy ${rule.configRuleName}.`,
            }
          : {}),
        AccountId: account.accountId,
        AwsRegion: input.AwsRegion,
      });
    }
  }
  const fp = requestFingerprint(input, 'NextToken');
  const offset =
    decodePageToken(input.NextToken, fp, { invalid: badToken })?.o ?? 0;
  const page = rows.slice(offset, offset + limit);
  return {
    AggregateEvaluationResults: page,
    ...(offset + page.length < rows.length
      ? { NextToken: encodePageToken(fp, { o: offset + page.length }) }
      : {}),
  };
}

function resourceOf(
  rule: string,
  account: DataAccount,
  region: string,
  i: number,
  key: number,
  salt: number,
): [string, string] {
  const name = account.tenantId ?? account.accountId;
  switch (rule) {
    case 's3-bucket-sse-enabled':
    case 'tenant-custom-tagging':
      return [
        'AWS::S3::Bucket',
        `${name}-${
          ['assets', 'logs', 'uploads', 'exports', 'backups'][i % 5]
        }-${region}-${i}`,
      ];
    case 'rds-storage-encrypted':
      return [
        'AWS::RDS::DBInstance',
        `db-${randInt(0, 0xffffff, key, salt, i)
          .toString(36)
          .toUpperCase()}${i}`,
      ];
    case 'encrypted-volumes':
      return [
        'AWS::EC2::Volume',
        `vol-0${randInt(0, 0x7fffffff, key, salt, i)
          .toString(16)
          .padStart(8, '0')}${i.toString(16)}`,
      ];
    case 'cloudtrail-enabled':
    case 'root-account-mfa-enabled':
      return ['AWS::::Account', account.accountId];
    default:
      return ['AWS::S3::Bucket', `${name}-${i}`];
  }
}
