/**
 * The identity invariants of vending, checked after a sequence of requests by reading the
 * sandbox's state through the AWS SDK clients.
 */
import { DescribeBudgetsCommand } from '@aws-sdk/client-budgets';
import {
  CreateAccountCommand,
  DescribeCreateAccountStatusCommand,
  ListAccountsCommand,
  ListCreateAccountStatusCommand,
  ListParentsCommand,
  ListTagsForResourceCommand,
} from '@aws-sdk/client-organizations';
import { collectAll } from '@tenancy/plugin-tenants-node';
import { DRY_RUN_ACCOUNT_ID } from '../lib/centralAccounts';
import {
  CENTRAL_ACCOUNTS,
  NON_TENANT_ACCOUNTS,
  VendingSandbox,
} from './vendingSandbox';
import {
  type HandMadeAccount,
  runVendRequest,
  type VendOutcome,
  type VendSequence,
} from './vendingSequences';

/** Accounts that are never a tenant's: the central ones and the untagged non-tenant ones. */
const NOT_TENANTS: Record<string, string> = {
  ...CENTRAL_ACCOUNTS,
  ...NON_TENANT_ACCOUNTS,
};

/** What the organization looks like through the SDK: accounts with tags and parent. */
export interface OrgSnapshot {
  accounts: Array<{
    id: string;
    email: string;
    tags: Record<string, string>;
    parentId: string;
  }>;
}

/**
 * Reads every account and its tags (ListAccounts, ListTagsForResource) and the parent
 * (ListParents) of the central and non-tenant accounts.
 */
export async function snapshotOrg(box: VendingSandbox): Promise<OrgSnapshot> {
  const accounts = await collectAll(
    t => box.org.send(new ListAccountsCommand({ NextToken: t })),
    p => p.Accounts,
    p => p.NextToken,
  );
  // Read in parallel: the sandbox runs in this process, so the calls overlap their waits.
  const out: OrgSnapshot['accounts'] = await Promise.all(
    accounts.map(async a => {
      const [tags, parents] = await Promise.all([
        collectAll(
          t =>
            box.org.send(
              new ListTagsForResourceCommand({
                ResourceId: a.Id!,
                NextToken: t,
              }),
            ),
          p => p.Tags,
          p => p.NextToken,
        ),
        a.Id! in NOT_TENANTS
          ? box.org.send(new ListParentsCommand({ ChildId: a.Id! }))
          : undefined,
      ]);
      return {
        id: a.Id!,
        email: a.Email!,
        tags: Object.fromEntries(tags.map(x => [x.Key!, x.Value!])),
        parentId: parents?.Parents?.[0]?.Id ?? '',
      };
    }),
  );
  return { accounts: out };
}

/** An invariant that does not hold, with what was seen. */
export class InvariantViolation extends Error {}

/**
 * Checks the invariants after a sequence; returns how many checks it made.
 * @throws InvariantViolation naming the first invariant broken.
 */
