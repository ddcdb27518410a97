import { InputError } from '@backstage/errors';
import type { Guardrail } from '@tenancy/plugin-tenants-common';
import { minifyPolicy } from '@tenancy/plugin-tenants-node';

/** A preventive guardrail's SCP, minified as submitted. */
export interface ScpDocument {
  name: string;
  description: string;
  /** Minified JSON. */
  content: string;
}

/**
 * The SCPs of the selected preventive guardrails, minified and checked against the size limit
 * before any AWS call (never split silently).
 * @throws InputError giving each oversized policy's size and the limit; or naming unknown ids.
 */
export function scpDocuments(
  catalog: Guardrail[],
  maxPolicySize: number,
  guardrailIds?: string[],
): ScpDocument[] {
  const preventive = catalog.filter(g => g.kind === 'preventive');
  if (guardrailIds) {
    const unknown = guardrailIds.filter(
      id => !preventive.some(g => g.id === id),
    );
    if (unknown.length) {
      throw new InputError(
        `Unknown preventive guardrail id(s): ${unknown.join(
          ', ',
        )}; see guardrails/catalog.yaml`,
      );
    }
  }
  const selected = guardrailIds
    ? preventive.filter(g => guardrailIds.includes(g.id))
    : preventive;
  const docs = selected.map(g => ({
    name: g.policyName!,
    description: g.title.slice(0, 512),
    content: minifyPolicy(g.policyDocument),
  }));
  const oversize = docs.filter(d => d.content.length > maxPolicySize);
  if (oversize.length) {
    throw new InputError(
      oversize
        .map(
          d =>
            `SCP ${d.name} is ${d.content.length} characters minified, over the limit of ${maxPolicySize} characters (tenancy.vending.guardrails.maxPolicySize); shorten it or raise the limit if your organization has the 10,240 quota — it is never split silently`,
        )
        .join('; '),
    );
  }
  return docs;
}

/** What changes on a target. */
export interface AttachmentPlan {
  /** Wanted policy names already in effect through a parent OU or the root (not attached again). */
  inherited: string[];
  /** Policy names to attach, in catalog order. */
  attach: string[];
  /** Attached policy names the vending owns (managed prefix) that the catalog no longer lists. */
  detach: string[];
  /** Policy names attached after the change, in order. */
  final: string[];
}

/**
 * Plans the SCP attachments of a target and checks the SCPs-per-target limit before any write
 *. Policies without the managed prefix (FullAWSAccess, Control Tower's) are kept;
 * wanted policies already attached to a parent OU or the root are in effect and not attached again.
 * @throws InputError listing the policies the target would have when over the limit.
 */
export function planAttachments(
  targetId: string,
  attachedNames: string[],
  desiredNames: string[],
  managedPrefix: string,
  maxPerTarget: number,
  inheritedNames: string[] = [],
): AttachmentPlan {
  const inherited = desiredNames.filter(
    n => inheritedNames.includes(n) && !attachedNames.includes(n),
  );
  const attach = desiredNames.filter(
    n => !attachedNames.includes(n) && !inheritedNames.includes(n),
  );
  const detach = attachedNames.filter(
    n => n.startsWith(managedPrefix) && !desiredNames.includes(n),
  );
  const final = [...attachedNames.filter(n => !detach.includes(n)), ...attach];
  if (final.length > maxPerTarget) {
    throw new InputError(
      `Target ${targetId} would have ${
        final.length
      } SCPs, over the limit of ${maxPerTarget} (tenancy.vending.guardrails.maxPoliciesPerTarget): ${final.join(
        ', ',
      )}. Nothing was changed; detach an SCP, attach guardrails to the OU instead, or raise the limit.`,
    );
  }
  return { inherited, attach, detach, final };
}
