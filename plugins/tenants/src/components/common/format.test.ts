import {
  formatChartDollars,
  formatAgo,
  formatChange,
  formatComplianceScore,
  formatComplianceShort,
  formatDollars,
  formatUsd,
  shortRef,
} from './format';

describe('format', () => {
  it('formats decimal USD strings exactly, with a real minus sign', () => {
    expect(formatUsd('126.00')).toBe('126.00');
    expect(formatUsd('-126')).toBe('\u2212126.00');
    expect(formatUsd('1234567.5')).toBe('1,234,567.50');
    expect(formatUsd('-0.00')).toBe('0.00');
    expect(formatUsd(null)).toBe('—');
    expect(formatDollars('-10.00')).toBe('\u2212$10.00');
    expect(formatDollars('19.75')).toBe('$19.75');
  });

  it('says "new spend" rather than an infinite percentage', () => {
    expect(formatChange(null)).toBe('new spend');
    expect(formatChange(Infinity)).toBe('new spend');
    expect(formatChange(0.123)).toBe('+12.3%');
    expect(formatChange(-0.05)).toBe('\u22125.0%');
    expect(formatChange(0)).toBe('0.0%');
  });

  it('writes the compliance score with its caveats (docs/aws-behaviours/fleet.md#config-rules-with-no-results)', () => {
    expect(
      formatComplianceScore({
        compliant: 1,
        evaluated: 1,
        noData: 1,
        evaluationFailing: 1,
        total: 3,
      }),
    ).toBe('Compliant: 1 of 1 evaluated \u00b7 1 no data \u00b7 1 failing');
    expect(
      formatComplianceScore({
        compliant: 10,
        evaluated: 13,
        noData: 1,
        evaluationFailing: 1,
        total: 15,
      }),
    ).toBe(
      'Compliant: 10 of 13 evaluated \u00b7 3 non-compliant \u00b7 1 no data \u00b7 1 failing',
    );
    expect(
      formatComplianceShort({
        compliant: 10,
        evaluated: 13,
        noData: 1,
        evaluationFailing: 1,
        total: 15,
      }),
    ).toBe('10/13 compliant');
    expect(formatComplianceScore(null)).toBe('not collected yet');
    expect(formatComplianceShort(null)).toBe('not collected yet');
  });

  it('formats chart values in dollars, a gap as no data', () => {
    expect(formatChartDollars(1234.5)).toBe('$1,234.50');
    expect(formatChartDollars(-0.126)).toBe('\u2212$0.13');
    expect(formatChartDollars(null)).toBe('no data');
    expect(formatChartDollars(undefined)).toBe('no data');
  });

  it('formats ages and refs', () => {
    const now = Date.parse('2025-05-20T12:00:00Z');
    expect(formatAgo('2025-05-20T11:48:00Z', now)).toBe('12 min ago');
    expect(formatAgo('2025-05-20T11:59:30Z', now)).toBe('just now');
    expect(formatAgo('2025-05-20T09:00:00Z', now)).toBe('3 h ago');
    expect(shortRef('group:default/team-acme')).toBe('team-acme');
  });
});
