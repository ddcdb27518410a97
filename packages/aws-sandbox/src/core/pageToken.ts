/**
 * The sandbox's one pagination-token scheme, used by every service. A token is opaque to the
 * caller (base64url of JSON) and holds a position (numbers, e.g. `{ o: 200 }` or
 * `{ i: 3, m: 12 }`) plus a binding: the fingerprint of the request it continues
 * ({@link requestFingerprint}) or, for plain lists, the list's key. A token that is not one of
 * ours, or was issued for another request or list, is rejected with the service's own error,
 * as AWS does.
 */
import { createHash } from 'node:crypto';
import type { AwsServiceError } from './errors';

/** A position in a paged answer: named non-negative integers. @public */
export type PagePosition = Record<string, number>;

/** The errors a service answers for a bad token. @public */
export interface PageTokenErrors {
  /** The token is not one of ours (malformed). */
  invalid: () => AwsServiceError;
  /** The token was issued for another request; `invalid` unless told (Cost Explorer tells). */
  otherRequest?: () => AwsServiceError;
}

/**
 * A stable fingerprint of a request without its pagination token (16 base64url characters of a
 * SHA-256 over the request's members in sorted order).
 * @public
 */
export function requestFingerprint(
  input: Record<string, unknown>,
  tokenField: string,
): string {
  const { [tokenField]: _ignored, ...rest } = input;
  return createHash('sha256')
    .update(stableJson(rest))
    .digest('base64url')
    .slice(0, 16);
}

function stableJson(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(stableJson).join(',')}]`;
  if (v && typeof v === 'object') {
    return `{${Object.keys(v as object)
      .sort()
      .map(k => `${JSON.stringify(k)}:${stableJson((v as any)[k])}`)
      .join(',')}}`;
  }
  return JSON.stringify(v) ?? 'null';
}

/** Encodes a position into an opaque token bound to `binding` (a fingerprint or list key). @public */
export function encodePageToken(
  binding: string,
  position: PagePosition,
): string {
  return Buffer.from(JSON.stringify({ fp: binding, ...position })).toString(
    'base64url',
  );
}

/**
 * Decodes a token: undefined when there is none (first page), else its position.
 * @throws the service's error when the token is malformed or bound to something else.
 * @public
 */
export function decodePageToken(
  token: unknown,
  binding: string,
  errors: PageTokenErrors,
): PagePosition | undefined {
  if (token === undefined || token === null || token === '') return undefined;
  let parsed: any;
  try {
    parsed = JSON.parse(
      Buffer.from(String(token), 'base64url').toString('utf8'),
    );
  } catch {
    parsed = undefined;
  }
  if (!parsed || typeof parsed !== 'object' || typeof parsed.fp !== 'string') {
    throw errors.invalid();
  }
  const { fp, ...position } = parsed;
  if (fp !== binding) throw (errors.otherRequest ?? errors.invalid)();
  for (const value of Object.values(position)) {
    if (!Number.isInteger(value) || (value as number) < 0) {
      throw errors.invalid();
    }
  }
  return position as PagePosition;
}

/**
 * Pages a plain list: the token holds the start index, bound to the list's `key` (so a token of
 * one list is rejected by another).
 * @throws `invalidToken()` when the token is not one of this list's.
 * @public
 */
export function pageList<T>(
  items: T[],
  options: {
    maxResults: number | undefined;
    nextToken: string | undefined;
    defaultMax: number;
    key: string;
    invalidToken: () => AwsServiceError;
  },
): { page: T[]; nextToken?: string } {
  const start =
    decodePageToken(options.nextToken, options.key, {
      invalid: options.invalidToken,
    })?.o ?? 0;
  const max = options.maxResults ?? options.defaultMax;
  const page = items.slice(start, start + max);
  const end = start + page.length;
  return {
    page,
    nextToken:
      end < items.length ? encodePageToken(options.key, { o: end }) : undefined,
  };
}
