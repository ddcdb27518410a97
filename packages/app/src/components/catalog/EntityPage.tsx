import type { ComponentProps } from 'react';
import { Grid } from '@material-ui/core';
import {
  EntityAboutCard,
  EntityHasSystemsCard,
  EntityLayout,
  EntityLinksCard,
  EntitySwitch,
  EntityOrphanWarning,
  EntityProcessingErrorsPanel,
  isKind,
  hasCatalogProcessingErrors,
  isOrphan,
  hasRelationWarnings,
  EntityRelationWarning,
} from '@backstage/plugin-catalog';
import {
  EntityUserProfileCard,
  EntityGroupProfileCard,
  EntityMembersListCard,
  EntityOwnershipCard,
} from '@backstage/plugin-org';
import { TenantEntityPage } from './TenantEntityPage';

type EntitySwitchCaseProps = ComponentProps<typeof EntitySwitch.Case>;

/** A catalog warning shown above an entity's cards when its condition holds. */
function warning(
  condition: EntitySwitchCaseProps['if'],
  panel: JSX.Element,
): JSX.Element {
  return (
    <EntitySwitch>
      <EntitySwitch.Case if={condition}>
        <Grid item xs={12}>
          {panel}
        </Grid>
      </EntitySwitch.Case>
    </EntitySwitch>
  );
}

const entityWarningContent = (
  <>
    {warning(isOrphan, <EntityOrphanWarning />)}
    {warning(hasRelationWarnings, <EntityRelationWarning />)}
    {warning(hasCatalogProcessingErrors, <EntityProcessingErrorsPanel />)}
  </>
);

const overviewContent = (
  <Grid container spacing={3} alignItems="stretch">
    {entityWarningContent}
    <Grid item md={6}>
      <EntityAboutCard />
    </Grid>
    <Grid item md={6} xs={12}>
      <EntityLinksCard />
    </Grid>
  </Grid>
);

/** The overview of a user or a group: the warnings, its profile card, what it owns, then more. */
function ownerPage(profile: JSX.Element, more?: JSX.Element): JSX.Element {
  return (
    <EntityLayout>
      <EntityLayout.Route path="/" title="Overview">
        <Grid container spacing={3}>
          {entityWarningContent}
          <Grid item xs={12} md={6}>
            {profile}
          </Grid>
          <Grid item xs={12} md={6}>
            <EntityOwnershipCard />
          </Grid>
          {more}
        </Grid>
      </EntityLayout.Route>
    </EntityLayout>
  );
}

const userPage = ownerPage(<EntityUserProfileCard />);

const groupPage = ownerPage(
  <EntityGroupProfileCard />,
  <Grid item xs={12}>
    <EntityMembersListCard />
  </Grid>,
);

const systemPage = (
  <EntityLayout>
    <EntityLayout.Route path="/" title="Overview">
      <Grid container spacing={3} alignItems="stretch">
        {entityWarningContent}
        <Grid item md={6}>
          <EntityAboutCard />
        </Grid>
        <Grid item md={6}>
          <EntityHasSystemsCard />
        </Grid>
      </Grid>
    </EntityLayout.Route>
  </EntityLayout>
);

const defaultEntityPage = (
  <EntityLayout>
    <EntityLayout.Route path="/" title="Overview">
      {overviewContent}
    </EntityLayout.Route>
  </EntityLayout>
);

export const entityPage = (
  <EntitySwitch>
    <EntitySwitch.Case
      if={isKind('tenant')}
      children={<TenantEntityPage warnings={entityWarningContent} />}
    />
    <EntitySwitch.Case if={isKind('user')} children={userPage} />
    <EntitySwitch.Case if={isKind('group')} children={groupPage} />
    <EntitySwitch.Case if={isKind('system')} children={systemPage} />
    <EntitySwitch.Case>{defaultEntityPage}</EntitySwitch.Case>
  </EntitySwitch>
);
