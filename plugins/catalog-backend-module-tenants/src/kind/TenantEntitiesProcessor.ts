import {
  type Entity,
  RELATION_OWNED_BY,
  getCompoundEntityRef,
  parseEntityRef,
} from '@backstage/catalog-model';
import type { LocationSpec } from '@backstage/plugin-catalog-common';
import {
  type CatalogProcessor,
  type CatalogProcessorEmit,
  processingResult,
} from '@backstage/plugin-catalog-node';
import { isTenantEntity, tenantEntityV1alpha1Validator } from './TenantEntity';

/**
 * Teaches the catalog the Tenant kind: validates it against its schema and adds the `ownedBy`
 * relation from `spec.owner`, so a tenant shows on its owner group's page (which lists the
 * entities whose `relations.ownedBy` names the group).
 *
 * It adds no reverse `ownerOf` relation on the owner Group: the catalog's permissions filter
 * whole entities, never the relations stitched into an entity the user may read, nor the
 * `relations.ownerOf` facet counted over those entities. A Group's `ownerOf` would name every
 * Tenant of that group to any user who may read the group — e.g. another team's tenant owner.
 * @public
 */
export class TenantEntitiesProcessor implements CatalogProcessor {
  getProcessorName(): string {
    return 'TenantEntitiesProcessor';
  }

  async validateEntityKind(entity: Entity): Promise<boolean> {
    if (!isTenantEntity(entity)) return false;
    return tenantEntityV1alpha1Validator(entity) !== false;
  }

  async postProcessEntity(
    entity: Entity,
    _location: LocationSpec,
    emit: CatalogProcessorEmit,
  ): Promise<Entity> {
    if (!isTenantEntity(entity)) return entity;
    const self = getCompoundEntityRef(entity);
    const owner = parseEntityRef(entity.spec.owner, {
      defaultKind: 'Group',
      defaultNamespace: self.namespace,
    });
    emit(
      processingResult.relation({
        source: self,
        type: RELATION_OWNED_BY,
        target: owner,
      }),
    );
    return entity;
  }
}
