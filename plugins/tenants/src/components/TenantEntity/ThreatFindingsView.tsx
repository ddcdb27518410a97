import Box from '@mui/material/Box';
import Table from '@mui/material/Table';
import TableBody from '@mui/material/TableBody';
import TableCell from '@mui/material/TableCell';
import TableHead from '@mui/material/TableHead';
import TableRow from '@mui/material/TableRow';
import Typography from '@mui/material/Typography';
import type {
  RegionThreatFindings,
  ThreatFindings,
} from '@tenancy/plugin-tenants-common';

/** Severity bands, worst first. */
export const SEVERITIES = ['critical', 'high', 'medium', 'low'] as const;

const NOWRAP = { whiteSpace: 'nowrap' } as const;

const total = (f: Pick<ThreatFindings, (typeof SEVERITIES)[number]>) =>
  SEVERITIES.reduce((a, s) => a + f[s], 0);

/** What GuardDuty in one region says of the account, for a person. */
export function describeRegionStatus(r: RegionThreatFindings): string {
  switch (r.status) {
    case 'member':
      return 'member';
    case 'not-configured':
      return `not configured: the organization has no GuardDuty detector in ${r.region}`;
    default:
      return `not a member in ${r.region}`;
  }
}

/**
 * One row per region: membership and unarchived findings by severity. Where GuardDuty is not
 * configured or the account is not a member the counts are unknown (—), never 0.
 */
function RegionsTable(props: { regions: RegionThreatFindings[] }) {
  return (
    <Box sx={{ overflowX: 'auto', mt: 2 }}>
      <Table
        size="small"
        aria-label="GuardDuty findings by region"
        sx={{ '& td, & th': { px: 1 } }}
      >
        <TableHead>
          <TableRow>
            <TableCell sx={NOWRAP}>Region</TableCell>
            <TableCell sx={NOWRAP}>GuardDuty</TableCell>
            {SEVERITIES.map(s => (
              <TableCell
                key={s}
                align="right"
                sx={{ ...NOWRAP, textTransform: 'capitalize' }}
              >
                {s}
              </TableCell>
            ))}
            <TableCell align="right">Total</TableCell>
          </TableRow>
        </TableHead>
        <TableBody>
          {props.regions.map(r => {
            const known = r.status === 'member';
            return (
              <TableRow
                key={r.region}
                data-testid={`findings-region-${r.region}`}
              >
                <TableCell sx={NOWRAP}>{r.region}</TableCell>
                <TableCell>
                  <Typography
                    variant="body2"
                    color={known ? undefined : 'error'}
                    component="span"
                  >
                    {describeRegionStatus(r)}
                  </Typography>
                </TableCell>
                {SEVERITIES.map(s => (
                  <TableCell key={s} align="right">
                    {known ? r[s] : '—'}
                  </TableCell>
                ))}
                <TableCell align="right">{known ? total(r) : '—'}</TableCell>
              </TableRow>
            );
          })}
        </TableBody>
      </Table>
    </Box>
  );
}

/**
 * GuardDuty findings of the account by severity band, summed over the regions read, with the
 * split by region (membership and counts per region) when the API gives it.
 */
export function FindingsView(props: { findings: ThreatFindings }) {
  const { findings } = props;
  const regions = findings.regions ?? [];
  const gaps = regions.filter(r => r.status !== 'member');
  if (regions.length === 0 && !findings.member) {
    return (
      <Typography variant="body2" color="error">
        The account is not an enabled GuardDuty member of the security account:
        threats in it are not seen.
      </Typography>
    );
  }
  const members = regions.filter(r => r.status === 'member');
  return (
    <>
      {regions.length > 0 && members.length === 0 && (
        <Typography variant="body2" color="error" sx={{ mb: 1 }}>
          GuardDuty sees no threats of this account in any region read.
        </Typography>
      )}
      <Box display="flex" gap={4}>
        {SEVERITIES.map(s => (
          <Box key={s} data-testid={`findings-${s}`}>
            <Typography variant="h5">{findings[s]}</Typography>
            <Typography variant="caption" sx={{ textTransform: 'capitalize' }}>
              {s}
            </Typography>
          </Box>
        ))}
      </Box>
      {regions.length > 0 && (
        <Typography variant="body2" sx={{ mt: 1 }} data-testid="findings-total">
          {total(findings)} unarchived findings
          {members.length > 1 &&
            ` (${members.map(r => `${total(r)} in ${r.region}`).join(', ')})`}
          {members.length === 1 && ` in ${members[0].region}`}
          {gaps.length > 0 &&
            `; ${gaps
              .map(r =>
                r.status === 'not-configured'
                  ? `${r.region} not configured`
                  : `not a member in ${r.region}`,
              )
              .join('; ')}`}
        </Typography>
      )}
      {regions.length > 0 && <RegionsTable regions={regions} />}
    </>
  );
}
