import fs from 'node:fs';
import path from 'node:path';
import yaml from 'yaml';
import { resolveGuardrailCatalogPath } from '@tenancy/plugin-tenants-node';

const templatePath = path.join(
  path.dirname(path.dirname(resolveGuardrailCatalogPath())),
  'templates',
  'new-tenant',
  'template.yaml',
);
const template = yaml.parse(fs.readFileSync(templatePath, 'utf8'));
const props = Object.assign(
  {},
  ...template.spec.parameters.map((p: any) => p.properties),
);

describe('templates/new-tenant/template.yaml', () => {
  it('checks the tenant id and email in the form with the same rules as the actions (CASES V2, V3)', () => {
    // The portal's field extensions (packages/app) apply validateTenantId and
    // validateAccountEmail and show each broken rule by name; a JSON-schema pattern would
    // show its own opaque message first, so the schema carries none.
    for (const field of [props.tenantId, props.email]) {
      expect(field.pattern).toBeUndefined();
      expect(field.minLength).toBeUndefined();
      expect(field.maxLength).toBeUndefined();
    }
    expect([props.tenantId['ui:field'], props.email['ui:field']]).toEqual([
      'TenantIdField',
      'AccountEmailField',
    ]);
  });

  it('asks for the owner group with the OwnerPicker, a secret external id, and enables recovery', () => {
    expect(props.owner['ui:field']).toBe('OwnerPicker');
    expect(props.owner['ui:options']).toEqual({
      catalogFilter: { kind: 'Group' },
    });
    expect(props.awsExternalId['ui:field']).toBe('Secret');
    expect(template.spec.EXPERIMENTAL_recovery).toEqual({
      EXPERIMENTAL_strategy: 'startOver',
    });
  });

  it('keeps the display name on the account as its displayName tag, the title of the Tenant entity', () => {
    const step = (id: string) =>
      template.spec.steps.find((s: any) => s.id === id);
    expect(step('account').input.tags).toEqual({
      tier: '${{ parameters.tier }}',
      owner: '${{ parameters.owner }}',
      regions: '${{ parameters.homeRegion }}',
      displayName: '${{ parameters.displayName }}',
    });
    expect(step('register').input.displayName).toBe(
      '${{ parameters.displayName }}',
    );
    expect(props.displayName.maxLength).toBe(100);
  });

  it('runs the vending steps in order and links to the Tenant page and the AWS console', () => {
    expect(template.spec.steps.map((s: any) => s.action)).toEqual([
      'tenancy:account:create',
      'tenancy:account:move',
      'tenancy:guardrails:attach',
      'tenancy:baseline:apply',
      'tenancy:budget:create',
      'tenancy:tenant:register',
      'tenancy:stateMachine:run',
    ]);
    expect(template.spec.output.links).toEqual([
      {
        title: 'Tenant page',
        icon: 'catalog',
        entityRef: '${{ steps.register.output.entityRef }}',
      },
      {
        title: 'Account in the AWS console',
        url: 'https://console.aws.amazon.com/organizations/v2/home/accounts/${{ steps.account.output.accountId }}',
      },
    ]);
  });
});
