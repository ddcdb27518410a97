import type { TenancyActionDeps } from '../deps';
import { createTenancyAccountCreateAction } from './tenancyAccountCreate';
import { createTenancyAccountMoveAction } from './tenancyAccountMove';
import { createTenancyBaselineApplyAction } from './tenancyBaselineApply';
import { createTenancyBudgetCreateAction } from './tenancyBudgetCreate';
import { createTenancyGuardrailsAttachAction } from './tenancyGuardrailsAttach';
import { createTenancyStateMachineRunAction } from './tenancyStateMachineRun';
import { createTenancyTenantRegisterAction } from './tenancyTenantRegister';
import { createTenancyAccountCloseAction } from './tenancyAccountClose';
import { createTenancyAccountReinstateAction } from './tenancyAccountReinstate';
import { createTenancyAccountSuspendAction } from './tenancyAccountSuspend';
import { createTenancyBudgetDeleteAction } from './tenancyBudgetDelete';
import { createTenancyOffboardPlanAction } from './tenancyOffboardPlan';
import { createTenancySpendArchiveAction } from './tenancySpendArchive';
import { createTenancyStackInstancesRemoveAction } from './tenancyStackInstancesRemove';
import { createTenancyTenantStateAction } from './tenancyTenantState';
import { createTenancyReleasePlanAction } from './tenancyReleasePlan';
import { createTenancyReleaseDeployAction } from './tenancyReleaseDeploy';
import { createTenancyReleaseResumeAction } from './tenancyReleaseResume';
import { createTenancyReleaseRollbackAction } from './tenancyReleaseRollback';
import { withStacklessErrors } from './stacklessErrors';

export {
  createTenancyAccountCreateAction,
  createTenancyAccountMoveAction,
  createTenancyBaselineApplyAction,
  createTenancyBudgetCreateAction,
  createTenancyGuardrailsAttachAction,
  createTenancyStateMachineRunAction,
  createTenancyTenantRegisterAction,
  createTenancyOffboardPlanAction,
  createTenancyAccountSuspendAction,
  createTenancyStackInstancesRemoveAction,
  createTenancyBudgetDeleteAction,
  createTenancySpendArchiveAction,
  createTenancyAccountCloseAction,
  createTenancyTenantStateAction,
  createTenancyAccountReinstateAction,
  createTenancyReleasePlanAction,
  createTenancyReleaseDeployAction,
  createTenancyReleaseResumeAction,
  createTenancyReleaseRollbackAction,
};

/**
 * Every vending action, in template order, then the offboarding actions, then the release
 * actions (when `deps.releases` is set), sharing one set of dependencies. An error an action
 * throws reaches the task's log events without stack frames (see `withStacklessErrors`).
 * @public
 */
export function createTenancyActions(deps: TenancyActionDeps) {
  const actions = [
    createTenancyAccountCreateAction(deps),
    createTenancyAccountMoveAction(deps),
    createTenancyGuardrailsAttachAction(deps),
    createTenancyBaselineApplyAction(deps),
    createTenancyBudgetCreateAction(deps),
    createTenancyTenantRegisterAction(deps),
    createTenancyStateMachineRunAction(deps),
    createTenancyOffboardPlanAction(deps),
    createTenancyAccountSuspendAction(deps),
    createTenancyStackInstancesRemoveAction(deps),
    createTenancyBudgetDeleteAction(deps),
    createTenancySpendArchiveAction(deps),
    createTenancyAccountCloseAction(deps),
    createTenancyTenantStateAction(deps),
    createTenancyAccountReinstateAction(deps),
    ...(deps.releases
      ? [
          createTenancyReleasePlanAction(deps, deps.releases),
          createTenancyReleaseDeployAction(deps, deps.releases),
          createTenancyReleaseResumeAction(deps, deps.releases),
          createTenancyReleaseRollbackAction(deps, deps.releases),
        ]
      : []),
  ];
  return actions.map(withStacklessErrors);
}
