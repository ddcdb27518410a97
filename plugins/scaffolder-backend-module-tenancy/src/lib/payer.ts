import { GetCallerIdentityCommand } from '@aws-sdk/client-sts';
import type { TenancyActionDeps } from '../deps';
import { aws } from './organizations';

/**
 * The management (payer) account that holds the tenants' budgets: `tenancy.aws.managementAccountId`,
 * else the caller's account (STS GetCallerIdentity).
 */
export async function payerAccount(
  deps: Pick<TenancyActionDeps, 'clients' | 'settings'>,
): Promise<string> {
  if (deps.settings.managementAccountId)
    return deps.settings.managementAccountId;
  const sts = await deps.clients.sts();
  const who = await aws('STS.GetCallerIdentity', () =>
    sts.send(new GetCallerIdentityCommand({})),
  );
  return who.Account ?? '';
}
