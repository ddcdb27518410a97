/**
 * CloudFormation StackSets (query protocol, signing name `cloudformation`). StackSets belong to
 * the management account; a member account of kind `shared` may call with
 * `CallAs: DELEGATED_ADMIN` (the sandbox treats every shared account as a registered delegated
 * administrator).
 */
import { list, str } from '../../core/input';
import { StackSetOperationRecord, StackSetRecord } from '../../core/state';
import { OperationHandler, ServiceDefinition } from '../../core/service';
import { AwsServiceError } from '../../core/errors';
import { checkCallAs, findStackSet, page, validationError } from './common';
import {
  createStackInstances,
  deleteStackInstances,
  updateStackInstances,
} from './instances';
import { seedBaselineStackSet } from './baseline';
import { operationEnded, settleStackSets, stackIdFor } from './stacksets';
import { createStackSet, updateStackSet } from './stackSetWrites';
import {
  detectStackSetDrift,
  driftDetails,
  findOperation,
  listStackSetOperationResults,
  stopStackSetOperation,
} from './operationControl';

const ms = (v?: number) => (v === undefined ? undefined : new Date(v));

function operationShape(set: StackSetRecord, op: StackSetOperationRecord) {
  const ended = operationEnded(op);
  return {
    OperationId: op.operationId,
    StackSetId: set.id,
    Action: op.action,
    Status: op.status,
    OperationPreferences: op.operationPreferences,
    RetainStacks: op.retainStacks,
    CreationTimestamp: ms(op.createdAtMs),
    EndTimestamp: ended ? ms(op.endsAtMs) : undefined,
    DeploymentTargets: {
      Accounts: op.accounts.length ? op.accounts : undefined,
      OrganizationalUnitIds: op.organizationalUnitIds.length
        ? op.organizationalUnitIds
        : undefined,
    },
    StatusReason: op.statusReason,
    StatusDetails: {
      FailedStackInstancesCount: ended
        ? Object.keys(op.failures ?? {}).length
        : 0,
    },
  };
}

const describeStackSet: OperationHandler = (input, ctx) => {
  const set = findStackSet(input, ctx);
  return {
    StackSet: {
      StackSetName: set.name,
      StackSetId: set.id,
      Description: set.description,
      Status: set.status,
      TemplateBody: set.templateBody,
      Parameters: set.parameters,
      Capabilities: set.capabilities,
      Tags: set.tags,
      StackSetARN: set.arn,
      AutoDeployment: set.autoDeployment,
      PermissionModel: set.permissionModel,
      OrganizationalUnitIds: set.organizationalUnitIds,
      ManagedExecution: set.managedExecution,
      Regions: set.regions,
      StackSetDriftDetectionDetails: driftDetails(set),
    },
  };
};

const listStackSets: OperationHandler = (input, ctx) => {
  checkCallAs(input, ctx);
  const status = str(input.Status);
  const sets = ctx.state.stackSets.filter(s => !status || s.status === status);
  const { items, NextToken } = page(sets, input, 'stacksets');
  return {
    Summaries: items.map(s => ({
      StackSetName: s.name,
      StackSetId: s.id,
      Description: s.description,
      Status: s.status,
      AutoDeployment: s.autoDeployment,
      PermissionModel: s.permissionModel,
      DriftStatus: driftDetails(s)?.DriftStatus ?? 'NOT_CHECKED',
      LastDriftCheckTimestamp: ms(s.lastDriftCheckMs),
      ManagedExecution: s.managedExecution,
    })),
    NextToken,
  };
};

const describeStackSetOperation: OperationHandler = (input, ctx) => {
  const set = findStackSet(input, ctx);
  return {
    StackSetOperation: operationShape(
      set,
      findOperation(set, str(input.OperationId)),
    ),
  };
};

const listStackSetOperations: OperationHandler = (input, ctx) => {
  const set = findStackSet(input, ctx);
  const ops = [...set.operations].reverse();
  const { items, NextToken } = page(ops, input, `ops:${set.id}`);
  return {
    Summaries: items.map(op => {
      const {
        OperationId,
        Action,
        Status,
        CreationTimestamp,
        EndTimestamp,
        StatusReason,
        StatusDetails,
        OperationPreferences,
      } = operationShape(set, op);
      return {
        OperationId,
        Action,
        Status,
        CreationTimestamp,
        EndTimestamp,
        StatusReason,
        StatusDetails,
        OperationPreferences,
      };
    }),
    NextToken,
  };
};

