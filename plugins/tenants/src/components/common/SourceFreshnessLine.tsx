import useAsync from 'react-use/esm/useAsync';
import Typography from '@mui/material/Typography';
import { useApi } from '@backstage/core-plugin-api';
import type { SourceFreshness } from '@tenancy/plugin-tenants-common';
import { tenantsApiRef } from '../../api';
import { formatAgo, formatUtc } from './format';

/** How each refreshed source is named in the freshness line. */
const FRESHNESS_LABELS: Readonly<Record<string, string>> = {
  inventory: 'inventory',
  alarms: 'alarms',
  health: 'metrics',
  spend: 'spend',
  compliance: 'compliance',
};

/** How the parts of a source read in parts are named (compliance's AWS reads). */
const PART_LABELS: Readonly<Record<string, string>> = {
  scp: 'SCPs',
  config: 'Config',
  guardDuty: 'GuardDuty',
  baseline: 'baseline',
};

/**
 * One source's part of the line: `spend 3 h ago`, `compliance not read yet`, `… (refreshing)`,
 * `compliance 2 min ago (GuardDuty stale)`;
 * `alarms live` while the events consumer keeps that source live.
 */
export function freshnessText(s: SourceFreshness, now = Date.now()): string {
  const label = FRESHNESS_LABELS[s.source] ?? s.source;
  let when = s.refreshedAt ? formatAgo(s.refreshedAt, now) : 'not read yet';
  if (s.liveAt) when = 'live';
  const notes = [
    ...(s.error ? ['last read failed'] : []),
    ...(s.staleParts ?? []).map(p => `${PART_LABELS[p.part] ?? p.part} stale`),
    ...(s.refreshing ? ['refreshing'] : []),
  ];
  return `${label} ${when}${notes.length ? ` (${notes.join(', ')})` : ''}`;
}

/**
 * The freshness of every source, each refreshed on its own cadence:
 * `Data: inventory 5 h ago · alarms live · metrics 6 min ago · spend 3 h ago · compliance 1 h ago`.
 * Hovering a part shows its UTC time, cadence and last error. Renders nothing while loading or
 * when no source is scheduled, and a short note when the freshness cannot be read.
 */
export function SourceFreshnessLine() {
  const api = useApi(tenantsApiRef);
  const state = useAsync(() => api.listSourceFreshness(), [api]);
  if (state.loading) return null;
  if (state.error || !state.value) {
    return (
      <Typography variant="caption" color="text.secondary" component="div">
        Data freshness unavailable: {state.error?.message ?? 'no answer'}
      </Typography>
    );
  }
  const items = state.value.items;
  if (!items.length) return null;
  return (
    <Typography
      variant="caption"
      color="text.secondary"
      component="div"
      data-testid="source-freshness"
    >
      Data:{' '}
      {items.map((s, i) => (
        <span
          key={s.source}
          title={[
            s.refreshedAt ? `read ${formatUtc(s.refreshedAt)}` : 'not read yet',
            ...(s.liveAt
              ? [`events applied, last poll ${formatUtc(s.liveAt)}`]
              : []),
            `every ${Math.round(s.cadenceSeconds / 60)} min`,
            ...(s.error ? [`last read failed: ${s.error}`] : []),
            ...(s.staleParts ?? []).map(
              p =>
                `${PART_LABELS[p.part] ?? p.part} kept from an earlier read: ${
                  p.error
                }`,
            ),
          ].join('; ')}
        >
          {i > 0 ? ' · ' : ''}
          {freshnessText(s)}
        </span>
      ))}
    </Typography>
  );
}
