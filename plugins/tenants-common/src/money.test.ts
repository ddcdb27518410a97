import { centsToUsd, usdToCents } from './money';
import { compareHealth, HEALTH_RANK } from './healthRank';
import { addMonths, monthOf, monthRange, monthsBetween } from './utcDates';

describe('money', () => {
  it('converts decimal USD strings to integer cents and back', () => {
    expect(usdToCents('-12.5')).toBe(-1250);
    expect(usdToCents('1234.05')).toBe(123405);
    expect(usdToCents('7')).toBe(700);
    expect(centsToUsd(-1000)).toBe('-10.00');
    expect(centsToUsd(123405)).toBe('1234.05');
  });

  it('rejects a malformed amount', () => {
    expect(() => usdToCents('1.234')).toThrow(
      'Not a decimal USD amount: "1.234"',
    );
    expect(() => usdToCents('abc')).toThrow(TypeError);
  });
});

describe('health rank', () => {
  it('orders healthy, unknown, degraded, critical', () => {
    const sorted = (['critical', 'healthy', 'degraded', null] as const)
      .slice()
      .sort(compareHealth);
    expect(sorted).toEqual(['healthy', null, 'degraded', 'critical']);
    expect(HEALTH_RANK.critical).toBe(3);
  });
});

describe('UTC months', () => {
  it('adds months across years and gives month ranges', () => {
    expect(addMonths('2026-01', -1)).toBe('2025-12');
    expect(addMonths('2024-12', 1)).toBe('2025-01');
    expect(addMonths('2025-03', -15)).toBe('2023-12');
    expect(monthOf(new Date('2026-03-31T23:59:59Z'))).toBe('2026-03');
    expect(monthRange('2026-02')).toEqual({
      start: '2026-02-01',
      end: '2026-03-01',
    });
    expect(monthsBetween('2025-11', '2026-01')).toEqual([
      '2025-11',
      '2025-12',
      '2026-01',
    ]);
  });
});
