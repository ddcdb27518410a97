import {
  coreServices,
  createServiceFactory,
  createServiceRef,
} from '@backstage/backend-plugin-api';
import type { Config } from '@backstage/config';
import type { Guardrail } from '@tenancy/plugin-tenants-common';
import {
  loadGuardrailCatalog,
  resolveGuardrailCatalogPath,
} from './guardrails';

/**
 * The central guardrail catalog (`guardrails/catalog.yaml`, or `tenancy.guardrails.catalogPath`),
 * read once and shared.
 * @public
 */
export interface GuardrailCatalogService {
  /**
   * The guardrails in file order. The file is read on the first call and the answer kept; a
   * failed read is not kept, so the next call reads the file again.
   * @throws InputError when the file is not a valid catalog; Error when it cannot be found or read.
   */
  list(): Promise<Guardrail[]>;
}

/**
 * A {@link GuardrailCatalogService} reading the catalog at `resolvePath()` (called on the first
 * `list()`, so a missing catalog fails the call, never the backend start).
 * @public
 */
export function createGuardrailCatalog(
  resolvePath: () => string,
): GuardrailCatalogService {
  let loading: Promise<Guardrail[]> | undefined;
  return {
    list() {
      if (!loading) {
        const started = Promise.resolve()
          .then(() => loadGuardrailCatalog(resolvePath()))
          .catch(e => {
            if (loading === started) loading = undefined;
            throw e;
          });
        loading = started;
      }
      return loading;
    },
  };
}

/**
 * The guardrail catalog as a service (id `tenants.guardrailCatalog`, root scope: one read for
 * the whole backend). Its default factory reads the catalog path from the root config (see
 * `resolveGuardrailCatalogPath`); override it with
 * `createServiceFactory({ service: guardrailCatalogServiceRef, ... })`.
 * @public
 */
export const guardrailCatalogServiceRef =
  createServiceRef<GuardrailCatalogService>({
    id: 'tenants.guardrailCatalog',
    scope: 'root',
    defaultFactory: async service =>
      createServiceFactory({
        service,
        deps: { config: coreServices.rootConfig },
        factory: ({ config }: { config: Config }) =>
          createGuardrailCatalog(() => resolveGuardrailCatalogPath(config)),
      }),
  });
