import {
  ListPoliciesForTargetCommand,
  OrganizationsClient,
  UntagResourceCommand,
} from '@aws-sdk/client-organizations';
import { InputError } from '@backstage/errors';
import { OFFBOARDING_STATE_TAG } from '@tenancy/plugin-tenants-common';
import { collectAll } from '@tenancy/plugin-tenants-node';
import type { Checkpoint } from '../checkpoint';
import { ensureTags } from '../accounts';
import { aws, resolveOuPath } from '../organizations';
import type { OffboardTarget } from './target';

/**
 * The suspended OU's id, checked to carry the deny-all-but-read SCP before any account is moved
 * into it (ListPoliciesForTarget).
 * @throws InputError when the OU or its SCP is missing (rule `offboard.suspendedPolicy`).
 */
export async function suspendedOuId(
  org: OrganizationsClient,
  ouPath: string,
  policyName: string,
): Promise<string> {
  const ouId = await resolveOuPath(org, ouPath);
  const policies = await aws('Organizations.ListPoliciesForTarget', () =>
    collectAll(
      t =>
        org.send(
          new ListPoliciesForTargetCommand({
            TargetId: ouId,
            Filter: 'SERVICE_CONTROL_POLICY',
            NextToken: t,
          }),
        ),
      p => p.Policies,
      p => p.NextToken,
    ),
  );
  if (!policies.some(p => p.Name === policyName)) {
    throw new InputError(
      `OrganizationalUnit ${ouPath} (${ouId}) has no SCP ${policyName}; attach the deny-all-but-read SCP to it before offboarding, or set tenancy.offboarding.suspendedPolicyName (rule offboard.suspendedPolicy)`,
    );
  }
  return ouId;
}

/** Sets the account's offboarding state tag (TagResource only when it differs, once per task). */
export async function tagOffboardingState(
  target: OffboardTarget,
  value: 'offboarding' | 'closing',
  checkpoint: Checkpoint,
  log: (line: string) => void,
): Promise<void> {
  await ensureTags(
    target.org,
    target.accountId,
    [{ Key: OFFBOARDING_STATE_TAG, Value: value }],
    checkpoint,
    log,
    `state.${value}`,
  );
}

/** Removes the offboarding state tag (UntagResource, once per task) when the account has it. */
export async function untagOffboardingState(
  target: OffboardTarget,
  checkpoint: Checkpoint,
): Promise<boolean> {
  if (target.tags[OFFBOARDING_STATE_TAG] === undefined) return false;
  await checkpoint({
    key: `account.untag.${target.accountId}.${OFFBOARDING_STATE_TAG}`,
    fn: async () => {
      await aws('Organizations.UntagResource', () =>
        target.org.send(
          new UntagResourceCommand({
            ResourceId: target.accountId,
            TagKeys: [OFFBOARDING_STATE_TAG],
          }),
        ),
      );
    },
  });
  return true;
}
