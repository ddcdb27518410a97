import { csvField } from './csv';

describe('csvField: spreadsheet formulas are neutralized (OWASP CSV injection)', () => {
  it.each([
    ['=1+2', `"'=1+2"`],
    ['=HYPERLINK("http://x","y")', `"'=HYPERLINK(""http://x"",""y"")"`],
    ['+1+2', `"'+1+2"`],
    ['-2+3', `"'-2+3"`],
    ['-2+3+cmd|/C calc!A0', `"'-2+3+cmd|/C calc!A0"`],
    ['-', `"'-"`],
    ['@SUM(A1:A9)', `"'@SUM(A1:A9)"`],
    ['\t=1+2', `"'\t=1+2"`],
    ['\r=1+2', `"'\r=1+2"`],
  ])('%j → %j', (value, expected) => {
    expect(csvField(value)).toBe(expected);
  });

  it.each([
    ['-12.34', '-12.34'],
    ['-5', '-5'],
    ['1234.50', '1234.50'],
    ['acme', 'acme'],
    [
      'Amazon Elastic Compute Cloud - Compute',
      'Amazon Elastic Compute Cloud - Compute',
    ],
    ['a,b', '"a,b"'],
    ['say "hi"', '"say ""hi"""'],
    ['two\nlines', '"two\nlines"'],
  ])('leaves %j a plain field: %j', (value, expected) => {
    expect(csvField(value)).toBe(expected);
  });
});
