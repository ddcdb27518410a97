import type {
  FleetSpend,
  Guardrail,
  RefreshRun,
  TenantActivity,
  TenantCompliance,
  TenantHealth,
  TenantListResponse,
  TenantSpend,
  TenantsApiResponseBody,
  TenantSummary,
} from '@tenancy/plugin-tenants-common';
import type { ApiResponse } from './apiResponse';
import { NO_HEALTH } from '../health/routes';

/** Compiles only when `A` is assignable to `B`: `yarn tsc` is this file's real check. */
function assignable<A extends B, B>(_value?: A): true {
  return true;
}

describe('ApiResponse', () => {
  it('takes the body the spec describes, and only that', () => {
    const sent: unknown[] = [];
    const res = {
      json: (body: unknown) => sent.push(body),
    } as unknown as ApiResponse<'/tenants/{tenantId}/health', 'get'>;
    res.json(NO_HEALTH);
    // @ts-expect-error the spec's TenantHealth has no `color` and needs `status`
    res.json({ color: 'green' });
    expect(sent).toEqual([NO_HEALTH, { color: 'green' }]);
  });

  it('generated answers are usable as the domain types the callers use', () => {
    expect([
      assignable<
        TenantsApiResponseBody<'/tenants', 'get'>,
        TenantListResponse
      >(),
      assignable<
        TenantsApiResponseBody<'/tenants/{tenantId}', 'get'>,
        TenantSummary
      >(),
      assignable<
        TenantsApiResponseBody<'/tenants/{tenantId}/activity', 'get'>,
        { items: TenantActivity[] }
      >(),
      assignable<
        TenantsApiResponseBody<'/tenants/{tenantId}/spend', 'get'>,
        TenantSpend
      >(),
      assignable<
        TenantsApiResponseBody<'/tenants/{tenantId}/health', 'get'>,
        TenantHealth
      >(),
      assignable<
        TenantsApiResponseBody<'/tenants/{tenantId}/compliance', 'get'>,
        TenantCompliance
      >(),
      assignable<
        TenantsApiResponseBody<'/guardrails', 'get'>,
        { items: Guardrail[] }
      >(),
      assignable<
        TenantsApiResponseBody<'/refresh-runs', 'get'>,
        { items: RefreshRun[] }
      >(),
      assignable<TenantsApiResponseBody<'/spend/fleet', 'get'>, FleetSpend>(),
      assignable<TenantsApiResponseBody<'/activity', 'post'>, TenantActivity>(),
      assignable<TenantsApiResponseBody<'/spend/export.csv', 'get'>, string>(),
    ]).toEqual(Array(11).fill(true));
  });
});
