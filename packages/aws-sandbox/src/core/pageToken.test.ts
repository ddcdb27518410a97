import { AwsServiceError } from './errors';
import {
  decodePageToken,
  encodePageToken,
  pageList,
  requestFingerprint,
} from './pageToken';

const errors = {
  invalid: () => new AwsServiceError('InvalidNextToken', 'bad token'),
  otherRequest: () => new AwsServiceError('RequestChanged', 'other request'),
};

describe('page tokens', () => {
  it('fingerprints a request without its token field, members in any order', () => {
    const a = requestFingerprint(
      { B: [1, 2], A: 'x', NextToken: 't1' },
      'NextToken',
    );
    const b = requestFingerprint({ A: 'x', B: [1, 2] }, 'NextToken');
    expect(a).toBe(b);
    expect(a).toHaveLength(16);
    expect(requestFingerprint({ A: 'y', B: [1, 2] }, 'NextToken')).not.toBe(a);
  });

  it('round-trips a position and rejects tokens of another request, malformed or negative ones', () => {
    const token = encodePageToken('fp-1', { i: 3, m: 12 });
    expect(decodePageToken(token, 'fp-1', errors)).toEqual({ i: 3, m: 12 });
    expect(decodePageToken(undefined, 'fp-1', errors)).toBeUndefined();
    expect(decodePageToken('', 'fp-1', errors)).toBeUndefined();
    expect(() => decodePageToken(token, 'fp-2', errors)).toThrow(
      'other request',
    );
    expect(() =>
      decodePageToken(token, 'fp-2', { invalid: errors.invalid }),
    ).toThrow('bad token');
    expect(() => decodePageToken('not-a-token', 'fp-1', errors)).toThrow(
      'bad token',
    );
    expect(() =>
      decodePageToken(encodePageToken('fp-1', { o: -1 }), 'fp-1', errors),
    ).toThrow('bad token');
  });

  it('pages a list by key: 5 items in pages of 2, a token of another list rejected', () => {
    const items = ['a', 'b', 'c', 'd', 'e'];
    const opts = {
      maxResults: 2,
      defaultMax: 20,
      key: 'accounts',
      invalidToken: errors.invalid,
    };
    const pages: string[][] = [];
    let nextToken: string | undefined;
    do {
      const r = pageList(items, { ...opts, nextToken });
      pages.push(r.page);
      nextToken = r.nextToken;
    } while (nextToken);
    expect(pages).toEqual([['a', 'b'], ['c', 'd'], ['e']]);
    const first = pageList(items, { ...opts, nextToken: undefined });
    expect(() =>
      pageList(items, { ...opts, key: 'roots', nextToken: first.nextToken }),
    ).toThrow('bad token');
  });
});