export async function checkVendingInvariants(
  box: VendingSandbox,
  initial: OrgSnapshot,
  outcomes: VendOutcome[],
  handMade: Array<HandMadeAccount & { accountId: string }> = [],
): Promise<number> {
  let checks = 0;
  const check = (ok: boolean, what: () => string) => {
    checks++;
    if (!ok) throw new InvariantViolation(what());
  };
  const now = await snapshotOrg(box);
  const before = new Map(initial.accounts.map(a => [a.id, a]));

  // One account per tenant; tenant ids never differ only in letter case.
  const byTenant = new Map<string, string[]>();
  for (const a of now.accounts) {
    const t = a.tags.tenant;
    if (t === undefined) continue;
    const key = t.toLowerCase();
    byTenant.set(key, [...(byTenant.get(key) ?? []), `${a.id}(${t})`]);
  }
  for (const [t, ids] of byTenant) {
    check(
      ids.length === 1,
      () => `tenant ${t} has ${ids.length} accounts: ${ids.join(', ')}`,
    );
  }

  // Central and non-tenant accounts (log archive in /Security, shared services in
  // /Infrastructure): never tagged, never moved.
  for (const id of Object.keys(NOT_TENANTS)) {
    const a = now.accounts.find(x => x.id === id)!;
    const was = before.get(id)!;
    check(
      JSON.stringify(a.tags) === JSON.stringify(was.tags),
      () =>
        `central or non-tenant account ${id} tags changed: ${JSON.stringify(
          was.tags,
        )} → ${JSON.stringify(a.tags)}`,
    );
    check(
      a.parentId === was.parentId,
      () =>
        `central or non-tenant account ${id} moved: ${was.parentId} → ${a.parentId}`,
    );
  }
  // A hand-made account keeps its tag as written (never re-tagged in other letter case).
  for (const h of handMade) {
    const a = now.accounts.find(x => x.id === h.accountId);
    check(
      a?.tags.tenant === h.tenantTag,
      () =>
        `hand-made account ${h.accountId} tagged ${h.tenantTag} is now tagged ${a?.tags.tenant}`,
    );
  }
  // A seeded tenant's account keeps its tenant tag.
  for (const was of initial.accounts.filter(a => a.tags.tenant)) {
    const a = now.accounts.find(x => x.id === was.id)!;
    check(
      a.tags.tenant === was.tags.tenant,
      () =>
        `account ${a.id} of tenant ${was.tags.tenant} is now tagged ${a.tags.tenant}`,
    );
  }

  // Budgets: none for a central account, at most one per account.
  const budgets = await collectAll(
    t =>
      box.budgets.send(
        new DescribeBudgetsCommand({ AccountId: '000000000000', NextToken: t }),
      ),
    p => p.Budgets,
    p => p.NextToken,
  );
  const budgetOf = new Map<string, string>();
  for (const b of budgets) {
    const accounts = box.budgetAccounts.get(b.BudgetName!) ?? [];
    check(
      accounts.length === 1,
      () => `budget ${b.BudgetName} covers ${accounts.length} accounts`,
    );
    for (const id of accounts) {
      check(
        !(id in NOT_TENANTS),
        () => `central or non-tenant account ${id} has budget ${b.BudgetName}`,
      );
      check(
        !budgetOf.has(id),
        () =>
          `account ${id} has two budgets: ${budgetOf.get(id)} and ${
            b.BudgetName
          }`,
      );
      budgetOf.set(id, b.BudgetName!);
    }
  }

  // No second CreateAccount for a tenant (account names are the tenant ids).
  const requests = await collectAll(
    t => box.org.send(new ListCreateAccountStatusCommand({ NextToken: t })),
    p => p.CreateAccountStatuses,
    p => p.NextToken,
  );
  const created = new Map<string, number>();
  for (const r of requests.filter(x => x.State !== 'FAILED')) {
    const key = r.AccountName!.toLowerCase();
    created.set(key, (created.get(key) ?? 0) + 1);
  }
  for (const [name, n] of created) {
    check(n === 1, () => `${n} CreateAccount requests for tenant ${name}`);
  }

  // Per request: rejected ones wrote nothing; central emails are always rejected; a completed
  // request's account carries its tenant's tag.
  for (const o of outcomes) {
    const what = `request ${JSON.stringify(o.request)}`;
    if (o.status === 'rejected') {
      check(
        o.writes === 0,
        () => `${what} was rejected (${o.error}) after ${o.writes} AWS writes`,
      );
    }
    const notTenant = Object.values(NOT_TENANTS).includes(
      o.request.email.toLowerCase(),
    );
    if (notTenant) {
      check(
        o.status === 'rejected',
        () =>
          `${what} with a central or non-tenant account's email ended ${
            o.status
          }: ${o.error ?? o.accountId}`,
      );
    }
    if (o.request.dryRun) {
      check(
        o.writes === 0,
        () => `${what} was a dry run and made ${o.writes} AWS writes`,
      );
      check(
        o.accountId === undefined ||
          o.accountId === DRY_RUN_ACCOUNT_ID ||
          !(o.accountId in NOT_TENANTS),
        () => `${what} planned on account ${o.accountId}, which is no tenant's`,
      );
    } else if (o.status === 'completed') {
      const a = now.accounts.find(x => x.id === o.accountId);
      check(
        a?.tags.tenant === o.request.tenantId,
        () =>
          `${what} completed on account ${o.accountId} tagged ${a?.tags.tenant}`,
      );
      // One account per tenant: the only account tagged for it in any letter case.
      const ids = byTenant.get(o.request.tenantId.toLowerCase()) ?? [];
      check(
        ids.length === 1 && ids[0].startsWith(`${o.accountId}(`),
        () =>
          `${what} completed on ${o.accountId}, but tenant ${
            o.request.tenantId
          } has ${ids.join(', ')}`,
      );
    }
    check(
      o.status !== 'failed',
      () => `${what} still failed after the restart: ${o.error}`,
    );
  }
  return checks;
}

/** Counts of one or many sequences. */
export interface SequenceStats {
  sequences: number;
  requests: number;
  rejected: number;
  completed: number;
  /** Requests that failed once (fault or restart) and were run again. */
  restarted: number;
  checks: number;
}

let initialOrg: Promise<OrgSnapshot> | undefined;

/**
 * Makes an account by hand (CreateAccount with its tenant tag, at the root, as a person would in
 * the console), before the requests; answers its id.
 */
async function makeByHand(
  box: VendingSandbox,
  h: HandMadeAccount,
): Promise<string> {
  const res = await box.org.send(
    new CreateAccountCommand({
      Email: h.email,
      AccountName: h.tenantTag,
      Tags: [{ Key: 'tenant', Value: h.tenantTag }],
    }),
  );
  const status = await box.org.send(
    new DescribeCreateAccountStatusCommand({
      CreateAccountRequestId: res.CreateAccountStatus!.Id!,
    }),
  );
  const id = status.CreateAccountStatus?.AccountId;
  if (!id) throw new Error(`hand-made account for ${h.tenantTag} not created`);
  return id;
}

/**
 * Resets the sandbox, makes the hand-made accounts, runs the requests one after another, then
 * checks the invariants.
 */
export async function runVendingSequence(
  box: VendingSandbox,
  sequence: VendSequence,
): Promise<SequenceStats> {
  box.reset();
  // The sandbox regenerates the same organization from its seed: read it once.
  initialOrg ??= snapshotOrg(box);
  const initial = await initialOrg;
  const handMade = [];
  for (const h of sequence.handMade) {
    handMade.push({ ...h, accountId: await makeByHand(box, h) });
  }
  const outcomes: VendOutcome[] = [];
  for (const r of sequence.requests)
    outcomes.push(await runVendRequest(box, r));
  const checks = await checkVendingInvariants(box, initial, outcomes, handMade);
  return {
    sequences: 1,
    requests: outcomes.length,
    rejected: outcomes.filter(o => o.status === 'rejected').length,
    completed: outcomes.filter(o => o.status === 'completed').length,
    restarted: outcomes.filter(o => o.attempts > 1).length,
    checks,
  };
}

/** Adds `b` into `a`. */
export function addStats(a: SequenceStats, b: SequenceStats): void {
  for (const k of Object.keys(a) as Array<keyof SequenceStats>) a[k] += b[k];
}
