import Box from '@mui/material/Box';
import Typography from '@mui/material/Typography';
import {
  CartesianGrid,
  Line,
  LineChart,
  ResponsiveContainer,
  Tooltip,
  XAxis,
  YAxis,
} from 'recharts';
import type { MetricSeries } from '@tenancy/plugin-tenants-common';

/** Slots of a series with and without data (missing data is not zero, docs/aws-behaviours/fleet.md#missing-data-is-not-zero). */
export function slotCounts(series: MetricSeries) {
  const filled = series.points.filter(p => p.value !== null).length;
  return {
    slots: series.points.length,
    filled,
    noData: series.points.length - filled,
  };
}

function tick(iso: string, periodSeconds: number): string {
  const d = new Date(iso);
  const hhmm = d.toISOString().slice(11, 16);
  return periodSeconds >= 3600
    ? `${d.toISOString().slice(5, 10)} ${hhmm}`
    : hhmm;
}

/** One metric as a line chart; periods without data stay gaps (`connectNulls={false}`). */
export function MetricChart(props: { series: MetricSeries }) {
  const { series } = props;
  const { slots, filled, noData } = slotCounts(series);
  const data = series.points.map(p => ({ t: p.timestamp, v: p.value }));
  return (
    <Box mb={3}>
      <Typography variant="subtitle1">
        {series.label}{' '}
        <Typography component="span" variant="caption" color="text.secondary">
          {series.namespace} {series.metricName} ({series.stat},{' '}
          {series.periodSeconds} s periods, UTC)
        </Typography>
      </Typography>
      <Typography
        variant="body2"
        color="text.secondary"
        data-testid={`slots-${series.id}`}
      >
        {slots} periods, {filled} with data, {noData} no data
      </Typography>
      {series.partial && (
        <Typography variant="body2" color="warning.main">
          Partial data: CloudWatch still answered PartialData; this series is
          incomplete, not healthy.
        </Typography>
      )}
      {filled === 0 ? (
        <Typography variant="body2">
          No data reported in this window.
        </Typography>
      ) : (
        <ResponsiveContainer width="100%" height={180}>
          <LineChart
            data={data}
            margin={{ top: 8, right: 16, bottom: 0, left: 0 }}
          >
            <CartesianGrid strokeDasharray="3 3" />
            <XAxis
              dataKey="t"
              tickFormatter={t => tick(t, series.periodSeconds)}
              minTickGap={32}
            />
            <YAxis
              allowDecimals
              unit={series.unit === 'Percent' ? '%' : undefined}
            />
            <Tooltip
              labelFormatter={t =>
                `${String(t).replace('T', ' ').replace('Z', '')} UTC`
              }
              formatter={v =>
                v === null || v === undefined ? 'no data' : String(v)
              }
            />
            <Line
              type="linear"
              dataKey="v"
              name={series.label}
              connectNulls={false}
              dot={false}
              isAnimationActive={false}
              stroke="#1f77b4"
            />
          </LineChart>
        </ResponsiveContainer>
      )}
    </Box>
  );
}
