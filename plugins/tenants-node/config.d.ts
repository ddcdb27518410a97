export interface Config {
  tenancy?: {
    aws?: {
      /** Endpoint override for every AWS client (the sandbox, LocalStack). */
      endpoint?: string;
      /** Default region for regional clients. Default us-east-1. */
      region?: string;
      /**
       * Regions every regional source is read in, in display order: health (each region's
       * CloudWatch monitoring sink: metrics and alarms), GuardDuty (membership, organization
       * configuration and findings of the administrator's detector in each region). Each tenant's
       * views show the split by region. AWS region names, each once, e.g.
       * `[us-east-1, eu-central-1]`. Default: `[<tenancy.aws.region>]`.
       */
      regions?: string[];
      /** Management (payer) account: Organizations, Cost Explorer, Budgets, Step Functions. */
      managementAccountId?: string;
      /** CloudWatch cross-account observability sink. */
      monitoringAccountId?: string;
      /** Config aggregator and GuardDuty administrator. */
      securityAccountId?: string;
      /** StackSet administrator; default the management account. */
      stackSetAdminAccountId?: string;
      /** CallAs for StackSet APIs. Default SELF. */
      stackSetCallAs?: 'SELF' | 'DELEGATED_ADMIN';
      /** Attempts per AWS call including the first. Default 8. */
      maxAttempts?: number;
      /** Base of the jittered exponential backoff, milliseconds. Default 500. */
      retryBaseDelayMs?: number;
    };
    guardrails?: {
      /** Path of the guardrail catalog; relative paths from the repository root. Default guardrails/catalog.yaml. */
      catalogPath?: string;
    };
  };
}
