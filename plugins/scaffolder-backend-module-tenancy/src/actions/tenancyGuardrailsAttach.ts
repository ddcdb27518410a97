import {
  AttachPolicyCommand,
  CreatePolicyCommand,
  DetachPolicyCommand,
  ListPoliciesCommand,
  ListPoliciesForTargetCommand,
  OrganizationsClient,
  PolicySummary,
} from '@aws-sdk/client-organizations';
import { createTemplateAction } from '@backstage/plugin-scaffolder-node';
import {
  collectAll,
  findRootId,
  isAwsError,
  ouAncestors,
  parentOf,
} from '@tenancy/plugin-tenants-node';
import type { TenancyActionDeps } from '../deps';
import { assertTenantAccountId } from '../lib/centralAccounts';
import { assertTenantAccountTarget } from '../lib/tenantAccountTarget';
import { aws, isOuId } from '../lib/organizations';
import { planAttachments, scpDocuments } from '../lib/scpPlan';
import { examples } from './tenancyGuardrailsAttach.examples';

const SCP = 'SERVICE_CONTROL_POLICY';

async function listScps(org: OrganizationsClient): Promise<PolicySummary[]> {
  return aws('Organizations.ListPolicies', () =>
    collectAll(
      t => org.send(new ListPoliciesCommand({ Filter: SCP, NextToken: t })),
      p => p.Policies,
      p => p.NextToken,
    ),
  );
}

async function policiesOf(org: OrganizationsClient, targetId: string) {
  return aws('Organizations.ListPoliciesForTarget', () =>
    collectAll(
      t =>
        org.send(
          new ListPoliciesForTargetCommand({
            TargetId: targetId,
            Filter: SCP,
            NextToken: t,
          }),
        ),
      p => p.Policies,
      p => p.NextToken,
    ),
  );
}

/**
 * SCP names attached to the target's parent OUs and the root: the chain from `parentOuId` (the
 * parent the target has, or in a dry run will have, after the move) or else the target's current
 * parent, up to the root (tenants-node `parentOf` / `ouAncestors`).
 */
async function inheritedPolicyNames(
  org: OrganizationsClient,
  targetId: string,
  parentOuId?: string,
): Promise<string[]> {
  if (!parentOuId && targetId.startsWith('r-')) return [];
  const start =
    parentOuId ??
    (await aws('Organizations.ListParents', () => parentOf(org, targetId)));
  if (!start) return [];
  const chains = await aws('Organizations.ListParents', () =>
    ouAncestors(org, [start]),
  );
  const names: string[] = [];
  for (const id of chains.get(start) ?? []) {
    for (const p of await policiesOf(org, id)) if (p.Name) names.push(p.Name);
  }
  return names;
}

/**
 * `tenancy:guardrails:attach` — attaches the guardrail catalog's preventive SCPs to the tenant
 * account (or an OU) unless a parent OU already has them: creates missing policies (minified), checks each policy's size and the
 * SCPs-per-target count against the configured limits before any write, and attaches new
 * policies before detaching the ones they replace.
 * IAM: organizations:ListPolicies, ListPoliciesForTarget, CreatePolicy, AttachPolicy, DetachPolicy.
 *
 * @public
 */
