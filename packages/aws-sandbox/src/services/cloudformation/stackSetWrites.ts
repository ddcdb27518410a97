/**
 * CreateStackSet and UpdateStackSet.
 *
 * - CreateStackSet makes an ACTIVE StackSet with no instances and starts no operation;
 *   NameAlreadyExistsException when an ACTIVE one has the name. PermissionModel defaults to
 *   SELF_MANAGED.
 * - UpdateStackSet changes the template and parameters at once (even if its operation later
 *   fails, as in AWS) and starts an UPDATE operation: over the instances in the given
 *   Accounts / DeploymentTargets × Regions when given, else over every instance. Instances it
 *   does not target become OUTDATED (they run an older template). Same OperationId and
 *   OperationInProgressException rules as the instance operations.
 */
import { list, str } from '../../core/input';
import { MANAGEMENT_ACCOUNT_ID } from '../../core/organization/organization';
import { OperationHandler, OperationInput } from '../../core/service';
import { StackSetRecord } from '../../core/state';
import { AwsServiceError } from '../../core/errors';
import { checkCallAs, findStackSet, validationError } from './common';
import { readOperationId, readRegions, resolveTargets } from './instances';
import { readPreferences } from './operationSchedule';
import { instanceKey, startOperation, uuidFor } from './stacksets';

type Parameter = { ParameterKey: string; ParameterValue: string };

function readParameters(
  input: OperationInput,
  previous: Parameter[],
): Parameter[] {
  return list<Record<string, unknown>>(input.Parameters).map(p => {
    const key = str(p.ParameterKey);
    if (!key) throw validationError('ParameterKey must not be empty');
    if (String(p.UsePreviousValue) === 'true') {
      const old = previous.find(x => x.ParameterKey === key);
      if (!old)
        throw validationError(
          `Parameter ${key} has no previous value to use (UsePreviousValue)`,
        );
      return old;
    }
    return { ParameterKey: key, ParameterValue: str(p.ParameterValue) ?? '' };
  });
}

/** TemplateBody, or a TemplateURL kept as a reference (the sandbox never fetches it). */
function readTemplate(input: OperationInput): string | undefined {
  const body = str(input.TemplateBody);
  const url = str(input.TemplateURL);
  if (body && url)
    throw validationError(
      'Specify either TemplateBody or TemplateURL, not both',
    );
  if (body !== undefined && body.length > 51_200)
    throw validationError(
      `Template body length ${body.length} exceeds the limit of 51200 bytes`,
    );
  return body ?? (url ? JSON.stringify({ TemplateURL: url }) : undefined);
}

export const createStackSet: OperationHandler = (input, ctx) => {
  checkCallAs(input, ctx);
  const name = str(input.StackSetName) ?? '';
  if (!/^[a-zA-Z][-a-zA-Z0-9]{0,127}$/.test(name)) {
    throw validationError(
      `Value '${name}' at 'stackSetName' failed to satisfy constraint: Member must satisfy regular expression pattern: [a-zA-Z][-a-zA-Z0-9]*`,
    );
  }
  const template = readTemplate(input);
  if (!template)
    throw validationError(
      'Either TemplateBody or TemplateURL must be specified',
    );
  if (ctx.state.stackSets.some(s => s.name === name && s.status === 'ACTIVE')) {
    throw new AwsServiceError(
      'NameAlreadyExistsException',
      `StackSet ${name} already exists`,
      { httpStatus: 409 },
    );
  }
  const model = str(input.PermissionModel) ?? 'SELF_MANAGED';
  if (model !== 'SELF_MANAGED' && model !== 'SERVICE_MANAGED')
    throw validationError(
      `Value '${model}' at 'permissionModel' failed to satisfy constraint: Member must satisfy enum value set: [SERVICE_MANAGED, SELF_MANAGED]`,
    );
  const auto = (input.AutoDeployment ?? {}) as Record<string, unknown>;
  const id = `${name}:${uuidFor(
    ctx.state.seed,
    'stackset',
    name,
    ctx.state.stackSets.length,
  )}`;
  const set: StackSetRecord = {
    name,
    id,
    arn: `arn:aws:cloudformation:${ctx.region}:${MANAGEMENT_ACCOUNT_ID}:stackset/${id}`,
    description: str(input.Description) ?? '',
    status: 'ACTIVE',
    permissionModel: model,
    autoDeployment:
      model === 'SERVICE_MANAGED'
        ? {
            Enabled: String(auto.Enabled) === 'true',
            RetainStacksOnAccountRemoval:
              String(auto.RetainStacksOnAccountRemoval) === 'true',
          }
        : undefined,
    managedExecution: {
      Active:
        String(
          (input.ManagedExecution as Record<string, unknown> | undefined)
            ?.Active,
        ) === 'true',
    },
    templateBody: template,
    capabilities: list<string>(input.Capabilities),
    parameters: readParameters(input, []),
    regions: [],
    organizationalUnitIds: [],
    tags: list<{ Key: string; Value: string }>(input.Tags),
    templateVersion: 0,
    instances: [],
    operations: [],
  };
  ctx.state.stackSets.push(set);
  return { StackSetId: id };
};

/** The instances an UpdateStackSet targets: the given account × Region pairs that have one, else all. */
function updateTargets(
  input: OperationInput,
  set: StackSetRecord,
  ctx: Parameters<OperationHandler>[1],
) {
  const targeted =
    list(input.Accounts).length > 0 ||
    input.DeploymentTargets !== undefined ||
    list(input.Regions).length > 0;
  if (!targeted) {
    const accounts = [...new Set(set.instances.map(i => i.account))];
    return {
      chosen: accounts.map(account => ({
        account,
        ou: set.instances.find(i => i.account === account)
          ?.organizationalUnitId,
      })),
      regions: [...new Set(set.instances.map(i => i.region))],
      accounts: [] as string[],
      ous: [] as string[],
    };
  }
  const regions = readRegions(input);
  const t = resolveTargets(input, set, ctx);
  const have = new Set(
    set.instances.map(i => instanceKey(i.account, i.region)),
  );
  return {
    ...t,
    regions,
    chosen: t.chosen.filter(c =>
      regions.some(r => have.has(instanceKey(c.account, r))),
    ),
  };
}

export const updateStackSet: OperationHandler = (input, ctx) => {
  const set = findStackSet(input, ctx);
  const usePrevious = String(input.UsePreviousTemplate) === 'true';
  const template = readTemplate(input);
  if (usePrevious === Boolean(template)) {
    throw validationError(
      'Specify exactly one of TemplateBody, TemplateURL or UsePreviousTemplate',
    );
  }
  const operationId = readOperationId(input, set);
  const prefs = readPreferences(input.OperationPreferences);
  const targets = updateTargets(input, set, ctx);
  const parameters = readParameters(input, set.parameters);
  set.templateBody = template ?? set.templateBody;
  set.parameters = parameters;
  if (input.Description !== undefined)
    set.description = str(input.Description) ?? '';
  if (input.Capabilities !== undefined)
    set.capabilities = list<string>(input.Capabilities);
  set.templateVersion = (set.templateVersion ?? 0) + 1;
  for (const i of set.instances) i.status = 'OUTDATED';
  const op = startOperation(ctx, set, {
    action: 'UPDATE',
    operationId,
    targets: targets.chosen,
    regions: targets.regions,
    accounts: targets.accounts,
    organizationalUnitIds: targets.ous,
    operationPreferences: prefs,
  });
  return { OperationId: op.operationId };
};
