import {
  MoveAccountCommand,
  OrganizationsClient,
} from '@aws-sdk/client-organizations';
import { isAwsError } from '@tenancy/plugin-tenants-node';
import type { Checkpoint } from './checkpoint';
import { aws, currentParent } from './organizations';

/**
 * Moves the account from `parentId` (read with ListParents by the caller) to `ouId`, once per
 * task (checkpoint `account.move.<accountId>.<ouId>`). DuplicateAccountException (already in the
 * destination) is success; SourceParentNotFoundException (moved meanwhile) re-reads the parent
 * and moves from there unless it already is the destination.
 * @throws the mapped AWS error otherwise.
 */
export async function moveAccount(
  org: OrganizationsClient,
  move: { accountId: string; parentId: string; ouId: string },
  checkpoint: Checkpoint,
  log: (line: string) => void,
): Promise<void> {
  const { accountId, ouId } = move;
  const send = (from: string) =>
    org.send(
      new MoveAccountCommand({
        AccountId: accountId,
        SourceParentId: from,
        DestinationParentId: ouId,
      }),
    );
  await checkpoint({
    key: `account.move.${accountId}.${ouId}`,
    fn: async () => {
      try {
        await send(move.parentId);
      } catch (e) {
        if (isAwsError(e, 'DuplicateAccountException')) {
          log(
            `Account ${accountId} already is in ${ouId} (DuplicateAccountException)`,
          );
          return;
        }
        if (isAwsError(e, 'SourceParentNotFoundException')) {
          const now = await currentParent(org, accountId);
          if (now === ouId) return;
          await aws('Organizations.MoveAccount', () => send(now));
          return;
        }
        await aws('Organizations.MoveAccount', () => Promise.reject(e));
      }
    },
  });
}
