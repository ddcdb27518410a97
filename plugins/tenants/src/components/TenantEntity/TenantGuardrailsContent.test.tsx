import { screen, within } from '@testing-library/react';
import type {
  Guardrail,
  TenantCompliance,
} from '@tenancy/plugin-tenants-common';
import {
  entityNamed,
  renderWithTenants,
  responseError,
  tenantEntity,
} from '../../__testUtils__';
import { TenantGuardrailsContent } from './TenantGuardrailsContent';

const catalog: Guardrail[] = [
  {
    id: 'deny-leave-organization',
    title: 'Tenant accounts cannot leave the organization',
    why: 'An account that leaves escapes every SCP.',
    kind: 'preventive',
    severity: 'critical',
    policyName: 'tenant-deny-leave-org',
  },
  {
    id: 's3-bucket-sse-enabled',
    title: 'S3 buckets have default encryption',
    why: 'Data at rest is encrypted.',
    kind: 'detective',
    severity: 'high',
    configRuleName: 's3-bucket-sse-enabled',
  },
  {
    id: 'rds-storage-encrypted',
    title: 'RDS storage is encrypted',
    why: 'Databases at rest are encrypted.',
    kind: 'detective',
    severity: 'high',
    configRuleName: 'rds-storage-encrypted',
  },
  {
    id: 'tenant-custom-tagging',
    title: 'Resources carry the tenant tag',
    why: 'Cost allocation finds resources by tag.',
    kind: 'detective',
    severity: 'low',
    configRuleName: 'tenant-custom-tagging',
  },
  {
    id: 'baseline-stackset',
    title: 'The baseline StackSet instance is current',
    why: 'The baseline deploys the Config rules.',
    kind: 'baseline',
    severity: 'high',
  },
];

// docs/aws-behaviours/fleet.md#config-rules-with-no-results: R1 COMPLIANT, R2 no applicable resources, R3 last evaluation failed.
const compliance: TenantCompliance = {
  score: {
    compliant: 1,
    evaluated: 1,
    noData: 1,
    evaluationFailing: 1,
    total: 3,
  },
  guardrails: [
    {
      guardrailId: 'deny-leave-organization',
      status: 'attached',
      detail: 'Attached to ou-kqv2-ecgve494',
    },
    { guardrailId: 's3-bucket-sse-enabled', status: 'compliant' },
    {
      guardrailId: 'rds-storage-encrypted',
      status: 'no-data',
      detail: 'No applicable resources',
    },
    {
      guardrailId: 'tenant-custom-tagging',
      status: 'evaluation-failing',
      detail:
        'Config rule tenant-custom-tagging has no result from its last evaluation (INSUFFICIENT_DATA)',
    },
  ],
  findings: { member: true, low: 4, medium: 2, high: 1, critical: 0 },
  baselineStatus: 'CURRENT',
  collectedAt: '2025-05-20T11:48:00Z',
};

const statusOf = (id: string) =>
  within(screen.getByTestId(`guardrail-${id}`)).getAllByRole('cell')[3];

