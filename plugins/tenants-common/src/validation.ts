/**
 * Validation of the New tenant inputs, shared by the template form and the vending actions.
 * Every problem names the rule it breaks, so a person knows what to change.
 * No AWS calls: these run before any.
 */

import { validateOwnerRef } from './identity';

/** One broken rule. @public */
export interface ValidationIssue {
  /** What was checked: `tenantId`, `email`, `accountName` or `owner`. */
  field: 'tenantId' | 'email' | 'accountName' | 'owner';
  /** Stable rule id, e.g. `email.length`, `tenantId.pattern`. */
  rule: string;
  /** For a person: the rule and how the value breaks it. */
  message: string;
}

/** Longest tenant id: the AWS account name limit (50), since the tenant id becomes the account name. @public */
export const TENANT_ID_MAX_LENGTH = 50;

/**
 * JSON-schema `pattern` for the tenant id: runs of `[a-zA-Z0-9]` joined by single `-`, `_` or
 * `.` (the catalog entity name rule). Use with `maxLength: TENANT_ID_MAX_LENGTH`.
 * @public
 */
export const TENANT_ID_PATTERN = '^([a-zA-Z0-9]+[-_.])*[a-zA-Z0-9]+$';

/** Account email length limits (AWS Organizations CreateAccount). @public */
export const ACCOUNT_EMAIL_MIN_LENGTH = 6;
/** @public */
export const ACCOUNT_EMAIL_MAX_LENGTH = 64;
/** Longest AWS account name. @public */
export const ACCOUNT_NAME_MAX_LENGTH = 50;

/** Characters AWS rejects in the local part of an account email (besides whitespace). @public */
export const ACCOUNT_EMAIL_FORBIDDEN_LOCAL_CHARS = `"'()<[]:;,\\|%&`;

/**
 * JSON-schema `pattern` for the account email, equivalent to {@link validateAccountEmail}
 * (the form's first line of defence; the action checks again).
 * @public
 */
export const ACCOUNT_EMAIL_PATTERN =
  '^(?=[\\x20-\\x7e]{6,64}$)(?!\\.)[!#$*+\\-./0-9=>?A-Z^_`a-z{}~]+@(?=[A-Za-z0-9.-]*\\.)[A-Za-z0-9](?:[A-Za-z0-9.-]*[A-Za-z0-9])?$';

/**
 * JSON-schema `pattern` for the AWS account name: 1–50 printable ASCII characters.
 * @public
 */
export const ACCOUNT_NAME_PATTERN = '^[\\x20-\\x7e]{1,50}$';

const TENANT_ID_RE = new RegExp(TENANT_ID_PATTERN);
// eslint-disable-next-line no-control-regex
const ASCII_7BIT_RE = /^[\x00-\x7f]*$/;
const PRINTABLE_ASCII_RE = /^[\x20-\x7e]*$/;
const DOMAIN_CHARS_RE = /^[A-Za-z0-9.-]+$/;

/**
 * Checks a tenant id against every downstream rule at once: catalog entity name
 * (runs of `[a-zA-Z0-9]` joined by single `-_.`, ≤ 63), AWS account name (≤ 50 printable
 * ASCII) and tag value. Returns every broken rule; empty when valid.
 * @public
 */
export function validateTenantId(tenantId: string): ValidationIssue[] {
  const issues: ValidationIssue[] = [];
  const issue = (rule: string, message: string) =>
    issues.push({ field: 'tenantId', rule, message });
  if (tenantId.length === 0) {
    issue(
      'tenantId.required',
      'Tenant id is required (rule tenantId.required)',
    );
    return issues;
  }
  if (tenantId.length > TENANT_ID_MAX_LENGTH) {
    issue(
      'tenantId.length',
      `Tenant id must be at most ${TENANT_ID_MAX_LENGTH} characters, it becomes the AWS account name; this one has ${tenantId.length} (rule tenantId.length)`,
    );
  }
  if (!TENANT_ID_RE.test(tenantId)) {
    let why = 'only letters, digits and single - _ . between them';
    if (/\s/.test(tenantId)) why = 'it contains whitespace';
    else if (/[-_.]{2}/.test(tenantId)) why = 'it has two separators in a row';
    else if (/^[-_.]|[-_.]$/.test(tenantId))
      why = 'it starts or ends with a separator';
    else if (/[^a-zA-Z0-9-_.]/.test(tenantId))
      why = 'it contains a character other than letters, digits, - _ .';
    issue(
      'tenantId.pattern',
      `Tenant id must be runs of letters and digits joined by single '-', '_' or '.' (the catalog entity name rule); ${why} (rule tenantId.pattern)`,
    );
  }
  return issues;
}

