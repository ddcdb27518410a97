/**
 * CreateStackInstances, UpdateStackInstances and DeleteStackInstances: targets, OperationId
 * idempotency and one operation at a time.
 */
import { bool, list, str } from '../../core/input';
import {
  OperationContext,
  OperationHandler,
  OperationInput,
} from '../../core/service';
import { StackSetRecord } from '../../core/state';
import { AwsServiceError } from '../../core/errors';
import { findStackSet, validationError } from './common';
import { activeOperation, startOperation } from './stacksets';
import { readPreferences } from './operationSchedule';

const FILTER_TYPES = ['NONE', 'INTERSECTION', 'DIFFERENCE', 'UNION'];

/** The Regions of a CreateStackInstances / UpdateStackInstances request, validated. */
export function readRegions(input: OperationInput): string[] {
  const regions = list<string>(input.Regions);
  if (regions.length === 0) throw validationError('Regions must not be empty');
  for (const r of regions) {
    if (!/^[a-z]{2}(-gov)?-[a-z]+-\d$/.test(r))
      throw validationError(`Region ${r} is not a valid region`);
  }
  return regions;
}

/**
 * The request's OperationId, validated; OperationIdAlreadyExistsException when the StackSet
 * has an operation with that id, OperationInProgressException when another one runs.
 */
export function readOperationId(
  input: OperationInput,
  set: StackSetRecord,
): string | undefined {
  const operationId = str(input.OperationId);
  if (
    operationId !== undefined &&
    !/^[a-zA-Z0-9][-a-zA-Z0-9]{0,127}$/.test(operationId)
  ) {
    throw validationError(
      `Value '${operationId}' at 'operationId' failed to satisfy constraint: Member must satisfy regular expression pattern: [a-zA-Z0-9][-a-zA-Z0-9]*`,
    );
  }
  if (operationId && set.operations.some(o => o.operationId === operationId)) {
    throw new AwsServiceError(
      'OperationIdAlreadyExistsException',
      `The operation ID ${operationId} already exists for StackSet ${set.name}`,
      { httpStatus: 409 },
    );
  }
  const running = activeOperation(set);
  if (running && !set.managedExecution.Active) {
    throw new AwsServiceError(
      'OperationInProgressException',
      `Another Operation on StackSet ${set.id} is in progress: ${running.operationId}`,
      { httpStatus: 409 },
    );
  }
  return operationId;
}

export interface Targets {
  chosen: Array<{ account: string; ou?: string }>;
  ous: string[];
  accounts: string[];
}

/**
 * The accounts a request targets: `Accounts` (self-managed) or `DeploymentTargets` (OUs with an
 * AccountFilterType, service-managed). Service-managed targets never include the management
 * account, as in AWS.
 */
export function resolveTargets(
  input: OperationInput,
  set: StackSetRecord,
  ctx: OperationContext,
): Targets {
  const targets = (input.DeploymentTargets ?? {}) as Record<string, unknown>;
  const ous = list<string>(targets.OrganizationalUnitIds);
  const targetAccounts = list<string>(targets.Accounts);
  const plainAccounts = list<string>(input.Accounts);
  const filterType = str(targets.AccountFilterType) ?? 'NONE';
  if (!FILTER_TYPES.includes(filterType)) {
    throw validationError(
      `AccountFilterType must be one of ${FILTER_TYPES.join(', ')}`,
    );
  }
  if (plainAccounts.length && (ous.length || targetAccounts.length)) {
    throw validationError(
      'Specify either Accounts or DeploymentTargets, not both',
    );
  }
  const org = ctx.org;
  let chosen: Array<{ account: string; ou?: string }>;
  if (set.permissionModel === 'SERVICE_MANAGED') {
    if (plainAccounts.length || ous.length === 0) {
      throw validationError(
        'StackSets with SERVICE_MANAGED permission model can only be deployed to OrganizationalUnitIds',
      );
    }
    for (const ou of ous) {
      if (!org.ou(ou) && ou !== org.root.id)
        throw validationError(
          `OrganizationalUnitId ${ou} was not found in the organization`,
        );
    }
    const inOus = new Map<string, string>();
    for (const ou of ous) {
      for (const a of org.accountsUnder(ou, true)) {
        if (a.id !== org.managementAccountId && a.state !== 'CLOSED')
          inOus.set(a.id, a.parentId);
      }
    }
    const listed = new Set(targetAccounts);
    if (filterType === 'INTERSECTION') {
      chosen = [...inOus]
        .filter(([a]) => listed.has(a))
        .map(([account, ou]) => ({ account, ou }));
    } else if (filterType === 'DIFFERENCE') {
      chosen = [...inOus]
        .filter(([a]) => !listed.has(a))
        .map(([account, ou]) => ({ account, ou }));
    } else {
      chosen = [...inOus].map(([account, ou]) => ({ account, ou }));
      if (filterType === 'UNION') {
        for (const a of targetAccounts)
          if (!inOus.has(a) && a !== org.managementAccountId)
            chosen.push({ account: a, ou: org.account(a)?.parentId });
      }
    }
  } else {
    const accounts = plainAccounts.length ? plainAccounts : targetAccounts;
    if (accounts.length === 0 || ous.length) {
      throw validationError(
        'StackSets with SELF_MANAGED permission model can only be deployed to Accounts',
      );
    }
    chosen = accounts.map(account => ({ account }));
  }
  for (const { account } of chosen) {
    if (!/^\d{12}$/.test(account))
      throw validationError(`Account ${account} is not a valid account id`);
  }
  return {
    chosen,
    ous,
    accounts: plainAccounts.length ? plainAccounts : targetAccounts,
  };
}

