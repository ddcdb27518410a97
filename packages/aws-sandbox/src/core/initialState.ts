import { seedBaselineStackSet } from '../services/cloudformation/baseline';
import type { ResolvedSandboxOptions } from './options';
import { generateOrganization } from '../services/organizations/model/generate';
import { loadGuardrailScps } from '../services/organizations/model/guardrails';
import { SandboxState } from './state';

/**
 * The initial state for (seed, tenants) on the day of `now`: the generated organization and the
 * baseline StackSet with an instance per tenant account (mostly CURRENT, a few OUTDATED or FAILED).
 */
export function createInitialState(
  options: ResolvedSandboxOptions,
  now: Date,
): SandboxState {
  const anchor = new Date(Math.floor(now.getTime() / 86_400_000) * 86_400_000);
  const org = generateOrganization({
    seed: options.seed,
    tenants: options.tenants,
    anchor,
    guardrails: loadGuardrailScps(options.guardrailsFile),
  });
  const state: SandboxState = {
    seed: options.seed,
    tenants: options.tenants,
    anchor: anchor.toISOString(),
    org,
    createAccountRequests: [],
    stackSets: [],
    budgets: [],
    executions: [],
    sessions: [],
    counters: {},
  };
  seedBaselineStackSet(state, options.baselineStackSetName);
  return state;
}
