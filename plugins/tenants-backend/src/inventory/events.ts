import type { AccountEvent } from '../events/eventModel';
import type { TenantEventHandler } from '../events/types';
import type { TenantsStore } from './store/types';
import { tenantFromAccount } from './tenantFromAccount';

/** The value each change sets, for ordering (changes that set none have no mark). */
const MARKS: Partial<Record<AccountEvent['change']['type'], string[]>> = {
  tag: ['tags'],
  untag: ['tags'],
  move: ['ou'],
  close: ['state'],
};

/**
 * Applies the Organizations events of CloudTrail to the stored tenant:
 * - TagResource / UntagResource: the tags, and what they say (tier, owner, regions), as the
 *   inventory reads them; a change of the `tenant` tag (a new tenant id) is left to the
 *   inventory refresh (`not-applicable`);
 * - CloseAccount: state PENDING_CLOSURE (AWS's state right after CloseAccount);
 * - MoveAccount: the OU id and path, when the destination is an OU some stored tenant is in,
 *   else left to the inventory refresh (`not-applicable`);
 * - AttachPolicy / DetachPolicy and CreateAccountResult change no inventory value: the
 *   compliance and inventory refreshes read them (`not-applicable`).
 * Tags, OU and state are ordered apart (marks `tags`, `ou`, `state`).
 */
export function createInventoryEventHandler(deps: {
  tenants: TenantsStore;
}): TenantEventHandler<AccountEvent> {
  return {
    kinds: ['account'],
    marks: e => MARKS[e.change.type] ?? [],
    async apply(e, tenant) {
      const c = e.change;
      let next = tenant;
      if (c.type === 'close') {
        next = { ...tenant, state: 'PENDING_CLOSURE' };
      } else if (c.type === 'move') {
        const path = await deps.tenants.ouPathOf(c.destinationParentId);
        if (path === undefined) return 'not-applicable';
        next = { ...tenant, ouId: c.destinationParentId, ouPath: path };
      } else if (c.type === 'tag' || c.type === 'untag') {
        const tags = { ...tenant.tags };
        if (c.type === 'tag') Object.assign(tags, c.tags);
        else for (const k of c.keys) delete tags[k];
        const rebuilt = tenantFromAccount(
          {
            Id: tenant.accountId,
            Name: tenant.accountName,
            Email: tenant.email,
            State: tenant.state,
            JoinedTimestamp: new Date(tenant.joinedAt),
          },
          tags,
          { id: tenant.ouId, path: tenant.ouPath },
          e.time,
        ).tenant;
        if (!rebuilt || rebuilt.tenantId !== tenant.tenantId) {
          return 'not-applicable';
        }
        next = rebuilt;
      } else {
        return 'not-applicable';
      }
      await deps.tenants.putTenantInventory(next);
      return 'applied';
    },
  };
}
