import { SignInPage } from '@backstage/core-components';
import { SignInPageBlueprint } from '@backstage/plugin-app-react';

/**
 * The sign-in page: the guest provider only (the demo's users are picked with
 * `auth.providers.guest.userEntityRef`), signing in again at once when a session exists.
 */
export const signInPage = SignInPageBlueprint.make({
  params: {
    loader: async () => props =>
      <SignInPage {...props} auto providers={['guest']} />,
  },
});
