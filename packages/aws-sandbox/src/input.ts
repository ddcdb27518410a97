/**
 * Reading operation input the same way for every protocol (JSON gives typed values; the query
 * protocol gives strings and `''` for empty lists).
 */
import { AwsServiceError } from './types';

/** Builds the service's validation error for a message. */
export type ValidationErrorFactory = (message: string) => AwsServiceError;

/** A string member, or undefined. */
export function str(value: unknown): string | undefined {
  if (value === undefined || value === null) return undefined;
  return typeof value === 'string' ? value : String(value);
}

/** A required string member. @throws the validation error when missing or empty. */
export function requireStr(
  input: Record<string, any>,
  name: string,
  fail: ValidationErrorFactory,
): string {
  const v = str(input[name]);
  if (v === undefined || v === '') {
    throw fail(
      `1 validation error detected: Value null at '${lowerFirst(
        name,
      )}' failed to satisfy constraint: Member must not be null`,
    );
  }
  return v;
}

/** An integer member, or undefined. @throws the validation error when not an integer. */
export function int(
  value: unknown,
  name: string,
  fail: ValidationErrorFactory,
): number | undefined {
  if (value === undefined || value === null || value === '') return undefined;
  const n = typeof value === 'number' ? value : Number(value);
  if (!Number.isInteger(n)) {
    throw fail(
      `Value '${String(value)}' at '${lowerFirst(
        name,
      )}' failed to satisfy constraint: Member must be an integer`,
    );
  }
  return n;
}

/** A boolean member, or undefined. */
export function bool(value: unknown): boolean | undefined {
  if (value === undefined || value === null || value === '') return undefined;
  return value === true || value === 'true';
}

/** A list member (query `''` and missing both give []). */
export function list<T = any>(value: unknown): T[] {
  if (value === undefined || value === null || value === '') return [];
  return Array.isArray(value) ? (value as T[]) : [value as T];
}

/** A number from a decimal string or number (e.g. Budgets amounts). */
export function decimal(value: unknown): number | undefined {
  if (value === undefined || value === null || value === '') return undefined;
  const n = Number(value);
  return Number.isFinite(n) ? n : undefined;
}

function lowerFirst(s: string): string {
  return s.charAt(0).toLowerCase() + s.slice(1);
}

/**
 * Pages a list with an opaque NextToken (base64 of the start index, tied to a list key so a
 * token of another list is rejected).
 * @throws the given error for a token that is not one of ours.
 */
export function paginate<T>(
  items: T[],
  options: {
    maxResults: number | undefined;
    nextToken: string | undefined;
    defaultMax: number;
    key: string;
    invalidToken: () => AwsServiceError;
  },
): { page: T[]; nextToken?: string } {
  let start = 0;
  if (options.nextToken) {
    const decoded = Buffer.from(options.nextToken, 'base64').toString('utf8');
    const m = /^(\d+):(.*)$/.exec(decoded);
    if (!m || m[2] !== options.key) throw options.invalidToken();
    start = Number(m[1]);
  }
  const max = options.maxResults ?? options.defaultMax;
  const page = items.slice(start, start + max);
  const end = start + page.length;
  return {
    page,
    nextToken:
      end < items.length
        ? Buffer.from(`${end}:${options.key}`, 'utf8').toString('base64')
        : undefined,
  };
}
