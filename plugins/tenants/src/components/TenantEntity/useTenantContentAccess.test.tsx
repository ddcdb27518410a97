import { screen } from '@testing-library/react';
import { entityNamed, renderWithTenants } from '../../__testUtils__';
import { useTenantContentAccess } from './useTenantContentAccess';

function AccessProbe() {
  const access = useTenantContentAccess();
  return (
    <p data-testid="access">
      {access.loading
        ? 'loading'
        : `health=${access.health} guardrails=${access.guardrails} spend=${access.spend} deployments=${access.deployments}`}
    </p>
  );
}

// Decisions are cached per resource ref for the file, so each test has a tenant of its own.
describe('useTenantContentAccess', () => {
  it('allows every tab to a user holding all four permissions', async () => {
    await renderWithTenants(<AccessProbe />, {
      api: {},
      entity: entityNamed('access-all'),
    });
    expect(
      await screen.findByText(
        'health=true guardrails=true spend=true deployments=true',
      ),
    ).toBeInTheDocument();
  });

  it('denies only spend to support (no tenants.spend.read)', async () => {
    await renderWithTenants(<AccessProbe />, {
      api: {},
      deny: ['tenants.spend.read'],
      entity: entityNamed('access-support'),
    });
    expect(
      await screen.findByText(
        'health=true guardrails=true spend=false deployments=true',
      ),
    ).toBeInTheDocument();
  });

  it('denies health, guardrails and deployments to finance', async () => {
    await renderWithTenants(<AccessProbe />, {
      api: {},
      deny: [
        'tenants.health.read',
        'tenants.compliance.read',
        'tenants.deployments.read',
      ],
      entity: entityNamed('access-finance'),
    });
    expect(
      await screen.findByText(
        'health=false guardrails=false spend=true deployments=false',
      ),
    ).toBeInTheDocument();
  });

  it('asks about the tenant on the page', async () => {
    const asked: string[] = [];
    await renderWithTenants(<AccessProbe />, {
      api: {},
      entity: entityNamed('access-ref'),
      onAuthorize: request => asked.push(request.resourceRef ?? '-'),
    });
    await screen.findByText(
      'health=true guardrails=true spend=true deployments=true',
    );
    expect(asked).toEqual([
      'access-ref',
      'access-ref',
      'access-ref',
      'access-ref',
    ]);
  });
});
