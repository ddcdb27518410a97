import { TemplateExample } from '@backstage/plugin-scaffolder-node';
import yaml from 'yaml';

/** One example: a template whose only step is `tenancy:budget:create` with `input`. */
function budgetExample(
  description: string,
  input: Record<string, unknown>,
): TemplateExample {
  return {
    description,
    example: yaml.stringify({
      steps: [
        {
          id: 'budget',
          action: 'tenancy:budget:create',
          name: 'Create the budget',
          input,
        },
      ],
    }),
  };
}

export const examples: TemplateExample[] = [
  budgetExample('A 1,000 USD monthly budget for the tenant account', {
    accountId: '222222222222',
    tenantId: 'acme',
    amountUsd: 1000,
  }),
  budgetExample('With the default amount and extra notification addresses', {
    accountId: '222222222222',
    tenantId: 'acme',
    notificationEmails: ['finance@example.com'],
  }),
];
