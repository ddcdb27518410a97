import { TemplateExample } from '@backstage/plugin-scaffolder-node';
import { oneStepExample } from './oneStepExample';

const STEP = {
  id: 'rollback',
  action: 'tenancy:release:rollback',
  name: 'Roll back',
};

export const examples: TemplateExample[] = [
  oneStepExample(STEP, 'Every tenant the latest rollout moved', {}),
  oneStepExample(STEP, 'Only the tenants of one wave', {
    waves: ['tier standard'],
  }),
];
