import Chip from '@mui/material/Chip';
import {
  LIFECYCLE_LABELS,
  type GuardrailStatus,
  type HealthStatus,
  type TenantLifecycle,
} from '@tenancy/plugin-tenants-common';

/** A chip colour of the theme palette (`default` is grey). */
export type ChipColor = 'success' | 'warning' | 'error' | 'default' | 'info';
type Color = ChipColor;

/** Label and colour of each health status, shared by the chip and the overview's grid cell. */
export const HEALTH: Record<HealthStatus, { label: string; color: Color }> = {
  healthy: { label: 'Healthy', color: 'success' },
  degraded: { label: 'Degraded', color: 'warning' },
  critical: { label: 'Critical', color: 'error' },
  unknown: { label: 'Unknown', color: 'default' },
};

/** Health status as a coloured chip; null means not collected yet. */
export function HealthChip(props: { status: HealthStatus | null }) {
  if (!props.status) {
    return <Chip size="small" variant="outlined" label="Not collected" />;
  }
  const { label, color } = HEALTH[props.status];
  return <Chip size="small" color={color} label={label} />;
}

const GUARDRAIL: Record<GuardrailStatus, { label: string; color: Color }> = {
  attached: { label: 'Attached', color: 'success' },
  'not-attached': { label: 'Not attached', color: 'error' },
  compliant: { label: 'Compliant', color: 'success' },
  'non-compliant': { label: 'Non-compliant', color: 'error' },
  'no-data': { label: 'No data', color: 'default' },
  'evaluation-failing': { label: 'Evaluation failing', color: 'warning' },
  suspended: { label: 'Suspended (not counted)', color: 'default' },
  'behind-latest': { label: 'Behind latest version', color: 'info' },
};

/**
 * A tenant that is not in service (suspended, closing, …) as an outlined chip, e.g.
 * `Suspended`: shown where its health or score would be, since it has neither.
 */
export function LifecycleChip(props: { lifecycle: TenantLifecycle }) {
  return (
    <Chip
      size="small"
      variant="outlined"
      label={LIFECYCLE_LABELS[props.lifecycle]}
      data-testid={`lifecycle-${props.lifecycle}`}
    />
  );
}

/** A guardrail's status for one tenant as a chip. */
export function GuardrailStatusChip(props: { status: GuardrailStatus | null }) {
  if (!props.status) {
    return <Chip size="small" variant="outlined" label="Not evaluated" />;
  }
  const { label, color } = GUARDRAIL[props.status];
  return <Chip size="small" color={color} label={label} />;
}
