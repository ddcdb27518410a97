import { screen } from '@testing-library/react';
import { Route, Routes } from 'react-router-dom';
import { entityNamed, renderWithTenants } from '../../__testUtils__';
import { TenantEntityHeader } from './TenantEntityHeader';
import { TenantContentGuard } from './TenantContentGuard';

// What each demo user may not do on a tenant (packages/backend/src/permissionPolicy.ts).
const DENIED = {
  support: ['tenants.spend.read'],
  finance: [
    'tenants.health.read',
    'tenants.compliance.read',
    'tenants.deployments.read',
  ],
};

const PATHS = ['/', 'health', 'guardrails', 'spend', 'deployments', 'activity'];

/** The header as the catalog's entity page hands it the tabs of a Tenant. */
function Header(props: { name: string }) {
  const base = `/catalog/default/tenant/${props.name}`;
  const tabs = PATHS.map(path => ({
    id: path,
    label:
      path === '/'
        ? 'Overview'
        : path[0].toLocaleUpperCase('en-US') + path.slice(1),
    href: path === '/' ? base : `${base}/${path}`,
  }));
  return <TenantEntityHeader tabs={tabs} activeTabId="/" />;
}

async function tabLabels(): Promise<string[]> {
  await screen.findByText('Activity');
  const nav = screen.getByRole('navigation', { name: 'Content navigation' });
  return Array.from(nav.querySelectorAll('a')).map(a => a.textContent ?? '');
}

// Permission decisions are cached per resource ref for the file: one tenant name per test.
describe('TenantEntityHeader', () => {
  it('shows the title, tier, owner and every tab to a platform engineer', async () => {
    await renderWithTenants(<Header name="hdr-all" />, {
      api: {},
      entity: entityNamed('hdr-all'),
    });
    await screen.findByText('Deployments');
    expect(await tabLabels()).toEqual([
      'Overview',
      'Health',
      'Guardrails',
      'Spend',
      'Deployments',
      'Activity',
    ]);
    expect(
      screen.getByRole('heading', { name: 'hdr-all' }),
    ).toBeInTheDocument();
    expect(screen.getByText('premium')).toBeInTheDocument();
    expect(screen.getByText('team-acme')).toBeInTheDocument();
  });

  it('has no Spend tab for support', async () => {
    await renderWithTenants(<Header name="hdr-support" />, {
      api: {},
      deny: DENIED.support,
      entity: entityNamed('hdr-support'),
    });
    await screen.findByText('Deployments');
    expect(await tabLabels()).toEqual([
      'Overview',
      'Health',
      'Guardrails',
      'Deployments',
      'Activity',
    ]);
  });

  it('has no Health, Guardrails or Deployments tab for finance', async () => {
    await renderWithTenants(<Header name="hdr-finance" />, {
      api: {},
      deny: DENIED.finance,
      entity: entityNamed('hdr-finance'),
    });
    await screen.findByText('Spend');
    expect(await tabLabels()).toEqual(['Overview', 'Spend', 'Activity']);
  });
});

function GuardedSpend() {
  return (
    <Routes>
      <Route
        path="/catalog/default/tenant/:name"
        element={<p>the overview</p>}
      />
      <Route
        path="/catalog/default/tenant/:name/spend"
        element={
          <TenantContentGuard content="spend">
            <p>the spend tab</p>
          </TenantContentGuard>
        }
      />
    </Routes>
  );
}

describe('TenantContentGuard', () => {
  it('renders the content for a user holding its permission', async () => {
    await renderWithTenants(<GuardedSpend />, {
      api: {},
      entity: entityNamed('guard-allowed'),
      route: '/catalog/default/tenant/guard-allowed/spend',
    });
    expect(await screen.findByText('the spend tab')).toBeInTheDocument();
  });

  it('sends a user without the permission to the Overview, not a permission message', async () => {
    await renderWithTenants(<GuardedSpend />, {
      api: {},
      deny: DENIED.support,
      entity: entityNamed('guard-denied'),
      route: '/catalog/default/tenant/guard-denied/spend',
    });
    expect(await screen.findByText('the overview')).toBeInTheDocument();
    expect(screen.queryByText('the spend tab')).toBeNull();
  });
});
