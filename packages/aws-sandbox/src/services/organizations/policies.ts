/** Organizations: service control policies and their attachments. */
import { str } from '../../core/input';
import { orgArn } from '../../core/organization/generate';
import { createRng } from '../../core/random';
import { nextCounter } from '../../core/state';
import { OperationContext, OperationHandler } from '../../core/service';
import {
  constraintViolation,
  inputRequired,
  invalidInput,
  orgError,
  orgPage,
  policySummary,
  readTags,
  requireManagement,
} from './common';

const POLICY_TYPES = [
  'SERVICE_CONTROL_POLICY',
  'RESOURCE_CONTROL_POLICY',
  'DECLARATIVE_POLICY_EC2',
  'BACKUP_POLICY',
  'TAG_POLICY',
  'CHATBOT_POLICY',
  'AISERVICES_OPT_OUT_POLICY',
  'SECURITYHUB_POLICY',
];

function checkType(type: string | undefined, member: string): string {
  if (!type) throw inputRequired(`You must specify a value for ${member}.`);
  if (!POLICY_TYPES.includes(type)) {
    throw invalidInput(
      'INVALID_ENUM_POLICY_TYPE',
      `${type} is not a valid policy type.`,
    );
  }
  if (type !== 'SERVICE_CONTROL_POLICY') {
    throw orgError(
      'PolicyTypeNotEnabledException',
      `The policy type ${type} is not enabled in the root.`,
    );
  }
  return type;
}

function findPolicy(ctx: OperationContext, id: string | undefined) {
  if (!id) throw inputRequired('You must specify a value for PolicyId.');
  if (!/^p-[0-9a-zA-Z_]{8,128}$/.test(id)) {
    throw invalidInput(
      'INVALID_SYNTAX_POLICY_ID',
      `The policy ID ${id} is not valid.`,
    );
  }
  const policy = ctx.org.policy(id);
  if (!policy)
    throw orgError(
      'PolicyNotFoundException',
      `We can't find a policy with the PolicyId ${id}.`,
    );
  return policy;
}

function findTarget(ctx: OperationContext, id: string | undefined) {
  if (!id) throw inputRequired('You must specify a value for TargetId.');
  const org = ctx.org;
  if (id === org.root.id)
    return {
      TargetId: id,
      Arn: org.root.arn,
      Name: org.root.name,
      Type: 'ROOT',
    };
  const ou = org.ou(id);
  if (ou)
    return {
      TargetId: id,
      Arn: ou.arn,
      Name: ou.name,
      Type: 'ORGANIZATIONAL_UNIT',
    };
  const account = org.account(id);
  if (account)
    return {
      TargetId: id,
      Arn: account.arn,
      Name: account.name,
      Type: 'ACCOUNT',
    };
  throw orgError(
    'TargetNotFoundException',
    `We can't find a root, OU, or account with the TargetId ${id}.`,
  );
}

const createPolicy: OperationHandler = (input, ctx) => {
  requireManagement(ctx);
  const name = str(input.Name);
  const content = str(input.Content);
  const description = str(input.Description);
  if (!name) throw inputRequired('You must specify a value for Name.');
  if (!content) throw inputRequired('You must specify a value for Content.');
  if (description === undefined)
    throw inputRequired('You must specify a value for Description.');
  const type = checkType(str(input.Type), 'Type');
  if (name.length > 128)
    throw invalidInput(
      'MAX_LENGTH_EXCEEDED',
      'Name must be at most 128 characters.',
    );
  const limit = ctx.options.limits.scpMaxSize;
  if (content.length > limit) {
    throw constraintViolation(
      'POLICY_CONTENT_LIMIT_EXCEEDED',
      `The policy is ${content.length} characters; the maximum size of a service control policy is ${limit} characters.`,
    );
  }
  let doc: any;
  try {
    doc = JSON.parse(content);
  } catch {
    throw orgError(
      'MalformedPolicyDocumentException',
      'The provided policy document is not valid JSON.',
    );
  }
  if (!doc || typeof doc !== 'object' || !doc.Statement) {
    throw orgError(
      'MalformedPolicyDocumentException',
      'The provided policy document has no Statement.',
    );
  }
  const org = ctx.org;
  if (org.policies().some(p => p.name === name)) {
    throw orgError(
      'DuplicatePolicyException',
      `A policy named ${name} already exists.`,
    );
  }
  const rng = createRng(
    ctx.state.seed,
    'policy',
    nextCounter(ctx.state, 'policy'),
  );
  let id: string;
  do id = `p-${rng.chars(8)}`;
  while (org.policy(id));
  const policy = {
    id,
    arn: orgArn(org.id, 'policy', `service_control_policy/${id}`),
    name,
    description,
    type: type as 'SERVICE_CONTROL_POLICY',
    awsManaged: false,
    content,
    tags: readTags(input.Tags),
  };
  org.addPolicy(policy);
  return { Policy: { PolicySummary: policySummary(policy), Content: content } };
};

