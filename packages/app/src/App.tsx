import { createApp } from '@backstage/frontend-defaults';
import catalogPlugin from '@backstage/plugin-catalog/alpha';
import scaffolderPlugin from '@backstage/plugin-scaffolder/alpha';
import orgPlugin from '@backstage/plugin-org/alpha';
import userSettingsPlugin from '@backstage/plugin-user-settings/alpha';
import tenantsPlugin from '@tenancy/plugin-tenants/alpha';
import { appModule } from './modules/appModule';

/**
 * The portal on Backstage's new frontend system: the catalog, Create (the scaffolder, with the
 * tenants plugin's form fields), the org and user-settings pages, the tenants plugin and the
 * portal's sidebar and sign-in page. Extension config (e.g. the catalog's initial kind filter)
 * is under `app.extensions` in app-config.yaml.
 */
const app = createApp({
  features: [
    catalogPlugin,
    scaffolderPlugin,
    orgPlugin,
    userSettingsPlugin,
    tenantsPlugin,
    appModule,
  ],
});

export default app.createRoot();
