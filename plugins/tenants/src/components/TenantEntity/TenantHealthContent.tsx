import { useState } from 'react';
import useAsync from 'react-use/esm/useAsync';
import Alert from '@mui/material/Alert';
import Box from '@mui/material/Box';
import Grid from '@mui/material/Grid';
import Table from '@mui/material/Table';
import TableBody from '@mui/material/TableBody';
import TableCell from '@mui/material/TableCell';
import TableHead from '@mui/material/TableHead';
import TableRow from '@mui/material/TableRow';
import ToggleButton from '@mui/material/ToggleButton';
import ToggleButtonGroup from '@mui/material/ToggleButtonGroup';
import Typography from '@mui/material/Typography';
import { InfoCard } from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import {
  healthStatusOf,
  tenantHealthReadPermission,
  type AlarmCounts,
  type TenantHealth,
} from '@tenancy/plugin-tenants-common';
import { tenantsApiRef } from '../../api';
import { AsyncState } from '../common/AsyncState';
import { formatAgo, formatUtc } from '../common/format';
import { PermissionGate } from '../common/PermissionGate';
import { HealthChip, LifecycleChip } from '../common/StatusChips';
import { StaleSources } from '../common/StaleSources';
import { MetricChart } from './MetricChart';
import { RecentErrorsCard } from './RecentErrorsCard';
import { useTenantId, useTenantRegions } from './useTenantId';
import { RegionsRead } from '../common/RegionsRead';
import { SourceFreshnessLine } from '../common/SourceFreshnessLine';

const STATE_ORDER: Array<keyof AlarmCounts> = [
  'ALARM',
  'INSUFFICIENT_DATA',
  'OK',
];
const STATE_LABEL: Record<keyof AlarmCounts, string> = {
  ALARM: 'In alarm',
  INSUFFICIENT_DATA: 'Insufficient data (unknown)',
  OK: 'OK',
};

/** Alarm counts by state; INSUFFICIENT_DATA is its own "unknown" bucket, never OK (docs/aws-behaviours/fleet.md#alarm-states). */
export function AlarmCountsView(props: { alarms: AlarmCounts }) {
  return (
    <Box display="flex" gap={4} my={1}>
      {STATE_ORDER.map(s => (
        <Box key={s} data-testid={`alarms-${s}`}>
          <Typography variant="h5">{props.alarms[s]}</Typography>
          <Typography variant="caption">{STATE_LABEL[s]}</Typography>
        </Box>
      ))}
    </Box>
  );
}

function HealthView(props: { health: TenantHealth; tenantId: string }) {
  const { health } = props;
  const [range, setRange] = useState<'24h' | '7d'>('24h');
  const tenantRegions = useTenantRegions();
  const series = range === '24h' ? health.series24h : health.series7d;
  const alarms = [...health.alarmList].sort(
    (a, b) =>
      STATE_ORDER.indexOf(a.state) - STATE_ORDER.indexOf(b.state) ||
      a.name.localeCompare(b.name),
  );
  return (
    <Grid container spacing={3}>
      {!health.collectedAt && (
        <Grid item xs={12}>
          <Alert severity="info">
            Health has not been collected for this tenant yet. It appears after
            the next refresh reads CloudWatch in the monitoring account.
          </Alert>
        </Grid>
      )}
      <StaleSources stale={health.stale} source="cloudWatch" />
      {!!health.regionsRead?.length && (
        <Grid item xs={12}>
          <RegionsRead
            regionsRead={health.regionsRead}
            what="Alarms and metrics"
            tenantRegions={tenantRegions}
          />
        </Grid>
      )}
      <Grid item xs={12} md={5}>
        <InfoCard title="Status">
          {health.notMonitored ? (
            <LifecycleChip lifecycle={health.notMonitored.lifecycle} />
          ) : (
            <HealthChip status={healthStatusOf(health)} />
          )}
          <Typography variant="body1" sx={{ mt: 1 }}>
            {health.reason}
          </Typography>
          <AlarmCountsView alarms={health.alarms} />
          <Typography
            variant="caption"
            color="text.secondary"
            title={formatUtc(health.collectedAt)}
          >
            Collected {formatAgo(health.collectedAt)}
          </Typography>
        </InfoCard>
      </Grid>
      <Grid item xs={12} md={7}>
        <InfoCard title="Alarms" noPadding>
          {alarms.length === 0 ? (
            <Box p={2}>
              <Typography variant="body2">
                No CloudWatch alarm watches this account yet.
              </Typography>
            </Box>
          ) : (
            <Table size="small">
              <TableHead>
                <TableRow>
                  <TableCell sx={{ whiteSpace: 'nowrap' }}>State</TableCell>
                  <TableCell>Alarm</TableCell>
                  <TableCell>Reason</TableCell>
                </TableRow>
              </TableHead>
              <TableBody>
                {alarms.map(a => (
                  <TableRow key={a.name}>
                    <TableCell sx={{ whiteSpace: 'nowrap' }}>
                      {a.state}
                    </TableCell>
                    <TableCell>{a.name}</TableCell>
                    <TableCell>{a.reason ?? ''}</TableCell>
                  </TableRow>
                ))}
              </TableBody>
            </Table>
          )}
        </InfoCard>
      </Grid>
      <Grid item xs={12}>
        <InfoCard
          title="Key metrics"
          action={
            <ToggleButtonGroup
              size="small"
              exclusive
              value={range}
              onChange={(_, v) => v && setRange(v)}
            >
              <ToggleButton value="24h">24 h</ToggleButton>
              <ToggleButton value="7d">7 days</ToggleButton>
            </ToggleButtonGroup>
          }
        >
          {series.length === 0 ? (
            <Typography variant="body2">
              No metrics collected for this account yet.
            </Typography>
          ) : (
            series.map(s => <MetricChart key={`${range}-${s.id}`} series={s} />)
          )}
        </InfoCard>
      </Grid>
      {!health.notMonitored && (
        <Grid item xs={12}>
          <RecentErrorsCard tenantId={props.tenantId} />
        </Grid>
      )}
    </Grid>
  );
}

/** Health tab: status with its reason, alarms by state, key metrics over 24 h and 7 days, recent errors (logs). */
export function TenantHealthContent() {
  const tenantId = useTenantId();
  return (
    <PermissionGate
      permission={tenantHealthReadPermission}
      resourceRef={tenantId}
      what="this tenant's health"
    >
      <SourceFreshnessLine />
      <HealthLoader tenantId={tenantId} />
    </PermissionGate>
  );
}

function HealthLoader(props: { tenantId: string }) {
  const api = useApi(tenantsApiRef);
  const state = useAsync(
    () => api.getTenantHealth(props.tenantId),
    [api, props.tenantId],
  );
  return (
    <AsyncState {...state} what="health" permission="tenants.health.read">
      {health => <HealthView health={health} tenantId={props.tenantId} />}
    </AsyncState>
  );
}
