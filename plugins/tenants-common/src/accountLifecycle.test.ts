import {
  LIFECYCLE_LABELS,
  OFFBOARDING_STATE_TAG,
  tenantLifecycleOf,
} from './accountLifecycle';

describe('tenantLifecycleOf', () => {
  it('follows the account State', () => {
    expect(
      [
        'PENDING_ACTIVATION',
        'ACTIVE',
        'SUSPENDED',
        'PENDING_CLOSURE',
        'CLOSED',
        'NEW',
      ].map(s => tenantLifecycleOf(s)),
    ).toEqual([
      'activating',
      'active',
      'suspended',
      'closing',
      'closed',
      'suspended',
    ]);
  });

  it('shows a SUSPENDED account closed by the offboarding (tag tenancy-state=closing) as closed', () => {
    const closing = { [OFFBOARDING_STATE_TAG]: 'closing' };
    expect(OFFBOARDING_STATE_TAG).toBe('tenancy-state');
    expect(LIFECYCLE_LABELS[tenantLifecycleOf('SUSPENDED', closing)]).toBe(
      'Closed',
    );
    expect(tenantLifecycleOf('PENDING_CLOSURE', closing)).toBe('closing');
    expect(tenantLifecycleOf('ACTIVE', closing)).toBe('active');
    expect(
      tenantLifecycleOf('SUSPENDED', {
        [OFFBOARDING_STATE_TAG]: 'offboarding',
      }),
    ).toBe('suspended');
  });
});
