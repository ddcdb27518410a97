import { TemplateExample } from '@backstage/plugin-scaffolder-node';
import { oneStepExample } from './oneStepExample';

const STEP = {
  id: 'deploy',
  action: 'tenancy:release:deploy',
  name: 'Roll the release out',
};

export const examples: TemplateExample[] = [
  oneStepExample(
    STEP,
    'Three waves: two canary accounts, tier standard, then the rest; tolerance 0 each',
    {
      version: '1.5.0',
      templateBody: '{"Resources":{}}',
      parameters: { ImageTag: '1.5.0' },
      canary: ['111111111111', '222222222222'],
      tiers: ['standard'],
      canaryPreferences: { maxConcurrentCount: 1, failureToleranceCount: 0 },
      tierPreferences: {
        maxConcurrentPercentage: 25,
        failureToleranceCount: 0,
      },
      restPreferences: {
        maxConcurrentPercentage: 50,
        failureTolerancePercentage: 5,
        concurrencyMode: 'SOFT_FAILURE_TOLERANCE',
      },
    },
  ),
  oneStepExample(STEP, 'Re-deploy a recorded version to every tenant at once', {
    version: '1.4.2',
  }),
];
