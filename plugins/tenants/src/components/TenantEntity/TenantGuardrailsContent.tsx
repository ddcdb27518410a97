import useAsync from 'react-use/esm/useAsync';
import Alert from '@mui/material/Alert';
import Box from '@mui/material/Box';
import Grid from '@mui/material/Grid';
import Table from '@mui/material/Table';
import TableBody from '@mui/material/TableBody';
import TableCell from '@mui/material/TableCell';
import TableHead from '@mui/material/TableHead';
import TableRow from '@mui/material/TableRow';
import Typography from '@mui/material/Typography';
import { InfoCard } from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import { useEntity } from '@backstage/plugin-catalog-react';
import {
  tenantComplianceReadPermission,
  type Guardrail,
  type TenantCompliance,
  type TenantGuardrailResult,
} from '@tenancy/plugin-tenants-common';
import { tenantsApiRef } from '../../api';
import { AsyncState, errorMessage } from '../common/AsyncState';
import {
  formatAgo,
  formatComplianceScore,
  formatScoreKinds,
} from '../common/format';
import { StaleSources } from '../common/StaleSources';
import { PermissionGate } from '../common/PermissionGate';
import { GuardrailStatusChip, LifecycleChip } from '../common/StatusChips';
import { useTenantId, useTenantRegions } from './useTenantId';
import { RegionsRead } from '../common/RegionsRead';
import { FindingsView } from './ThreatFindingsView';

export { FindingsView };

const KIND_LABEL: Record<Guardrail['kind'], string> = {
  preventive: 'Preventive (SCP)',
  detective: 'Detective (Config rule)',
  'threat-detection': 'Threat detection',
  baseline: 'Baseline',
};
const NOWRAP = { whiteSpace: 'nowrap' } as const;

/** Where the tenant's account sits: its parent OU's id and path (from the tenants API). */
export type TenantOu = { ouId: string; ouPath: string };

/**
 * The result's detail in plain words: an SCP attached to the tenant's parent OU names the OU's
 * path as well as its id (another OU keeps its id); a failing evaluation says what to check.
 */
export function describeResult(
  result: TenantGuardrailResult,
  ou: TenantOu | undefined,
): string | undefined {
  if (result.status === 'evaluation-failing') {
    return "AWS Config could not evaluate this rule (INSUFFICIENT_DATA): check the rule's last evaluation error in the security account";
  }
  const attached = result.detail?.match(/^Attached to (ou-[0-9a-z-]+)$/);
  if (attached && ou && ou.ouPath && attached[1] === ou.ouId) {
    return `Attached to the OU ${ou.ouPath} (${ou.ouId})`;
  }
  return result.detail;
}

/** The catalog, plus an entry for every result whose guardrail the catalog does not list. */
function withResults(
  catalog: Guardrail[],
  compliance: TenantCompliance,
): Guardrail[] {
  const known = new Set(catalog.map(g => g.id));
  const extra = compliance.guardrails
    .filter(r => !known.has(r.guardrailId))
    .map(r => ({
      id: r.guardrailId,
      title: r.guardrailId,
      why: 'Not in the guardrail catalog',
      kind: 'baseline' as const,
      severity: 'medium' as const,
    }));
  return [...catalog, ...extra];
}

