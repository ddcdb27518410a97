import type { Entity } from '@backstage/catalog-model';
import { permissionRules } from '@backstage/plugin-catalog-backend/alpha';
import { catalogEntityReadPermission } from '@backstage/plugin-catalog-common/alpha';
import {
  AuthorizeResult,
  type PolicyDecision,
} from '@backstage/plugin-permission-common';
import {
  createConditionAuthorizer,
  createConditionTransformer,
} from '@backstage/plugin-permission-node';
import { createTenantEntityReadDecision } from './tenantEntityDecision';

const rules = Object.values(permissionRules);
const authorize = createConditionAuthorizer<Entity, unknown>(rules);
const toQuery = createConditionTransformer(rules);

function entity(kind: string, name: string, owner: string): Entity {
  return {
    apiVersion: 'tenancy.dev/v1alpha1',
    kind,
    metadata: { name, namespace: 'default' },
    spec: { owner },
    relations: [{ type: 'ownedBy', targetRef: owner }],
  };
}

const alpha = entity('Tenant', 'acme', 'group:default/team-alpha');
const bravo = entity('Tenant', 'globex', 'group:default/team-bravo');
const component = entity('Component', 'billing', 'group:default/team-bravo');
const group = entity('Group', 'team-bravo', 'group:default/platform-engineers');
const alexClaims = ['user:default/alex', 'group:default/team-alpha'];

describe('createTenantEntityReadDecision', () => {
  it('allows every entity to a user who reads all tenants', () => {
    expect(
      createTenantEntityReadDecision(catalogEntityReadPermission, {
        claims: ['user:default/sam', 'group:default/support'],
        readsAllTenants: true,
      }),
    ).toEqual({ result: AuthorizeResult.ALLOW });
  });

  it("gives an owner its own Tenants and every other kind, not another team's Tenant", () => {
    const decision: PolicyDecision = createTenantEntityReadDecision(
      catalogEntityReadPermission,
      { claims: alexClaims, readsAllTenants: false },
    );
    expect(decision.result).toBe(AuthorizeResult.CONDITIONAL);
    expect(authorize(decision, alpha)).toBe(true);
    expect(authorize(decision, bravo)).toBe(false);
    expect(authorize(decision, component)).toBe(true);
    expect(authorize(decision, group)).toBe(true);
  });

  it('compares the kind case-insensitively, as the catalog does', () => {
    const decision = createTenantEntityReadDecision(
      catalogEntityReadPermission,
      { claims: alexClaims, readsAllTenants: false },
    );
    expect(authorize(decision, { ...bravo, kind: 'tenant' })).toBe(false);
  });

  it('is a catalog filter on the catalog rules IS_ENTITY_KIND and IS_ENTITY_OWNER', () => {
    const decision = createTenantEntityReadDecision(
      catalogEntityReadPermission,
      { claims: alexClaims, readsAllTenants: false },
    );
    expect(decision).toEqual({
      result: AuthorizeResult.CONDITIONAL,
      pluginId: 'catalog',
      resourceType: 'catalog-entity',
      conditions: {
        anyOf: [
          {
            not: {
              rule: 'IS_ENTITY_KIND',
              resourceType: 'catalog-entity',
              params: { kinds: ['Tenant'] },
            },
          },
          {
            rule: 'IS_ENTITY_OWNER',
            resourceType: 'catalog-entity',
            params: { claims: alexClaims },
          },
        ],
      },
    });
    if (decision.result !== AuthorizeResult.CONDITIONAL) throw new Error();
    expect(toQuery(decision.conditions)).toEqual({
      anyOf: [
        { not: { key: 'kind', values: ['tenant'] } },
        { key: 'relations.ownedBy', values: alexClaims },
      ],
    });
  });
});
