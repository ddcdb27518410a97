/** Options of {@link paginate}. @public */
export interface PaginateOptions {
  /** Safety stop: at most this many pages (default 100,000); exceeding it throws. */
  maxPages?: number;
}

/**
 * Follows every `NextToken` of a paginated AWS API, including empty pages that still carry a
 * token (docs/aws-behaviours/fleet.md#every-page), and yields each page in order. Stops when a page has no token.
 *
 * @param fetchPage - calls the API with the token of the previous page (undefined first)
 * @param nextToken - reads the token from a page (`NextToken`, `nextToken`, `NextPageToken`…)
 * @throws Error when `maxPages` pages were read and AWS still answers a token, or when AWS
 *   answers the same token twice in a row (it would loop forever).
 * @public
 */
export async function* paginate<TPage>(
  fetchPage: (token: string | undefined) => Promise<TPage>,
  nextToken: (page: TPage) => string | undefined | null,
  options: PaginateOptions = {},
): AsyncGenerator<TPage, void, undefined> {
  const maxPages = options.maxPages ?? 100_000;
  let token: string | undefined;
  for (let pages = 0; ; pages++) {
    if (pages >= maxPages) {
      throw new Error(
        `Pagination stopped after ${maxPages} pages: AWS still returned a NextToken`,
      );
    }
    const page = await fetchPage(token);
    yield page;
    const next = nextToken(page) || undefined;
    if (!next) return;
    if (next === token) {
      throw new Error(
        'Pagination stopped: AWS returned the same NextToken twice in a row',
      );
    }
    token = next;
  }
}

/**
 * Collects the items of every page of a paginated AWS API (see {@link paginate}).
 *
 * @example
 * ```ts
 * const accounts = await collectAll(
 *   t => org.send(new ListAccountsForParentCommand({ ParentId, NextToken: t })),
 *   p => p.Accounts,
 *   p => p.NextToken,
 * );
 * ```
 * @public
 */
export async function collectAll<TPage, TItem>(
  fetchPage: (token: string | undefined) => Promise<TPage>,
  items: (page: TPage) => TItem[] | undefined | null,
  nextToken: (page: TPage) => string | undefined | null,
  options?: PaginateOptions,
): Promise<TItem[]> {
  const all: TItem[] = [];
  for await (const page of paginate(fetchPage, nextToken, options)) {
    all.push(...(items(page) ?? []));
  }
  return all;
}

/**
 * Splits `items` into chunks of at most `size` (an API's per-call limit, e.g. 500 metric
 * queries per GetMetricData call).
 *
 * @throws RangeError when size is not a positive integer.
 * @public
 */
export function chunk<T>(items: readonly T[], size: number): T[][] {
  if (!Number.isInteger(size) || size < 1) {
    throw new RangeError(`chunk size must be a positive integer, got ${size}`);
  }
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) {
    out.push(items.slice(i, i + size));
  }
  return out;
}
