import { TemplateExample } from '@backstage/plugin-scaffolder-node';
import yaml from 'yaml';

export const examples: TemplateExample[] = [
  {
    description: 'Deploy the configured baseline StackSet to the new account',
    example: yaml.stringify({
      steps: [
        {
          id: 'baseline',
          action: 'tenancy:baseline:apply',
          name: 'Apply the baseline',
          input: {
            accountId: '222222222222',
            tenantId: 'acme',
            ouId: 'ou-ab12-tenants1',
          },
        },
      ],
    }),
  },
  {
    description: 'A named StackSet in two regions, with the secret external id',
    example: yaml.stringify({
      steps: [
        {
          id: 'baseline',
          action: 'tenancy:baseline:apply',
          name: 'Apply the baseline',
          input: {
            accountId: '222222222222',
            stackSetName: 'tenant-baseline',
            regions: ['us-east-1', 'eu-west-1'],
            externalId: '${{ secrets.awsExternalId }}',
          },
        },
      ],
    }),
  },
];
