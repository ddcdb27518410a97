import { accountEmailValidation, tenantIdValidation } from './validation';

function errorsOf(check: (v: string, f: any) => void, value: string) {
  const errors: string[] = [];
  check(value, { addError: (m: string) => errors.push(m) });
  return errors;
}

describe('New tenant form fields', () => {
  it('rejects tenant ids that break a downstream rule and names the rule', () => {
    const rules = (v: string) =>
      errorsOf(tenantIdValidation, v).map(m => m.replace(/^.*; /, ''));
    expect(rules('acme corp')).toEqual([
      'it contains whitespace (rule tenantId.pattern)',
    ]);
    expect(rules('acme--corp')).toEqual([
      'it has two separators in a row (rule tenantId.pattern)',
    ]);
    expect(rules('-acme')).toEqual([
      'it starts or ends with a separator (rule tenantId.pattern)',
    ]);
    expect(rules('a'.repeat(64))).toEqual([
      'this one has 64 (rule tenantId.length)',
    ]);
    expect(errorsOf(tenantIdValidation, 'acme.corp_01')).toEqual([]);
  });

  it('checks account emails with the AWS rules, and accepts an empty one', () => {
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
    expect(tooLong).toEqual([
      'Account email must be 6–64 characters; this one has 65 (rule email.length)',
    ]);
    const ruleOf = (v: string) =>
      errorsOf(accountEmailValidation, v).map(
        m => m.match(/\(rule ([^)]+)\)$/)?.[1],
      );
    expect(ruleOf('.ops@ex.io')).toEqual(['email.local-leading-dot']);
    expect(ruleOf('ops(acme)@ex.io')).toEqual(['email.local-forbidden-char']);
    expect(ruleOf('ops@-ex.io')).toEqual(['email.domain-edge']);
    expect(ruleOf('ops@localhost')).toEqual(['email.domain-dot']);
    expect(errorsOf(accountEmailValidation, '')).toEqual([]);
  });
});
