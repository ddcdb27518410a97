import useAsync from 'react-use/esm/useAsync';
import Grid from '@mui/material/Grid';
import Table from '@mui/material/Table';
import TableBody from '@mui/material/TableBody';
import TableCell from '@mui/material/TableCell';
import TableHead from '@mui/material/TableHead';
import TableRow from '@mui/material/TableRow';
import { EmptyState, InfoCard } from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import type { TenantDeployments } from '@tenancy/plugin-tenants-common';
import { tenantsApiRef } from '../../api';
import { AsyncState } from '../common/AsyncState';
import { formatUtc, shortRef } from '../common/format';
import { StaleSources } from '../common/StaleSources';
import { useTenantId } from './useTenantId';

/** `2.0.0 · behind` (`?` for a version not known). */
const releaseText = (r: TenantDeployments['release']) =>
  r ? `${r.version || '?'} · ${r.status}` : 'Not deployed';

/** The release, each Region's stack instance with AWS's reason, and the history. */
function DeploymentsView(props: { d: TenantDeployments }) {
  const { d } = props;
  return (
    <Grid container spacing={2}>
      <StaleSources stale={d.stale} source="cloudFormation" />
      <Grid item xs={12}>
        <InfoCard title={`Release of ${d.stackSetName}`}>
          <span data-testid="tenant-release">{releaseText(d.release)}</span>
          {d.latestVersion && ` (latest: ${d.latestVersion})`}
          {d.collectedAt && `, read ${formatUtc(d.collectedAt)}`}
        </InfoCard>
      </Grid>
      <Grid item xs={12}>
        <InfoCard title="Stack instances" noPadding>
          <Table size="small">
            <TableHead>
              <TableRow>
                <TableCell>Region</TableCell>
                <TableCell>Version</TableCell>
                <TableCell>Status</TableCell>
                <TableCell>AWS status</TableCell>
                <TableCell>Drift</TableCell>
                <TableCell>Reason</TableCell>
              </TableRow>
            </TableHead>
            <TableBody>
              {d.instances.map(i => (
                <TableRow key={i.region}>
                  <TableCell>{i.region}</TableCell>
                  <TableCell>{i.version || '?'}</TableCell>
                  <TableCell>{i.status}</TableCell>
                  <TableCell>
                    {i.awsStatus}
                    {i.detailedStatus && ` / ${i.detailedStatus}`}
                  </TableCell>
                  <TableCell>{i.driftStatus}</TableCell>
                  <TableCell>{i.reason || '—'}</TableCell>
                </TableRow>
              ))}
            </TableBody>
          </Table>
        </InfoCard>
      </Grid>
      <Grid item xs={12}>
        <InfoCard title="History" noPadding>
          <Table size="small" aria-label="Deployment history">
            <TableHead>
              <TableRow>
                <TableCell>Version</TableCell>
                <TableCell>When (UTC)</TableCell>
                <TableCell>By</TableCell>
                <TableCell>Result</TableCell>
                <TableCell>Reason</TableCell>
                <TableCell>Operation</TableCell>
              </TableRow>
            </TableHead>
            <TableBody>
              {d.history.map(h => (
                <TableRow key={h.operationId}>
                  <TableCell>{h.version || '?'}</TableCell>
                  <TableCell>{formatUtc(h.at)}</TableCell>
                  <TableCell>{h.by ? shortRef(h.by) : '—'}</TableCell>
                  <TableCell>{h.result}</TableCell>
                  <TableCell>{h.reason || '—'}</TableCell>
                  <TableCell>{h.operationId}</TableCell>
                </TableRow>
              ))}
            </TableBody>
          </Table>
        </InfoCard>
      </Grid>
    </Grid>
  );
}

/**
 * Deployments tab: the tenant stack's release the tenant runs, its stack instances per Region
 * (with AWS's StatusReason) and the history of the operations that touched them
 * (`tenants.deployments.read`).
 */
export function TenantDeploymentsContent() {
  const tenantId = useTenantId();
  const api = useApi(tenantsApiRef);
  const state = useAsync(
    () => api.getTenantDeployments(tenantId),
    [api, tenantId],
  );
  return (
    <AsyncState
      {...state}
      what="the deployments"
      permission="tenants.deployments.read"
    >
      {d =>
        d.instances.length === 0 && d.history.length === 0 ? (
          <EmptyState
            missing="data"
            title="No deployment of the tenant stack yet"
            description={`Roll a release of ${d.stackSetName} out with the Roll out a tenant release template; the next refresh shows it here.`}
          />
        ) : (
          <DeploymentsView d={d} />
        )
      }
    </AsyncState>
  );
}
