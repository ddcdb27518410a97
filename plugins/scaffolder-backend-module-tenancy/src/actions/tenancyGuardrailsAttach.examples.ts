import { TemplateExample } from '@backstage/plugin-scaffolder-node';
import yaml from 'yaml';

/** One example: a template whose only step is `tenancy:guardrails:attach` with `input`. */
function attachExample(
  description: string,
  input: Record<string, unknown>,
): TemplateExample {
  return {
    description,
    example: yaml.stringify({
      steps: [
        {
          id: 'guardrails',
          action: 'tenancy:guardrails:attach',
          name: 'Attach the guardrail SCPs',
          input,
        },
      ],
    }),
  };
}

export const examples: TemplateExample[] = [
  attachExample(
    "Attach every preventive guardrail SCP to the tenant's account",
    { targetId: '222222222222', tenantId: 'acme' },
  ),
  attachExample(
    'Attach only the data residency and leave-organization guardrails',
    {
      targetId: '222222222222',
      guardrailIds: ['region-restriction', 'deny-leave-organization'],
    },
  ),
];
