import Alert from '@mui/material/Alert';
import Box from '@mui/material/Box';
import type { SpendStalePart } from '@tenancy/plugin-tenants-common';

/**
 * The parts of the spend snapshot whose last refresh failed: their values are the last read,
 * shown with the error. Nothing when every part is fresh.
 */
export function StaleSpendParts(props: { stale?: SpendStalePart[] }) {
  const stale = props.stale ?? [];
  if (stale.length === 0) return null;
  return (
    <Box mb={2} data-testid="spend-stale">
      {stale.map(s => (
        <Alert severity="warning" key={s.part} sx={{ mb: 1 }}>
          Stale: {s.feeds} not refreshed since{' '}
          {s.lastSuccessAt
            ? s.lastSuccessAt.replace('T', ' ').slice(0, 16)
            : 'never'}{' '}
          UTC, last values shown. {s.error}
        </Alert>
      ))}
    </Box>
  );
}
