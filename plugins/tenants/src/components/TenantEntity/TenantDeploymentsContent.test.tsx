import { screen, within } from '@testing-library/react';
import type { TenantDeployments } from '@tenancy/plugin-tenants-common';
import { renderWithTenants, tenantEntity } from '../../__testUtils__';
import { TenantDeploymentsContent } from './TenantDeploymentsContent';

const REASON = 'ResourceLogicalId:Api, ResourceStatusReason:Quota exceeded.';
const FAILED: TenantDeployments = {
  stackSetName: 'tenant-stack',
  latestVersion: '2.0.0',
  release: { version: '1.0.0', status: 'failed' },
  instances: [
    {
      region: 'us-east-1',
      awsStatus: 'OUTDATED',
      detailedStatus: 'FAILED',
      driftStatus: 'NOT_CHECKED',
      status: 'failed',
      version: '1.0.0',
      reason: REASON,
      lastOperationId: 'tr-2-0-0-abc-w2-a0-u',
    },
  ],
  history: [
    {
      version: '2.0.0',
      at: '2025-05-20T11:00:00Z',
      by: 'user:default/jane',
      operationId: 'tr-2-0-0-abc-w2-a0-u',
      result: 'FAILED',
      reason: REASON,
    },
    {
      version: '1.0.0',
      at: '2025-05-01T09:00:00Z',
      by: null,
      operationId: 'tr-1-0-0-def-w1-a0-s',
      result: 'SUCCEEDED',
      reason: '',
    },
  ],
  collectedAt: '2025-05-20T11:48:00Z',
  stale: {
    since: '2025-05-20T11:48:00Z',
    error: 'AccessDenied: not authorized',
  },
};

describe('TenantDeploymentsContent', () => {
  it('shows the release, each Region’s instance with AWS’s reason, the history and a stale read', async () => {
    const getTenantDeployments = jest.fn().mockResolvedValue(FAILED);
    await renderWithTenants(<TenantDeploymentsContent />, {
      api: { getTenantDeployments },
      entity: tenantEntity,
    });
    expect(await screen.findByTestId('tenant-release')).toHaveTextContent(
      '1.0.0 · failed',
    );
    expect(getTenantDeployments).toHaveBeenCalledWith('acme');
    const history = screen.getByRole('table', { name: 'Deployment history' });
    // Who started each release (recorded by the release actions), short ref; '—' when unknown.
    expect(
      within(within(history).getAllByRole('row')[0])
        .getAllByRole('columnheader')
        .map(c => c.textContent),
    ).toEqual(['Version', 'When (UTC)', 'By', 'Result', 'Reason', 'Operation']);
    const rows = within(history)
      .getAllByRole('row')
      .slice(1)
      .map(r =>
        within(r)
          .getAllByRole('cell')
          .map(c => c.textContent),
      );
    expect(rows).toEqual([
      [
        '2.0.0',
        '2025-05-20 11:00 UTC',
        'jane',
        'FAILED',
        REASON,
        'tr-2-0-0-abc-w2-a0-u',
      ],
      [
        '1.0.0',
        '2025-05-01 09:00 UTC',
        '—',
        'SUCCEEDED',
        '—',
        'tr-1-0-0-def-w1-a0-s',
      ],
    ]);
    expect(screen.getByText('OUTDATED / FAILED')).toBeInTheDocument();
    expect(screen.getByTestId('stale-cloudFormation')).toHaveTextContent(
      'the latest read failed: AccessDenied: not authorized',
    );
  });

  it('says how a release gets here when the tenant has none', async () => {
    await renderWithTenants(<TenantDeploymentsContent />, {
      api: {
        getTenantDeployments: jest.fn().mockResolvedValue({
          ...FAILED,
          release: null,
          instances: [],
          history: [],
          stale: undefined,
        }),
      },
      entity: tenantEntity,
    });
    expect(
      await screen.findByText('No deployment of the tenant stack yet'),
    ).toBeInTheDocument();
  });
});
