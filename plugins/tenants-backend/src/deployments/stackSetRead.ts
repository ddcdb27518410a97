import {
  CloudFormationClient,
  DescribeStackSetCommand,
  ListStackInstancesCommand,
  ListStackSetOperationsCommand,
  StackSetNotFoundException,
  type StackInstanceSummary,
} from '@aws-sdk/client-cloudformation';
import { collectAll } from '@tenancy/plugin-tenants-node';
import type { OperationSeen } from './deploymentModel';
import type { DeploymentsSettings } from './settings';

/** The tenant stack as AWS answers it. */
export interface TenantStackRead {
  /** The StackSet exists (false before the first release). */
  exists: boolean;
  /** The value of its version parameter; '' when absent. */
  latestVersion: string;
  /** Stack instances by account id (every configured Region). */
  instances: Map<string, StackInstanceSummary[]>;
  /** The newest operations (one page), by OperationId. */
  operations: Map<string, OperationSeen>;
}

const iso = (d?: Date) => (d ? new Date(d).toISOString() : '');

/**
 * The tenant stack's version parameter (DescribeStackSet): '' when the StackSet has none,
 * undefined when the StackSet does not exist (StackSetNotFoundException). Throws any other AWS
 * error.
 */
export async function readLatestVersion(
  cfn: CloudFormationClient,
  s: DeploymentsSettings,
): Promise<string | undefined> {
  let parameters;
  try {
    parameters = (
      await cfn.send(
        new DescribeStackSetCommand({
          StackSetName: s.stackSetName,
          CallAs: s.callAs,
        }),
      )
    ).StackSet?.Parameters;
  } catch (e) {
    if (!(e instanceof StackSetNotFoundException)) throw e;
    return undefined;
  }
  return (
    parameters?.find(p => p.ParameterKey === s.versionParameter)
      ?.ParameterValue ?? ''
  );
}

/**
 * Reads the tenant stack: DescribeStackSet (its version parameter), ListStackInstances per
 * configured Region (every page, 100 a page) and one page of ListStackSetOperations (newest
 * first, 100) for the operations' times. StackSetNotFoundException means no release yet
 * (`exists: false`, nothing else read). Throws any other AWS error.
 */
export async function readTenantStack(
  cfn: CloudFormationClient,
  s: DeploymentsSettings,
): Promise<TenantStackRead> {
  const base = { StackSetName: s.stackSetName, CallAs: s.callAs };
  const latestVersion = await readLatestVersion(cfn, s);
  if (latestVersion === undefined) {
    return {
      exists: false,
      latestVersion: '',
      instances: new Map(),
      operations: new Map(),
    };
  }
  const instances = new Map<string, StackInstanceSummary[]>();
  for (const region of s.regions) {
    const rows = await collectAll(
      t =>
        cfn.send(
          new ListStackInstancesCommand({
            ...base,
            StackInstanceRegion: region,
            MaxResults: 100,
            NextToken: t,
          }),
        ),
      p => p.Summaries,
      p => p.NextToken,
    );
    for (const r of rows) {
      if (!r.Account) continue;
      instances.set(r.Account, [...(instances.get(r.Account) ?? []), r]);
    }
  }
  const ops = await cfn.send(
    new ListStackSetOperationsCommand({ ...base, MaxResults: 100 }),
  );
  const operations = new Map<string, OperationSeen>(
    (ops.Summaries ?? []).map(o => [
      o.OperationId ?? '',
      {
        action: o.Action ?? '',
        at: iso(o.EndTimestamp) || iso(o.CreationTimestamp),
      },
    ]),
  );
  return { exists: true, latestVersion, instances, operations };
}
