import type { SchedulerServiceTaskScheduleDefinitionConfig } from '@backstage/backend-plugin-api';

export interface Config {
  catalog?: {
    providers?: {
      /** The Tenant entity provider. */
      tenants?: {
        /**
         * How often the provider checks for a new refresh run of the tenants backend (it re-reads
         * the inventory only then). Default every 30 s, timeout 3 minutes.
         */
        schedule?: SchedulerServiceTaskScheduleDefinitionConfig;
        /** Owner of tenants without an `owner` tag. Default `group:default/platform-engineers`. */
        defaultOwner?: string;
      };
    };
  };
}
