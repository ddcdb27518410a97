import {
  ACCOUNT_EMAIL_PATTERN,
  ACCOUNT_NAME_PATTERN,
  TENANT_ID_MAX_LENGTH,
  TENANT_ID_PATTERN,
  accountEmailFor,
  validateAccountEmail,
  validateAccountName,
  validateTenantId,
  validateTenantInputs,
} from './validation';

const rules = (issues: { rule: string }[]) => issues.map(i => i.rule);

describe('validateAccountEmail', () => {
  it('accepts the 56-character plus-addressed email', () => {
    const email = 'aws-root+tenant-acme-manufacturing-prod@saas-example.com';
    expect(email.length).toBe(56);
    expect(validateAccountEmail(email)).toEqual([]);
  });

  it('rejects the 65-character email naming the length rule', () => {
    const email =
      'aws-root+tenant-acme-manufacturing-production-eu@saas-example.com';
    expect(email.length).toBe(65);
    expect(validateAccountEmail(email)).toEqual([
      {
        field: 'email',
        rule: 'email.length',
        message:
          'Account email must be 6–64 characters; this one has 65 (rule email.length)',
      },
    ]);
  });

  it.each([
    [
      '.ops@ex.io',
      'email.local-leading-dot',
      "Account email local part must not start with '.' (rule email.local-leading-dot)",
    ],
    [
      'ops(acme)@ex.io',
      'email.local-forbidden-char',
      'Account email local part must not contain any of " \' ( ) < [ ] : ; , \\ | % &; found ( ) (rule email.local-forbidden-char)',
    ],
    [
      'ops@-ex.io',
      'email.domain-edge',
      "Account email domain must not start or end with '-' or '.' (rule email.domain-edge)",
    ],
    [
      'ops@localhost',
      'email.domain-dot',
      'Account email domain must contain at least one dot (rule email.domain-dot)',
    ],
  ])('rejects %s naming its rule', (email, rule, message) => {
    expect(validateAccountEmail(email)).toEqual([
      { field: 'email', rule, message },
    ]);
  });

  it('checks ASCII, the single @, whitespace and domain characters', () => {
    expect(rules(validateAccountEmail('opsé@ex.io'))).toEqual(['email.ascii']);
    expect(rules(validateAccountEmail('ops@@ex.io'))).toEqual([
      'email.at-sign',
    ]);
    expect(rules(validateAccountEmail('o ps@ex.io'))).toEqual([
      'email.local-whitespace',
    ]);
    expect(rules(validateAccountEmail('ops@ex_1.io'))).toEqual([
      'email.domain-chars',
    ]);
    expect(rules(validateAccountEmail('a@b.c'))).toEqual(['email.length']);
  });

  it('the form pattern agrees with the validator', () => {
    const re = new RegExp(ACCOUNT_EMAIL_PATTERN);
    const cases = [
      'aws-root+tenant-acme-manufacturing-prod@saas-example.com',
      'aws-root+tenant-acme-manufacturing-production-eu@saas-example.com',
      '.ops@ex.io',
      'ops(acme)@ex.io',
      'ops@-ex.io',
      'ops@localhost',
      'ops@ex.io.',
      'opsé@ex.io',
      'ops@@ex.io',
      'o ps@ex.io',
      'ops@ex_1.io',
      'a@b.c',
      'aws+acme@x.io',
      'o|ps@ex.io',
      'o&ps@ex.io',
      'o%ps@ex.io',
      'o>ps@ex.io',
    ];
    for (const email of cases) {
      expect([email, re.test(email)]).toEqual([
        email,
        validateAccountEmail(email).length === 0,
      ]);
    }
  });
});

describe('validateAccountName', () => {
  it('accepts 1–50 printable ASCII characters', () => {
    expect(validateAccountName('acme')).toEqual([]);
    expect(validateAccountName('x'.repeat(50))).toEqual([]);
  });
  it('rejects Ü, empty and 51 characters', () => {
    expect(validateAccountName('Acme Ümlaut')).toEqual([
      {
        field: 'accountName',
        rule: 'accountName.printable-ascii',
        message:
          'Account name must be printable ASCII; found Ü (rule accountName.printable-ascii)',
      },
    ]);
    expect(rules(validateAccountName(''))).toEqual(['accountName.length']);
    expect(rules(validateAccountName('x'.repeat(51)))).toEqual([
      'accountName.length',
    ]);
    const re = new RegExp(ACCOUNT_NAME_PATTERN);
    expect([re.test('Acme Ümlaut'), re.test('acme'), re.test('')]).toEqual([
      false,
      true,
      false,
    ]);
  });
});

describe('validateTenantId', () => {
  it.each([
    ['acme corp', 'it contains whitespace'],
    ['acme--corp', 'it has two separators in a row'],
    ['-acme', 'it starts or ends with a separator'],
  ])('rejects %s', (id, why) => {
    expect(validateTenantId(id)).toEqual([
      {
        field: 'tenantId',
        rule: 'tenantId.pattern',
        message: `Tenant id must be runs of letters and digits joined by single '-', '_' or '.' (the catalog entity name rule); ${why} (rule tenantId.pattern)`,
      },
    ]);
  });

  it('rejects a 64-character id', () => {
    expect(validateTenantId('a'.repeat(64))).toEqual([
      {
        field: 'tenantId',
        rule: 'tenantId.length',
        message:
          'Tenant id must be at most 50 characters, it becomes the AWS account name; this one has 64 (rule tenantId.length)',
      },
    ]);
    expect(TENANT_ID_MAX_LENGTH).toBe(50);
  });

  it('accepts acme.corp_01', () => {
    expect(validateTenantId('acme.corp_01')).toEqual([]);
    expect(new RegExp(TENANT_ID_PATTERN).test('acme.corp_01')).toBe(true);
    expect(new RegExp(TENANT_ID_PATTERN).test('acme--corp')).toBe(false);
  });

  it('rejects empty', () => {
    expect(rules(validateTenantId(''))).toEqual(['tenantId.required']);
  });
});

describe('validateTenantInputs / accountEmailFor', () => {
  it('collects every issue', () => {
    expect(
      rules(
        validateTenantInputs({
          tenantId: '-x',
          email: 'ops@localhost',
          accountName: 'Ü',
        }),
      ),
    ).toEqual([
      'tenantId.pattern',
      'email.domain-dot',
      'accountName.printable-ascii',
    ]);
  });
  it('derives the email deterministically', () => {
    expect(accountEmailFor('acme', 'aws+{tenantId}@x.io')).toBe(
      'aws+acme@x.io',
    );
  });
});