export function createTenancyGuardrailsAttachAction(deps: TenancyActionDeps) {
  const limits = deps.settings.guardrails;
  return createTemplateAction({
    id: 'tenancy:guardrails:attach',
    description:
      'Attaches the preventive guardrail SCPs of the guardrail catalog to the tenant account.',
    examples,
    supportsDryRun: true,
    schema: {
      input: {
        targetId: z =>
          z
            .string()
            .regex(
              /^(\d{12}|ou-[0-9a-z]{4,32}-[a-z0-9]{8,32}|r-[0-9a-z]{4,32}|\(new account\))$/,
              'a 12-digit account id, ou-… or r-…',
            )
            .describe(
              "Account id (or OU id) the SCPs are attached to; '(new account)' only in a dry run that would create the account",
            ),
        guardrailIds: z =>
          z
            .array(z.string())
            .optional()
            .describe(
              'Only these preventive guardrails (ids from guardrails/catalog.yaml); default all',
            ),
        parentOuId: z =>
          z
            .string()
            .regex(
              /^(ou-[0-9a-z]{4,32}-[a-z0-9]{8,32}|r-[0-9a-z]{4,32})$/,
              'ou-… or r-…',
            )
            .optional()
            .describe(
              "The target's parent OU after the move (the move step's ouId); default its current parent",
            ),
        tenantId: z =>
          z.string().optional().describe('Tenant id, for the Activity tab'),
      },
      output: {
        policyNames: z =>
          z
            .array(z.string())
            .describe('SCPs attached to the target after the change'),
        attached: z =>
          z.array(z.string()).describe('SCPs attached by this run'),
        detached: z =>
          z.array(z.string()).describe('Replaced SCPs detached by this run'),
      },
    },
    async handler(ctx) {
      const { targetId } = ctx.input;
      const newAccount =
        !isOuId(targetId) &&
        assertTenantAccountId(
          targetId,
          deps.settings.centralAccounts,
          'tenancy:guardrails:attach',
          ctx.isDryRun,
        );
      const docs = scpDocuments(
        await deps.loadGuardrails(),
        limits.maxPolicySize,
        ctx.input.guardrailIds,
      );
      const org = await deps.clients.organizations();
      if (!isOuId(targetId) && !newAccount) {
        await assertTenantAccountTarget(org, {
          accountId: targetId,
          tenantId: ctx.input.tenantId,
          tagKey: deps.settings.tenantTagKey,
          tenantsOuPath: deps.settings.ouPath,
          action: 'tenancy:guardrails:attach',
        });
      }
      // A dry run for an account not created yet: AWS attaches FullAWSAccess to a new account,
      // and it will sit under parentOuId (else the root); no call names the placeholder.
      const [all, attachedNow, inherited] = await Promise.all([
        listScps(org),
        newAccount
          ? [{ Name: 'FullAWSAccess' } as PolicySummary]
          : policiesOf(org, targetId),
        inheritedPolicyNames(
          org,
          targetId,
          ctx.input.parentOuId ??
            (newAccount ? await findRootId(org) : undefined),
        ),
      ]);
      const plan = planAttachments(
        targetId,
        attachedNow.map(p => p.Name!),
        docs.map(d => d.name),
        limits.managedPolicyPrefix,
        limits.maxPoliciesPerTarget,
        inherited,
      );
      if (plan.inherited.length) {
        ctx.logger.info(
          `Already in effect through a parent OU: ${plan.inherited.join(', ')}`,
        );
      }
      ctx.output('policyNames', plan.final);
      ctx.output('attached', plan.attach);
      ctx.output('detached', plan.detach);
      const missing = docs.filter(
        d => plan.attach.includes(d.name) && !all.some(p => p.Name === d.name),
      );
      if (ctx.isDryRun) {
        ctx.logger.info(
          `Dry run: would create ${missing.length} SCPs, attach ${
            plan.attach.join(', ') || 'none'
          } and detach ${plan.detach.join(', ') || 'none'} on ${targetId}; ${
            plan.final.length
          } of at most ${limits.maxPoliciesPerTarget} SCPs after`,
        );
        return;
      }
      const ids = new Map<string, string>();
      for (const p of [...all, ...attachedNow])
        if (p.Name && p.Id) ids.set(p.Name, p.Id);
      for (const d of missing) {
        const id = await ctx.checkpoint({
          key: `guardrails.policy.${d.name}`,
          fn: async () => {
            try {
              const res = await org.send(
                new CreatePolicyCommand({
                  Name: d.name,
                  Description: d.description,
                  Type: SCP,
                  Content: d.content,
                }),
              );
              return res.Policy?.PolicySummary?.Id ?? '';
            } catch (e) {
              if (!isAwsError(e, 'DuplicatePolicyException')) {
                return aws('Organizations.CreatePolicy', () =>
                  Promise.reject(e),
                );
              }
              return (
                (await listScps(org)).find(p => p.Name === d.name)?.Id ?? ''
              );
            }
          },
        });
        if (!id) throw new Error(`CreatePolicy answered no id for ${d.name}`);
        ids.set(d.name, id);
        ctx.logger.info(
          `Created SCP ${d.name} (${id}, ${d.content.length} characters)`,
        );
      }
      const attachOne = (name: string) =>
        ctx.checkpoint({
          key: `guardrails.attach.${targetId}.${name}`,
          fn: async () => {
            try {
              await org.send(
                new AttachPolicyCommand({
                  PolicyId: ids.get(name),
                  TargetId: targetId,
                }),
              );
            } catch (e) {
              if (!isAwsError(e, 'DuplicatePolicyAttachmentException')) {
                await aws('Organizations.AttachPolicy', () =>
                  Promise.reject(e),
                );
              }
            }
            ctx.logger.info(`Attached SCP ${name} to ${targetId}`);
          },
        });
      // New before replaced, while the target stays within the limit; the rest after the detach.
      let count = attachedNow.length;
      const pending = [...plan.attach];
      while (pending.length && count < limits.maxPoliciesPerTarget) {
        await attachOne(pending.shift()!);
        count++;
      }
      for (const name of plan.detach) {
        await ctx.checkpoint({
          key: `guardrails.detach.${targetId}.${name}`,
          fn: async () => {
            try {
              await org.send(
                new DetachPolicyCommand({
                  PolicyId: ids.get(name),
                  TargetId: targetId,
                }),
              );
            } catch (e) {
              if (!isAwsError(e, 'PolicyNotAttachedException')) {
                await aws('Organizations.DetachPolicy', () =>
                  Promise.reject(e),
                );
              }
            }
            ctx.logger.info(`Detached replaced SCP ${name} from ${targetId}`);
          },
        });
      }
      for (const name of pending) await attachOne(name);
      ctx.logger.info(
        `${targetId} has ${plan.final.length} SCPs: ${plan.final.join(', ')}`,
      );
      if (ctx.input.tenantId && !ctx.isDryRun) {
        const changed = plan.attach.length > 0 || plan.detach.length > 0;
        await deps.activity.record({
          tenantId: ctx.input.tenantId,
          summary: changed
            ? `Guardrail SCPs attached: ${
                plan.attach.join(', ') || 'none'
              }; detached: ${
                plan.detach.join(', ') || 'none'
              } (tenancy:guardrails:attach)`
            : `Guardrail SCPs checked: every one already in effect on ${targetId} (tenancy:guardrails:attach)`,
          taskId: ctx.task.id,
          actor: ctx.user?.ref,
        });
      }
    },
  });
}
