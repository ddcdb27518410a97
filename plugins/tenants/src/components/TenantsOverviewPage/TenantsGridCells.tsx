import { Link as RouterLink } from 'react-router-dom';
import type { SxProps, Theme } from '@mui/material/styles';
import {
  isInService,
  LIFECYCLE_LABELS,
  tenantLifecycleOf,
  type DeploymentStatus,
  type TenantSummary,
} from '@tenancy/plugin-tenants-common';
import {
  complianceCaveats,
  formatComplianceScore,
  formatComplianceShort,
} from '../common/format';
import { HEALTH } from '../common/StatusChips';

/*
 * The overview's cells are plain elements styled by class names from one `sx` on the grid
 * (GRID_CELL_SX), not MUI components: the grid re-renders every visible cell whenever one of
 * its props changes (a sort, new rows), and a styled component re-serializes its styles on
 * each render, so chips, boxes and tooltips in ~20 rows × 8 columns cost tens of milliseconds
 * per render. They look like the small chips and links of the rest of the plugin.
 */

const chip = {
  display: 'inline-flex',
  alignItems: 'center',
  height: 24,
  px: 1,
  borderRadius: 3,
  fontSize: '0.8125rem',
  lineHeight: 1,
  whiteSpace: 'nowrap',
} as const;

/** Styles of the overview's cells, for the grid's `sx`. */
export const GRID_CELL_SX: SxProps<Theme> = {
  '& .tenants-link': {
    color: 'primary.main',
    textDecoration: 'none',
    '&:hover': { textDecoration: 'underline' },
  },
  '& .tenants-chip': { ...chip, bgcolor: 'action.selected' },
  '& .tenants-chip--outlined': {
    ...chip,
    border: 1,
    borderColor: 'divider',
  },
  '& .tenants-chip--success': {
    bgcolor: 'success.main',
    color: 'success.contrastText',
  },
  '& .tenants-chip--warning': {
    bgcolor: 'warning.main',
    color: 'warning.contrastText',
  },
  '& .tenants-chip--error': {
    bgcolor: 'error.main',
    color: 'error.contrastText',
  },
  '& .tenants-compliance': {
    display: 'flex',
    alignItems: 'center',
    gap: 0.5,
    height: '100%',
    overflow: 'hidden',
    whiteSpace: 'nowrap',
  },
};

/** The tenant id, linking to its entity page. */
export function TenantLinkCell(props: { tenantId: string; to: string }) {
  return (
    <RouterLink className="tenants-link" to={props.to}>
      {props.tenantId}
    </RouterLink>
  );
}

/** The account state and tags of a row, which decide whether it is in service. */
type RowState = {
  state?: TenantSummary['state'];
  tags?: TenantSummary['tags'];
};

/**
 * A tenant not in service in place of its health or score: `Suspended`, `Closing`, `Closed`, …;
 * null for a tenant in service.
 */
function notInServiceCell(props: RowState) {
  return props.state && !isInService(props.state) ? (
    <LifecycleCell state={props.state} tags={props.tags} />
  ) : null;
}

function LifecycleCell(props: {
  state: TenantSummary['state'];
  tags?: TenantSummary['tags'];
}) {
  const label = LIFECYCLE_LABELS[tenantLifecycleOf(props.state, props.tags)];
  return (
    <span
      className="tenants-chip--outlined"
      title={`${label}: not monitored, not scored`}
    >
      {label}
    </span>
  );
}

/**
 * Health status as a small coloured chip; null means not collected yet. A tenant not in
 * service (`state` other than ACTIVE) shows its lifecycle instead, never a health.
 */
export function HealthCell(
  props: { status: TenantSummary['healthStatus'] } & RowState,
) {
  const lifecycle = notInServiceCell(props);
  if (lifecycle) return lifecycle;
  if (!props.status) {
    return <span className="tenants-chip--outlined">Not collected</span>;
  }
  const { label, color } = HEALTH[props.status];
  return <span className={`tenants-chip tenants-chip--${color}`}>{label}</span>;
}

/** Colour of each release status's chip. */
const RELEASE_COLOR: Record<DeploymentStatus, string> = {
  current: 'success',
  behind: 'warning',
  suspended: 'outlined',
  drifted: 'warning',
  failed: 'error',
};

/**
 * The tenant stack's release: `2.0.0 · behind`; the status's chip; `—` without a stack
 * instance (or before the first read). A version not known (never seen current) shows `?`.
 */
export function ReleaseCell(props: { release: TenantSummary['release'] }) {
  const { release } = props;
  if (!release) return <span title="No stack instance">—</span>;
  const color = RELEASE_COLOR[release.status];
  const version = release.version || '?';
  return (
    <span
      className={
        color === 'outlined'
          ? 'tenants-chip--outlined'
          : `tenants-chip tenants-chip--${color}`
      }
      title={`Release ${version}: ${release.status}`}
    >
      {version} · {release.status}
    </span>
  );
}

/**
 * A compact compliance cell, readable at any column width: `10/13 compliant` plus a chip per
 * caveat; the full sentence is its accessible name and its (native) tooltip.
 */
export function ComplianceCell(
  props: { score: TenantSummary['complianceScore'] } & RowState,
) {
  const lifecycle = notInServiceCell(props);
  if (lifecycle) return lifecycle;
  const { score } = props;
  const sentence = formatComplianceScore(score);
  return (
    <div className="tenants-compliance" title={sentence} aria-label={sentence}>
      <span>{formatComplianceShort(score)}</span>
      {score &&
        complianceCaveats(score).map(c => (
          <span key={c} className="tenants-chip--outlined">
            {c}
          </span>
        ))}
    </div>
  );
}
