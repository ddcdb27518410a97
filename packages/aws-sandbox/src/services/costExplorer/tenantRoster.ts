/**
 * The organization's tenants as the shared accounts' cost-allocation tags see them: a shared
 * data platform (in the shared services account, Infrastructure OU) tags its line items with the
 * `tenant` value of the tenant it served that day.
 */
import { DataAccount } from '../../core/dataAccounts';
import { dayOf } from '../../core/dates';
import { compare } from '../../core/compare';

/** Tenant ids by the day their accounts joined, for a deterministic pick per (line, day). */
export class TenantRoster {
  readonly #days: number[];
  readonly #ids: string[];

  constructor(accounts: DataAccount[]) {
    const tenants = accounts
      .filter(a => a.kind === 'tenant' && a.tenantId)
      .map(a => ({ day: dayOf(a.createdAt), id: a.tenantId! }))
      .sort((x, y) => x.day - y.day || compare(x.id, y.id));
    this.#days = tenants.map(t => t.day);
    this.#ids = tenants.map(t => t.id);
  }

  /**
   * The tenant a shared line item of `day` is tagged with: one of the tenants whose account had
   * joined by `day`, chosen by `r` in [0, 1); '' when none had. Tenants joining later never
   * change the tags of earlier days.
   */
  pick(day: number, r: number): string {
    let lo = 0;
    let hi = this.#days.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (this.#days[mid] <= day) lo = mid + 1;
      else hi = mid;
    }
    return lo === 0 ? '' : this.#ids[Math.floor(r * lo)];
  }
}
