import type { AccountState, NotInService } from './types';

/**
 * What a tenant is, by its account's Organizations `State`, as every page labels it: exactly one
 * per tenant. `active` (ACTIVE) is the only one that is monitored and scored; `activating`
 * (PENDING_ACTIVATION), `suspended` (SUSPENDED), `closing` (PENDING_CLOSURE) and `closed`
 * (CLOSED) are never queried for metrics or alarms and never scored as non-compliant; their
 * spend history stays.
 * @public
 */
export type TenantLifecycle =
  | 'activating'
  | 'active'
  | 'suspended'
  | 'closing'
  | 'closed';

/** The lifecycle of an account that is not in service: every one but `active`. @public */
export type NotInServiceLifecycle = Exclude<TenantLifecycle, 'active'>;

const LIFECYCLE: Readonly<Record<AccountState, TenantLifecycle>> = {
  PENDING_ACTIVATION: 'activating',
  ACTIVE: 'active',
  SUSPENDED: 'suspended',
  PENDING_CLOSURE: 'closing',
  CLOSED: 'closed',
};

/**
 * The account tag the offboarding actions write (`offboarding` while the Offboard tenant
 * template runs, `closing` once CloseAccount is requested). The key is fixed: no config sets it.
 * @public
 */
export const OFFBOARDING_STATE_TAG = 'tenancy-state';

/**
 * The {@link TenantLifecycle} of an account `State`; a state this version does not know (AWS may
 * add one) is `suspended`: not in service, so never queried nor scored. With the account's
 * tags: a SUSPENDED account whose {@link OFFBOARDING_STATE_TAG} is `closing` was closed through
 * CloseAccount and is in AWS's 90-day post-closure period, so it is `closed` (AWS answers
 * SUSPENDED for a closed account until it is removed).
 * @public
 */
export function tenantLifecycleOf(
  state: AccountState | string,
  tags?: Readonly<Record<string, string>>,
): TenantLifecycle {
  if (state === 'SUSPENDED' && tags?.[OFFBOARDING_STATE_TAG] === 'closing') {
    return 'closed';
  }
  return LIFECYCLE[state as AccountState] ?? 'suspended';
}

/**
 * Whether a tenant in account `State` `state` is in service: queried for metrics and alarms and
 * scored for compliance. Only ACTIVE is.
 * @public
 */
export function isInService(state: AccountState | string): boolean {
  return tenantLifecycleOf(state) === 'active';
}

/** How each {@link TenantLifecycle} reads on a page, e.g. `Suspended`. @public */
export const LIFECYCLE_LABELS: Readonly<Record<TenantLifecycle, string>> = {
  activating: 'Activating',
  active: 'Active',
  suspended: 'Suspended',
  closing: 'Closing',
  closed: 'Closed',
};

/**
 * Why a tenant that is not in service is neither monitored nor scored, for a person, e.g.
 * `The account is suspended (State SUSPENDED): not monitored, not scored`.
 * @public
 */
export function notInServiceReason(state: AccountState | string): string {
  return `The account is ${LIFECYCLE_LABELS[
    tenantLifecycleOf(state)
  ].toLowerCase()} (State ${state}): not monitored, not scored`;
}

/** The `notMonitored` / `notScored` marker of a tenant in account `State` `state`. @public */
export function notInService(state: AccountState | string): NotInService {
  return {
    lifecycle: tenantLifecycleOf(state),
    reason: notInServiceReason(state),
  };
}

/**
 * A source's values that could not be refreshed: they are the last values read, kept in place.
 * `since` is when they were last read (ISO-8601 UTC; the time of the run that last succeeded),
 * `error` the error of the latest failed read, e.g. `AccessDeniedException: …`.
 * @public
 */
export interface SourceStale {
  since: string;
  error: string;
}