describe('TenantGuardrailsContent', () => {
  it('reads "Compliant: 1 of 1 evaluated" with the two caveats, not 1/3 or 100% (docs/aws-behaviours/fleet.md#config-rules-with-no-results)', async () => {
    await renderWithTenants(<TenantGuardrailsContent />, {
      api: {
        listGuardrails: jest.fn().mockResolvedValue({ items: catalog }),
        getTenantCompliance: jest.fn().mockResolvedValue(compliance),
      },
      entity: tenantEntity,
    });
    expect(await screen.findByTestId('compliance-score')).toHaveTextContent(
      'Compliant: 1 of 1 evaluated \u00b7 1 no data \u00b7 1 failing',
    );
    expect(
      screen.getByText(
        /1 with no applicable resources \(neither compliant nor not\); 1 whose last evaluation failed/,
      ),
    ).toBeInTheDocument();
    expect(statusOf('s3-bucket-sse-enabled')).toHaveTextContent('Compliant');
    expect(statusOf('rds-storage-encrypted')).toHaveTextContent(
      'No dataNo applicable resources',
    );
    expect(statusOf('tenant-custom-tagging')).toHaveTextContent(
      "Evaluation failingAWS Config could not evaluate this rule (INSUFFICIENT_DATA): check the rule's last evaluation error in the security account",
    );
  });

  it('says which regions were read, and that the tenant runs in one that is not (eu-west-1)', async () => {
    await renderWithTenants(<TenantGuardrailsContent />, {
      api: {
        listGuardrails: jest.fn().mockResolvedValue({ items: catalog }),
        getTenantCompliance: jest.fn().mockResolvedValue({
          ...compliance,
          regionsRead: ['us-east-1', 'eu-central-1'],
        }),
      },
      entity: tenantEntity,
    });
    expect(await screen.findByTestId('regions-read')).toHaveTextContent(
      'Regions read: us-east-1, eu-central-1. GuardDuty findings, Config results and StackSet instances in any other region are not included. This tenant also runs in eu-west-1, which is not read.',
    );
  });

  it('a suspended tenant (H4): the lifecycle and why, no Config counts and no findings read as failures', async () => {
    const reason =
      'The account is suspended (State SUSPENDED): not monitored, not scored';
    await renderWithTenants(<TenantGuardrailsContent />, {
      api: {
        listGuardrails: jest.fn().mockResolvedValue({ items: catalog }),
        getTenantCompliance: jest.fn().mockResolvedValue({
          ...compliance,
          guardrails: [],
          configRules: {
            rulesWithResult: 4,
            nonCompliantRules: 1,
            nonCompliantResources: 1,
          },
          notScored: { lifecycle: 'suspended', reason },
        }),
      },
      entity: tenantEntity,
    });
    expect(await screen.findByTestId('compliance-score')).toHaveTextContent(
      reason,
    );
    expect(screen.getByTestId('findings-not-monitored')).toHaveTextContent(
      reason,
    );
    expect(screen.queryByTestId('config-rules-non-compliant')).toBeNull();
  });

  it("names the tenant's OU an SCP is attached to by its path", async () => {
    await renderWithTenants(<TenantGuardrailsContent />, {
      api: {
        listGuardrails: jest.fn().mockResolvedValue({ items: catalog }),
        getTenantCompliance: jest.fn().mockResolvedValue(compliance),
        getTenant: jest.fn().mockResolvedValue({
          tenantId: 'acme',
          ouId: 'ou-kqv2-ecgve494',
          ouPath: '/Tenants/enterprise',
        }),
      },
      entity: tenantEntity,
    });
    await screen.findByTestId('compliance-score');
    expect(statusOf('deny-leave-organization')).toHaveTextContent(
      'AttachedAttached to the OU /Tenants/enterprise (ou-kqv2-ecgve494)',
    );
  });

  it("keeps the OU id when the OU is not the tenant's parent", async () => {
    await renderWithTenants(<TenantGuardrailsContent />, {
      api: {
        listGuardrails: jest.fn().mockResolvedValue({ items: catalog }),
        getTenantCompliance: jest.fn().mockResolvedValue(compliance),
        getTenant: jest.fn().mockResolvedValue({
          tenantId: 'acme',
          ouId: 'ou-kqv2-other000',
          ouPath: '/Tenants/premium',
        }),
      },
      entity: tenantEntity,
    });
    await screen.findByTestId('compliance-score');
    expect(statusOf('deny-leave-organization')).toHaveTextContent(
      'AttachedAttached to ou-kqv2-ecgve494',
    );
  });

  it('lists every control of the catalog with why it exists, and the GuardDuty findings', async () => {
    await renderWithTenants(<TenantGuardrailsContent />, {
      api: {
        listGuardrails: jest.fn().mockResolvedValue({ items: catalog }),
        getTenantCompliance: jest.fn().mockResolvedValue(compliance),
      },
      entity: tenantEntity,
    });
    await screen.findByTestId('compliance-score');
    expect(screen.getAllByTestId(/^guardrail-/)).toHaveLength(5);
    // Without the tenant's OU (no getTenant answer) the OU id stays.
    expect(statusOf('deny-leave-organization')).toHaveTextContent(
      'AttachedAttached to ou-kqv2-ecgve494',
    );
    expect(statusOf('baseline-stackset')).toHaveTextContent('Not evaluated');
    expect(
      screen.getByText('An account that leaves escapes every SCP.'),
    ).toBeInTheDocument();
    expect(screen.getByText('tenant-deny-leave-org')).toBeInTheDocument();
    expect(screen.getByTestId('findings-critical')).toHaveTextContent(
      '0critical',
    );
    expect(screen.getByTestId('findings-high')).toHaveTextContent('1high');
    expect(screen.getByTestId('findings-medium')).toHaveTextContent('2medium');
    expect(screen.getByTestId('findings-low')).toHaveTextContent('4low');
    expect(
      screen.getByText('Baseline StackSet instance: CURRENT'),
    ).toBeInTheDocument();
  });

  it('still lists the results by id when the catalog cannot be loaded', async () => {
    await renderWithTenants(<TenantGuardrailsContent />, {
      api: {
        listGuardrails: jest
          .fn()
          .mockRejectedValue(responseError(404, 'NotFoundError', 'Not found')),
        getTenantCompliance: jest.fn().mockResolvedValue(compliance),
      },
      entity: tenantEntity,
    });
    expect(
      await screen.findByText(
        /The guardrail catalog could not be loaded \(Not found \(HTTP 404\)\)/,
      ),
    ).toBeInTheDocument();
    expect(screen.getAllByTestId(/^guardrail-/)).toHaveLength(4);
    expect(statusOf('rds-storage-encrypted')).toHaveTextContent(
      'No dataNo applicable resources',
    );
  });

  it('says compliance is not collected yet before the first refresh', async () => {
    const notCollected: TenantCompliance = {
      score: {
        compliant: 0,
        evaluated: 0,
        noData: 0,
        evaluationFailing: 0,
        total: 0,
      },
      guardrails: [],
      findings: { member: false, low: 0, medium: 0, high: 0, critical: 0 },
      baselineStatus: null,
      collectedAt: '',
    };
    await renderWithTenants(<TenantGuardrailsContent />, {
      api: {
        listGuardrails: jest.fn().mockResolvedValue({ items: catalog }),
        getTenantCompliance: jest.fn().mockResolvedValue(notCollected),
      },
      entity: tenantEntity,
    });
    expect(
      await screen.findByText(
        /Compliance has not been collected for this tenant yet/,
      ),
    ).toBeInTheDocument();
    expect(screen.getByTestId('compliance-score')).toHaveTextContent(
      'not collected yet',
    );
    expect(
      screen.queryByText(/not an enabled GuardDuty member/),
    ).not.toBeInTheDocument();
    expect(statusOf('s3-bucket-sse-enabled')).toHaveTextContent(
      'Not evaluated',
    );
  });

  it('warns when the account is not a GuardDuty member', async () => {
    await renderWithTenants(<TenantGuardrailsContent />, {
      api: {
        listGuardrails: jest.fn().mockResolvedValue({ items: catalog }),
        getTenantCompliance: jest.fn().mockResolvedValue({
          ...compliance,
          findings: {
            member: false,
            low: 0,
            medium: 0,
            high: 0,
            critical: 0,
          },
        }),
      },
      entity: tenantEntity,
    });
    expect(
      await screen.findByText(/not an enabled GuardDuty member/),
    ).toBeInTheDocument();
  });

  it('shows a permission message instead of an erroring tab', async () => {
    const getTenantCompliance = jest.fn();
    await renderWithTenants(<TenantGuardrailsContent />, {
      api: { listGuardrails: jest.fn(), getTenantCompliance },
      entity: entityNamed('denied-compliance'),
      deny: ['tenants.compliance.read'],
    });
    expect(
      await screen.findByText(
        "You don't have permission to see this tenant's guardrail compliance",
      ),
    ).toBeInTheDocument();
    expect(getTenantCompliance).not.toHaveBeenCalled();
  });

  it('shows a 403 from the backend as the permission message', async () => {
    await renderWithTenants(<TenantGuardrailsContent />, {
      api: {
        listGuardrails: jest.fn().mockResolvedValue({ items: catalog }),
        getTenantCompliance: jest
          .fn()
          .mockRejectedValue(
            responseError(403, 'NotAllowedError', 'Unauthorized'),
          ),
      },
      entity: entityNamed('forbidden-compliance'),
    });
    expect(
      await screen.findByText(
        "You don't have permission to see guardrail compliance",
      ),
    ).toBeInTheDocument();
    expect(
      screen.getByText(/needs the tenants.compliance.read permission/),
    ).toBeInTheDocument();
  });
});
