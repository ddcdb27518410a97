import { permittedTenantTabs } from './permittedTabs';

const base = '/catalog/default/tenant/acme';
const tab = (path: string, label: string) => ({
  id: path,
  label,
  href: path === '/' ? base : `${base}/${path}`,
});
const TABS = [
  tab('/', 'Overview'),
  tab('health', 'Health'),
  tab('guardrails', 'Guardrails'),
  tab('spend', 'Spend'),
  tab('deployments', 'Deployments'),
  tab('activity', 'Activity'),
];
const labels = (tabs: Array<{ label: string }>) => tabs.map(t => t.label);
const ALL = {
  loading: false,
  health: true,
  guardrails: true,
  spend: true,
  deployments: true,
};

describe('permittedTenantTabs', () => {
  it('keeps every tab for a user holding the four permissions', () => {
    expect(labels(permittedTenantTabs(TABS, ALL))).toEqual([
      'Overview',
      'Health',
      'Guardrails',
      'Spend',
      'Deployments',
      'Activity',
    ]);
  });

  it('leaves out Spend for support and Health, Guardrails, Deployments for finance', () => {
    expect(labels(permittedTenantTabs(TABS, { ...ALL, spend: false }))).toEqual(
      ['Overview', 'Health', 'Guardrails', 'Deployments', 'Activity'],
    );
    expect(
      labels(
        permittedTenantTabs(TABS, {
          ...ALL,
          health: false,
          guardrails: false,
          deployments: false,
        }),
      ),
    ).toEqual(['Overview', 'Spend', 'Activity']);
  });

  it('shows no guarded tab until the decisions are in', () => {
    expect(
      labels(permittedTenantTabs(TABS, { ...ALL, loading: true })),
    ).toEqual(['Overview', 'Activity']);
  });

  it('filters the items of a tab group and drops a group left empty', () => {
    const grouped = [
      tab('/', 'Overview'),
      {
        id: 'observability',
        label: 'Observability',
        items: [tab('health', 'Health'), tab('docs', 'Docs')],
      },
      { id: 'cost', label: 'Cost', items: [tab('/spend/*', 'Spend')] },
    ];
    expect(
      permittedTenantTabs(grouped, { ...ALL, health: false, spend: false }),
    ).toEqual([
      tab('/', 'Overview'),
      {
        id: 'observability',
        label: 'Observability',
        items: [tab('docs', 'Docs')],
      },
    ]);
  });
});
