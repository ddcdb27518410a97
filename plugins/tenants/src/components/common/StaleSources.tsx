import Alert from '@mui/material/Alert';
import Grid from '@mui/material/Grid';
import type { SourceStale } from '@tenancy/plugin-tenants-common';
import { formatAgo, formatUtc } from './format';

/** How each source whose values can go stale is named for a person. */
export const SOURCE_LABELS: Readonly<Record<string, string>> = {
  scp: 'Service control policies (Organizations)',
  config: 'AWS Config rules',
  guardDuty: 'GuardDuty',
  baseline: 'Baseline StackSet',
  cloudWatch: 'CloudWatch metrics and alarms',
  costExplorer: 'Cost Explorer',
  cloudFormation: 'Tenant stack StackSet (CloudFormation)',
};

/**
 * One warning per source whose values are kept from an earlier read because the latest read
 * failed: `GuardDuty: these values are from 3 h ago (the last successful read); the latest
 * read failed: AccessDeniedException: …`. Renders nothing when no source is stale.
 */
export function StaleSources(props: {
  stale: Partial<Record<string, SourceStale>> | SourceStale | undefined;
  /** The source name when `stale` is a single marker. */
  source?: string;
}) {
  const { stale } = props;
  if (!stale) return null;
  const entries: Array<[string, SourceStale]> =
    'since' in stale && typeof stale.since === 'string'
      ? [[props.source ?? 'source', stale as SourceStale]]
      : (Object.entries(stale).filter(([, v]) => !!v) as Array<
          [string, SourceStale]
        >);
  if (!entries.length) return null;
  return (
    <Grid item xs={12}>
      {entries.map(([source, s]) => (
        <Alert
          key={source}
          severity="warning"
          sx={{ mb: 1 }}
          data-testid={`stale-${source}`}
        >
          {SOURCE_LABELS[source] ?? source}: these values are from{' '}
          <span title={formatUtc(s.since)}>{formatAgo(s.since)}</span> (the last
          successful read); the latest read failed: {s.error}
        </Alert>
      ))}
    </Grid>
  );
}
