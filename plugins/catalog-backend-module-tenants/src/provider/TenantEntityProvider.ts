import type {
  AuthService,
  DiscoveryService,
  LoggerService,
  SchedulerServiceTaskRunner,
} from '@backstage/backend-plugin-api';
import type {
  EntityProvider,
  EntityProviderConnection,
} from '@backstage/plugin-catalog-node';
import type { EventsService } from '@backstage/plugin-events-node';
import type { CatalogService } from '@backstage/plugin-catalog-node';
import {
  INVENTORY_CATALOGED_TOPIC,
  INVENTORY_REFRESHED_TOPIC,
  type InventoryCatalogedEvent,
  TenantsApiClient,
  type TenantSummary,
} from '@tenancy/plugin-tenants-common';
import type { TenantEntityV1alpha1 } from '../kind/TenantEntity';
import { tenantEntityV1alpha1Validator } from '../kind/TenantEntity';
import { TENANTS_PROVIDER_LOCATION, tenantToEntity } from './tenantToEntity';

/** Topic the vending action publishes when a tenant was vended (payload `{ entity }`). @public */
export const TENANT_VENDED_TOPIC = 'tenancy.tenant.vended';

/** Options of {@link TenantEntityProvider}. @public */
export interface TenantEntityProviderOptions {
  discovery: DiscoveryService;
  auth: AuthService;
  logger: LoggerService;
  /** Runs {@link TenantEntityProvider.refresh} on a schedule. */
  taskRunner: SchedulerServiceTaskRunner;
  events?: EventsService;
  /** Owner of tenants without an `owner` tag. */
  defaultOwner: string;
  /**
   * The catalog, read as the provider's own service to see when the applied entities are
   * readable (`tenancy.inventory.cataloged`); without it nothing is announced.
   */
  catalog?: Pick<CatalogService, 'queryEntities'>;
  /** How often the catalog is read while waiting, ms (default 5,000; at most 15 minutes). */
  catalogPollMs?: number;
}

/**
 * Keeps one Tenant entity per tenant account in the catalog, in step with the tenants
 * backend's inventory (`GET /api/tenants/tenants`, all pages, through the typed
 * `TenantsApiClient` of `@tenancy/plugin-tenants-common`) whenever a new refresh run finished:
 * a full mutation the first time after start, then deltas of the entities that changed (the
 * catalog re-processes only those; docs/catalog-ingestion.md). A vended tenant (event {@link TENANT_VENDED_TOPIC}) is added at once.
 * @public
 */
export class TenantEntityProvider implements EntityProvider {
  private connection?: EntityProviderConnection;
  private lastRunKey?: string;
  /**
   * The entities last applied (name → their JSON), after the first full mutation: later
   * refreshes send only what changed (a delta), so the catalog re-processes those entities
   * alone. Undefined until the first full mutation and after a failed apply.
   */
  private applied?: Map<string, string>;
  /** Vended tenants not yet in the inventory, kept in full mutations for up to an hour. */
  private readonly pending = new Map<
    string,
    { entity: TenantEntityV1alpha1; until: number }
  >();

  private readonly api: TenantsApiClient;
  /** The current wait for the catalog to have the applied entities (a newer one ends it). */
  private watch?: object;
  /** The refresh in progress: a scheduled one and one on an event run one after the other. */
  private refreshing: Promise<unknown> = Promise.resolve();

  constructor(private readonly options: TenantEntityProviderOptions) {
    this.api = new TenantsApiClient({ discoveryApi: options.discovery });
  }

  getProviderName(): string {
    return 'tenants';
  }

  async connect(connection: EntityProviderConnection): Promise<void> {
    this.connection = connection;
    const refreshLogged = async () => {
      try {
        await this.refresh();
      } catch (e) {
        this.options.logger.warn(
          `Tenant entities not refreshed: ${(e as Error).message}`,
        );
      }
    };
    await this.options.taskRunner.run({
      id: 'catalog-tenants-provider',
      fn: refreshLogged,
    });
    await this.options.events?.subscribe({
      id: 'catalog-tenants-provider',
      topics: [TENANT_VENDED_TOPIC, INVENTORY_REFRESHED_TOPIC],
      onEvent: async ({ topic, eventPayload }) => {
        if (topic === INVENTORY_REFRESHED_TOPIC) {
          await refreshLogged();
          return;
        }
        const entity = (eventPayload as { entity?: unknown })?.entity;
        await this.addVended(entity);
      },
    });
  }

  /**
   * Reads the inventory and applies it (full mutation first, deltas after), unless the latest refresh run is the
   * one already applied (`force` applies anyway). Runs after any refresh in progress (the
   * schedule and the `tenancy.inventory.refreshed` event may ask at once). Answers the
   * number of entities applied, or undefined when skipped.
   * @throws ResponseError when the tenants backend cannot be read (nothing is applied).
   */
  async refresh(
    options: { force?: boolean } = {},
  ): Promise<number | undefined> {
    const next = this.refreshing.then(() => this.refreshOnce(options));
    this.refreshing = next.catch(() => undefined);
    return next;
  }

