import { TemplateExample } from '@backstage/plugin-scaffolder-node';
import { oneStepExample } from './oneStepExample';

const STEP = {
  id: 'move',
  action: 'tenancy:account:move',
  name: 'Move into the tenants OU',
};

export const examples: TemplateExample[] = [
  oneStepExample(
    STEP,
    'Move the new account into the premium tier OU, by path',
    {
      accountId: '222222222222',
      ou: '/Tenants/premium',
      tenantId: 'acme',
    },
  ),
  oneStepExample(STEP, 'Move the account into an OU given by id', {
    accountId: '222222222222',
    ou: 'ou-ab12-tenants1',
  }),
];
