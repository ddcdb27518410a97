import { screen } from '@testing-library/react';
import type { TenantRecentErrors } from '@tenancy/plugin-tenants-common';
import {
  entityNamed,
  renderWithTenants,
  responseError,
  tenantEntity,
} from '../../__testUtils__';
import { RecentErrorsCard } from './RecentErrorsCard';

const QUERY =
  'fields @timestamp, @log, requestId, message\n| filter level = "ERROR"\n| sort @timestamp desc\n| limit 50';
const CONSOLE =
  "https://us-east-1.console.aws.amazon.com/cloudwatch/home?region=us-east-1#logsV2:logs-insights$3FqueryDetail$3D~(end~'x)";

const logs: TenantRecentErrors = {
  tenantId: 'acme',
  accountId: '111111111111',
  start: '2026-03-15T11:00:00.000Z',
  end: '2026-03-15T12:00:00.000Z',
  minutes: 60,
  query: QUERY,
  regions: [
    {
      region: 'us-east-1',
      status: 'Complete',
      queryId: 'q-1',
      logGroups: [
        'arn:aws:logs:us-east-1:111111111111:log-group:/aws/lambda/acme-api',
      ],
      logGroupsFound: 1,
      statistics: { recordsMatched: 2, recordsScanned: 62, bytesScanned: 9000 },
      consoleUrl: CONSOLE,
    },
  ],
  rows: [
    {
      timestamp: '2026-03-15T11:59:53.124Z',
      region: 'us-east-1',
      logGroup: '/aws/lambda/acme-api',
      message: 'UpstreamError: Payment provider answered 502 Bad Gateway',
      requestId: 'r-2',
    },
    {
      timestamp: '2026-03-15T11:58:01.000Z',
      region: 'us-east-1',
      logGroup: '/aws/lambda/acme-api',
      message: 'TimeoutError: Connection to acme-data timed out after 3000 ms',
      requestId: 'r-1',
    },
  ],
  ranAt: '2026-03-15T12:00:00.000Z',
  cached: false,
};

describe('RecentErrorsCard', () => {
  it('shows the time range, the query as sent, the rows and the console link', async () => {
    const getTenantRecentErrors = jest.fn().mockResolvedValue(logs);
    await renderWithTenants(<RecentErrorsCard tenantId="acme" />, {
      api: { getTenantRecentErrors },
      entity: tenantEntity,
    });
    expect(await screen.findByTestId('recent-errors-range')).toHaveTextContent(
      'Last 60 min: 2026-03-15 11:00 UTC – 2026-03-15 12:00 UTC',
    );
    expect(screen.getByTestId('recent-errors-query').textContent).toBe(QUERY);
    const rows = screen
      .getAllByRole('row')
      .slice(1)
      .map(r => r.textContent);
    expect(rows).toEqual([
      '2026-03-15 11:59:53/aws/lambda/acme-apiUpstreamError: Payment provider answered 502 Bad Gateway',
      '2026-03-15 11:58:01/aws/lambda/acme-apiTimeoutError: Connection to acme-data timed out after 3000 ms',
    ]);
    expect(
      screen.getByRole('link', {
        name: 'Open in CloudWatch Logs Insights (us-east-1)',
      }),
    ).toHaveAttribute('href', CONSOLE);
    expect(getTenantRecentErrors).toHaveBeenCalledWith('acme');
  });

  it('says when the query was stopped at the deadline', async () => {
    await renderWithTenants(<RecentErrorsCard tenantId="acme" />, {
      api: {
        getTenantRecentErrors: jest.fn().mockResolvedValue({
          ...logs,
          rows: [],
          regions: [{ ...logs.regions[0], status: 'TimedOut' }],
        }),
      },
      entity: tenantEntity,
    });
    expect(
      await screen.findByText(
        'us-east-1: The query did not finish in time and was stopped; the rows below may be incomplete.',
      ),
    ).toBeInTheDocument();
    expect(
      screen.getByText('No ERROR lines in this time range.'),
    ).toBeInTheDocument();
  });

  it('shows the backend message at the concurrency limit', async () => {
    await renderWithTenants(<RecentErrorsCard tenantId="acme" />, {
      api: {
        getTenantRecentErrors: jest
          .fn()
          .mockRejectedValue(
            responseError(
              503,
              'ServiceUnavailableError',
              'CloudWatch Logs Insights is running as many queries as the monitoring account may run at once in us-east-1. Try again in a minute.',
            ),
          ),
      },
      entity: tenantEntity,
    });
    expect(
      await screen.findByText(
        'CloudWatch Logs Insights is running as many queries as the monitoring account may run at once in us-east-1. Try again in a minute. (HTTP 503)',
      ),
    ).toBeInTheDocument();
  });

  it('names the missing permission instead of querying (finance)', async () => {
    const getTenantRecentErrors = jest.fn();
    await renderWithTenants(<RecentErrorsCard tenantId="finance-only" />, {
      api: { getTenantRecentErrors },
      entity: entityNamed('finance-only'),
      deny: ['tenants.logs.read'],
    });
    expect(
      await screen.findByText(
        "You don't have permission to see this tenant's logs",
      ),
    ).toBeInTheDocument();
    expect(getTenantRecentErrors).not.toHaveBeenCalled();
  });
});
