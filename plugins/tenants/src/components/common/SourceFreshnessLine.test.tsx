import { screen } from '@testing-library/react';
import type { SourceFreshness } from '@tenancy/plugin-tenants-common';
import { renderWithTenants } from '../../__testUtils__';
import { freshnessText, SourceFreshnessLine } from './SourceFreshnessLine';

const NOW = Date.parse('2026-03-15T12:00:00.000Z');
const ago = (minutes: number) => new Date(NOW - minutes * 60000).toISOString();

function item(
  source: string,
  minutes: number | null,
  extra: Partial<SourceFreshness> = {},
): SourceFreshness {
  return {
    source,
    refreshedAt: minutes === null ? null : ago(minutes),
    attemptedAt: minutes === null ? null : ago(minutes),
    error: null,
    refreshing: false,
    cadenceSeconds: 3600,
    ...extra,
  };
}

describe('freshnessText', () => {
  it('names each source with its age, a failed last read and a running refresh', () => {
    expect(
      [
        item('health', 6),
        item('spend', 180, { refreshing: true }),
        item('compliance', 65, { error: 'AccessDeniedException: denied' }),
        item('inventory', null),
        item('budgets', 0.5),
        item('alarms', 1440, { liveAt: ago(0.2) }),
        item('alarms', 180),
        item('compliance', 2, {
          staleParts: [
            { part: 'guardDuty', error: 'The last read failed' },
            { part: 'config', error: 'The last read failed' },
          ],
        }),
      ].map(s => freshnessText(s, NOW)),
    ).toEqual([
      'metrics 6 min ago',
      'spend 3 h ago (refreshing)',
      'compliance 1 h ago (last read failed)',
      'inventory not read yet',
      'budgets just now',
      'alarms live',
      'alarms 3 h ago',
      'compliance 2 min ago (GuardDuty stale, Config stale)',
    ]);
  });
});

describe('SourceFreshnessLine', () => {
  it('shows every source of GET /freshness in one line, with its UTC time on hover', async () => {
    jest.useFakeTimers({ now: NOW, doNotFake: ['setTimeout', 'setInterval'] });
    try {
      await renderWithTenants(<SourceFreshnessLine />, {
        api: {
          listSourceFreshness: async () => ({
            items: [
              item('inventory', 300),
              item('alarms', 1440, { liveAt: ago(0.2) }),
              item('health', 6),
              item('spend', 180),
            ],
          }),
        },
      });
      const line = await screen.findByTestId('source-freshness');
      expect(line.textContent).toBe(
        'Data: inventory 5 h ago · alarms live · metrics 6 min ago · spend 3 h ago',
      );
      expect(
        screen
          .getByText('· spend 3 h ago', { exact: false })
          .getAttribute('title'),
      ).toBe('read 2026-03-15 09:00 UTC; every 60 min');
    } finally {
      jest.useRealTimers();
    }
  });

  it('says when the freshness cannot be read', async () => {
    await renderWithTenants(<SourceFreshnessLine />, {
      api: {
        listSourceFreshness: async () => {
          throw new Error('Missing permission tenants.tenant.read');
        },
      },
    });
    expect(
      await screen.findByText(
        'Data freshness unavailable: Missing permission tenants.tenant.read',
      ),
    ).toBeInTheDocument();
  });
});