/**
 * Checks an AWS account root email: 6–64 characters, 7-bit ASCII, exactly one `@`;
 * the local part has no whitespace nor any of `" ' ( ) < [ ] : ; , \ | % &` and does not start
 * with `.`; the domain has only `[A-Za-z0-9.-]`, does not start or end with `-` or `.`, and has
 * at least one dot. Plus-addressing is fine. Returns every broken rule; empty when valid.
 * @public
 */
export function validateAccountEmail(email: string): ValidationIssue[] {
  const issues: ValidationIssue[] = [];
  const issue = (rule: string, message: string) =>
    issues.push({ field: 'email', rule, message: `${message} (rule ${rule})` });
  if (
    email.length < ACCOUNT_EMAIL_MIN_LENGTH ||
    email.length > ACCOUNT_EMAIL_MAX_LENGTH
  ) {
    issue(
      'email.length',
      `Account email must be ${ACCOUNT_EMAIL_MIN_LENGTH}–${ACCOUNT_EMAIL_MAX_LENGTH} characters; this one has ${email.length}`,
    );
  }
  if (!ASCII_7BIT_RE.test(email)) {
    issue('email.ascii', 'Account email must be 7-bit ASCII');
  }
  const at = email.split('@').length - 1;
  if (at !== 1) {
    issue(
      'email.at-sign',
      `Account email must contain exactly one '@'; this one has ${at}`,
    );
    return issues;
  }
  const [local, domain] = email.split('@');
  if (local.length === 0) {
    issue('email.local-empty', 'Account email needs a local part before the @');
  }
  if (/\s/.test(local)) {
    issue(
      'email.local-whitespace',
      'Account email local part must not contain whitespace',
    );
  }
  const forbidden = [...new Set(local)].filter(c =>
    ACCOUNT_EMAIL_FORBIDDEN_LOCAL_CHARS.includes(c),
  );
  if (forbidden.length > 0) {
    issue(
      'email.local-forbidden-char',
      `Account email local part must not contain any of ${ACCOUNT_EMAIL_FORBIDDEN_LOCAL_CHARS.split(
        '',
      ).join(' ')}; found ${forbidden.join(' ')}`,
    );
  }
  if (local.startsWith('.')) {
    issue(
      'email.local-leading-dot',
      "Account email local part must not start with '.'",
    );
  }
  if (!DOMAIN_CHARS_RE.test(domain)) {
    issue(
      'email.domain-chars',
      'Account email domain may only contain letters, digits, - and .',
    );
  }
  if (/^[-.]|[-.]$/.test(domain)) {
    issue(
      'email.domain-edge',
      "Account email domain must not start or end with '-' or '.'",
    );
  }
  if (!domain.includes('.')) {
    issue(
      'email.domain-dot',
      'Account email domain must contain at least one dot',
    );
  }
  return issues;
}

/**
 * Checks an AWS account name: 1–50 printable ASCII characters (so `Ü` is rejected).
 * Returns every broken rule; empty when valid.
 * @public
 */
export function validateAccountName(name: string): ValidationIssue[] {
  const issues: ValidationIssue[] = [];
  if (name.length < 1 || name.length > ACCOUNT_NAME_MAX_LENGTH) {
    issues.push({
      field: 'accountName',
      rule: 'accountName.length',
      message: `Account name must be 1–${ACCOUNT_NAME_MAX_LENGTH} characters; this one has ${name.length} (rule accountName.length)`,
    });
  }
  if (!PRINTABLE_ASCII_RE.test(name)) {
    const bad = [...new Set(name)].filter(c => !PRINTABLE_ASCII_RE.test(c));
    issues.push({
      field: 'accountName',
      rule: 'accountName.printable-ascii',
      message: `Account name must be printable ASCII; found ${bad.join(
        ' ',
      )} (rule accountName.printable-ascii)`,
    });
  }
  return issues;
}

/**
 * Validates the vending inputs together (owner form first: rule `owner.kind`); empty when all
 * are valid.
 * @public
 */
export function validateTenantInputs(input: {
  tenantId: string;
  email?: string;
  accountName?: string;
  owner?: string;
}): ValidationIssue[] {
  return [
    ...(input.owner !== undefined ? validateOwnerRef(input.owner) : []),
    ...validateTenantId(input.tenantId),
    ...(input.email !== undefined ? validateAccountEmail(input.email) : []),
    ...(input.accountName !== undefined
      ? validateAccountName(input.accountName)
      : []),
  ];
}

/**
 * The deterministic account email for a tenant (nothing random): the `{tenantId}`
 * placeholder of `pattern` replaced, e.g. `aws+{tenantId}@example.com` → `aws+acme@example.com`.
 * @public
 */
export function accountEmailFor(tenantId: string, pattern: string): string {
  return pattern.split('{tenantId}').join(tenantId);
}
