import { ReactNode } from 'react';
import { Grid } from '@material-ui/core';
import { Progress } from '@backstage/core-components';
import { EntityAboutCard, EntityLayout } from '@backstage/plugin-catalog';
import {
  EntityTenantActivityContent,
  EntityTenantDeploymentsContent,
  EntityTenantGuardrailsContent,
  EntityTenantHealthContent,
  EntityTenantOverviewCard,
  EntityTenantSpendContent,
  useTenantContentAccess,
} from '@tenancy/plugin-tenants';

/**
 * The entity page of a Tenant (`kind: Tenant`): Overview and Activity for everyone who may read
 * the tenant; Health, Guardrails, Spend and Deployments only for those the permission policy
 * allows (`tenants.health.read`, `tenants.compliance.read`, `tenants.spend.read`,
 * `tenants.deployments.read` on this tenant), so
 * nobody gets a tab that can only say "no permission". Until the decisions are in, a progress
 * bar stands in for the page, so a shared link to a tab does not flash the Overview first.
 */
export function TenantEntityPage(props: { warnings?: ReactNode }) {
  const access = useTenantContentAccess();
  if (access.loading) return <Progress />;
  return (
    <EntityLayout>
      <EntityLayout.Route path="/" title="Overview">
        <Grid container spacing={3} alignItems="stretch">
          {props.warnings}
          <Grid item md={6} xs={12}>
            <EntityTenantOverviewCard />
          </Grid>
          <Grid item md={6} xs={12}>
            <EntityAboutCard />
          </Grid>
        </Grid>
      </EntityLayout.Route>
      {access.health && (
        <EntityLayout.Route path="/health" title="Health">
          <EntityTenantHealthContent />
        </EntityLayout.Route>
      )}
      {access.guardrails && (
        <EntityLayout.Route path="/guardrails" title="Guardrails">
          <EntityTenantGuardrailsContent />
        </EntityLayout.Route>
      )}
      {access.spend && (
        <EntityLayout.Route path="/spend" title="Spend">
          <EntityTenantSpendContent />
        </EntityLayout.Route>
      )}
      {access.deployments && (
        <EntityLayout.Route path="/deployments" title="Deployments">
          <EntityTenantDeploymentsContent />
        </EntityLayout.Route>
      )}
      <EntityLayout.Route path="/activity" title="Activity">
        <EntityTenantActivityContent />
      </EntityLayout.Route>
    </EntityLayout>
  );
}
