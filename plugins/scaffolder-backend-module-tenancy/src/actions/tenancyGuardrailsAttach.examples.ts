import { TemplateExample } from '@backstage/plugin-scaffolder-node';
import yaml from 'yaml';

export const examples: TemplateExample[] = [
  {
    description:
      "Attach every preventive guardrail SCP to the tenant's account",
    example: yaml.stringify({
      steps: [
        {
          id: 'guardrails',
          action: 'tenancy:guardrails:attach',
          name: 'Attach the guardrail SCPs',
          input: { targetId: '222222222222', tenantId: 'acme' },
        },
      ],
    }),
  },
  {
    description:
      'Attach only the data residency and leave-organization guardrails',
    example: yaml.stringify({
      steps: [
        {
          id: 'guardrails',
          action: 'tenancy:guardrails:attach',
          name: 'Attach the guardrail SCPs',
          input: {
            targetId: '222222222222',
            guardrailIds: ['region-restriction', 'deny-leave-organization'],
          },
        },
      ],
    }),
  },
];
