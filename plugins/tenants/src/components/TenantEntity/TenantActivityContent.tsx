import useAsync from 'react-use/esm/useAsync';
import Table from '@mui/material/Table';
import TableBody from '@mui/material/TableBody';
import TableCell from '@mui/material/TableCell';
import TableHead from '@mui/material/TableHead';
import TableRow from '@mui/material/TableRow';
import { EmptyState, InfoCard, Link } from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import { tenantsApiRef } from '../../api';
import { AsyncState } from '../common/AsyncState';
import { formatUtc, shortRef } from '../common/format';
import { useTenantId } from './useTenantId';

const KIND_LABEL = {
  vending: 'Vending',
  refresh: 'Refresh',
  'aws-change': 'AWS change',
};

/** Activity tab: the vending task steps and the refreshes that touched the tenant. */
export function TenantActivityContent() {
  const tenantId = useTenantId();
  const api = useApi(tenantsApiRef);
  const state = useAsync(
    () => api.getTenantActivity(tenantId),
    [api, tenantId],
  );
  return (
    <AsyncState {...state} what="the activity" permission="tenants.tenant.read">
      {({ items }) =>
        items.length === 0 ? (
          <EmptyState
            missing="data"
            title="No activity recorded yet"
            description="Vending steps and refreshes that touch this tenant appear here."
          />
        ) : (
          <InfoCard title="Activity" noPadding>
            <Table size="small">
              <TableHead>
                <TableRow>
                  <TableCell>When (UTC)</TableCell>
                  <TableCell>Kind</TableCell>
                  <TableCell>What happened</TableCell>
                  <TableCell>By</TableCell>
                  <TableCell>Task</TableCell>
                </TableRow>
              </TableHead>
              <TableBody>
                {items.map(a => (
                  <TableRow key={a.id}>
                    <TableCell>{formatUtc(a.at)}</TableCell>
                    <TableCell>{KIND_LABEL[a.kind] ?? a.kind}</TableCell>
                    <TableCell>{a.summary}</TableCell>
                    <TableCell>{a.actor ? shortRef(a.actor) : '—'}</TableCell>
                    <TableCell>
                      {a.taskId ? (
                        <Link
                          to={`/create/tasks/${encodeURIComponent(a.taskId)}`}
                        >
                          Open task
                        </Link>
                      ) : (
                        '—'
                      )}
                    </TableCell>
                  </TableRow>
                ))}
              </TableBody>
            </Table>
          </InfoCard>
        )
      }
    </AsyncState>
  );
}
