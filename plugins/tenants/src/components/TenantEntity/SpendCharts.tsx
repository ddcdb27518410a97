import {
  Bar,
  BarChart,
  CartesianGrid,
  ComposedChart,
  Legend,
  Line,
  ResponsiveContainer,
  Tooltip,
  XAxis,
  YAxis,
} from 'recharts';
import {
  daysInMonth,
  monthOf,
  usdToCents,
  type TenantSpend,
} from '@tenancy/plugin-tenants-common';
import { formatChartDollars } from '../common/format';
import { headlineOf } from '../common/money';

/**
 * 13 calendar months of usage + tax (never the net: credits are not a cost drop,
 * docs/aws-behaviours/fleet.md#credits-and-refunds).
 */
export function MonthlySpendChart(props: { monthly: TenantSpend['monthly'] }) {
  const data = props.monthly.map(m => ({
    month: m.estimated ? `${m.month}*` : m.month,
    amount: usdToCents(headlineOf(m.amounts)) / 100,
  }));
  return (
    <ResponsiveContainer width="100%" height={240}>
      <BarChart data={data} margin={{ top: 8, right: 16, bottom: 0, left: 8 }}>
        <CartesianGrid strokeDasharray="3 3" />
        <XAxis dataKey="month" />
        <YAxis tickFormatter={v => `$${v}`} />
        <Tooltip formatter={formatChartDollars} />
        <Bar
          dataKey="amount"
          name="Usage + tax (USD)"
          fill="#1f77b4"
          isAnimationActive={false}
        />
      </BarChart>
    </ResponsiveContainer>
  );
}

/**
 * The month so far by day (bars), the running total (line) and the local forecast to month
 * end (dashed line from the last day with data to the last day of the month). Today's point is
 * provisional: its own dashed bar "Today (provisional)" and the day labelled "(today)".
 */
export function DailySpendChart(props: {
  daily: TenantSpend['daily'];
  forecastMonthEnd: string | null;
}) {
  const { daily, forecastMonthEnd } = props;
  if (daily.length === 0) return null;
  const days = daysInMonth(monthOf(daily[0].date));
  const byDate = new Map(daily.map(d => [d.date, usdToCents(d.amount)]));
  const lastDay = Number(daily[daily.length - 1].date.slice(8, 10));
  let running = 0;
  const forecastCents =
    forecastMonthEnd === null ? null : usdToCents(forecastMonthEnd);
  const data = Array.from({ length: days }, (_, i) => {
    const day = i + 1;
    const date = `${daily[0].date.slice(0, 8)}${String(day).padStart(2, '0')}`;
    const amount = byDate.get(date);
    if (amount !== undefined) running += amount;
    const actual = day <= lastDay ? running / 100 : null;
    let forecast: number | null = null;
    if (forecastCents !== null && day >= lastDay) {
      const share = days === lastDay ? 1 : (day - lastDay) / (days - lastDay);
      forecast = (running + (forecastCents - running) * share) / 100;
    }
    const isProvisional = daily.some(d => d.date === date && d.provisional);
    return {
      day: isProvisional ? `${day} (today)` : String(day),
      daily: amount === undefined || isProvisional ? null : amount / 100,
      provisional: isProvisional && amount !== undefined ? amount / 100 : null,
      actual,
      forecast,
    };
  });
  return (
    <ResponsiveContainer width="100%" height={240}>
      <ComposedChart
        data={data}
        margin={{ top: 8, right: 16, bottom: 0, left: 8 }}
      >
        <CartesianGrid strokeDasharray="3 3" />
        <XAxis dataKey="day" />
        <YAxis tickFormatter={v => `$${v}`} />
        <Tooltip formatter={formatChartDollars} />
        <Legend />
        <Bar
          dataKey="daily"
          name="Daily"
          fill="#9ecae1"
          isAnimationActive={false}
        />
        <Bar
          dataKey="provisional"
          name="Today (provisional)"
          fill="#fdd0a2"
          stroke="#ff7f0e"
          strokeDasharray="3 3"
          isAnimationActive={false}
        />
        <Line
          dataKey="actual"
          name="Month to date"
          stroke="#1f77b4"
          dot={false}
          connectNulls={false}
          isAnimationActive={false}
        />
        <Line
          dataKey="forecast"
          name="Forecast to month end"
          stroke="#ff7f0e"
          strokeDasharray="5 5"
          dot={false}
          connectNulls={false}
          isAnimationActive={false}
        />
      </ComposedChart>
    </ResponsiveContainer>
  );
}
