import type { BackstageCredentials } from '@backstage/backend-plugin-api';

/**
 * Who made a request, for audit events and activity: the user's entity ref, or
 * `service:<subject>` for a backend plugin.
 */
export function actorOf(
  credentials: BackstageCredentials<
    | { type: 'user'; userEntityRef: string }
    | { type: 'service'; subject: string }
  >,
): string {
  return credentials.principal.type === 'user'
    ? credentials.principal.userEntityRef
    : `service:${credentials.principal.subject}`;
}
