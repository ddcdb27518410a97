import type { ResolvedSandboxOptions } from './options';
import { generateOrganization } from './organization/generate';
import { loadGuardrailScps } from './organization/guardrails';
import type { ServiceDefinition } from './service';
import { SandboxState } from './state';

/**
 * The initial state for (seed, tenants) on the day of `now`: the generated organization, then
 * each service's own seed (CloudFormation's baseline StackSet with an instance per tenant account,
 * mostly CURRENT, a few OUTDATED or FAILED).
 */
export function createInitialState(
  options: ResolvedSandboxOptions,
  now: Date,
  services: readonly ServiceDefinition[],
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
  for (const service of services) service.seed?.(state, options);
  return state;
}
