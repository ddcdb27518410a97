import type {
  DatabaseService,
  LoggerService,
  SchedulerService,
} from '@backstage/backend-plugin-api';
import type { Config } from '@backstage/config';
import type { EventsService } from '@backstage/plugin-events-node';
import type { AwsClientFactory } from '@tenancy/plugin-tenants-node';
import type { TenantsStore } from '../inventory/store/types';
import { EventLedger } from './EventLedger';
import { SqsEventConsumer, TENANCY_EVENTS_TOPIC } from './SqsEventConsumer';
import { readEventsSettings } from './settings';
import { TenantEventApplier } from './TenantEventApplier';
import type { TenantEventHandler } from './types';

export { EventLedger } from './EventLedger';
export { SqsEventConsumer, TENANCY_EVENTS_TOPIC } from './SqsEventConsumer';
export { TenantEventApplier } from './TenantEventApplier';
export type { TenantEventHandler } from './types';

/**
 * Days a settled event id is remembered (SQS keeps a message at most 14 days, so a redelivery
 * after that cannot happen). The newest-time marks are kept.
 */
export const LEDGER_RETENTION_DAYS = 14;

/**
 * The live-state events of the tenants backend (DESIGN §8): a subscriber on the Backstage events
 * topic {@link TENANCY_EVENTS_TOPIC} that applies each EventBridge event to its tenant through
 * the sources' handlers, and, when `tenancy.events.queueUrl` is set, the SQS consumer that
 * publishes the queue's events on that topic (started and stopped with the backend).
 * @throws InputError naming the key when `tenancy.events` is not valid.
 */
export async function createLiveEvents(deps: {
  config: Config;
  database: DatabaseService;
  events: EventsService;
  clients: AwsClientFactory;
  tenants: TenantsStore;
  handlers: TenantEventHandler<any>[];
  logger: LoggerService;
  /** When given, settled events older than {@link LEDGER_RETENTION_DAYS} are pruned daily. */
  scheduler?: Pick<SchedulerService, 'scheduleTask'>;
}): Promise<{
  applier: TenantEventApplier;
  ledger: EventLedger;
  consumer?: SqsEventConsumer;
}> {
  const settings = readEventsSettings(deps.config);
  const ledger = new EventLedger(await deps.database.getClient());
  const logger = deps.logger.child({ task: 'tenants-live-events' });
  const applier = new TenantEventApplier({
    ledger,
    tenants: deps.tenants,
    handlers: deps.handlers,
    logger,
  });
  await deps.events.subscribe({
    id: 'tenants-live-state',
    topics: [TENANCY_EVENTS_TOPIC],
    onEvent: async params => {
      await applier.apply(params.eventPayload);
    },
  });
  await deps.scheduler?.scheduleTask({
    id: 'tenants-events-ledger-prune',
    scope: 'global',
    frequency: { hours: 24 },
    timeout: { minutes: 5 },
    initialDelay: { minutes: 5 },
    fn: async () => {
      const before = new Date(Date.now() - LEDGER_RETENTION_DAYS * 86_400_000);
      await ledger.prune(before);
    },
  });
  const consumer = settings
    ? new SqsEventConsumer({
        sqs: () =>
          deps.clients.sqs(settings.queueAccountId, settings.queueRegion),
        events: deps.events,
        ledger,
        logger,
        options: settings,
      })
    : undefined;
  return { applier, ledger, consumer };
}
