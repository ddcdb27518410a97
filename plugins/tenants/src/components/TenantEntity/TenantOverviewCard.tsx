import useAsync from 'react-use/esm/useAsync';
import Box from '@mui/material/Box';
import Typography from '@mui/material/Typography';
import { InfoCard, Link } from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import { EntityRefLink, useEntity } from '@backstage/plugin-catalog-react';
import {
  isInService,
  LIFECYCLE_LABELS,
  tenantLifecycleOf,
} from '@tenancy/plugin-tenants-common';
import { tenantsApiRef } from '../../api';
import { formatComplianceScore, formatUtc } from '../common/format';
import { HealthChip, LifecycleChip } from '../common/StatusChips';
import { useTenantContentAccess } from './useTenantContentAccess';
import { SourceFreshnessLine } from '../common/SourceFreshnessLine';

type TenantSpec = {
  accountId?: string;
  ouPath?: string;
  state?: string;
  owner?: string;
  tier?: string;
  regions?: string[];
};

/** AWS console links for one tenant account. */
export function consoleLinks(accountId: string) {
  const console = 'https://us-east-1.console.aws.amazon.com';
  return [
    {
      title: 'Account in AWS Organizations',
      url: `${console}/organizations/v2/home/accounts/${accountId}`,
    },
    {
      title: 'Cost Explorer',
      url: `${console}/costmanagement/home#/cost-explorer`,
    },
    {
      title: 'CloudWatch alarms (monitoring account)',
      url: `${console}/cloudwatch/home?region=us-east-1#alarmsV2:`,
    },
    {
      title: 'AWS Config aggregator (security account)',
      url: `${console}/config/home?region=us-east-1#/aggregate-dashboard`,
    },
  ];
}

function Row(props: { label: string; children: React.ReactNode }) {
  return (
    <Box display="flex" py={0.5}>
      <Typography
        variant="body2"
        color="text.secondary"
        sx={{ width: 120, flexShrink: 0 }}
      >
        {props.label}
      </Typography>
      <Typography variant="body2" component="div">
        {props.children}
      </Typography>
    </Box>
  );
}

/** The Tenant entity's overview card: account, OU path, state, owner, tier, regions, console links. */
export function TenantOverviewCard() {
  const { entity } = useEntity();
  const api = useApi(tenantsApiRef);
  const spec = (entity.spec ?? {}) as TenantSpec;
  const tenantId = entity.metadata.name;
  const summary = useAsync(() => api.getTenant(tenantId), [api, tenantId]);
  // Health and compliance only for those who may read them (the API nulls them for the others).
  const access = useTenantContentAccess();
  const accountId = spec.accountId ?? summary.value?.accountId;
  // The tenants snapshot first (it has the tags that tell a closed account from a suspended one).
  const state = summary.value?.state ?? spec.state;
  // A tenant not in service (suspended, closing, closed, …) has neither health nor a score: its
  // lifecycle stands in their place.
  const notInService =
    summary.value?.state && !isInService(summary.value.state) ? (
      <LifecycleChip
        lifecycle={tenantLifecycleOf(summary.value.state, summary.value.tags)}
      />
    ) : null;
  return (
    <InfoCard title="Tenant account">
      <Row label="Tenant">{tenantId}</Row>
      <Row label="Account">
        {accountId ?? '—'}
        {summary.value?.accountName ? ` (${summary.value.accountName})` : ''}
      </Row>
      <Row label="OU path">{spec.ouPath ?? summary.value?.ouPath ?? '—'}</Row>
      <Row label="State">
        {state
          ? `${
              LIFECYCLE_LABELS[tenantLifecycleOf(state, summary.value?.tags)]
            } (${state})`
          : '—'}
      </Row>
      <Row label="Owner">
        {spec.owner ? (
          <EntityRefLink entityRef={spec.owner} defaultKind="group" />
        ) : (
          '—'
        )}
      </Row>
      <Row label="Tier">{spec.tier ?? summary.value?.tier ?? '—'}</Row>
      <Row label="Regions">
        {(spec.regions ?? summary.value?.regions ?? []).join(', ') || '—'}
      </Row>
      {summary.value && (
        <>
          <Row label="Joined">{formatUtc(summary.value.joinedAt)}</Row>
          {access.health && (
            <Row label="Health">
              {notInService ?? (
                <HealthChip status={summary.value.healthStatus} />
              )}
            </Row>
          )}
          {access.guardrails && (
            <Row label="Compliance">
              {notInService ??
                formatComplianceScore(summary.value.complianceScore)}
            </Row>
          )}
        </>
      )}
      {summary.error && (
        <Typography variant="body2" color="error">
          Could not load the tenant's status: {summary.error.message}
        </Typography>
      )}
      {accountId && (
        <Box mt={1}>
          <Typography variant="subtitle2">AWS console</Typography>
          {consoleLinks(accountId).map(l => (
            <Box key={l.url}>
              <Link to={l.url}>{l.title}</Link>
            </Box>
          ))}
        </Box>
      )}
      <Box mt={1}>
        <SourceFreshnessLine />
      </Box>
    </InfoCard>
  );
}
