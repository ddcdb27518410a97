/**
 * Counts AWS API calls by `Service.Operation`.
 *
 * @public
 */
export interface AwsCallMeter {
  /** Records one call, e.g. `record('Organizations.ListAccountsForParent')`. */
  record(operation: string): void;
  /** Calls recorded since the last reset, by `Service.Operation`, e.g. `{ 'Organizations.ListAccounts': 3 }`. */
  snapshot(): Record<string, number>;
  /** Forgets every recorded call. */
  reset(): void;
}

/**
 * The in-memory {@link AwsCallMeter}.
 *
 * @public
 */
export class InMemoryAwsCallMeter implements AwsCallMeter {
  #counts = new Map<string, number>();

  record(operation: string): void {
    this.#counts.set(operation, (this.#counts.get(operation) ?? 0) + 1);
  }

  snapshot(): Record<string, number> {
    return Object.fromEntries(
      [...this.#counts.entries()].sort(([a], [b]) => a.localeCompare(b)),
    );
  }

  reset(): void {
    this.#counts.clear();
  }
}

/**
 * Turns the SDK's client and command names into the meter's key:
 * `('OrganizationsClient', 'ListParentsCommand')` → `Organizations.ListParents`.
 *
 * @public
 */
export function meterKey(clientName: string, commandName: string): string {
  const service = clientName.replace(/Client$/, '');
  const operation = commandName.replace(/Command$/, '');
  return `${service}.${operation}`;
}
