import {
  CostExplorerClient,
  DataUnavailableException,
  GetCostAndUsageCommand,
  ListCostAllocationTagsCommand,
} from '@aws-sdk/client-cost-explorer';
import { mockClient } from 'aws-sdk-client-mock';
import { fetchSpend, SpendSlice } from './spendFetch';

// Memory bound of the spend refresh (docs/memory.md): every Cost Explorer page is handed to
// the store before the next one is read, so the facts held at once are one page's, whatever N.
const ce = mockClient(CostExplorerClient);
const PAGE = 1000;
const acct = (i: number) => String(100000000000 + i);

/** Answers each query in pages of 1,000 groups: `accounts` accounts, one group each per period. */
function pagedAnswers(accounts: number, failDaily = false) {
  ce.on(ListCostAllocationTagsCommand).resolves({ CostAllocationTags: [] });
  ce.on(GetCostAndUsageCommand).callsFake(input => {
    if (failDaily && input.Granularity === 'DAILY')
      throw new DataUnavailableException({ message: 'not yet', $metadata: {} });
    const from = Number(input.NextPageToken ?? 0);
    const grouped = !!input.GroupBy?.length;
    const count = grouped ? Math.min(PAGE, accounts - from) : 0;
    return {
      ResultsByTime: [
        {
          TimePeriod: {
            Start: input.TimePeriod.Start,
            End: input.TimePeriod.End,
          },
          Estimated: true,
          Total: grouped ? {} : { AmortizedCost: { Amount: '1', Unit: 'USD' } },
          Groups: Array.from({ length: count }, (_, i) => ({
            Keys: [acct(from + i), 'Usage'],
            Metrics: { AmortizedCost: { Amount: '1.5', Unit: 'USD' } },
          })),
        },
      ],
      NextPageToken:
        grouped && from + PAGE < accounts ? String(from + PAGE) : undefined,
    };
  });
}

async function streamWithCountingSink(accounts: number, failDaily = false) {
  pagedAnswers(accounts, failDaily);
  let held = 0;
  let maxHeld = 0;
  const committed: Array<[SpendSlice['dimension'], number]> = [];
  const discarded: string[] = [];
  const result = await fetchSpend(
    new CostExplorerClient({ region: 'us-east-1' }),
    {
      now: new Date('2025-07-10T08:00:00Z'),
      metric: 'AmortizedCost',
      tagKey: 'tenant',
      tenantAccountIds: new Set(
        Array.from({ length: accounts }, (_, i) => acct(i)),
      ),
      cachedClosedMonths: new Set([
        '2024-07',
        '2024-08',
        '2024-09',
        '2024-10',
        '2024-11',
        '2024-12',
        '2025-01',
        '2025-02',
        '2025-03',
        '2025-04',
        '2025-05',
        '2025-06',
      ]),
      dailyStoredThrough: '2025-07-09',
    },
    async slice => {
      let facts = 0;
      return {
        add: async page => {
          // facts handed over and not yet written, across every part in flight
          held += page.length;
          maxHeld = Math.max(maxHeld, held);
          facts += page.length;
          await new Promise(res => setImmediate(res)); // the write
          held -= page.length;
        },
        commit: async () => {
          committed.push([slice.dimension, facts]);
        },
        discard: async () => {
          discarded.push(slice.dimension);
        },
      };
    },
  );
  return { result, maxHeld, committed, discarded };
}

beforeEach(() => ce.reset());

describe('spend refresh memory bound', () => {
  it('hands every page over before reading the next: one page per part in flight, the same at 2,500 and 25,000 accounts', async () => {
    const small = await streamWithCountingSink(2500);
    // the three monthly parts run together, one page each in flight: record types and
    // services (1,000 facts each) and the organization total (1)
    expect(small.maxHeld).toBe(2 * PAGE + 1);
    expect(small.committed).toEqual(
      expect.arrayContaining([
        ['RECORD_TYPE', 2500],
        ['SERVICE', 2500],
        ['ORG_TOTAL', 1],
        ['TOTAL', 2500],
        ['TAG', 0],
      ]),
    );
    expect(small.committed).toHaveLength(5);
    expect(small.result.slices).toEqual([]);
    ce.reset();
    const large = await streamWithCountingSink(25000);
    expect(large.maxHeld).toBe(2 * PAGE + 1);
    // 25 pages per grouped query (record types, services, daily) + 1 ungrouped total
    expect(ce.commandCalls(GetCostAndUsageCommand)).toHaveLength(76);
    expect(large.committed).toContainEqual(['TOTAL', 25000]);
  });

  it('a part whose query fails is discarded (its stored values stay), the others commit', async () => {
    const r = await streamWithCountingSink(2500, true);
    expect(r.discarded).toEqual(['TOTAL']);
    expect(r.committed.map(c => c[0]).sort()).toEqual([
      'ORG_TOTAL',
      'RECORD_TYPE',
      'SERVICE',
      'TAG',
    ]);
    expect(r.result.failed).toEqual({
      daily: 'DataUnavailableException: not yet',
    });
  });
});
