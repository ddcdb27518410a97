/**
 * The seeded baseline StackSet: SERVICE_MANAGED, auto-deployment to the Tenants OU tree, an
 * instance per tenant account (mostly CURRENT, a few OUTDATED with FAILED or CANCELLED).
 */
import { MANAGEMENT_ACCOUNT_ID } from '../../core/organization/organization';
import { createRng } from '../../core/random';
import { SandboxState, StackInstanceRecord } from '../../core/state';
import { BASELINE_TEMPLATE } from './baselineTemplate';
import { uuidFor } from './stacksets';

/** The regions the baseline deploys to. */
export const BASELINE_REGIONS = ['us-east-1'];

/** Seeds the baseline StackSet with instances for the tenant accounts in the Tenants OU tree. */
export function seedBaselineStackSet(state: SandboxState, name: string): void {
  const org = state.org;
  const tenantsOu = org.parentByPath('/Tenants');
  if (!tenantsOu) return;
  const id = `${name}:${uuidFor(state.seed, 'stackset', name)}`;
  const rng = createRng(state.seed, 'baseline-instances');
  const createdAtMs = Date.parse(state.anchor) - 3 * 365 * 86_400_000;
  const opId = uuidFor(state.seed, 'baseline-operation');
  const instances: StackInstanceRecord[] = [];
  for (const account of org.accountsUnder(tenantsOu, true)) {
    for (const region of BASELINE_REGIONS) {
      const roll = rng.next();
      const base = {
        account: account.id,
        region,
        organizationalUnitId: account.parentId,
        lastOperationId: opId,
        driftStatus: 'NOT_CHECKED' as const,
      };
      if (roll < 0.02) {
        instances.push({
          ...base,
          status: 'OUTDATED',
          detailedStatus: 'FAILED',
          statusReason:
            'ResourceLogicalId:TenancyReadRole, ResourceType:AWS::IAM::Role, ResourceStatusReason:TenancyReadRole already exists in stack.',
        });
      } else if (roll < 0.05) {
        instances.push({
          ...base,
          status: 'OUTDATED',
          detailedStatus: 'CANCELLED',
          statusReason: 'Cancelled since failure tolerance has exceeded',
        });
      } else {
        instances.push({
          ...base,
          status: 'CURRENT',
          detailedStatus: 'SUCCEEDED',
        });
      }
    }
  }
  state.stackSets.push({
    name,
    id,
    arn: `arn:aws:cloudformation:us-east-1:${MANAGEMENT_ACCOUNT_ID}:stackset/${id}`,
    description:
      'Tenant baseline: Config rules, GuardDuty membership, read role, OAM link, encryption defaults',
    status: 'ACTIVE',
    permissionModel: 'SERVICE_MANAGED',
    autoDeployment: { Enabled: true, RetainStacksOnAccountRemoval: false },
    managedExecution: { Active: false },
    templateBody: BASELINE_TEMPLATE,
    capabilities: ['CAPABILITY_NAMED_IAM'],
    parameters: [],
    regions: [...BASELINE_REGIONS],
    organizationalUnitIds: [tenantsOu],
    tags: [{ Key: 'tenancy:baseline', Value: 'true' }],
    instances,
    operations: [
      {
        operationId: opId,
        action: 'CREATE',
        finalStatus: 'SUCCEEDED',
        status: 'SUCCEEDED',
        createdAtMs,
        startsAtMs: createdAtMs,
        endsAtMs: createdAtMs + 600_000,
        accounts: [],
        organizationalUnitIds: [tenantsOu],
        regions: [...BASELINE_REGIONS],
        instanceKeys: [],
      },
    ],
  });
}
