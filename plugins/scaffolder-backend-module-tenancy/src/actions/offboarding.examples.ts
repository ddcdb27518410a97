import { TemplateExample } from '@backstage/plugin-scaffolder-node';
import { oneStepExample } from './oneStepExample';

const TARGET = { tenantId: 'acme', accountId: '222222222222' };

const step = (id: string, action: string, name: string) => ({
  id,
  action,
  name,
});

/** The documented examples of each offboarding action, by action id. */
export const offboardingExamples: Record<string, TemplateExample[]> = {
  'tenancy:offboard:plan': [
    oneStepExample(
      step('plan', 'tenancy:offboard:plan', 'Plan'),
      'Plan offboarding tenant acme, deleting its stacks; the confirmation is the tenant id typed again',
      {
        ...TARGET,
        confirmation: 'acme',
        mode: 'offboard',
        retainStacks: false,
      },
    ),
    oneStepExample(
      step('plan', 'tenancy:offboard:plan', 'Plan'),
      'Plan bringing a suspended tenant back',
      { ...TARGET, confirmation: 'acme', mode: 'reinstate' },
    ),
  ],
  'tenancy:account:suspend': [
    oneStepExample(
      step('suspend', 'tenancy:account:suspend', 'Suspend the account'),
      'Move the account of tenant acme into /Suspended',
      TARGET,
    ),
  ],
  'tenancy:stackInstances:remove': [
    oneStepExample(
      step(
        'stacks',
        'tenancy:stackInstances:remove',
        'Remove the StackSet instances',
      ),
      'Remove the baseline instances, keeping the stacks in the account',
      { ...TARGET, retainStacks: true },
    ),
    oneStepExample(
      step(
        'stacks',
        'tenancy:stackInstances:remove',
        'Remove the StackSet instances',
      ),
      'Remove the instances of the StackSets named, deleting the stacks',
      {
        ...TARGET,
        retainStacks: false,
        stackSetNames: ['tenant-baseline'],
      },
    ),
  ],
  'tenancy:budget:delete': [
    oneStepExample(
      step('budget', 'tenancy:budget:delete', 'Delete the budget'),
      'Delete budget tenant-acme',
      TARGET,
    ),
  ],
  'tenancy:spend:archive': [
    oneStepExample(
      step('spend', 'tenancy:spend:archive', 'Archive the spend history'),
      'Check that the spend history of tenant acme is stored before closing',
      TARGET,
    ),
  ],
  'tenancy:account:close': [
    oneStepExample(
      step('close', 'tenancy:account:close', 'Close the account'),
      'Close the suspended account and wait until AWS shows it closed',
      TARGET,
    ),
    oneStepExample(
      step('close', 'tenancy:account:close', 'Close the account'),
      'Close it and go on while AWS works (PENDING_CLOSURE)',
      { ...TARGET, wait: false },
    ),
  ],
  'tenancy:tenant:state': [
    oneStepExample(
      step('closed', 'tenancy:tenant:state', 'Show the tenant closed'),
      'Wait until the portal shows tenant acme closed',
      { ...TARGET, state: 'closed' },
    ),
  ],
  'tenancy:account:reinstate': [
    oneStepExample(
      step(
        'reinstate',
        'tenancy:account:reinstate',
        'Move the account back to its tier OU',
      ),
      'Move the account back to /Tenants/<its tier tag>',
      TARGET,
    ),
    oneStepExample(
      step(
        'reinstate',
        'tenancy:account:reinstate',
        'Move the account back to its tier OU',
      ),
      'Move it back to /Tenants/premium',
      { ...TARGET, tier: 'premium' },
    ),
  ],
};
