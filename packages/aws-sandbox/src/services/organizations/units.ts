/** Organizations: DescribeOrganizationalUnit and ListChildren. */
import { str } from '../../core/input';
import { OperationHandler } from '../../core/service';
import {
  checkParentId,
  inputRequired,
  invalidInput,
  orgError,
  orgPage,
  requireManagement,
} from './common';

const describeOrganizationalUnit: OperationHandler = (input, ctx) => {
  requireManagement(ctx);
  const id = str(input.OrganizationalUnitId);
  if (!id) {
    throw inputRequired('You must specify a value for OrganizationalUnitId.');
  }
  const ou = ctx.org.ou(id);
  if (!ou) {
    throw orgError(
      'OrganizationalUnitNotFoundException',
      `We can't find an OU with the OrganizationalUnitId ${id}.`,
    );
  }
  return { OrganizationalUnit: { Id: ou.id, Arn: ou.arn, Name: ou.name } };
};

const listChildren: OperationHandler = (input, ctx) => {
  requireManagement(ctx);
  const parentId = checkParentId(str(input.ParentId));
  const type = str(input.ChildType);
  if (!type) throw inputRequired('You must specify a value for ChildType.');
  if (type !== 'ACCOUNT' && type !== 'ORGANIZATIONAL_UNIT') {
    throw invalidInput('INVALID_ENUM', `${type} is not a valid ChildType.`);
  }
  if (!ctx.org.isParent(parentId)) {
    throw orgError(
      'ParentNotFoundException',
      `We can't find a root or OU with the ParentId ${parentId}.`,
    );
  }
  const ids =
    type === 'ACCOUNT'
      ? ctx.org.childAccounts(parentId).map(a => a.id)
      : ctx.org.childOus(parentId).map(o => o.id);
  const { page, NextToken } = orgPage(
    ids,
    input,
    `children:${parentId}:${type}`,
  );
  return { Children: page.map(Id => ({ Id, Type: type })), NextToken };
};

export const unitOperations: Record<string, OperationHandler> = {
  DescribeOrganizationalUnit: describeOrganizationalUnit,
  ListChildren: listChildren,
};
