import type { TenancyActionDeps } from '../deps';
import { createTenancyAccountCreateAction } from './tenancyAccountCreate';
import { createTenancyAccountMoveAction } from './tenancyAccountMove';
import { createTenancyBaselineApplyAction } from './tenancyBaselineApply';
import { createTenancyBudgetCreateAction } from './tenancyBudgetCreate';
import { createTenancyGuardrailsAttachAction } from './tenancyGuardrailsAttach';
import { createTenancyStateMachineRunAction } from './tenancyStateMachineRun';
import { createTenancyTenantRegisterAction } from './tenancyTenantRegister';
import { withStacklessErrors } from './stacklessErrors';

export {
  createTenancyAccountCreateAction,
  createTenancyAccountMoveAction,
  createTenancyBaselineApplyAction,
  createTenancyBudgetCreateAction,
  createTenancyGuardrailsAttachAction,
  createTenancyStateMachineRunAction,
  createTenancyTenantRegisterAction,
};

/**
 * Every vending action, in template order, sharing one set of dependencies. An error an action
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
  ];
  return actions.map(withStacklessErrors);
}
