import type { AwsClientFactory } from '@tenancy/plugin-tenants-node';
import type { Guardrail } from '@tenancy/plugin-tenants-common';
import type { ActivityRecorder } from './lib/activity';
import type { ActionClock } from './lib/clock';
import type { OwnerDirectory } from './lib/ownerCheck';
import type { TenantRegistrar } from './lib/registrar';
import type { ReleaseDeps } from './lib/releases/releaseSettings';
import type { VendingSettings } from './settings';

/**
 * What the vending actions share, built once in `module.ts` and handed to each action creator.
 * @public
 */
export interface TenancyActionDeps {
  clients: AwsClientFactory;
  settings: VendingSettings;
  /** The guardrail catalog (loaded once, cached). */
  loadGuardrails(): Promise<Guardrail[]>;
  activity: ActivityRecorder;
  /** Whether an owner Group exists in the catalog (checked before any AWS call). */
  owners: OwnerDirectory;
  registrar: TenantRegistrar;
  clock: ActionClock;
  /** Release settings and store; the `tenancy:release:*` actions exist only with it. */
  releases?: ReleaseDeps;
}
