import {
  centsToUsd,
  type ComplianceScore,
  type GuardrailKind,
} from '@tenancy/plugin-tenants-common';

const MINUS = '\u2212';

/**
 * Formats a decimal USD string for display, keeping its exact digits (no float rounding):
 * `"1234.5"` → `"1,234.50"`, `"-126"` → `"−126.00"` (a real minus sign). Null → `"—"`.
 */
export function formatUsd(amount: string | null | undefined): string {
  if (amount === null || amount === undefined || amount === '') return '—';
  const match = /^(-)?(\d*)(?:\.(\d*))?$/.exec(amount.trim());
  if (!match) return amount;
  const [, sign, whole = '', frac = ''] = match;
  const cents = `${frac}00`.slice(0, 2);
  const grouped = (whole.replace(/^0+(?=\d)/, '') || '0').replace(
    /\B(?=(\d{3})+(?!\d))/g,
    ',',
  );
  const zero = /^0*$/.test(whole) && /^0*$/.test(cents);
  return `${sign && !zero ? MINUS : ''}${grouped}.${cents}`;
}

/**
 * A chart value (a number of US dollars, as the spend charts plot them) for a tooltip:
 * `1234.5` → `"$1,234.50"`; anything else (a gap in a series) → `"no data"`.
 */
export function formatChartDollars(value: unknown): string {
  return typeof value === 'number'
    ? formatDollars(centsToUsd(Math.round(value * 100)))
    : 'no data';
}

/** `"126.00"` → `"$126.00"`, `"-10"` → `"−$10.00"`. */
export function formatDollars(amount: string | null | undefined): string {
  const text = formatUsd(amount);
  if (text === '—') return text;
  return text.startsWith(MINUS) ? `${MINUS}$${text.slice(1)}` : `$${text}`;
}

/**
 * A month-over-month change ratio for a person: `0.123` → `"+12.3%"`, `-0.05` → `"−5.0%"`;
 * null (last month was 0) → `"new spend"`, never an infinite percentage.
 */
export function formatChange(ratio: number | null | undefined): string {
  if (ratio === null || ratio === undefined || !Number.isFinite(ratio)) {
    return 'new spend';
  }
  const pct = (Math.abs(ratio) * 100).toFixed(1);
  if (pct === '0.0') return '0.0%';
  return `${ratio > 0 ? '+' : MINUS}${pct}%`;
}

/** Caveats of a compliance score: non-compliant, no data and failing counts, only those > 0. */
export function complianceCaveats(score: ComplianceScore): string[] {
  const caveats: string[] = [];
  const nonCompliant = score.evaluated - score.compliant;
  if (nonCompliant > 0) caveats.push(`${nonCompliant} non-compliant`);
  if (score.noData > 0) caveats.push(`${score.noData} no data`);
  if (score.evaluationFailing > 0)
    caveats.push(`${score.evaluationFailing} failing`);
  if ((score.behindLatest ?? 0) > 0)
    caveats.push(`${score.behindLatest} behind latest version`);
  if ((score.suspended ?? 0) > 0) caveats.push(`${score.suspended} suspended`);
  return caveats;
}

/** True when a score counts nothing: no rule evaluated, none without data, none failing. */
function countsNothing(score: ComplianceScore): boolean {
  return (
    score.evaluated === 0 && score.noData === 0 && score.evaluationFailing === 0
  );
}

/**
 * A compliance score that says what it counts
 * (docs/aws-behaviours/fleet.md#config-rules-with-no-results): `"Compliant: 1 of 1 evaluated ·
 * 1 no data · 1 failing"` — compliant rules of the rules with a result, then the rules that are
 * non-compliant, produced no result or whose evaluation failed (only those > 0).
 */
export function formatComplianceScore(score: ComplianceScore | null): string {
  if (!score) return 'not collected yet';
  if (countsNothing(score)) return 'no rules evaluated';
  const kinds = formatScoreKinds(score);
  return [
    `Compliant: ${score.compliant} of ${score.evaluated} evaluated${
      kinds ? ` (${kinds.replace(/ · /g, ', ')})` : ''
    }`,
    ...complianceCaveats(score),
  ].join(' · ');
}

/** How each kind of control is named where a score says what it counts. */
export const CONTROL_KIND_LABELS: Readonly<Record<GuardrailKind, string>> = {
  preventive: 'SCP',
  detective: 'Config rule',
  'threat-detection': 'threat detection',
  baseline: 'baseline',
};

const KIND_ORDER: GuardrailKind[] = [
  'preventive',
  'detective',
  'threat-detection',
  'baseline',
];

/**
 * Which kinds of control a score counts, each with its own result:
 * `"SCP 4 of 4 · Config rule 1 of 5 · threat detection 1 of 1 · baseline 0 of 1"`; empty when
 * the score carries no kinds.
 */
export function formatScoreKinds(score: ComplianceScore | null): string {
  const byKind = score?.byKind ?? {};
  return KIND_ORDER.filter(k => byKind[k])
    .map(
      k =>
        `${CONTROL_KIND_LABELS[k]} ${byKind[k]!.compliant} of ${
          byKind[k]!.evaluated
        }`,
    )
    .join(' · ');
}

/** The compact form for a grid cell: `"10/13 compliant"`; the caveats go apart. */
export function formatComplianceShort(score: ComplianceScore | null): string {
  if (!score) return 'not collected yet';
  if (countsNothing(score)) return 'no rules evaluated';
  return `${score.compliant}/${score.evaluated} compliant`;
}

/** "just now", "12 min ago", "3 h ago", "2 days ago" relative to `now` (ms). */
export function formatAgo(iso: string, now: number = Date.now()): string {
  if (!iso || Number.isNaN(Date.parse(iso))) return 'never';
  const seconds = Math.max(0, Math.round((now - Date.parse(iso)) / 1000));
  if (seconds < 60) return 'just now';
  const minutes = Math.floor(seconds / 60);
  if (minutes < 60) return `${minutes} min ago`;
  const hours = Math.floor(minutes / 60);
  if (hours < 48) return `${hours} h ago`;
  return `${Math.floor(hours / 24)} days ago`;
}

/** ISO-8601 timestamp → `2025-05-20 11:48 UTC`. */
export function formatUtc(iso: string): string {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  return `${d.toISOString().slice(0, 16).replace('T', ' ')} UTC`;
}

/** `"group:default/team-acme"` → `"team-acme"`. */
export function shortRef(ref: string | null): string {
  if (!ref) return '—';
  return ref.replace(/^[^:]+:(default\/)?/, '');
}
