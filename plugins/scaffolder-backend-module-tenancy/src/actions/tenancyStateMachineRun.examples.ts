import { TemplateExample } from '@backstage/plugin-scaffolder-node';
import yaml from 'yaml';

export const examples: TemplateExample[] = [
  {
    description:
      'Hand the new tenant to the tenant stack deployment state machine',
    example: yaml.stringify({
      steps: [
        {
          id: 'deploy',
          action: 'tenancy:stateMachine:run',
          name: 'Deploy the tenant stack',
          input: {
            tenantId: 'acme',
            accountId: '222222222222',
            stateMachineArn:
              'arn:aws:states:us-east-1:000000000000:stateMachine:tenant-deploy',
            input: { tier: 'premium' },
          },
        },
      ],
    }),
  },
];
