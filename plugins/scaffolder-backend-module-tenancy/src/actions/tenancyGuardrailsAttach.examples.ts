import { TemplateExample } from '@backstage/plugin-scaffolder-node';
import { oneStepExample } from './oneStepExample';

const STEP = {
  id: 'guardrails',
  action: 'tenancy:guardrails:attach',
  name: 'Attach the guardrail SCPs',
};

export const examples: TemplateExample[] = [
  oneStepExample(
    STEP,
    "Attach every preventive guardrail SCP to the tenant's account",
    { targetId: '222222222222', tenantId: 'acme' },
  ),
  oneStepExample(
    STEP,
    'Attach only the data residency and leave-organization guardrails',
    {
      targetId: '222222222222',
      guardrailIds: ['region-restriction', 'deny-leave-organization'],
    },
  ),
];
