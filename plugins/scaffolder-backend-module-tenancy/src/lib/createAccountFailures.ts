/**
 * What each CreateAccount `FailureReason` means: a message that says what happened
 * and what to do, and whether the vending may try again on its own.
 */
export interface FailureAdvice {
  /** `terminal`: stop, the user must act. `retry`: a new request may succeed (bounded).
   * `follow`: another request for the same account is in flight; follow it. */
  action: 'terminal' | 'retry' | 'follow';
  message: string;
}

export function adviceFor(
  reason: string | undefined,
  email: string,
): FailureAdvice {
  switch (reason) {
    case 'EMAIL_ALREADY_EXISTS':
      return {
        action: 'terminal',
        message: `The email ${email} already belongs to another AWS account (EMAIL_ALREADY_EXISTS). Choose another email for this tenant and run the template again; retrying with the same email fails the same way.`,
      };
    case 'ACCOUNT_LIMIT_EXCEEDED':
      return {
        action: 'terminal',
        message:
          "The organization's account quota is reached (ACCOUNT_LIMIT_EXCEEDED). Ask AWS Support to raise the AWS Organizations account quota, or close unused accounts, then run the template again. Nothing was created.",
      };
    case 'CONCURRENT_ACCOUNT_MODIFICATION':
      return {
        action: 'follow',
        message:
          'Another request for this account was being processed at the same time (CONCURRENT_ACCOUNT_MODIFICATION).',
      };
    case 'INTERNAL_FAILURE':
      return {
        action: 'retry',
        message:
          'AWS Organizations failed internally (INTERNAL_FAILURE). If it keeps failing, check the AWS Health Dashboard and run the template again later.',
      };
    case 'INVALID_EMAIL':
    case 'INVALID_ADDRESS':
      return {
        action: 'terminal',
        message: `AWS rejected the account's ${
          reason === 'INVALID_EMAIL' ? 'email' : 'address'
        } (${reason}). Correct it and run the template again.`,
      };
    case 'MISSING_PAYMENT_INSTRUMENT':
    case 'INVALID_PAYMENT_INSTRUMENT':
      return {
        action: 'terminal',
        message: `The management account has no valid payment method (${reason}). Add one in the Billing console of the management account, then run the template again.`,
      };
    case 'MISSING_BUSINESS_VALIDATION':
    case 'PENDING_BUSINESS_VALIDATION':
    case 'FAILED_BUSINESS_VALIDATION':
    case 'UNKNOWN_BUSINESS_VALIDATION':
    case 'INVALID_IDENTITY_FOR_BUSINESS_VALIDATION':
      return {
        action: 'terminal',
        message: `AWS has not validated the management account's business information (${reason}). Complete the validation with AWS (Billing console or AWS Support), then run the template again.`,
      };
    case 'GOVCLOUD_ACCOUNT_ALREADY_EXISTS':
      return {
        action: 'terminal',
        message:
          'A GovCloud account for this email already exists (GOVCLOUD_ACCOUNT_ALREADY_EXISTS). Choose another email and run the template again.',
      };
    case 'UPDATE_EXISTING_RESOURCE_POLICY_WITH_TAGS_NOT_SUPPORTED':
      return {
        action: 'terminal',
        message:
          "The organization's resource policy does not allow tags on CreateAccount (UPDATE_EXISTING_RESOURCE_POLICY_WITH_TAGS_NOT_SUPPORTED). Update the resource policy, or remove the tags, and run the template again.",
      };
    default:
      return {
        action: 'terminal',
        message: `CreateAccount failed (${
          reason ?? 'no FailureReason given'
        }). Check the request in the AWS Organizations console and run the template again.`,
      };
  }
}
