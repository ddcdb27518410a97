import {
  CloudFormationClient,
  ListStackInstancesCommand,
  ListStackSetOperationsCommand,
  type StackInstanceSummary,
} from '@aws-sdk/client-cloudformation';
import { paginate } from '@tenancy/plugin-tenants-node';

/**
 * What a baseline StackSet instance means for compliance:
 * - `current`: Status CURRENT;
 * - `suspended`: DetailedStatus SKIPPED_SUSPENDED_ACCOUNT (Status OUTDATED, no StackId) — the
 *   account is suspended; never counted;
 * - `behind-latest`: Status OUTDATED with DetailedStatus PENDING or RUNNING — behind the
 *   StackSet's latest version, not a failure (`inProgress` when an operation is running);
 * - `failed`: anything else (OUTDATED with FAILED, CANCELLED, FAILED_IMPORT or no detail;
 *   INOPERABLE).
 */
export type BaselineOutcome =
  | 'current'
  | 'suspended'
  | 'behind-latest'
  | 'failed';

/** The baseline of one account: the worst of its regions' instances. */
export interface BaselineInstance {
  outcome: BaselineOutcome;
  /** `Status` as AWS answers it (`CURRENT`, `OUTDATED`, `INOPERABLE`), or `FAILED`. */
  status: string;
  detailedStatus?: string;
  reason?: string;
  /** An operation of the StackSet is running or queued (only meaningful for `behind-latest`). */
  inProgress?: boolean;
}

const RANK: Record<BaselineOutcome, number> = {
  current: 1,
  'behind-latest': 2,
  suspended: 3,
  failed: 4,
};

/**
 * The {@link BaselineOutcome} of one ListStackInstances summary. Every field may be missing
 * (a suspended account's instance has no StackId; older answers have no StackInstanceStatus).
 */
export function baselineOutcomeOf(
  s: Pick<StackInstanceSummary, 'Status' | 'StackInstanceStatus'>,
): BaselineOutcome {
  const detailed = s.StackInstanceStatus?.DetailedStatus;
  if (detailed === 'SKIPPED_SUSPENDED_ACCOUNT') return 'suspended';
  if (s.Status === 'CURRENT') return 'current';
  if (
    s.Status === 'OUTDATED' &&
    (detailed === 'PENDING' || detailed === 'RUNNING')
  )
    return 'behind-latest';
  return 'failed';
}

/**
 * Baseline StackSet instance per account, the worst of its regions (failed > suspended >
 * behind-latest > current): ListStackInstances (every page, every region) and, only when an
 * instance is behind the latest version, one ListStackSetOperations page (newest first; a
 * StackSet runs one operation at a time) to tell "in progress" from "behind".
 * Folded page by page: only the compact instance per account is held, never the pages' rows.
 * Throws the AWS error of a failed call (the caller keeps the last values, stale).
 */
export async function baselineByAccount(
  cfn: CloudFormationClient,
  stackSetName: string,
  callAs: 'SELF' | 'DELEGATED_ADMIN',
): Promise<Map<string, BaselineInstance>> {
  const pages = paginate(
    t =>
      cfn.send(
        new ListStackInstancesCommand({
          StackSetName: stackSetName,
          CallAs: callAs,
          MaxResults: 100,
          NextToken: t,
        }),
      ),
    p => p.NextToken,
  );
  const out = new Map<string, BaselineInstance>();
  for await (const page of pages)
    for (const r of page.Summaries ?? []) {
      if (!r.Account) continue;
      const outcome = baselineOutcomeOf(r);
      const detailed = r.StackInstanceStatus?.DetailedStatus;
      const status = detailed === 'FAILED' ? 'FAILED' : r.Status ?? 'OUTDATED';
      const prev = out.get(r.Account);
      if (!prev || RANK[outcome] > RANK[prev.outcome]) {
        out.set(r.Account, {
          outcome,
          status,
          ...(detailed ? { detailedStatus: detailed } : {}),
          ...(r.StatusReason ? { reason: r.StatusReason } : {}),
        });
      }
    }
  if ([...out.values()].some(b => b.outcome === 'behind-latest')) {
    const ops = await cfn.send(
      new ListStackSetOperationsCommand({
        StackSetName: stackSetName,
        CallAs: callAs,
        MaxResults: 10,
      }),
    );
    const running = (ops.Summaries ?? []).some(o =>
      ['RUNNING', 'QUEUED', 'STOPPING'].includes(o.Status ?? ''),
    );
    for (const b of out.values())
      if (b.outcome === 'behind-latest') b.inProgress = running;
  }
  return out;
}
