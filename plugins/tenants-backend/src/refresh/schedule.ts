import type { SchedulerService } from '@backstage/backend-plugin-api';
import type { RefreshSettings } from './settings';
import {
  REFRESH_TASK_ID,
  sourceTaskId,
  type TenantsRefresher,
} from './TenantsRefresher';

/**
 * Schedules the refresh on the Backstage scheduler, every task `scope: 'global'` (one replica
 * runs each run): the full refresh (`tenants-refresh`, every source) started only on request
 * ("Refresh now", `POST /refresh`), and one task per source (`tenants-refresh-<source>`) at
 * that source's cadence, its first run `initialDelay` after start. All have the refresh
 * timeout. The first call also runs the scheduler's own migrations.
 */
export async function scheduleRefreshTasks(
  scheduler: Pick<SchedulerService, 'scheduleTask'>,
  settings: RefreshSettings,
  refresher: Pick<TenantsRefresher, 'runScheduled' | 'runScheduledSource'>,
): Promise<void> {
  await scheduler.scheduleTask({
    id: REFRESH_TASK_ID,
    scope: 'global',
    frequency: { trigger: 'manual' },
    timeout: settings.timeout,
    fn: signal => refresher.runScheduled(signal),
  });
  for (const [source, frequency] of Object.entries(settings.cadences)) {
    await scheduler.scheduleTask({
      id: sourceTaskId(source),
      scope: 'global',
      frequency,
      timeout: settings.timeout,
      initialDelay: settings.initialDelay,
      fn: signal => refresher.runScheduledSource(source, signal),
    });
  }
}
