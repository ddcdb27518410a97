import Box from '@mui/material/Box';
import IconButton from '@mui/material/IconButton';
import TextField from '@mui/material/TextField';
import ChevronLeft from '@mui/icons-material/ChevronLeft';
import ChevronRight from '@mui/icons-material/ChevronRight';
import { addMonths } from '../common/format';

/** A UTC calendar month picker (`YYYY-MM`), never past the current month. */
export function MonthPicker(props: {
  month: string;
  maxMonth: string;
  onChange: (month: string) => void;
}) {
  const { month, maxMonth, onChange } = props;
  return (
    <Box display="flex" alignItems="center" gap={1}>
      <IconButton
        aria-label="Previous month"
        onClick={() => onChange(addMonths(month, -1))}
      >
        <ChevronLeft />
      </IconButton>
      <TextField
        size="small"
        type="month"
        label="Month (UTC)"
        value={month}
        inputProps={{ max: maxMonth, 'aria-label': 'Month (UTC)' }}
        onChange={e => {
          const v = e.target.value;
          if (/^\d{4}-\d{2}$/.test(v) && v <= maxMonth) onChange(v);
        }}
      />
      <IconButton
        aria-label="Next month"
        disabled={month >= maxMonth}
        onClick={() => onChange(addMonths(month, 1))}
      >
        <ChevronRight />
      </IconButton>
    </Box>
  );
}
