import { accountEmailValidation, tenantIdValidation } from './tenancyFields';

function errorsOf(check: (v: string, f: any) => void, value: string) {
  const errors: string[] = [];
  check(value, { addError: (m: string) => errors.push(m) });
  return errors;
}

describe('New tenant form fields', () => {
  it('rejects tenant ids that break a downstream rule and names the rule (CASES V3)', () => {
    expect(errorsOf(tenantIdValidation, 'acme corp')).toHaveLength(1);
    expect(errorsOf(tenantIdValidation, 'acme--corp')).toHaveLength(1);
    expect(errorsOf(tenantIdValidation, '-acme')).toHaveLength(1);
    expect(errorsOf(tenantIdValidation, 'a'.repeat(64)).join(' ')).toContain(
      '50',
    );
    expect(errorsOf(tenantIdValidation, 'acme.corp_01')).toEqual([]);
  });

  it('checks account emails with the AWS rules, and accepts an empty one (CASES V2)', () => {
    expect(
      errorsOf(
        accountEmailValidation,
        'aws-root+tenant-acme-manufacturing-prod@saas-example.com',
      ),
    ).toEqual([]);
    const tooLong = errorsOf(
      accountEmailValidation,
      'aws-root+tenant-acme-manufacturing-production-eu@saas-example.com',
    );
    expect(tooLong.join(' ')).toContain('65');
    for (const bad of [
      '.ops@ex.io',
      'ops(acme)@ex.io',
      'ops@-ex.io',
      'ops@localhost',
    ]) {
      expect(errorsOf(accountEmailValidation, bad)).not.toEqual([]);
    }
    expect(errorsOf(accountEmailValidation, '')).toEqual([]);
  });
});
