import { TemplateExample } from '@backstage/plugin-scaffolder-node';
import { oneStepExample } from './oneStepExample';

const STEP = {
  id: 'plan',
  action: 'tenancy:release:plan',
  name: 'Plan the release',
};

export const examples: TemplateExample[] = [
  oneStepExample(STEP, 'Who is on which version before 1.5.0', {
    version: '1.5.0',
  }),
  oneStepExample(STEP, 'With StackSet drift detection first', {
    version: '1.5.0',
    detectDrift: true,
  }),
];
