/**
 * Cost Explorer GetDimensionValues and ListCostAllocationTags.
 */
import type {
  OperationContext,
  OperationInput,
  OperationOutput,
} from '../../core/service';
import { checkTimePeriod, CE_TOKEN_ERRORS } from './ceRequest';
import {
  SUPPORTED_DIMENSIONS,
  ceValidation,
  compileFilter,
  dimensionValue,
} from './costFilter';
import { orgAccounts, today as todayOf } from '../../core/context';
import { costData } from './data';
import { formatDay } from '../../core/dates';
import { compare } from '../../core/compare';
import {
  decodePageToken,
  encodePageToken,
  requestFingerprint,
} from '../../core/pageToken';

const DIMENSION_PAGE = 1000;

/** The GetDimensionValues handler (Context COST_AND_USAGE). */
export function getDimensionValues(
  input: OperationInput,
  ctx: OperationContext,
): OperationOutput {
  const today = todayOf(ctx);
  const { start, end } = checkTimePeriod(input.TimePeriod, today, 'DAILY');
  const dimension = input.Dimension as string;
  if (!(SUPPORTED_DIMENSIONS as readonly string[]).includes(dimension)) {
    throw ceValidation(
      `Dimension ${dimension} is not allowed. The sandbox supports ${SUPPORTED_DIMENSIONS.join(
        ', ',
      )}.`,
    );
  }
  const context = input.Context ?? 'COST_AND_USAGE';
  if (context !== 'COST_AND_USAGE') {
    throw ceValidation(
      `Context ${context} is not modelled: the organization has no reservations or Savings Plans to query.`,
    );
  }
  const maxResults = input.MaxResults ?? DIMENSION_PAGE;
  if (
    !Number.isInteger(maxResults) ||
    maxResults < 1 ||
    maxResults > DIMENSION_PAGE
  ) {
    throw ceValidation('MaxResults must be an integer from 1 to 1000.');
  }
  const fp = requestFingerprint(input, 'NextPageToken');
  const offset =
    decodePageToken(input.NextPageToken, fp, CE_TOKEN_ERRORS)?.o ?? 0;
  const filter = compileFilter(input.Filter);
  const dc = costData(ctx);
  const accounts = dc.cost.candidates(orgAccounts(ctx), filter);
  const search =
    typeof input.SearchString === 'string'
      ? input.SearchString.toLowerCase()
      : '';
  const last = Math.min(end, today);

  const values = new Map<string, string | undefined>();
  if (dimension === 'LINKED_ACCOUNT' && !input.Filter) {
    for (const a of accounts) {
      if (dc.cost.profile(a).dataStart < last) values.set(a.accountId, a.name);
    }
  } else {
    for (const a of accounts) {
      if (dimension === 'LINKED_ACCOUNT' && values.has(a.accountId)) continue;
      dc.cost.scan([a], start, last, filter, (acc, rec) => {
        const v = dimensionValue(dimension, acc, rec);
        if (!values.has(v))
          values.set(v, dimension === 'LINKED_ACCOUNT' ? acc.name : undefined);
      });
    }
  }
  const all = [...values.entries()]
    .filter(
      ([v, name]) =>
        !search ||
        v.toLowerCase().includes(search) ||
        name?.toLowerCase().includes(search),
    )
    .sort(([a], [b]) => compare(a, b));
  const page = all.slice(offset, offset + maxResults);
  const nextOffset = offset + page.length;
  return {
    DimensionValues: page.map(([Value, name]) => ({
      Value,
      Attributes: name !== undefined ? { description: name } : {},
    })),
    ReturnSize: page.length,
    TotalSize: all.length,
    ...(nextOffset < all.length
      ? { NextPageToken: encodePageToken(fp, { o: nextOffset }) }
      : {}),
  };
}

interface AllocationTag {
  TagKey: string;
  Type: 'UserDefined' | 'AWSGenerated';
  Status: 'Active' | 'Inactive';
}

/** The organization's cost-allocation tags: `tenant` and `tier` are active. */
export const COST_ALLOCATION_TAGS: readonly AllocationTag[] = [
  {
    TagKey: 'aws:cloudformation:stack-name',
    Type: 'AWSGenerated',
    Status: 'Inactive',
  },
  { TagKey: 'aws:createdBy', Type: 'AWSGenerated', Status: 'Inactive' },
  { TagKey: 'owner', Type: 'UserDefined', Status: 'Inactive' },
  { TagKey: 'regions', Type: 'UserDefined', Status: 'Inactive' },
  { TagKey: 'tenant', Type: 'UserDefined', Status: 'Active' },
  { TagKey: 'tier', Type: 'UserDefined', Status: 'Active' },
];

/** The ListCostAllocationTags handler. */
export function listCostAllocationTags(
  input: OperationInput,
  ctx: OperationContext,
): OperationOutput {
  const maxResults = input.MaxResults ?? 100;
  if (!Number.isInteger(maxResults) || maxResults < 1 || maxResults > 1000) {
    throw ceValidation(
      `1 validation error detected: Value '${maxResults}' at 'maxResults' failed to satisfy constraint: Member must have value less than or equal to 1000`,
    );
  }
  const keys: string[] | undefined = input.TagKeys;
  const tags = COST_ALLOCATION_TAGS.filter(
    t =>
      (!input.Status || t.Status === input.Status) &&
      (!input.Type || t.Type === input.Type) &&
      (!keys || keys.includes(t.TagKey)),
  );
  const fp = requestFingerprint(input, 'NextToken');
  const offset = decodePageToken(input.NextToken, fp, CE_TOKEN_ERRORS)?.o ?? 0;
  const page = tags.slice(offset, offset + maxResults);
  const activated = formatDay(
    Math.floor(ctx.now().getTime() / 86_400_000) - 400,
  );
  const lastUsed = formatDay(Math.floor(ctx.now().getTime() / 86_400_000) - 1);
  return {
    CostAllocationTags: page.map(t => ({
      ...t,
      LastUpdatedDate: `${activated}T00:00:00Z`,
      ...(t.Status === 'Active' || t.Type === 'UserDefined'
        ? { LastUsedDate: `${lastUsed}T00:00:00Z` }
        : {}),
    })),
    ...(offset + page.length < tags.length
      ? { NextToken: encodePageToken(fp, { o: offset + page.length }) }
      : {}),
  };
}
