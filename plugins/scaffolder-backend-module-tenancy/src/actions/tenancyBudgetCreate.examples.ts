import { TemplateExample } from '@backstage/plugin-scaffolder-node';
import yaml from 'yaml';

export const examples: TemplateExample[] = [
  {
    description: 'A 1,000 USD monthly budget for the tenant account',
    example: yaml.stringify({
      steps: [
        {
          id: 'budget',
          action: 'tenancy:budget:create',
          name: 'Create the budget',
          input: {
            accountId: '222222222222',
            tenantId: 'acme',
            amountUsd: 1000,
          },
        },
      ],
    }),
  },
  {
    description: 'With the default amount and extra notification addresses',
    example: yaml.stringify({
      steps: [
        {
          id: 'budget',
          action: 'tenancy:budget:create',
          name: 'Create the budget',
          input: {
            accountId: '222222222222',
            tenantId: 'acme',
            notificationEmails: ['finance@example.com'],
          },
        },
      ],
    }),
  },
];
