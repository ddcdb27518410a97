import { TemplateExample } from '@backstage/plugin-scaffolder-node';
import { oneStepExample } from './oneStepExample';

const STEP = {
  id: 'budget',
  action: 'tenancy:budget:create',
  name: 'Create the budget',
};

export const examples: TemplateExample[] = [
  oneStepExample(STEP, 'A 1,000 USD monthly budget for the tenant account', {
    accountId: '222222222222',
    tenantId: 'acme',
    amountUsd: 1000,
  }),
  oneStepExample(
    STEP,
    'With the default amount and extra notification addresses',
    {
      accountId: '222222222222',
      tenantId: 'acme',
      notificationEmails: ['finance@example.com'],
    },
  ),
];
