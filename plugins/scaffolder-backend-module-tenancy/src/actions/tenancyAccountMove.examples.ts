import { TemplateExample } from '@backstage/plugin-scaffolder-node';
import yaml from 'yaml';

export const examples: TemplateExample[] = [
  {
    description: 'Move the new account into the premium tier OU, by path',
    example: yaml.stringify({
      steps: [
        {
          id: 'move',
          action: 'tenancy:account:move',
          name: 'Move into the tenants OU',
          input: {
            accountId: '222222222222',
            ou: '/Tenants/premium',
            tenantId: 'acme',
          },
        },
      ],
    }),
  },
  {
    description: 'Move the account into an OU given by id',
    example: yaml.stringify({
      steps: [
        {
          id: 'move',
          action: 'tenancy:account:move',
          name: 'Move into the tenants OU',
          input: { accountId: '222222222222', ou: 'ou-ab12-tenants1' },
        },
      ],
    }),
  },
];
