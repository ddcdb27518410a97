import { screen, within } from '@testing-library/react';
import type {
  Guardrail,
  TenantCompliance,
} from '@tenancy/plugin-tenants-common';
import { renderWithTenants, tenantEntity } from '../../__testUtils__';
import { TenantGuardrailsContent } from './TenantGuardrailsContent';

const catalog: Guardrail[] = [
  {
    id: 'guardduty-enabled',
    title: 'GuardDuty is enabled',
    why: 'Threats are seen.',
    kind: 'threat-detection',
    severity: 'high',
  },
];

const region = (
  name: string,
  status: 'member' | 'not-member' | 'not-configured',
  counts: { low?: number; medium?: number; high?: number; critical?: number },
) => ({
  region: name,
  status,
  low: counts.low ?? 0,
  medium: counts.medium ?? 0,
  high: counts.high ?? 0,
  critical: counts.critical ?? 0,
});

/** Regions us-east-1 and eu-central-1; ap-southeast-2 has no detector of the organization. */
const compliance = (
  findings: TenantCompliance['findings'],
  detail: string,
): TenantCompliance => ({
  score: {
    compliant: 0,
    evaluated: 1,
    noData: 0,
    evaluationFailing: 0,
    total: 1,
  },
  guardrails: [
    { guardrailId: 'guardduty-enabled', status: 'non-compliant', detail },
  ],
  findings,
  baselineStatus: 'CURRENT',
  collectedAt: '2026-03-15T11:48:00Z',
});

const cells = (r: string) =>
  within(screen.getByTestId(`findings-region-${r}`))
    .getAllByRole('cell')
    .map(c => c.textContent);

describe('GuardDuty findings by region (Guardrails tab)', () => {
  it('G2: shows 13 findings as 7 in us-east-1 and 6 in eu-central-1', async () => {
    await renderWithTenants(<TenantGuardrailsContent />, {
      api: {
        listGuardrails: jest.fn().mockResolvedValue({ items: catalog }),
        getTenantCompliance: jest.fn().mockResolvedValue(
          compliance(
            {
              member: true,
              low: 4,
              medium: 5,
              high: 3,
              critical: 1,
              regions: [
                region('us-east-1', 'member', { low: 4, high: 3 }),
                region('eu-central-1', 'member', { medium: 5, critical: 1 }),
              ],
            },
            'Enabled member in us-east-1, eu-central-1',
          ),
        ),
      },
      entity: tenantEntity,
    });
    expect(await screen.findByTestId('findings-total')).toHaveTextContent(
      '13 unarchived findings (7 in us-east-1, 6 in eu-central-1)',
    );
    expect(screen.getByTestId('findings-critical')).toHaveTextContent(
      '1critical',
    );
    expect(screen.getByTestId('findings-low')).toHaveTextContent('4low');
    expect(cells('us-east-1')).toEqual([
      'us-east-1',
      'member',
      '0',
      '3',
      '0',
      '4',
      '7',
    ]);
    expect(cells('eu-central-1')).toEqual([
      'eu-central-1',
      'member',
      '1',
      '0',
      '5',
      '0',
      '6',
    ]);
  });

  it('G2: says "not a member in eu-central-1" and "not configured", never 0 findings there', async () => {
    await renderWithTenants(<TenantGuardrailsContent />, {
      api: {
        listGuardrails: jest.fn().mockResolvedValue({ items: catalog }),
        getTenantCompliance: jest.fn().mockResolvedValue(
          compliance(
            {
              member: false,
              low: 2,
              medium: 0,
              high: 0,
              critical: 0,
              regions: [
                region('us-east-1', 'member', { low: 2 }),
                region('eu-central-1', 'not-member', {}),
                region('ap-southeast-2', 'not-configured', {}),
              ],
            },
            'Enabled member in us-east-1; not a member in eu-central-1; GuardDuty not configured in ap-southeast-2',
          ),
        ),
      },
      entity: tenantEntity,
    });
    expect(await screen.findByTestId('findings-total')).toHaveTextContent(
      '2 unarchived findings in us-east-1; not a member in eu-central-1; ap-southeast-2 not configured',
    );
    expect(cells('eu-central-1')).toEqual([
      'eu-central-1',
      'not a member in eu-central-1',
      '—',
      '—',
      '—',
      '—',
      '—',
    ]);
    expect(cells('ap-southeast-2')).toEqual([
      'ap-southeast-2',
      'not configured: the organization has no GuardDuty detector in ap-southeast-2',
      '—',
      '—',
      '—',
      '—',
      '—',
    ]);
    expect(
      within(screen.getByTestId('guardrail-guardduty-enabled')).getByText(
        'Enabled member in us-east-1; not a member in eu-central-1; GuardDuty not configured in ap-southeast-2',
      ),
    ).toBeInTheDocument();
  });
});
