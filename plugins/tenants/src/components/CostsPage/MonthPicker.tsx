import Box from '@mui/material/Box';
import IconButton from '@mui/material/IconButton';
import TextField from '@mui/material/TextField';
import ChevronLeft from '@mui/icons-material/ChevronLeft';
import ChevronRight from '@mui/icons-material/ChevronRight';
import { addMonths } from '@tenancy/plugin-tenants-common';

/**
 * A UTC calendar month picker (`YYYY-MM`) between `minMonth` (when known) and `maxMonth`,
 * inclusive: the arrows are disabled at the ends and a typed month outside them is ignored.
 */
export function MonthPicker(props: {
  month: string;
  /** The earliest month the backend answers; undefined while unknown. */
  minMonth?: string;
  maxMonth: string;
  onChange: (month: string) => void;
}) {
  const { month, minMonth, maxMonth, onChange } = props;
  return (
    <Box display="flex" alignItems="center" gap={1}>
      <IconButton
        aria-label="Previous month"
        disabled={minMonth !== undefined && month <= minMonth}
        onClick={() => onChange(addMonths(month, -1))}
      >
        <ChevronLeft />
      </IconButton>
      <TextField
        size="small"
        type="month"
        label="Month (UTC)"
        value={month}
        inputProps={{
          min: minMonth,
          max: maxMonth,
          'aria-label': 'Month (UTC)',
        }}
        onChange={e => {
          const v = e.target.value;
          if (
            /^\d{4}-\d{2}$/.test(v) &&
            v <= maxMonth &&
            (minMonth === undefined || v >= minMonth)
          )
            onChange(v);
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
