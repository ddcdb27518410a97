import {
  amountToCents,
  amountToText,
  formatCents,
  formatUsd,
  parseAmount,
  storedTextToCents,
} from './money';

describe('storedTextToCents: the export rounds stored text as amountToCents rounds amounts', () => {
  it.each([
    ['12.3450000000', 1235],
    ['12.3449999999', 1234],
    ['-12.3450000000', -1235],
    ['-0.0049999999', 0],
    ['-0.0050000000', -1],
    ['0.0000000000', 0],
    ['9999999999999.9950000000', 999999999999999 + 1],
    // not the stored form: parsed exactly
    ['1.2E-7', 0],
    ['7.005', 701],
  ])('%s → %d cents', (text, cents) => {
    expect(storedTextToCents(text)).toBe(cents);
    expect(storedTextToCents(text)).toBe(
      Number(amountToCents(parseAmount(text))),
    );
  });

  it('agrees with amountToCents on stored amounts around every half cent', () => {
    for (let i = -2000; i <= 2000; i++) {
      const amount = BigInt(i) * 12_345_677n + 5n;
      expect(storedTextToCents(amountToText(amount))).toBe(
        Number(amountToCents(amount)),
      );
    }
  });
});

describe('formatCents', () => {
  it.each([
    [1235, '12.35'],
    [-5, '-0.05'],
    [0, '0.00'],
    [100, '1.00'],
  ])('%d → %s, as formatUsd writes it', (cents, text) => {
    expect(formatCents(cents)).toBe(text);
    expect(formatUsd(parseAmount(text))).toBe(text);
  });
});
