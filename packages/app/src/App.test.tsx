import { render, screen } from '@testing-library/react';

// Importing the app loads every plugin's modules (catalog, scaffolder, org, user settings,
// tenants): a minute on a busy 2-core machine.
jest.setTimeout(120_000);

describe('App', () => {
  it('renders the sign-in page with the guest provider', async () => {
    process.env = {
      NODE_ENV: 'test',
      APP_CONFIG: [
        {
          data: {
            app: { title: 'Test' },
            backend: { baseUrl: 'http://localhost:7007' },
          },
          context: 'test',
        },
      ] as any,
    };
    // The app reads its config when created, so it is loaded after the environment is set.
    const { default: app } = await import('./App');

    render(app);

    // The app loads its features lazily before the sign-in page shows: on a busy machine that is
    // longer than findByRole's default second.
    expect(
      await screen.findByRole(
        'button',
        { name: /enter/i },
        { timeout: 60_000 },
      ),
    ).toBeInTheDocument();
    expect(screen.getByText('Guest')).toBeInTheDocument();
  });
});
