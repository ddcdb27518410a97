import { chunk, collectAll, paginate } from './pagination';

describe('pagination', () => {
  it('follows empty pages that still carry a token', async () => {
    const pages: Record<string, { Items: number[]; NextToken?: string }> = {
      start: { Items: [], NextToken: 'a' },
      a: { Items: [1, 2], NextToken: 'b' },
      b: { Items: [], NextToken: 'c' },
      c: { Items: [3] },
    };
    const tokens: Array<string | undefined> = [];
    const all = await collectAll(
      async t => {
        tokens.push(t);
        return pages[t ?? 'start'];
      },
      p => p.Items,
      p => p.NextToken,
    );
    expect(all).toEqual([1, 2, 3]);
    expect(tokens).toEqual([undefined, 'a', 'b', 'c']);
  });
  it('stops on a repeated token and after maxPages', async () => {
    await expect(
      collectAll(
        async () => ({ t: 'x' }),
        () => [],
        p => p.t,
      ),
    ).rejects.toThrow(
      'Pagination stopped: AWS returned the same NextToken twice in a row',
    );
    let n = 0;
    const gen = paginate(
      async () => ({ t: String(++n) }),
      p => p.t,
      { maxPages: 3 },
    );
    const seen: string[] = [];
    await expect(
      (async () => {
        for await (const p of gen) seen.push(p.t);
      })(),
    ).rejects.toThrow(
      'Pagination stopped after 3 pages: AWS still returned a NextToken',
    );
    expect(seen).toEqual(['1', '2', '3']);
  });
  it('chunks to API limits (1,200 → 500 + 500 + 200)', () => {
    const parts = chunk(
      Array.from({ length: 1200 }, (_, i) => i),
      500,
    );
    expect(parts.map(p => p.length)).toEqual([500, 500, 200]);
    expect(() => chunk([1], 0)).toThrow(
      'chunk size must be a positive integer, got 0',
    );
  });
});
