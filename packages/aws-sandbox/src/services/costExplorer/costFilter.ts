/**
 * Cost Explorer `Expression` (Filter) evaluation: Dimensions, Tags, And, Or, Not, with
 * MatchOptions, over the sandbox's line items. Invalid expressions throw the error AWS answers.
 */
import { usageTypeOf } from './usageTypes';
import { AwsServiceError } from '../../core/errors';
import { DataAccount } from '../../core/dataAccounts';
import { CostRecord } from './costModel';
import { ALL_SERVICE_NAMES } from './serviceCatalog';

/** Dimensions the sandbox can filter and group by. */
export const SUPPORTED_DIMENSIONS = [
  'LINKED_ACCOUNT',
  'SERVICE',
  'RECORD_TYPE',
  'REGION',
  'USAGE_TYPE',
] as const;

/** A compiled filter. `accountIds` narrows the accounts to scan when the filter allows it. */
export interface CompiledFilter {
  matches(account: DataAccount, rec: CostRecord): boolean;
  /** When defined, no account outside this set can match. */
  accountIds?: Set<string>;
}

/** Validation error in Cost Explorer's shape. */
export function ceValidation(message: string): AwsServiceError {
  return new AwsServiceError('ValidationException', message);
}

/** The value of a dimension for one line item. */
export function dimensionValue(
  key: string,
  account: DataAccount,
  rec: CostRecord,
): string {
  switch (key) {
    case 'LINKED_ACCOUNT':
      return account.accountId;
    case 'SERVICE':
      return ALL_SERVICE_NAMES[rec.service];
    case 'RECORD_TYPE':
      return rec.recordType;
    case 'REGION':
      return rec.region;
    case 'USAGE_TYPE':
      return usageTypeOf(rec.service, rec.region, rec.recordType);
    default:
      throw ceValidation(
        `Dimension ${key} is not allowed. The sandbox supports ${SUPPORTED_DIMENSIONS.join(
          ', ',
        )}.`,
      );
  }
}

/** The value of a cost-allocation tag for one line item ('' when untagged). */
export function tagValue(
  key: string,
  account: DataAccount,
  rec: CostRecord,
): string {
  if (!rec.tagged) return '';
  if (key === 'tenant') return rec.tenant || account.tenantId || '';
  if (key === 'tier') return account.tier ?? '';
  return '';
}

type Getter = (account: DataAccount, rec: CostRecord) => string;

function valueMatcher(
  values: string[],
  options: string[],
): (v: string) => boolean {
  const insensitive = options.includes('CASE_INSENSITIVE');
  const norm = (s: string) => (insensitive ? s.toLowerCase() : s);
  const wanted = values.map(norm);
  if (options.includes('ABSENT')) return v => v === '';
  if (options.includes('STARTS_WITH'))
    return v => wanted.some(w => norm(v).startsWith(w));
  if (options.includes('ENDS_WITH'))
    return v => wanted.some(w => norm(v).endsWith(w));
  if (options.includes('CONTAINS'))
    return v => wanted.some(w => norm(v).includes(w));
  const set = new Set(wanted);
  return v => set.has(norm(v));
}

function leaf(kind: 'Dimensions' | 'Tags', spec: any): CompiledFilter {
  const key = spec?.Key;
  if (typeof key !== 'string' || key === '') {
    throw ceValidation(`${kind} key must be set to a non-empty value.`);
  }
  const values: string[] = Array.isArray(spec.Values)
    ? spec.Values.map(String)
    : [];
  const options: string[] = Array.isArray(spec.MatchOptions)
    ? spec.MatchOptions
    : [];
  if (kind === 'Dimensions') {
    if (!(SUPPORTED_DIMENSIONS as readonly string[]).includes(key)) {
      throw ceValidation(
        `Dimension ${key} is not allowed. The sandbox supports ${SUPPORTED_DIMENSIONS.join(
          ', ',
        )}.`,
      );
    }
    if (options.includes('ABSENT')) {
      throw ceValidation(
        'MatchOptions ABSENT is only supported for Tags and CostCategories.',
      );
    }
    if (values.length === 0)
      throw ceValidation('Dimension values must not be empty.');
  }
  const get: Getter =
    kind === 'Dimensions'
      ? (a, r) => dimensionValue(key, a, r)
      : (a, r) => tagValue(key, a, r);
  const test = valueMatcher(values, options);
  const absentToo = kind === 'Tags' && values.includes('');
  const compiled: CompiledFilter = {
    matches: (a, r) => {
      const v = get(a, r);
      return test(v) || (absentToo && v === '');
    },
  };
  const exact =
    options.length === 0 || (options.length === 1 && options[0] === 'EQUALS');
  if (kind === 'Dimensions' && key === 'LINKED_ACCOUNT' && exact) {
    compiled.accountIds = new Set(values);
  }
  return compiled;
}

/** Compiles a Cost Explorer Expression; undefined matches everything. */
export function compileFilter(expr: any): CompiledFilter {
  if (expr === undefined || expr === null) return { matches: () => true };
  if (typeof expr !== 'object')
    throw ceValidation('Expression must be an object.');
  const parts = [
    'And',
    'Or',
    'Not',
    'Dimensions',
    'Tags',
    'CostCategories',
  ].filter(k => expr[k] !== undefined);
  if (parts.length !== 1) {
    throw ceValidation(
      'Expression is invalid: exactly one of And, Or, Not, Dimensions, Tags or CostCategories must be set.',
    );
  }
  const kind = parts[0];
  switch (kind) {
    case 'Dimensions':
    case 'Tags':
      return leaf(kind, expr[kind]);
    case 'CostCategories':
      throw ceValidation(
        'Cost category filters are not modelled: the organization has no cost categories.',
      );
    case 'Not': {
      const inner = compileFilter(expr.Not);
      return { matches: (a, r) => !inner.matches(a, r) };
    }
    default: {
      const list = expr[kind];
      if (!Array.isArray(list) || list.length < 2) {
        throw ceValidation(
          `Expression ${kind} must contain at least two expressions.`,
        );
      }
      const inner = list.map(compileFilter);
      if (kind === 'And') {
        const sets = inner.filter(f => f.accountIds).map(f => f.accountIds!);
        let accountIds: Set<string> | undefined;
        for (const s of sets) {
          accountIds = accountIds
            ? new Set([...accountIds].filter(id => s.has(id)))
            : s;
        }
        return {
          matches: (a, r) => inner.every(f => f.matches(a, r)),
          accountIds,
        };
      }
      const all = inner.every(f => f.accountIds);
      return {
        matches: (a, r) => inner.some(f => f.matches(a, r)),
        accountIds: all
          ? new Set(inner.flatMap(f => [...f.accountIds!]))
          : undefined,
      };
    }
  }
}