/**
 * What Create/UpdateStackInstances read, checked in this order: the StackSet, the Regions, the
 * operation id, the targets.
 */
interface InstancesRequest extends Targets {
  set: StackSetRecord;
  regions: string[];
  operationId: string | undefined;
}

function readInstancesRequest(
  input: OperationInput,
  ctx: OperationContext,
): InstancesRequest {
  const set = findStackSet(input, ctx);
  const regions = readRegions(input);
  const operationId = readOperationId(input, set);
  return { set, regions, operationId, ...resolveTargets(input, set, ctx) };
}

/** Queues the `action` operation over the request's targets × Regions; answers its OperationId. */
function startInstancesOperation(
  ctx: OperationContext,
  input: OperationInput,
  action: 'CREATE' | 'UPDATE' | 'DELETE',
  request: InstancesRequest,
  retainStacks?: boolean,
): { OperationId: string } {
  const op = startOperation(ctx, request.set, {
    action,
    operationId: request.operationId,
    targets: request.chosen,
    regions: request.regions,
    accounts: request.accounts,
    organizationalUnitIds: request.ous,
    operationPreferences: readPreferences(input.OperationPreferences),
    retainStacks,
  });
  return { OperationId: op.operationId };
}

export const createStackInstances: OperationHandler = (input, ctx) => {
  const request = readInstancesRequest(input, ctx);
  const { set, regions, ous } = request;
  if (set.permissionModel === 'SERVICE_MANAGED') {
    for (const ou of ous)
      if (!set.organizationalUnitIds.includes(ou))
        set.organizationalUnitIds.push(ou);
    for (const r of regions) if (!set.regions.includes(r)) set.regions.push(r);
  }
  return startInstancesOperation(ctx, input, 'CREATE', request);
};

/**
 * UpdateStackInstances: re-deploys existing instances (e.g. FAILED or OUTDATED ones) in one
 * operation. Like AWS, it only updates instances that exist: a targeted account × Region
 * without an instance answers StackInstanceNotFoundException (create it with
 * CreateStackInstances).
 */
export const updateStackInstances: OperationHandler = (input, ctx) => {
  const request = readInstancesRequest(input, ctx);
  const { set, regions, chosen } = request;
  for (const { account } of chosen) {
    for (const region of regions) {
      if (
        !set.instances.some(i => i.account === account && i.region === region)
      ) {
        throw new AwsServiceError(
          'StackInstanceNotFoundException',
          `Stack instance for account ${account} in region ${region} of StackSet ${set.name} not found`,
          { httpStatus: 404 },
        );
      }
    }
  }
  return startInstancesOperation(ctx, input, 'UPDATE', request);
};

/**
 * DeleteStackInstances: removes the targeted account × Region instances in one operation;
 * `RetainStacks` (required, as in AWS) keeps each stack in its account, disassociated from the
 * StackSet. For a service-managed StackSet an instance is targeted through the OU it was deployed
 * through, so an account already moved elsewhere can still be removed. Targets without an
 * instance are skipped (the operation still succeeds).
 */
export const deleteStackInstances: OperationHandler = (input, ctx) => {
  const retainStacks = bool(input.RetainStacks);
  if (retainStacks === undefined) {
    throw validationError(
      "1 validation error detected: Value null at 'retainStacks' failed to satisfy constraint: Member must not be null",
    );
  }
  const request = readInstancesRequest(input, ctx);
  const { set, ous } = request;
  if (set.permissionModel === 'SERVICE_MANAGED') {
    const targets = (input.DeploymentTargets ?? {}) as Record<string, unknown>;
    const listed = new Set(list<string>(targets.Accounts));
    const filter = str(targets.AccountFilterType) ?? 'NONE';
    const seen = new Set(request.chosen.map(c => c.account));
    for (const i of set.instances) {
      if (seen.has(i.account) || !ous.includes(i.organizationalUnitId ?? ''))
        continue;
      if (filter === 'INTERSECTION' && !listed.has(i.account)) continue;
      if (filter === 'DIFFERENCE' && listed.has(i.account)) continue;
      seen.add(i.account);
      request.chosen.push({ account: i.account, ou: i.organizationalUnitId });
    }
  }
  return startInstancesOperation(ctx, input, 'DELETE', request, retainStacks);
};
