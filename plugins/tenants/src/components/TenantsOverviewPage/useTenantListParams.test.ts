import { parseView, withoutGuardedView } from './useTenantListParams';

const view = (query: string) => parseView(new URLSearchParams(query));
const SUPPORT = { spend: false, health: true, compliance: true, release: true };
const FINANCE = {
  spend: true,
  health: false,
  compliance: false,
  release: false,
};

describe('withoutGuardedView', () => {
  it('drops a sort by a column the user may not read on every tenant', () => {
    expect(
      withoutGuardedView(view('sort=spend&order=desc&state=ACTIVE'), SUPPORT),
    ).toEqual({ page: 0, sort: undefined, order: undefined });
    expect(withoutGuardedView(view('sort=compliance'), FINANCE)).toEqual({
      page: 0,
      sort: undefined,
      order: undefined,
    });
  });

  it('drops the health filter when health is not readable on every tenant', () => {
    expect(
      withoutGuardedView(view('sort=spend&health=critical&page=2'), FINANCE),
    ).toEqual({ page: 0, health: [] });
  });

  it('drops the budget filter when spend is not readable on every tenant', () => {
    expect(
      withoutGuardedView(view('budget=over&state=ACTIVE'), SUPPORT),
    ).toEqual({ page: 0, budget: undefined });
    expect(withoutGuardedView(view('budget=over'), FINANCE)).toBeUndefined();
    // an unknown value is ignored
    expect(view('budget=under').budget).toBeUndefined();
  });

  it('drops every guarded sort and filter before the first answer', () => {
    expect(withoutGuardedView(view('sort=health&health=degraded'))).toEqual({
      page: 0,
      sort: undefined,
      order: undefined,
      health: [],
    });
  });

  it('keeps what the user may read, and views without a guarded sort or filter', () => {
    expect(
      withoutGuardedView(view('sort=health&health=degraded'), SUPPORT),
    ).toBeUndefined();
    expect(
      withoutGuardedView(view('sort=name&order=desc&state=ACTIVE')),
    ).toBeUndefined();
  });
});
