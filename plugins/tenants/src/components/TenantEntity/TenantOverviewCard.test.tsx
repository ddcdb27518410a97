import { screen } from '@testing-library/react';
import {
  entityNamed,
  renderWithTenants,
  tenantEntity,
} from '../../__testUtils__';
import { TenantOverviewCard } from './TenantOverviewCard';

describe('TenantOverviewCard', () => {
  it('shows the account, OU path, state, owner, tier, regions and console links', async () => {
    const getTenant = jest.fn().mockResolvedValue({
      tenantId: 'acme',
      accountId: '111111111111',
      accountName: 'tenant-acme',
      joinedAt: '2025-01-01T00:00:00Z',
      healthStatus: 'healthy',
      complianceScore: {
        compliant: 9,
        evaluated: 10,
        noData: 1,
        evaluationFailing: 0,
        total: 11,
      },
    });
    await renderWithTenants(<TenantOverviewCard />, {
      api: { getTenant },
      entity: tenantEntity,
    });
    expect(
      await screen.findByText('111111111111 (tenant-acme)'),
    ).toBeInTheDocument();
    expect(screen.getByText('/Tenants/premium')).toBeInTheDocument();
    expect(screen.getByText('Active (ACTIVE)')).toBeInTheDocument();
    expect(screen.getByText('premium')).toBeInTheDocument();
    expect(screen.getByText('eu-west-1, eu-central-1')).toBeInTheDocument();
    expect(screen.getByText('team-acme')).toBeInTheDocument();
    expect(screen.getByText('Healthy')).toBeInTheDocument();
    expect(
      screen.getByText(
        'Compliant: 9 of 10 evaluated \u00b7 1 non-compliant \u00b7 1 no data',
      ),
    ).toBeInTheDocument();
    expect(
      screen.getByRole('link', { name: /Account in AWS Organizations/ }),
    ).toHaveAttribute(
      'href',
      'https://us-east-1.console.aws.amazon.com/organizations/v2/home/accounts/111111111111',
    );
  });

  it('shows an account closed by the offboarding as Closed, from the tenants snapshot', async () => {
    const getTenant = jest.fn().mockResolvedValue({
      tenantId: 'acme',
      accountId: '111111111111',
      accountName: 'tenant-acme',
      state: 'SUSPENDED',
      tags: { 'tenancy-state': 'closing' },
      joinedAt: '2025-01-01T00:00:00Z',
      healthStatus: null,
      complianceScore: null,
    });
    await renderWithTenants(<TenantOverviewCard />, {
      api: { getTenant },
      entity: tenantEntity,
    });
    expect(await screen.findByText('Closed (SUSPENDED)')).toBeInTheDocument();
  });

  it('leaves out health and compliance for a user who may not read them (finance)', async () => {
    const getTenant = jest.fn().mockResolvedValue({
      tenantId: 'acme-fin',
      accountId: '111111111111',
      accountName: 'tenant-acme',
      joinedAt: '2025-01-01T00:00:00Z',
      healthStatus: null,
      complianceScore: null,
    });
    await renderWithTenants(<TenantOverviewCard />, {
      api: { getTenant },
      entity: entityNamed('acme-fin'),
      deny: ['tenants.health.read', 'tenants.compliance.read'],
    });
    expect(await screen.findByText('Joined')).toBeInTheDocument();
    expect(screen.queryByText('Health')).not.toBeInTheDocument();
    expect(screen.queryByText('Compliance')).not.toBeInTheDocument();
    expect(screen.getByText('Tier')).toBeInTheDocument();
  });

  it.each([
    ['SUSPENDED', 'Suspended', 'suspended'],
    ['PENDING_CLOSURE', 'Closing', 'closing'],
  ])(
    'shows a %s tenant as "%s" where its health and score would be (H4)',
    async (state, label, lifecycle) => {
      const getTenant = jest.fn().mockResolvedValue({
        tenantId: 'acme',
        accountId: '111111111111',
        accountName: 'tenant-acme',
        joinedAt: '2025-01-01T00:00:00Z',
        state,
        healthStatus: null,
        complianceScore: null,
      });
      await renderWithTenants(<TenantOverviewCard />, {
        api: { getTenant },
        entity: tenantEntity,
      });
      expect(
        await screen.findAllByTestId(`lifecycle-${lifecycle}`),
      ).toHaveLength(2);
      expect(screen.getAllByText(label)).toHaveLength(2);
      expect(screen.queryByText('Not collected')).not.toBeInTheDocument();
      expect(screen.queryByText('not collected yet')).not.toBeInTheDocument();
    },
  );
});
