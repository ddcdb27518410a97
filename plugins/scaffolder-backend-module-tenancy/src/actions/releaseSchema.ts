/**
 * The zod the scaffolder hands to schema callbacks (its own copy of zod, so typed loosely here;
 * the action's schema types come from the scaffolder).
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Z = any;

/** The zod schema of one wave's StackSetOperationPreferences (AWS's names, camelCase). */
export const wavePreferencesSchema = (z: Z) =>
  z.object({
    maxConcurrentCount: z.number().int().min(1).optional(),
    maxConcurrentPercentage: z.number().int().min(1).max(100).optional(),
    failureToleranceCount: z.number().int().min(0).optional(),
    failureTolerancePercentage: z.number().int().min(0).max(100).optional(),
    concurrencyMode: z
      .enum(['STRICT_FAILURE_TOLERANCE', 'SOFT_FAILURE_TOLERANCE'])
      .optional(),
    regionConcurrencyType: z.enum(['SEQUENTIAL', 'PARALLEL']).optional(),
    regionOrder: z.array(z.string()).optional(),
  });

/** Output fields every rollout action (deploy, resume, rollback) reports. */
export const rolloutOutput = {
  status: (z: Z) =>
    z.string().describe('completed, or halted (a wave exceeded its tolerance)'),
  waves: (z: Z) =>
    z
      .array(
        z.object({
          name: z.string(),
          done: z.number(),
          failed: z.number(),
          remaining: z.number(),
          operationIds: z.array(z.string()),
        }),
      )
      .describe(
        'Per wave: tenants done, failed, remaining, and its StackSet operations',
      ),
  failed: (z: Z) =>
    z
      .array(
        z.object({
          accountId: z.string(),
          region: z.string(),
          reason: z.string(),
        }),
      )
      .describe('Failed stack instances with AWS’s StatusReason'),
};

/** The stackSetName input every release action takes. */
export const stackSetNameInput = (z: Z) =>
  z
    .string()
    .optional()
    .describe(
      'The tenant-stack StackSet; default tenancy.releases.stackSetName',
    );
