import {
  Bar,
  BarChart,
  CartesianGrid,
  Legend,
  ResponsiveContainer,
  Tooltip,
  XAxis,
  YAxis,
} from 'recharts';
import { usdToCents, type FleetSpend } from '@tenancy/plugin-tenants-common';
import { formatChartDollars } from '../common/format';

const COLORS = [
  '#1f77b4',
  '#ff7f0e',
  '#2ca02c',
  '#d62728',
  '#9467bd',
  '#8c564b',
  '#7f7f7f',
];
const TOP = 6;

/**
 * Rows for a chart stacked by service: the `TOP` services of the latest month by amount, the
 * rest summed (in cents) as "Other".
 */
export function stackRows(months: FleetSpend[]): {
  services: string[];
  rows: Array<Record<string, string | number>>;
} {
  const latest = months[months.length - 1];
  const top = (latest?.byService ?? [])
    .slice()
    .sort((a, b) => usdToCents(b.amount) - usdToCents(a.amount))
    .slice(0, TOP)
    .map(s => s.service);
  let hasOther = false;
  const rows = months.map(m => {
    const row: Record<string, string | number> = {
      month: m.estimated ? `${m.month}*` : m.month,
    };
    let other = 0;
    for (const s of m.byService) {
      if (top.includes(s.service)) row[s.service] = usdToCents(s.amount) / 100;
      else other += usdToCents(s.amount);
    }
    if (other !== 0) {
      hasOther = true;
      row.Other = other / 100;
    }
    return row;
  });
  return { services: hasOther ? [...top, 'Other'] : top, rows };
}

/** Spend by service, stacked, for the chosen month and the months before it. */
export function ServiceStackChart(props: { months: FleetSpend[] }) {
  const { services, rows } = stackRows(props.months);
  return (
    <ResponsiveContainer width="100%" height={300}>
      <BarChart data={rows} margin={{ top: 8, right: 16, bottom: 0, left: 8 }}>
        <CartesianGrid strokeDasharray="3 3" />
        <XAxis dataKey="month" />
        <YAxis tickFormatter={v => `$${v}`} />
        <Tooltip formatter={formatChartDollars} />
        <Legend />
        {services.map((s, i) => (
          <Bar
            key={s}
            dataKey={s}
            stackId="services"
            fill={COLORS[i % COLORS.length]}
            isAnimationActive={false}
          />
        ))}
      </BarChart>
    </ResponsiveContainer>
  );
}
