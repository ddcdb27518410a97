import { TemplateExample } from '@backstage/plugin-scaffolder-node';
import { oneStepExample } from './oneStepExample';

export const examples: TemplateExample[] = [
  oneStepExample(
    {
      id: 'resume',
      action: 'tenancy:release:resume',
      name: 'Resume the rollout',
    },
    'Resume the halted rollout of the tenant stack',
    {},
  ),
];