  private async refreshOnce(options: {
    force?: boolean;
  }): Promise<number | undefined> {
    if (!this.connection)
      throw new Error('TenantEntityProvider is not connected');
    const runs = await this.api.listRefreshRuns(
      { limit: 10 },
      { token: await this.token() },
    );
    const latest = runs.items.find(
      r => r.finishedAt !== null && r.status === 'succeeded',
    );
    const key = latest ? `${latest.id}@${latest.finishedAt}` : 'none';
    if (!options.force && key === this.lastRunKey) return undefined;

    const tenants = new Map<string, TenantSummary>();
    for (let offset = 0; ; offset += 100) {
      const page = await this.api.listTenants(
        { limit: 100, offset, sort: 'name' },
        { token: await this.token() },
      );
      page.items.forEach(t => tenants.set(t.tenantId, t));
      if (page.items.length < 100 || offset + 100 >= page.totalCount) break;
    }
    const entities = [...tenants.values()].map(t =>
      tenantToEntity(t, { defaultOwner: this.options.defaultOwner }),
    );
    const now = Date.now();
    for (const [name, { entity, until }] of this.pending) {
      if (tenants.has(name) || until < now) this.pending.delete(name);
      else entities.push(entity);
    }
    await this.apply(entities);
    this.lastRunKey = key;
    if (latest) this.announceWhenCataloged(latest.id, entities.length);
    this.options.logger.info(
      `Applied ${entities.length} Tenant entities (refresh run ${key})`,
    );
    return entities.length;
  }

  /**
   * Applies `entities` as every Tenant entity: a full mutation the first time, then a delta of
   * the entities added or changed since the last apply and the names gone.
   */
  private async apply(entities: TenantEntityV1alpha1[]) {
    const connection = this.connection!;
    const next = new Map(
      entities.map(e => [e.metadata.name, JSON.stringify(e)]),
    );
    const before = this.applied;
    this.applied = undefined;
    const deferred = (entity: TenantEntityV1alpha1) => ({
      entity,
      locationKey: TENANTS_PROVIDER_LOCATION,
    });
    if (!before) {
      await connection.applyMutation({
        type: 'full',
        entities: entities.map(deferred),
      });
    } else {
      const added = entities.filter(
        e => before.get(e.metadata.name) !== next.get(e.metadata.name),
      );
      const removed = [...before.keys()]
        .filter(name => !next.has(name))
        .map(name => ({
          entityRef: `tenant:default/${name}`.toLocaleLowerCase('en-US'),
          locationKey: TENANTS_PROVIDER_LOCATION,
        }));
      if (added.length || removed.length) {
        await connection.applyMutation({
          type: 'delta',
          added: added.map(deferred),
          removed,
        });
      }
    }
    this.applied = next;
  }

  /**
   * In the background: reads the number of Tenant entities in the catalog every
   * `catalogPollMs` until it reaches `count` (at most 15 minutes, or until a newer apply
   * replaces the wait), then publishes `tenancy.inventory.cataloged` for `runId`.
   */
  private announceWhenCataloged(runId: string, count: number) {
    const { catalog, events, auth, logger } = this.options;
    if (!catalog || !events) return;
    const watch = {};
    this.watch = watch;
    const pollMs = this.options.catalogPollMs ?? 5_000;
    const giveUp = Date.now() + 15 * 60_000;
    const loop = async () => {
      while (this.watch === watch && Date.now() < giveUp) {
        const { totalItems } = await catalog.queryEntities(
          { filter: { kind: 'Tenant' }, limit: 1, fields: ['kind'] },
          { credentials: await auth.getOwnServiceCredentials() },
        );
        if (totalItems >= count) {
          const payload: InventoryCatalogedEvent = {
            runId,
            entityCount: totalItems,
          };
          await events.publish({
            topic: INVENTORY_CATALOGED_TOPIC,
            eventPayload: payload,
          });
          return;
        }
        await new Promise(r => setTimeout(r, pollMs));
      }
    };
    loop().catch(e =>
      logger.warn(`${INVENTORY_CATALOGED_TOPIC} not published: ${e}`),
    );
  }

  /** Adds a vended tenant's entity now; it stays until the inventory has it (at most an hour). */
  private async addVended(candidate: unknown) {
    if (!this.connection) return;
    let entity: TenantEntityV1alpha1 | false = false;
    try {
      entity = tenantEntityV1alpha1Validator(candidate);
    } catch (e) {
      this.options.logger.warn(
        `Ignored a ${TENANT_VENDED_TOPIC} event: ${(e as Error).message}`,
      );
      return;
    }
    if (!entity) return;
    const annotated: TenantEntityV1alpha1 = {
      ...entity,
      metadata: {
        ...entity.metadata,
        annotations: {
          ...entity.metadata.annotations,
          'backstage.io/managed-by-location': TENANTS_PROVIDER_LOCATION,
          'backstage.io/managed-by-origin-location': TENANTS_PROVIDER_LOCATION,
        },
      },
    };
    this.pending.set(annotated.metadata.name, {
      entity: annotated,
      until: Date.now() + 3_600_000,
    });
    await this.connection.applyMutation({
      type: 'delta',
      added: [{ entity: annotated, locationKey: TENANTS_PROVIDER_LOCATION }],
      removed: [],
    });
    this.applied?.set(annotated.metadata.name, JSON.stringify(annotated));
    this.lastRunKey = undefined; // the next scheduled refresh applies the inventory again
  }

  /** The provider's own service token for the tenants backend. */
  private async token(): Promise<string> {
    const { token } = await this.options.auth.getPluginRequestToken({
      onBehalfOf: await this.options.auth.getOwnServiceCredentials(),
      targetPluginId: 'tenants',
    });
    return token;
  }
}
