import { TemplateExample } from '@backstage/plugin-scaffolder-node';
import yaml from 'yaml';

export const examples: TemplateExample[] = [
  {
    description: 'Register the vended tenant acme in the catalog',
    example: yaml.stringify({
      steps: [
        {
          id: 'register',
          action: 'tenancy:tenant:register',
          name: 'Register the tenant',
          input: {
            tenantId: 'acme',
            displayName: 'ACME Corp',
            accountId: '222222222222',
            accountName: 'acme',
            owner: 'group:default/team-acme',
            tier: 'premium',
            ouPath: '/Tenants/premium',
            regions: ['us-east-1'],
          },
        },
      ],
    }),
  },
];
