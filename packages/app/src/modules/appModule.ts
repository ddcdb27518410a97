import { createFrontendModule } from '@backstage/frontend-plugin-api';
import { SidebarContent } from './nav/Sidebar';
import { signInPage } from './auth/signInPage';
import { rootRedirect } from './home/rootRedirect';

/** The portal's own parts of the app plugin: the sidebar, the sign-in page and `/` → `/tenants`. */
export const appModule = createFrontendModule({
  pluginId: 'app',
  extensions: [SidebarContent, signInPage, rootRedirect],
});
