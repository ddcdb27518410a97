/** Organizations: the organization, roots, OUs, parents, moves and tags. */
import { list, str } from '../../core/input';
import { orgArn } from '../../core/organization/generate';
import { FULL_AWS_ACCESS_POLICY_ID } from '../../core/organization/organization';
import { createRng } from '../../core/random';
import { nextCounter } from '../../core/state';
import { OperationContext, OperationHandler } from '../../core/service';
import { onAccountMoved } from '../cloudformation/stacksets';
import {
  checkAccountId,
  checkParentId,
  constraintViolation,
  inputRequired,
  invalidInput,
  orgError,
  orgPage,
  readTags,
  requireManagement,
} from './common';

const POLICY_TYPES = [{ Type: 'SERVICE_CONTROL_POLICY', Status: 'ENABLED' }];

const describeOrganization: OperationHandler = (_input, ctx) => {
  const org = ctx.org;
  const management = org.managementAccount;
  return {
    Organization: {
      Id: org.id,
      Arn: org.arn,
      FeatureSet: 'ALL',
      MasterAccountArn: management.arn,
      MasterAccountId: management.id,
      MasterAccountEmail: management.email,
      AvailablePolicyTypes: POLICY_TYPES,
    },
  };
};

const listRoots: OperationHandler = (input, ctx) => {
  requireManagement(ctx);
  const root = ctx.org.root;
  const { page, NextToken } = orgPage([root], input, 'roots');
  return {
    Roots: page.map(r => ({
      Id: r.id,
      Arn: r.arn,
      Name: r.name,
      PolicyTypes: POLICY_TYPES,
    })),
    NextToken,
  };
};

function requireParent(
  ctx: OperationContext,
  id: string,
  code = 'ParentNotFoundException',
) {
  if (!ctx.org.isParent(id)) {
    throw orgError(code, `We can't find a root or OU with the ID ${id}.`);
  }
}

const listOrganizationalUnitsForParent: OperationHandler = (input, ctx) => {
  requireManagement(ctx);
  const parentId = checkParentId(str(input.ParentId));
  requireParent(ctx, parentId);
  const { page, NextToken } = orgPage(
    ctx.org.childOus(parentId),
    input,
    `ous:${parentId}`,
  );
  return {
    OrganizationalUnits: page.map(ou => ({
      Id: ou.id,
      Arn: ou.arn,
      Name: ou.name,
    })),
    NextToken,
  };
};

const createOrganizationalUnit: OperationHandler = (input, ctx) => {
  requireManagement(ctx);
  const parentId = checkParentId(str(input.ParentId));
  const name = str(input.Name);
  if (!name) throw inputRequired('You must specify a value for Name.');
  if (name.length > 128)
    throw invalidInput(
      'MAX_LENGTH_EXCEEDED',
      'Name must be at most 128 characters.',
    );
  requireParent(ctx, parentId);
  const org = ctx.org;
  if (org.childOus(parentId).some(ou => ou.name === name)) {
    throw orgError(
      'DuplicateOrganizationalUnitException',
      `An OU named ${name} already exists in ${parentId}.`,
    );
  }
  if (org.pathOf(parentId).split('/').filter(Boolean).length >= 5) {
    throw constraintViolation(
      'OU_DEPTH_LIMIT_EXCEEDED',
      'OUs can be nested at most five levels deep.',
    );
  }
  if (org.ous().length >= 1000) {
    throw constraintViolation(
      'OU_NUMBER_LIMIT_EXCEEDED',
      'An organization can have at most 1,000 OUs.',
    );
  }
  const suffix = org.root.id.slice(2);
  const rng = createRng(ctx.state.seed, 'ou', nextCounter(ctx.state, 'ou'));
  let id: string;
  do id = `ou-${suffix}-${rng.chars(8)}`;
  while (org.ou(id));
  const ou = {
    id,
    arn: orgArn(org.id, 'ou', id),
    name,
    parentId,
    tags: readTags(input.Tags),
  };
  org.addOu(ou);
  org.attach(FULL_AWS_ACCESS_POLICY_ID, id);
  return { OrganizationalUnit: { Id: ou.id, Arn: ou.arn, Name: ou.name } };
};

