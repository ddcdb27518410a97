import type { TenancyActionDeps } from '../deps';
import { createTenancyAccountCreateAction } from './tenancyAccountCreate';
import { createTenancyAccountMoveAction } from './tenancyAccountMove';
import { createTenancyBaselineApplyAction } from './tenancyBaselineApply';
import { createTenancyBudgetCreateAction } from './tenancyBudgetCreate';
import { createTenancyGuardrailsAttachAction } from './tenancyGuardrailsAttach';
import { createTenancyStateMachineRunAction } from './tenancyStateMachineRun';
import { createTenancyTenantRegisterAction } from './tenancyTenantRegister';

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
 * Every vending action, in template order, sharing one set of dependencies.
 * @public
 */
export function createTenancyActions(deps: TenancyActionDeps) {
  return [
    createTenancyAccountCreateAction(deps),
    createTenancyAccountMoveAction(deps),
    createTenancyGuardrailsAttachAction(deps),
    createTenancyBaselineApplyAction(deps),
    createTenancyBudgetCreateAction(deps),
    createTenancyTenantRegisterAction(deps),
    createTenancyStateMachineRunAction(deps),
  ];
}
