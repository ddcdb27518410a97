import type { HumanDuration } from '@backstage/types';

export interface Config {
  tenancy?: {
    tenants?: {
      /** Path of the tenants OU from the root (tier sub-OUs below it). Default `/Tenants`. */
      ouPath?: string;
      /**
       * Other OUs holding tenant accounts, e.g. `[/Suspended]`; only their accounts carrying a
       * `tenant` tag count as tenants. Default none.
       */
      extraOuPaths?: string[];
    };
    /** Spend collector (Cost Explorer, payer account). */
    spend?: {
      /**
       * Cost Explorer metric of every amount: AmortizedCost (default), UnblendedCost, BlendedCost,
       * NetAmortizedCost or NetUnblendedCost. Shown in the UI.
       * @visibility frontend
       */
      metric?: string;
    };
    /** Finance source (chargeback reports, footprint, anomalies, unit cost, budgets). */
    finance?: {
      /**
       * The service cost-class file (always-on vs usage-based): absolute, or relative to the
       * guardrail catalog's folder. Default `cost-classes.yaml` beside the guardrail catalog.
       */
      costClassesPath?: string;
      /**
       * A stored chargeback report is regenerated on request only this long after it was
       * generated, seconds (each regeneration pays for its Cost Explorer pages). Default 300.
       */
      regenerateIntervalSeconds?: number;
    };
    /** Logs source (CloudWatch Logs Insights in the monitoring account, on request). */
    logs?: {
      /** A query not complete by then is stopped with StopQuery, seconds. Default 30. */
      queryTimeoutSeconds?: number;
      /** Wait between GetQueryResults calls, milliseconds. Default 1000. */
      pollIntervalMs?: number;
      /** An answer is reused for the same tenant and query this long, seconds. Default 60. */
      cacheSeconds?: number;
    };
    /** Health collector (CloudWatch, monitoring account). */
    health?: {
      /** Alarms in ALARM from which a tenant is critical. Default 3. */
      criticalAlarmCount?: number;
      /** Lambda Errors / Invocations in the last hour above which a tenant is degraded, percent. Default 1. */
      lambdaErrorRatePercent?: number;
      /** API Gateway 5XXError / Count in the last hour above which a tenant is degraded, percent. Default 1. */
      apiGateway5xxRatePercent?: number;
      /** Lambda Throttles / Invocations in the last hour above which a tenant is degraded, percent. Default 1. */
      lambdaThrottleRatePercent?: number;
      /** DynamoDB ThrottledRequests in the last hour above which a tenant is degraded. Default 0. */
      dynamoDbThrottledRequests?: number;
      /** Errors in the last hour above which a tenant is degraded when no invocations/requests were reported. Default 10. */
      errorCountWithoutTraffic?: number;
    };
    /** Compliance collector (security account). */
    compliance?: {
      /** Name of the organization's AWS Config aggregator. Default `tenancy-organization`. */
      configAggregatorName?: string;
    };
    /**
     * Live events: the SQS queue the central EventBridge rule delivers to (see the README).
     * Without `queueUrl` no queue is read.
     */
    events?: {
      /** The queue's URL, e.g. `https://sqs.us-east-1.amazonaws.com/111122223333/tenancy-events`. */
      queueUrl?: string;
      /** Account that holds the queue (credentials from `aws.accounts`). Default: the account in `queueUrl`. */
      queueAccountId?: string;
      /** Region of the queue. Default: the region in `queueUrl`, else `tenancy.aws.region`. */
      queueRegion?: string;
      /** Messages per receive, 1–10. Default 10. */
      batchSize?: number;
      /** Long-poll wait in seconds, 0–20. Default 20. */
      waitTimeSeconds?: number;
      /** Receive loops each replica runs side by side, 1–10 (each holds one batch). Default 4. */
      concurrency?: number;
      /** Visibility timeout asked for on receive, seconds. Default: the queue's. */
      visibilityTimeoutSeconds?: number;
    };
    /**
     * The fleet snapshot refresh on the Backstage scheduler (scope global): one task per source,
     * each on its own cadence; "Refresh now" reads every source.
     */
    refresh?: {
      /**
       * How often each source is read, by source id (`inventory`, `alarms`, `health`, `spend`,
       * `compliance`, `deployments`, or a module's source). Defaults: inventory `{ hours: 24 }`,
       * alarms (CloudWatch DescribeAlarms; kept live between reads by Alarm State Change events)
       * `{ hours: 24 }`, health (CloudWatch metrics) `{ hours: 1 }`, spend `{ hours: 8 }`,
       * compliance `{ hours: 6 }`; deployments (the tenant stack's StackSet instances) and a
       * module's source: `frequency`.
       */
      cadence?: { [source: string]: HumanDuration | string };
      /** Cadence of a module's source without its own `cadence`. Default `{ minutes: 60 }`. */
      frequency?: HumanDuration | string;
      /** Longest a run may take. Default `{ minutes: 15 }`. */
      timeout?: HumanDuration | string;
      /** Delay of the first run after start. Default `{ seconds: 10 }`. */
      initialDelay?: HumanDuration | string;
      /**
       * Cold start order: after the first inventory read, the sources never read yet wait up
       * to this long for the catalog's Tenant entity provider to announce every Tenant entity
       * readable (`tenancy.inventory.cataloged`), so the catalog ingests the inventory before
       * their cold reads. Unset: they start at once. docs/catalog-ingestion.md.
       */
      coldStartWait?: HumanDuration | string;
      /** Tags of unchanged accounts older than this are read again. Default `{ hours: 24 }`. */
      tagsMaxAge?: HumanDuration | string;
      /** At most this many stale-tag accounts are re-read per run. Default 20. */
      staleTagReadsPerRun?: number;
      /** Parallel per-tenant work of the collectors. Default 4. */
      concurrency?: number;
      /**
       * Tenants whose data a collector reads, builds and writes together before reading the
       * next ones: the refresh's memory holds one batch, not the fleet. Whole number ≥ 1.
       * Default 500.
       */
      batchSize?: number;
    };
  };
}
