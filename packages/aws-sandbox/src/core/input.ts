/**
 * Reading operation input the same way for every protocol (JSON gives typed values; the query
 * protocol gives strings and `''` for empty lists).
 */
import { AwsServiceError } from './errors';

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
