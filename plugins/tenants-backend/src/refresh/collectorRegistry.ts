import { ConflictError } from '@backstage/errors';
import type {
  TenantsCollector,
  TenantsCollectorRegistry,
} from '@tenancy/plugin-tenants-node';

/**
 * The default {@link TenantsCollectorRegistry}.
 * @public
 */
export class DefaultTenantsCollectorRegistry
  implements TenantsCollectorRegistry
{
  readonly #collectors: TenantsCollector[] = [];

  register(collector: TenantsCollector): void {
    if (collector.name === 'inventory') {
      throw new ConflictError(
        'The inventory collector is built in and always runs first',
      );
    }
    if (this.#collectors.some(c => c.name === collector.name)) {
      throw new ConflictError(
        `A tenants collector named ${collector.name} is already registered`,
      );
    }
    this.#collectors.push(collector);
  }

  list(): TenantsCollector[] {
    return [...this.#collectors];
  }
}
