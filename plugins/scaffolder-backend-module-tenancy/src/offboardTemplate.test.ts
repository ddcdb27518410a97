import fs from 'node:fs';
import path from 'node:path';
import yaml from 'yaml';
import { resolveGuardrailCatalogPath } from '@tenancy/plugin-tenants-node';

const template = yaml.parse(
  fs.readFileSync(
    path.join(
      path.dirname(path.dirname(resolveGuardrailCatalogPath())),
      'templates',
      'offboard-tenant',
      'template.yaml',
    ),
    'utf8',
  ),
);
const props = Object.assign(
  {},
  ...template.spec.parameters.map((p: any) => p.properties),
);
const steps = template.spec.steps as Array<{
  id: string;
  action: string;
  if?: string;
  input: Record<string, unknown>;
}>;

describe('templates/offboard-tenant/template.yaml', () => {
  it('asks for a Tenant, the mode, retain or delete, and the typed tenant id', () => {
    expect(template.spec.parameters[0].required).toEqual([
      'tenant',
      'confirmation',
      'mode',
    ]);
    expect(props.tenant['ui:field']).toBe('EntityPicker');
    expect(props.tenant['ui:options'].catalogFilter).toEqual({
      kind: 'Tenant',
    });
    expect(props.mode.enum).toEqual(['offboard', 'reinstate']);
    expect(props.retainStacks).toMatchObject({
      type: 'boolean',
      default: true,
    });
    expect(props.confirmation.type).toBe('string');
    expect(template.spec.EXPERIMENTAL_recovery).toEqual({
      EXPERIMENTAL_strategy: 'startOver',
    });
  });

  it('runs the plan first with the confirmation, then the offboard steps or the reinstate steps', () => {
    expect(steps.map(s => s.action)).toEqual([
      'catalog:fetch',
      'tenancy:offboard:plan',
      'tenancy:account:suspend',
      'tenancy:tenant:state',
      'tenancy:stackInstances:remove',
      'tenancy:budget:delete',
      'tenancy:spend:archive',
      'tenancy:account:close',
      'tenancy:tenant:state',
      'tenancy:tenant:state',
      'tenancy:account:reinstate',
      'tenancy:guardrails:attach',
      'tenancy:baseline:apply',
      'tenancy:budget:create',
      'tenancy:tenant:state',
    ]);
    expect(steps[1].input.confirmation).toBe('${{ parameters.confirmation }}');
    const offboard =
      "${{ parameters.mode == 'offboard' and not steps.plan.output.alreadyClosed }}";
    const reinstate = "${{ parameters.mode == 'reinstate' }}";
    expect(steps.map(s => s.if ?? '')).toEqual([
      '',
      '',
      ...Array(8).fill(offboard),
      ...Array(5).fill(reinstate),
    ]);
    expect(
      steps
        .filter(s => s.action === 'tenancy:tenant:state')
        .map(s => s.input.state),
    ).toEqual(['offboarding', 'closing', 'closed', 'active']);
    expect(steps.find(s => s.id === 'stacks')!.input.retainStacks).toBe(
      '${{ parameters.retainStacks }}',
    );
    expect(steps.find(s => s.id === 'close')!.input.wait).toBe(false);
  });
});
