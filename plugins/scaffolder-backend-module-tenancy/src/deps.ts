import type { PermissionsService } from '@backstage/backend-plugin-api';
import type { AwsClientFactory } from '@tenancy/plugin-tenants-node';
import type { Guardrail } from '@tenancy/plugin-tenants-common';
import type { ActivityRecorder } from './lib/activity';
import type { ActionClock } from './lib/clock';
import type { TenantPortal } from './lib/offboarding/tenantPortal';
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
  /** The permission framework: the offboarding actions check `tenants.tenant.offboard` with it. */
  permissions: Pick<PermissionsService, 'authorize'>;
  /** The tenants backend and catalog as the offboarding actions read and follow them. */
  portal: TenantPortal;
  /** Release settings and store; the `tenancy:release:*` actions exist only with it. */
  releases?: ReleaseDeps;
}