function GuardrailsView(props: {
  catalog: Guardrail[];
  compliance: TenantCompliance;
  ou?: TenantOu;
}) {
  const { catalog, compliance, ou } = props;
  const results = new Map(compliance.guardrails.map(r => [r.guardrailId, r]));
  const { score } = compliance;
  const collected = !!compliance.collectedAt;
  const tenantRegions = useTenantRegions();
  return (
    <Grid container spacing={3}>
      {!collected && (
        <Grid item xs={12}>
          <Alert severity="info">
            Compliance has not been collected for this tenant yet. It appears
            after the next refresh reads the AWS Config aggregator and GuardDuty
            in the security account.
          </Alert>
        </Grid>
      )}
      <StaleSources stale={compliance.stale} />
      {!!compliance.regionsRead?.length && (
        <Grid item xs={12}>
          <RegionsRead
            regionsRead={compliance.regionsRead}
            what="GuardDuty findings, Config results and StackSet instances"
            tenantRegions={tenantRegions}
          />
        </Grid>
      )}
      <Grid item xs={12} md={6}>
        <InfoCard title="Compliance score">
          {compliance.notScored ? (
            <>
              <LifecycleChip lifecycle={compliance.notScored.lifecycle} />
              <Typography
                variant="body1"
                sx={{ mt: 1 }}
                data-testid="compliance-score"
              >
                {compliance.notScored.reason}
              </Typography>
            </>
          ) : (
            <>
              <Typography variant="h5" data-testid="compliance-score">
                {collected ? formatComplianceScore(score) : 'not collected yet'}
              </Typography>
              <Typography variant="body2" color="text.secondary">
                {score.compliant} compliant of {score.evaluated} controls with a
                result
                {score.noData > 0 &&
                  `; ${score.noData} with no applicable resources (neither compliant nor not)`}
                {score.evaluationFailing > 0 &&
                  `; ${score.evaluationFailing} whose last evaluation failed`}
                {(score.behindLatest ?? 0) > 0 &&
                  `; ${score.behindLatest} behind the StackSet's latest version (not a failure)`}
                {(score.suspended ?? 0) > 0 &&
                  `; ${score.suspended} not counted (the account is suspended)`}
                .
              </Typography>
              {formatScoreKinds(score) && (
                <Typography
                  variant="body2"
                  color="text.secondary"
                  data-testid="compliance-kinds"
                >
                  Counts these kinds of control: {formatScoreKinds(score)}
                </Typography>
              )}
            </>
          )}
          {compliance.configRules && !compliance.notScored && (
            <Box display="flex" gap={4} my={1}>
              <Box data-testid="config-rules-non-compliant">
                <Typography variant="h6">
                  {compliance.configRules.nonCompliantRules} of{' '}
                  {compliance.configRules.rulesWithResult}
                </Typography>
                <Typography variant="caption">Non-compliant rules</Typography>
              </Box>
              <Box data-testid="config-resources-non-compliant">
                <Typography variant="h6">
                  {compliance.configRules.nonCompliantResources}
                  {compliance.configRules.resourcesCapped ? '+' : ''}
                </Typography>
                <Typography variant="caption">
                  Non-compliant resources
                </Typography>
              </Box>
            </Box>
          )}
          <Typography variant="body2" sx={{ mt: 1 }}>
            Baseline StackSet instance:{' '}
            {compliance.baselineStatus ?? 'none deployed'}
          </Typography>
          <Typography variant="caption" color="text.secondary">
            Collected {formatAgo(compliance.collectedAt)}
          </Typography>
        </InfoCard>
      </Grid>
      <Grid item xs={12} md={6}>
        <InfoCard title="GuardDuty findings">
          {compliance.notScored && (
            <Typography variant="body2" data-testid="findings-not-monitored">
              {compliance.notScored.reason}
            </Typography>
          )}
          {!compliance.notScored && collected && (
            <FindingsView findings={compliance.findings} />
          )}
          {!compliance.notScored && !collected && (
            <Typography variant="body2">Not collected yet.</Typography>
          )}
        </InfoCard>
      </Grid>
      <Grid item xs={12}>
        <InfoCard title="Guardrails" noPadding>
          <Table size="small">
            <TableHead>
              <TableRow>
                <TableCell>Control</TableCell>
                <TableCell sx={NOWRAP}>Kind</TableCell>
                <TableCell sx={NOWRAP}>Severity</TableCell>
                <TableCell sx={NOWRAP}>Status</TableCell>
                <TableCell>Why it exists</TableCell>
              </TableRow>
            </TableHead>
            <TableBody>
              {catalog.map(g => {
                const result = results.get(g.id);
                const detail = result && describeResult(result, ou);
                return (
                  <TableRow key={g.id} data-testid={`guardrail-${g.id}`}>
                    <TableCell>
                      {g.title}
                      <Typography
                        variant="caption"
                        display="block"
                        color="text.secondary"
                      >
                        {g.policyName ?? g.configRuleName ?? g.id}
                      </Typography>
                    </TableCell>
                    <TableCell>{KIND_LABEL[g.kind]}</TableCell>
                    <TableCell sx={NOWRAP}>{g.severity}</TableCell>
                    <TableCell>
                      <GuardrailStatusChip status={result?.status ?? null} />
                      {detail && (
                        <Typography variant="caption" display="block">
                          {detail}
                        </Typography>
                      )}
                    </TableCell>
                    <TableCell>{g.why}</TableCell>
                  </TableRow>
                );
              })}
            </TableBody>
          </Table>
        </InfoCard>
      </Grid>
    </Grid>
  );
}

function GuardrailsLoader(props: { tenantId: string; ouPath?: string }) {
  const api = useApi(tenantsApiRef);
  const state = useAsync(async () => {
    const [catalog, compliance, ou] = await Promise.all([
      // Without the catalog the results are still shown, by guardrail id.
      api.listGuardrails().then(
        c => ({ items: c.items, error: undefined }),
        (error: Error) => ({ items: [] as Guardrail[], error }),
      ),
      api.getTenantCompliance(props.tenantId),
      // The parent OU's id and path, to name the OU an SCP is attached to; optional.
      Promise.resolve()
        .then(() => api.getTenant(props.tenantId))
        .then(
          (t): TenantOu | undefined =>
            t?.ouId
              ? { ouId: t.ouId, ouPath: t.ouPath || props.ouPath || '' }
              : undefined,
          () => undefined,
        ),
    ]);
    return {
      catalog: catalog.items,
      catalogError: catalog.error,
      compliance,
      ou,
    };
  }, [api, props.tenantId, props.ouPath]);
  return (
    <AsyncState
      {...state}
      what="guardrail compliance"
      permission="tenants.compliance.read"
    >
      {v => (
        <>
          {v.catalogError && (
            <Alert severity="warning" sx={{ mb: 2 }}>
              The guardrail catalog could not be loaded (
              {errorMessage(v.catalogError)}); the results are listed by
              guardrail id.
            </Alert>
          )}
          <GuardrailsView
            catalog={withResults(v.catalog, v.compliance)}
            compliance={v.compliance}
            ou={v.ou}
          />
        </>
      )}
    </AsyncState>
  );
}

/** Guardrails tab: every catalog control with its status for this tenant, and GuardDuty findings. */
export function TenantGuardrailsContent() {
  const tenantId = useTenantId();
  const { entity } = useEntity();
  const ouPath = (entity.spec as { ouPath?: unknown } | undefined)?.ouPath;
  return (
    <PermissionGate
      permission={tenantComplianceReadPermission}
      resourceRef={tenantId}
      what="this tenant's guardrail compliance"
    >
      <GuardrailsLoader
        tenantId={tenantId}
        ouPath={typeof ouPath === 'string' ? ouPath : undefined}
      />
    </PermissionGate>
  );
}
