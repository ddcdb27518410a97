export interface Config {
  tenancy?: {
    tenants?: {
      /** Root of the tenants OU tree, e.g. /Tenants (tier sub-OUs below it). */
      ouPath?: string;
    };
    vending?: {
      /** Tag key carrying the tenant id. Default tenant. */
      tenantTagKey?: string;
      /** Suggested account email, {tenantId} replaced. Default aws+{tenantId}@example.com. */
      emailPattern?: string;
      account?: {
        /** Role CreateAccount creates in the new account. Default OrganizationAccountAccessRole. */
        roleName?: string;
        /** Deadline for AWS to create the account, seconds. Default 1800. */
        timeoutSeconds?: number;
        /** New CreateAccount requests after INTERNAL_FAILURE. Default 3. */
        maxInternalFailureRetries?: number;
      };
      poll?: {
        /** First poll interval, seconds. Default 2. */
        initialSeconds?: number;
        /** Longest poll interval, seconds (at most 30). Default 20. */
        maxSeconds?: number;
      };
      guardrails?: {
        /** Largest minified SCP, characters: 5120 (AWS default) or 10240 (raised quota). */
        maxPolicySize?: number;
        /** SCPs per account or OU, FullAWSAccess included. Default 5. */
        maxPoliciesPerTarget?: number;
        /** Name prefix of the SCPs the vending owns (replaced ones are detached). Default tenant-. */
        managedPolicyPrefix?: string;
      };
      baseline?: {
        /** The baseline StackSet. Default tenant-baseline. */
        stackSetName?: string;
        /** Regions of the baseline instances. Default [tenancy.aws.region]. */
        regions?: string[];
        /** Wait for a service-managed auto-deployment, seconds. Default 300. */
        autoDeploymentWaitSeconds?: number;
        /** Deadline of a StackSet operation, seconds. Default 1800. */
        timeoutSeconds?: number;
        /**
         * How long a new account's baseline instances are retried while they fail because the
         * StackSet execution role is not there yet, seconds. Default 900.
         */
        notReadyTimeoutSeconds?: number;
        /** StackSet parameter receiving the template's secret external id. Default ExternalId. */
        externalIdParameter?: string;
      };
      budget?: {
        /** Monthly limit when the template gives none, USD decimal string. Default "1000.00". */
        defaultAmountUsd?: string;
        /** Addresses notified for every tenant budget. */
        notificationEmails?: string[];
        /** Percent thresholds of actual spend. Default [80, 100]. */
        actualThresholdsPercent?: number[];
        /** Percent thresholds of forecast spend. Default [100]. */
        forecastThresholdsPercent?: number[];
      };
      stateMachine?: {
        /** Default state machine ARN of tenancy:stateMachine:run. */
        arn?: string;
        /** Deadline of the execution, seconds. Default 3600. */
        timeoutSeconds?: number;
      };
      register?: {
        /** Deadline for the Tenant entity to appear in the catalog, seconds. Default 120. */
        timeoutSeconds?: number;
      };
    };
    /** The offboarding actions (Offboard tenant template). */
    offboarding?: {
      /** OU an offboarded account is moved to. Default /Suspended. */
      suspendedOuPath?: string;
      /** SCP the suspended OU must carry (deny all but reads). Default suspended-deny-all-but-read. */
      suspendedPolicyName?: string;
      /** StackSets whose instances of the account are removed. Default the baseline StackSet. */
      stackSetNames?: string[];
      /** CloseAccount calls allowed in a rolling 30 days. Default AWS's rule (max(250, 20 % of members), at most 1,000). */
      closeAccountQuota?: number;
      /** Wait for PENDING_CLOSURE to become SUSPENDED, seconds. Default 900. */
      closeTimeoutSeconds?: number;
      /** Wait for the portal to show the tenant's state, seconds. Default 180. */
      stateTimeoutSeconds?: number;
    };
    /** Tenant-stack rollouts (tenancy:release:* actions). */
    releases?: {
      /** The tenant-stack StackSet. Default tenant-stack. */
      stackSetName?: string;
      /** Regions of its instances. Default [tenancy.aws.region]. */
      regions?: string[];
      /** StackSet parameter carrying the release version. Default ReleaseVersion. */
      versionParameter?: string;
      /** Permission model when the first release creates the StackSet. Default SERVICE_MANAGED. */
      permissionModel?: 'SERVICE_MANAGED' | 'SELF_MANAGED';
      /** OU of suspended tenants, listed as skipped. Default /Suspended. */
      suspendedOuPath?: string;
      /** Deadline of one wave's StackSet operation, seconds. Default 7200. */
      timeoutSeconds?: number;
      /**
       * Where releases go: `stackSet` (the tenant-stack StackSet, the default) or `pipeline`
       * (one Step Functions execution per tenant, for teams that deploy with CI/CD).
       */
      target?: 'stackSet' | 'pipeline';
      /** The pipeline target. */
      pipeline?: {
        /**
         * ARN of the state machine that deploys one tenant (in the management account); each
         * execution's input is { accountArn, accountId, version, stackName }. Required when
         * target is pipeline.
         */
        stateMachineArn?: string;
      };
    };
  };
}