const FILTERS = ['DETAILED_STATUS', 'LAST_OPERATION_ID', 'DRIFT_STATUS'];

function instanceShape(
  set: StackSetRecord,
  i: StackSetRecord['instances'][number],
) {
  return {
    StackSetId: set.id,
    Region: i.region,
    Account: i.account,
    // No stack yet (PENDING) or none made because the account is suspended: AWS omits StackId.
    StackId:
      i.detailedStatus === 'PENDING' ||
      i.detailedStatus === 'SKIPPED_SUSPENDED_ACCOUNT'
        ? undefined
        : stackIdFor(set, i.account, i.region),
    Status: i.status,
    StatusReason: i.statusReason,
    StackInstanceStatus: { DetailedStatus: i.detailedStatus },
    OrganizationalUnitId: i.organizationalUnitId,
    DriftStatus: i.driftStatus,
    LastDriftCheckTimestamp: ms(i.lastDriftCheckMs),
    LastOperationId: i.lastOperationId,
  };
}

const listStackInstances: OperationHandler = (input, ctx) => {
  const set = findStackSet(input, ctx);
  const account = str(input.StackInstanceAccount);
  const region = str(input.StackInstanceRegion);
  const filters = list<{ Name?: string; Values?: string }>(input.Filters);
  for (const f of filters) {
    if (!f.Name || !FILTERS.includes(f.Name)) {
      throw validationError(`Filter name must be one of ${FILTERS.join(', ')}`);
    }
  }
  const instances = set.instances.filter(
    i =>
      (!account || i.account === account) &&
      (!region || i.region === region) &&
      filters.every(f => {
        const value = {
          DETAILED_STATUS: i.detailedStatus,
          DRIFT_STATUS: i.driftStatus,
          LAST_OPERATION_ID: i.lastOperationId,
        }[f.Name!];
        return value === f.Values;
      }),
  );
  const { items, NextToken } = page(
    instances,
    input,
    `instances:${set.id}:${account}:${region}:${JSON.stringify(filters)}`,
  );
  return {
    Summaries: items.map(i => {
      const { StackInstanceStatus, ...rest } = instanceShape(set, i);
      return { ...rest, StackInstanceStatus };
    }),
    NextToken,
  };
};

const describeStackInstance: OperationHandler = (input, ctx) => {
  const set = findStackSet(input, ctx);
  const account = str(input.StackInstanceAccount);
  const region = str(input.StackInstanceRegion);
  if (!account || !region)
    throw validationError(
      'StackInstanceAccount and StackInstanceRegion are required',
    );
  const instance = set.instances.find(
    i => i.account === account && i.region === region,
  );
  if (!instance) {
    throw new AwsServiceError(
      'StackInstanceNotFoundException',
      `Stack instance ${account}/${region} of ${set.name} not found`,
      { httpStatus: 404 },
    );
  }
  return {
    StackInstance: { ...instanceShape(set, instance), ParameterOverrides: [] },
  };
};

export const cloudFormationService: ServiceDefinition = {
  name: 'CloudFormation',
  signingName: 'cloudformation',
  protocol: 'awsQuery',
  xmlNamespace: 'http://cloudformation.amazonaws.com/doc/2010-05-15/',
  throttlingError: {
    code: 'Throttling',
    httpStatus: 400,
    message: 'Rate exceeded',
  },
  seed: (state, options) =>
    seedBaselineStackSet(state, options.baselineStackSetName),
  operations: {
    CreateStackSet: createStackSet,
    UpdateStackSet: updateStackSet,
    DescribeStackSet: describeStackSet,
    ListStackSets: listStackSets,
    CreateStackInstances: createStackInstances,
    UpdateStackInstances: updateStackInstances,
    DeleteStackInstances: deleteStackInstances,
    DescribeStackSetOperation: describeStackSetOperation,
    ListStackSetOperations: listStackSetOperations,
    ListStackSetOperationResults: listStackSetOperationResults,
    StopStackSetOperation: stopStackSetOperation,
    DetectStackSetDrift: detectStackSetDrift,
    ListStackInstances: listStackInstances,
    DescribeStackInstance: describeStackInstance,
  },
  settle: settleStackSets,
};
