import { useEffect, useState } from 'react';
import {
  Sidebar,
  SidebarDivider,
  SidebarGroup,
  SidebarItem,
  SidebarScrollWrapper,
  SidebarSpace,
} from '@backstage/core-components';
import {
  NavContentBlueprint,
  type NavContentNavItem,
} from '@backstage/plugin-app-react';
import { useApi } from '@backstage/frontend-plugin-api';
import { MyGroupsSidebarItem } from '@backstage/plugin-org';
import { tenantsApiRef } from '@tenancy/plugin-tenants';
import { UserSettingsSignInAvatar } from '@backstage/plugin-user-settings';
import MenuIcon from '@material-ui/icons/Menu';
import GroupIcon from '@material-ui/icons/People';
import { SidebarLogo } from './SidebarLogo';

/** A page's nav item as a sidebar entry; `text` replaces the page's title. */
function NavItem(props: {
  item: NavContentNavItem | undefined;
  text?: string;
  end?: boolean;
}) {
  const { item } = props;
  if (!item) return null;
  return (
    <SidebarItem
      icon={() => item.icon}
      to={item.href}
      text={props.text ?? item.title}
      end={props.end}
    />
  );
}

/**
 * The costs page's nav item, for users who read spend on every tenant (finance, platform
 * engineers): the page's fleet views answer 403 to anyone else, so they get no link to it. The
 * tenants list says which columns the user reads on every tenant (`columns.spend`); the
 * permission itself is per tenant, which a browser may not ask without naming one.
 */
export function CostsNavItem(props: { item: NavContentNavItem | undefined }) {
  const api = useApi(tenantsApiRef);
  const [readsSpend, setReadsSpend] = useState(false);
  useEffect(() => {
    let live = true;
    api.listTenants({ limit: 1 }).then(
      page => live && setReadsSpend(page.columns.spend),
      () => live && setReadsSpend(false),
    );
    return () => {
      live = false;
    };
  }, [api]);
  return readsSpend ? <NavItem item={props.item} /> : null;
}

/**
 * The portal's sidebar: Home (the catalog), My Groups, Create..., then the Tenancy pages
 * (Tenants, Tenant costs) and any other plugin page, and the settings at the bottom.
 */
export const SidebarContent = NavContentBlueprint.make({
  params: {
    component: ({ navItems }) => {
      const home = navItems.take('page:catalog');
      const create = navItems.take('page:scaffolder');
      const tenants = navItems.take('page:tenants');
      const costs = navItems.take('page:tenants/costs');
      const settings = navItems.take('page:user-settings');
      const rest = navItems.rest();
      return (
        <Sidebar>
          <SidebarLogo />
          <SidebarGroup label="Menu" icon={<MenuIcon />}>
            <NavItem item={home} text="Home" />
            <MyGroupsSidebarItem
              singularTitle="My Group"
              pluralTitle="My Groups"
              icon={GroupIcon}
            />
            <NavItem item={create} text="Create..." />
            <SidebarDivider />
            <SidebarScrollWrapper>
              <NavItem item={tenants} end />
              <CostsNavItem item={costs} />
              {rest.map(item => (
                <NavItem key={item.node.spec.id} item={item} />
              ))}
            </SidebarScrollWrapper>
          </SidebarGroup>
          <SidebarSpace />
          <SidebarDivider />
          <SidebarGroup
            label="Settings"
            icon={<UserSettingsSignInAvatar />}
            to={settings?.href ?? '/settings'}
          >
            <NavItem item={settings} />
          </SidebarGroup>
        </Sidebar>
      );
    },
  },
});