const listParents: OperationHandler = (input, ctx) => {
  requireManagement(ctx);
  const childId = str(input.ChildId);
  if (!childId) throw inputRequired('You must specify a value for ChildId.');
  const parentId = ctx.org.parentOf(childId);
  if (!parentId) {
    throw orgError(
      'ChildNotFoundException',
      `We can't find an account or OU with the ID ${childId}.`,
    );
  }
  const { page, NextToken } = orgPage([parentId], input, `parents:${childId}`);
  return {
    Parents: page.map(id => ({
      Id: id,
      Type: id === ctx.org.root.id ? 'ROOT' : 'ORGANIZATIONAL_UNIT',
    })),
    NextToken,
  };
};

const moveAccount: OperationHandler = (input, ctx) => {
  requireManagement(ctx);
  const accountId = checkAccountId(str(input.AccountId));
  const sourceId = checkParentId(str(input.SourceParentId), 'SourceParentId');
  const destinationId = checkParentId(
    str(input.DestinationParentId),
    'DestinationParentId',
  );
  const org = ctx.org;
  const account = org.account(accountId);
  if (!account) {
    throw orgError(
      'AccountNotFoundException',
      `You specified an account that doesn't exist: ${accountId}.`,
    );
  }
  if (!org.isParent(sourceId)) {
    throw orgError(
      'SourceParentNotFoundException',
      `We can't find a source root or OU with the ID ${sourceId}.`,
    );
  }
  if (!org.isParent(destinationId)) {
    throw orgError(
      'DestinationParentNotFoundException',
      `We can't find a destination root or OU with the ID ${destinationId}.`,
    );
  }
  if (account.parentId === destinationId) {
    throw orgError(
      'DuplicateAccountException',
      'That account is already present in the specified destination.',
    );
  }
  if (account.parentId !== sourceId) {
    throw orgError(
      'SourceParentNotFoundException',
      `The account ${accountId} is not in the source parent ${sourceId}.`,
    );
  }
  org.moveAccount(accountId, destinationId);
  onAccountMoved(ctx, accountId, sourceId, destinationId);
  return {};
};

function requireResource(ctx: OperationContext, id: string | undefined) {
  if (!id) throw inputRequired('You must specify a value for ResourceId.');
  const tags = ctx.org.tagsOf(id);
  if (!tags) {
    throw orgError(
      'TargetNotFoundException',
      `We can't find a root, OU, account, or policy with the ID ${id}.`,
    );
  }
  return tags;
}

const tagResource: OperationHandler = (input, ctx) => {
  requireManagement(ctx);
  const tags = requireResource(ctx, str(input.ResourceId));
  const add = readTags(input.Tags);
  if (Object.keys(add).length === 0)
    throw inputRequired('You must specify at least one tag.');
  if (Object.keys({ ...tags, ...add }).length > 50) {
    throw constraintViolation(
      'MAX_TAG_LIMIT_EXCEEDED',
      'A resource can have at most 50 tags.',
    );
  }
  Object.assign(tags, add);
  return {};
};

const untagResource: OperationHandler = (input, ctx) => {
  requireManagement(ctx);
  const tags = requireResource(ctx, str(input.ResourceId));
  const keys = list<string>(input.TagKeys);
  if (keys.length === 0)
    throw inputRequired('You must specify at least one tag key.');
  for (const key of keys) delete tags[key];
  return {};
};

const listTagsForResource: OperationHandler = (input, ctx) => {
  requireManagement(ctx);
  const id = str(input.ResourceId);
  const tags = requireResource(ctx, id);
  const entries = Object.entries(tags).map(([Key, Value]) => ({ Key, Value }));
  const { page, NextToken } = orgPage(
    entries,
    { NextToken: input.NextToken },
    `tags:${id}`,
  );
  return { Tags: page, NextToken };
};

export const treeOperations: Record<string, OperationHandler> = {
  DescribeOrganization: describeOrganization,
  ListRoots: listRoots,
  ListOrganizationalUnitsForParent: listOrganizationalUnitsForParent,
  CreateOrganizationalUnit: createOrganizationalUnit,
  ListParents: listParents,
  MoveAccount: moveAccount,
  TagResource: tagResource,
  UntagResource: untagResource,
  ListTagsForResource: listTagsForResource,
};
