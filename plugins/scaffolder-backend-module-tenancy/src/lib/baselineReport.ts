import type { InstancePlan } from './baselineRedeploy';
import type { InstanceReport } from './stackSets';

/** An instance as the step outputs it (without LastOperationId). */
export type InstanceOutput = Omit<InstanceReport, 'lastOperationId'>;

/** The step's verdict on the account's instances: see {@link summarizeBaseline}. */
export interface BaselineSummary {
  /** `CURRENT` when every wanted Region is CURRENT, else the first other Status, or `MISSING`. */
  status: string;
  /** The wanted Regions' instances, sorted by Region. */
  instances: InstanceOutput[];
  /** One progress line per instance, e.g. `Baseline tenant-baseline in us-east-1: CURRENT (SUCCEEDED)`. */
  lines: string[];
  /** The failure message when not CURRENT; names the operation id when there is one. */
  error?: string;
}

/**
 * Summarizes the account's instances in the wanted `regions` after `operationId` (empty when
 * this run sent none).
 */
export function summarizeBaseline(
  stackSetName: string,
  accountId: string,
  regions: string[],
  operationId: string,
  all: InstanceReport[],
): BaselineSummary {
  const instances = all
    .filter(i => regions.includes(i.region))
    .map(({ lastOperationId: _, ouId: _ouId, ...i }) => i);
  const lines = instances.map(
    i =>
      `Baseline ${stackSetName} in ${i.region}: ${i.status}${
        i.detailedStatus ? ` (${i.detailedStatus})` : ''
      }${i.reason ? `: ${i.reason}` : ''}`,
  );
  const status =
    instances.length === regions.length &&
    instances.every(i => i.status === 'CURRENT')
      ? 'CURRENT'
      : instances.find(i => i.status !== 'CURRENT')?.status ?? 'MISSING';
  if (status === 'CURRENT') return { status, instances, lines };
  const bad = instances
    .filter(i => i.status !== 'CURRENT')
    .map(
      i =>
        `${i.region} ${i.status}${
          i.detailedStatus ? `/${i.detailedStatus}` : ''
        }${i.reason ? ` (${i.reason})` : ''}`,
    );
  return {
    status,
    instances,
    lines,
    error: `Baseline StackSet ${stackSetName} is not CURRENT for account ${accountId}: ${
      bad.join('; ') || 'no instance'
    }${operationId ? ` after operation ${operationId}` : ''}.`,
  };
}

/** What a dry run would do for `plan`, e.g. `create StackSet … instances for account … in us-east-1`. */
export function dryRunPlan(
  plan: InstancePlan,
  have: InstanceReport[],
  autoDeploy: boolean,
  stackSetName: string,
  accountId: string,
): string {
  const would: string[] = [];
  if (plan.inFlight.length)
    would.push(
      `wait for the running operation on StackSet ${stackSetName} in ${plan.inFlight.join(
        ', ',
      )}`,
    );
  if (plan.create.length)
    would.push(
      `${
        autoDeploy ? 'wait for the auto-deployment of' : 'create'
      } StackSet ${stackSetName} instances for account ${accountId} in ${plan.create.join(
        ', ',
      )}`,
    );
  if (plan.update.length)
    would.push(
      `redeploy the ${have
        .filter(i => plan.update.includes(i.region))
        .map(i => `${i.status}/${i.detailedStatus}`)
        .join(
          ', ',
        )} StackSet ${stackSetName} instances of account ${accountId} in ${plan.update.join(
        ', ',
      )} with UpdateStackInstances`,
    );
  return would.join('; then ');
}