const describePolicy: OperationHandler = (input, ctx) => {
  requireManagement(ctx);
  const policy = findPolicy(ctx, str(input.PolicyId));
  return {
    Policy: { PolicySummary: policySummary(policy), Content: policy.content },
  };
};

const listPolicies: OperationHandler = (input, ctx) => {
  requireManagement(ctx);
  const type = checkType(str(input.Filter), 'Filter');
  const policies = ctx.org.policies().filter(p => p.type === type);
  const { page, NextToken } = orgPage(policies, input, `policies:${type}`);
  return { Policies: page.map(policySummary), NextToken };
};

const attachPolicy: OperationHandler = (input, ctx) => {
  requireManagement(ctx);
  const policy = findPolicy(ctx, str(input.PolicyId));
  const target = findTarget(ctx, str(input.TargetId));
  const attached = ctx.org.policiesFor(target.TargetId);
  if (attached.includes(policy.id)) {
    throw orgError(
      'DuplicatePolicyAttachmentException',
      `The policy ${policy.id} is already attached to ${target.TargetId}.`,
    );
  }
  const limit = ctx.options.limits.scpsPerTarget;
  if (attached.length >= limit) {
    throw constraintViolation(
      'MAX_POLICY_TYPE_ATTACHMENT_LIMIT_EXCEEDED',
      `${target.TargetId} already has ${attached.length} service control policies attached; at most ${limit} can be attached to one target.`,
    );
  }
  ctx.org.attach(policy.id, target.TargetId);
  return {};
};

const detachPolicy: OperationHandler = (input, ctx) => {
  requireManagement(ctx);
  const policy = findPolicy(ctx, str(input.PolicyId));
  const target = findTarget(ctx, str(input.TargetId));
  const attached = ctx.org.policiesFor(target.TargetId);
  if (!attached.includes(policy.id)) {
    throw orgError(
      'PolicyNotAttachedException',
      `The policy ${policy.id} is not attached to ${target.TargetId}.`,
    );
  }
  if (attached.length === 1) {
    throw constraintViolation(
      'MIN_POLICY_TYPE_ATTACHMENT_LIMIT_EXCEEDED',
      `${target.TargetId} must keep at least one service control policy attached.`,
    );
  }
  ctx.org.detach(policy.id, target.TargetId);
  return {};
};

const listPoliciesForTarget: OperationHandler = (input, ctx) => {
  requireManagement(ctx);
  const target = findTarget(ctx, str(input.TargetId));
  const type = checkType(str(input.Filter), 'Filter');
  const policies = ctx.org
    .policiesFor(target.TargetId)
    .map(id => ctx.org.policy(id)!)
    .filter(p => p.type === type);
  const { page, NextToken } = orgPage(
    policies,
    input,
    `pft:${target.TargetId}`,
  );
  return { Policies: page.map(policySummary), NextToken };
};

const listTargetsForPolicy: OperationHandler = (input, ctx) => {
  requireManagement(ctx);
  const policy = findPolicy(ctx, str(input.PolicyId));
  const targets = ctx.org.targetsFor(policy.id).map(id => findTarget(ctx, id));
  const { page, NextToken } = orgPage(targets, input, `tfp:${policy.id}`);
  return { Targets: page, NextToken };
};

export const policyOperations: Record<string, OperationHandler> = {
  CreatePolicy: createPolicy,
  DescribePolicy: describePolicy,
  ListPolicies: listPolicies,
  AttachPolicy: attachPolicy,
  DetachPolicy: detachPolicy,
  ListPoliciesForTarget: listPoliciesForTarget,
  ListTargetsForPolicy: listTargetsForPolicy,
};
