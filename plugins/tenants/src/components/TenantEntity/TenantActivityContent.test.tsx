import { screen } from '@testing-library/react';
import {
  renderWithTenants,
  responseError,
  tenantEntity,
} from '../../__testUtils__';
import { TenantActivityContent } from './TenantActivityContent';

describe('TenantActivityContent', () => {
  it('lists vending steps and refreshes, linking to the scaffolder task', async () => {
    const getTenantActivity = jest.fn().mockResolvedValue({
      items: [
        {
          id: 'r1',
          tenantId: 'acme',
          kind: 'refresh',
          summary: 'Refreshed spend and health',
          at: '2025-05-20T11:48:00Z',
        },
        {
          id: 'v1',
          tenantId: 'acme',
          kind: 'vending',
          summary: 'Account created (tenancy:account:create)',
          taskId: 'task-123',
          actor: 'user:default/jane',
          at: '2025-01-01T10:00:00Z',
        },
      ],
    });
    await renderWithTenants(<TenantActivityContent />, {
      api: { getTenantActivity },
      entity: tenantEntity,
    });
    expect(
      await screen.findByText('Account created (tenancy:account:create)'),
    ).toBeInTheDocument();
    expect(screen.getByRole('link', { name: 'Open task' })).toHaveAttribute(
      'href',
      '/create/tasks/task-123',
    );
    expect(screen.getByText('2025-05-20 11:48 UTC')).toBeInTheDocument();
    expect(screen.getByText('Refresh')).toBeInTheDocument();
    expect(screen.getByText('jane')).toBeInTheDocument();
    expect(getTenantActivity).toHaveBeenCalledWith('acme');
  });

  it('says what appears here when there is no activity', async () => {
    await renderWithTenants(<TenantActivityContent />, {
      api: { getTenantActivity: jest.fn().mockResolvedValue({ items: [] }) },
      entity: tenantEntity,
    });
    expect(
      await screen.findByText('No activity recorded yet'),
    ).toBeInTheDocument();
  });

  it('shows the backend error message', async () => {
    await renderWithTenants(<TenantActivityContent />, {
      api: {
        getTenantActivity: jest
          .fn()
          .mockRejectedValue(
            responseError(404, 'NotFoundError', "No tenant 'acme'"),
          ),
      },
      entity: tenantEntity,
    });
    expect(
      await screen.findByText("No tenant 'acme' (HTTP 404)"),
    ).toBeInTheDocument();
  });
});
