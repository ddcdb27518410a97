import { TemplateExample } from '@backstage/plugin-scaffolder-node';
import yaml from 'yaml';

/** One example: a template whose only step is `tenancy:account:move` with `input`. */
function moveExample(
  description: string,
  input: Record<string, unknown>,
): TemplateExample {
  return {
    description,
    example: yaml.stringify({
      steps: [
        {
          id: 'move',
          action: 'tenancy:account:move',
          name: 'Move into the tenants OU',
          input,
        },
      ],
    }),
  };
}

export const examples: TemplateExample[] = [
  moveExample('Move the new account into the premium tier OU, by path', {
    accountId: '222222222222',
    ou: '/Tenants/premium',
    tenantId: 'acme',
  }),
  moveExample('Move the account into an OU given by id', {
    accountId: '222222222222',
    ou: 'ou-ab12-tenants1',
  }),
];
