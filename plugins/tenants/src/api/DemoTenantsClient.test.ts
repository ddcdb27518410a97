import { DemoTenantsClient } from './DemoTenantsClient';

describe('DemoTenantsClient', () => {
  const demo = new DemoTenantsClient({ count: 50 });

  it('is deterministic', async () => {
    const again = new DemoTenantsClient({ count: 50 });
    expect(await again.listTenants({ limit: 100 })).toEqual(
      await demo.listTenants({ limit: 100 }),
    );
    expect(await again.getTenantSpend('acme')).toEqual(
      await demo.getTenantSpend('acme'),
    );
  });

  it('pages, sorts and filters like the backend, never more than 100 rows', async () => {
    const all = await demo.listTenants({ limit: 500 });
    expect(all.items).toHaveLength(50);
    expect(all.limit).toBe(100);
    expect([all.columns, all.conditionalColumns]).toEqual([
      { spend: true, health: true, compliance: true, release: true },
      { spend: false, health: false, compliance: false, release: false },
    ]);
    const bySpend = await demo.listTenants({
      sort: 'spend',
      order: 'desc',
      limit: 10,
    });
    const amounts = bySpend.items.map(t => Number(t.spendMonthToDate));
    expect(amounts).toEqual([...amounts].sort((a, b) => b - a));
    const critical = await demo.listTenants({ health: ['critical'] });
    expect(critical.items.every(t => t.healthStatus === 'critical')).toBe(true);
    expect(critical.totalCount).toBeGreaterThan(0);
    // Of 50 demo tenants: index 12, 25, 38 failed (every 13th, none suspended or new).
    const failed = await demo.listTenants({ release: ['failed'] });
    expect(failed.items.map(t => t.release)).toEqual([
      { version: '1.9.0', status: 'failed' },
      { version: '1.9.0', status: 'failed' },
      { version: '1.9.0', status: 'failed' },
    ]);
    const page2 = await demo.listTenants({ limit: 20, offset: 20 });
    expect(page2.items[0].tenantId).toBe(
      all.items.slice().sort((a, b) => a.tenantId.localeCompare(b.tenantId))[20]
        .tenantId,
    );
  });

  it('sorts health in the backend order: healthy first ascending, critical first descending, no health last both ways', async () => {
    const healths = async (order: 'asc' | 'desc') =>
      (await demo.listTenants({ sort: 'health', order, limit: 100 })).items.map(
        t => t.healthStatus,
      );
    const runs = (list: unknown[]) =>
      list.filter((v, i) => i === 0 || v !== list[i - 1]);
    expect(runs(await healths('asc'))).toEqual([
      'healthy',
      'unknown',
      'degraded',
      'critical',
      null,
    ]);
    expect(runs(await healths('desc'))).toEqual([
      'critical',
      'degraded',
      'unknown',
      'healthy',
      null,
    ]);
  });

  it('sorts a tenant without spend last in both directions', async () => {
    for (const order of ['asc', 'desc'] as const) {
      const { items } = await demo.listTenants({
        sort: 'spend',
        order,
        limit: 100,
      });
      expect([order, items[items.length - 1].spendMonthToDate]).toEqual([
        order,
        null,
      ]);
    }
  });

  it('has a brand-new tenant without billing data', async () => {
    const { items } = await demo.listTenants({ limit: 100 });
    const fresh = items.find(t => t.spendMonthToDate === null)!;
    expect((await demo.getTenantSpend(fresh.tenantId)).noData).toBe(true);
  });

  it('keeps fleet totals to the cent: tenants + shared + unallocated = total', async () => {
    const fleet = await demo.getFleetSpend('2025-04');
    const cents = (s: string) => Math.round(Number(s) * 100);
    expect(
      cents(fleet.tenantsTotal) +
        cents(fleet.shared) +
        cents(fleet.unallocated),
    ).toBe(cents(fleet.total));
    expect(fleet.tenants.reduce((s, t) => s + cents(t.amount), 0)).toBe(
      cents(fleet.tenantsTotal),
    );
    expect(fleet.byService.reduce((s, t) => s + cents(t.amount), 0)).toBe(
      cents(fleet.total),
    );
  });
});
