import { TemplateExample } from '@backstage/plugin-scaffolder-node';
import yaml from 'yaml';

/** The step an action's examples share: its id, the action id and the step's name. */
export interface ExampleStep {
  id: string;
  action: string;
  name: string;
}

/** One action example: a template (YAML) whose only step is `step` with `input`. */
export function oneStepExample(
  step: ExampleStep,
  description: string,
  input: Record<string, unknown>,
): TemplateExample {
  return {
    description,
    example: yaml.stringify({ steps: [{ ...step, input }] }),
  };
}
