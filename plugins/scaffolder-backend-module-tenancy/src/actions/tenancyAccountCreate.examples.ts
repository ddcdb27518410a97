import { TemplateExample } from '@backstage/plugin-scaffolder-node';
import yaml from 'yaml';

export const examples: TemplateExample[] = [
  {
    description: 'Create (or adopt) the account of tenant acme',
    example: yaml.stringify({
      steps: [
        {
          id: 'account',
          action: 'tenancy:account:create',
          name: 'Create the AWS account',
          input: {
            tenantId: 'acme',
            accountName: 'acme',
            email: 'aws+acme@example.com',
            tags: {
              tier: 'premium',
              owner: 'group:default/team-acme',
              displayName: 'ACME Manufacturing',
            },
          },
        },
      ],
    }),
  },
  {
    description: 'With a shorter deadline for AWS to create the account',
    example: yaml.stringify({
      steps: [
        {
          id: 'account',
          action: 'tenancy:account:create',
          name: 'Create the AWS account',
          input: {
            tenantId: 'globex',
            accountName: 'globex',
            email: 'aws+globex@example.com',
            timeoutSeconds: 600,
          },
        },
      ],
    }),
  },
];
