import Box from '@mui/material/Box';
import Typography from '@mui/material/Typography';

/**
 * One headline figure of a spend card: the value large (e.g. `$1,234.50`), its label under it
 * and, when given, a note in secondary text (e.g. what the figure leaves out).
 */
export function Figure(props: {
  label: string;
  value: string;
  /** The `data-testid` of the value, for tests and the browser suite. */
  testId: string;
  note?: string;
}) {
  return (
    <Box>
      <Typography variant="h5" data-testid={props.testId}>
        {props.value}
      </Typography>
      <Typography variant="caption">{props.label}</Typography>
      {props.note && (
        <Typography variant="caption" display="block" color="text.secondary">
          {props.note}
        </Typography>
      )}
    </Box>
  );
}
