import { memo, useState } from 'react';
import useAsyncRetry from 'react-use/esm/useAsyncRetry';
import Alert from '@mui/material/Alert';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import Typography from '@mui/material/Typography';
import { alertApiRef, useApi } from '@backstage/core-plugin-api';
import { usePermission } from '@backstage/plugin-permission-react';
import { tenantRefreshPermission } from '@tenancy/plugin-tenants-common';
import { tenantsApiRef } from '../../api';
import { formatAgo, formatUtc } from '../common/format';
import { SOURCE_LABELS } from '../common/StaleSources';
import { SourceFreshnessLine } from '../common/SourceFreshnessLine';

const SHOWN_ERRORS = 5;

/**
 * How fresh the fleet snapshot is ("refreshed 12 min ago"), the last run's per-tenant errors,
 * and a "Refresh now" button for people with `tenants.refresh`.
 */
export const DataFreshness = memo(function DataFreshnessView() {
  const api = useApi(tenantsApiRef);
  const alertApi = useApi(alertApiRef);
  const canRefresh = usePermission({ permission: tenantRefreshPermission });
  const [starting, setStarting] = useState(false);
  const runs = useAsyncRetry(() => api.listRefreshRuns(2), [api]);

  if (runs.loading && !runs.value) {
    return <Typography variant="body2">Checking data freshness…</Typography>;
  }
  if (runs.error) {
    return (
      <Alert severity="warning">
        Could not read the refresh runs: {runs.error.message}
      </Alert>
    );
  }
  const items = runs.value?.items ?? [];
  const running = items.find(r => r.status === 'running');
  const last = items.find(r => r.status !== 'running');

  const startRefresh = async () => {
    setStarting(true);
    try {
      const { runId } = await api.startRefresh();
      alertApi.post({
        message: `Refresh ${runId} started`,
        display: 'transient',
      });
      runs.retry();
    } catch (e) {
      alertApi.post({
        message: `Refresh failed to start: ${(e as Error).message}`,
        severity: 'error',
      });
    } finally {
      setStarting(false);
    }
  };

  return (
    <Box mb={2}>
      <Box display="flex" alignItems="center" gap={2}>
        <Typography variant="body2" data-testid="data-freshness">
          {last?.finishedAt ? (
            <span title={formatUtc(last.finishedAt)}>
              Refreshed {formatAgo(last.finishedAt)}
              {last.status === 'failed' ? ' (the run failed)' : ''}
            </span>
          ) : (
            'No refresh has finished yet: the data appears after the first run.'
          )}
          {running ? ' · a refresh is running now' : ''}
        </Typography>
        {canRefresh.allowed && (
          <Button
            size="small"
            onClick={startRefresh}
            disabled={starting || !!running}
          >
            Refresh now
          </Button>
        )}
      </Box>
      <SourceFreshnessLine />
      {last && last.errors.length > 0 && (
        <Alert severity="warning" sx={{ mt: 1 }}>
          The last refresh had {last.errors.length} error
          {last.errors.length === 1 ? '' : 's'}:
          <ul style={{ margin: 0 }}>
            {last.errors.slice(0, SHOWN_ERRORS).map((e, i) => (
              <li
                key={i}
                data-testid={e.source ? `stale-${e.source}` : undefined}
              >
                {e.source ? (
                  <>
                    {SOURCE_LABELS[e.source] ?? e.source} could not be read: its
                    values on every page are kept from the last successful read,
                    marked stale ({e.message})
                  </>
                ) : (
                  <>
                    {e.tenantId ?? e.accountId ?? 'fleet'} ({e.collector}):{' '}
                    {e.message}
                  </>
                )}
              </li>
            ))}
          </ul>
          {last.errors.length > SHOWN_ERRORS &&
            `and ${last.errors.length - SHOWN_ERRORS} more`}
        </Alert>
      )}
    </Box>
  );
});
