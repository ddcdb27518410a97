import {
  type Entity,
  RELATION_OWNED_BY,
  RELATION_OWNER_OF,
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
 * Teaches the catalog the Tenant kind: validates it against its schema and adds the
 * `ownedBy` / `ownerOf` relations from `spec.owner`, so a tenant shows on its owner group's page.
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
    emit(
      processingResult.relation({
        source: owner,
        type: RELATION_OWNER_OF,
        target: self,
      }),
    );
    return entity;
  }
}
