import { Navigate, Route, Routes } from 'react-router-dom';
import {
  NotFoundErrorPage,
  PageBlueprint,
} from '@backstage/frontend-plugin-api';

/**
 * `/` opens the tenants overview (`/tenants`). The page is mounted at `/`, so it also receives
 * every path no other page claims: those get the app's not-found page.
 */
export const rootRedirect = PageBlueprint.make({
  name: 'root-redirect',
  params: {
    path: '/',
    noHeader: true,
    loader: async () => (
      <Routes>
        <Route path="/" element={<Navigate to="/tenants" replace />} />
        <Route path="*" element={<NotFoundErrorPage />} />
      </Routes>
    ),
  },
});
