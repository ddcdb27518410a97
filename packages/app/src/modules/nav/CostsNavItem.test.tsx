import { screen, waitFor } from '@testing-library/react';
import { renderInTestApp, TestApiProvider } from '@backstage/test-utils';
import { Sidebar, SidebarPage } from '@backstage/core-components';
import { tenantsApiRef } from '@tenancy/plugin-tenants';
import { CostsNavItem } from './Sidebar';

/** The sidebar with the costs item, the tenants list answering `spend` as its spend column. */
async function renderItem(spend: boolean) {
  const listTenants = jest.fn().mockResolvedValue({
    items: [],
    totalCount: 0,
    limit: 1,
    offset: 0,
    columns: { spend, health: true, compliance: true, release: true },
    conditionalColumns: {
      spend: false,
      health: false,
      compliance: false,
      release: false,
    },
  });
  await renderInTestApp(
    <TestApiProvider apis={[[tenantsApiRef, { listTenants } as never]]}>
      <SidebarPage>
        <Sidebar>
          <CostsNavItem
            item={
              {
                href: '/tenants/costs',
                title: 'Tenant costs',
                icon: <span />,
              } as never
            }
          />
        </Sidebar>
      </SidebarPage>
    </TestApiProvider>,
  );
  await waitFor(() => expect(listTenants).toHaveBeenCalledWith({ limit: 1 }));
  return listTenants;
}

describe('CostsNavItem', () => {
  it('links the costs page for a user who reads spend on every tenant (finance)', async () => {
    await renderItem(true);
    expect(
      await screen.findByRole('link', { name: 'Tenant costs' }),
    ).toHaveAttribute('href', '/tenants/costs');
  });

  it('shows nothing to a user who does not (support)', async () => {
    await renderItem(false);
    await new Promise(r => setTimeout(r, 50));
    expect(screen.queryByRole('link', { name: 'Tenant costs' })).toBeNull();
    expect(screen.queryByText('Tenant costs')).toBeNull();
  });
});
