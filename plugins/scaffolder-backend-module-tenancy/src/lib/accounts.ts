import {
  CreateAccountCommand,
  OrganizationsClient,
  TagResourceCommand,
} from '@aws-sdk/client-organizations';
import type { Checkpoint } from './checkpoint';
import { isAwsError } from '@tenancy/plugin-tenants-node';
import { adviceFor } from './createAccountFailures';
import { accountTags, aws } from './organizations';
import type { AwsTag } from './tags';

/**
 * Sends CreateAccount; answers the request id.
 * @throws Error with the quota message when the organization's account quota is reached.
 */
export async function createAccount(
  org: OrganizationsClient,
  email: string,
  accountName: string,
  tags: AwsTag[],
  roleName: string,
): Promise<string> {
  try {
    const res = await org.send(
      new CreateAccountCommand({
        Email: email,
        AccountName: accountName,
        RoleName: roleName,
        Tags: tags,
      }),
    );
    const id = res.CreateAccountStatus?.Id;
    if (!id) throw new Error('CreateAccount answered no request id');
    return id;
  } catch (e) {
    if (
      isAwsError(e, 'ConstraintViolationException') &&
      (e as { Reason?: string }).Reason === 'ACCOUNT_NUMBER_LIMIT_EXCEEDED'
    ) {
      throw new Error(adviceFor('ACCOUNT_LIMIT_EXCEEDED', email).message);
    }
    return aws('Organizations.CreateAccount', () => Promise.reject(e));
  }
}

/**
 * Tags an account with what the tenant needs (TagResource only when a tag differs), once per
 * task and checkpoint key `account.tag.<accountId>` (plus `.<keySuffix>` when given, for a
 * second tagging in the same task).
 */
export async function ensureTags(
  org: OrganizationsClient,
  accountId: string,
  tags: AwsTag[],
  checkpoint: Checkpoint,
  log: (m: string) => void,
  keySuffix?: string,
): Promise<void> {
  const current = await accountTags(org, accountId);
  const have = new Map(current.map(t => [t.Key, t.Value]));
  const missing = tags.filter(t => have.get(t.Key) !== t.Value);
  if (missing.length === 0) return;
  await checkpoint({
    key: `account.tag.${accountId}${keySuffix ? `.${keySuffix}` : ''}`,
    fn: async () => {
      await aws('Organizations.TagResource', () =>
        org.send(
          new TagResourceCommand({ ResourceId: accountId, Tags: missing }),
        ),
      );
    },
  });
  log(`Tagged account ${accountId}: ${missing.map(t => t.Key).join(', ')}`);
}
