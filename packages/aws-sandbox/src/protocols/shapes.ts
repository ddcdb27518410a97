/**
 * The few facts about a service's model that a protocol needs beyond the member names:
 *
 * - the query protocol carries every leaf as a string, so a handler written for JSON input
 *   would see `"100"` where JSON has `100` and `"false"` where JSON has `false`: the input
 *   shapes say which members are integers, doubles, booleans, timestamps, lists and
 *   structures, and {@link coerceQueryInput} turns the strings into the JSON types;
 * - CBOR tells integers from floats, so a whole `double` (a datapoint value of `5`) must go
 *   out as a float: the output shapes say which members are doubles ({@link markDoubles});
 * - JSON and CBOR errors name the modeled error shape (`InvalidParameterValueException`)
 *   where the query protocol names its code (`InvalidParameterValue`).
 *
 * Only members that are not plain strings need to be listed; anything not listed passes
 * through as decoded.
 */
import { CborDouble } from './cbor';
import type { WireShape } from '../core/wireShapes';

export type { ServiceWireShapes, WireShape } from '../core/wireShapes';

function coerce(shape: WireShape, value: unknown): unknown {
  if (value === undefined || value === null) return value;
  if (typeof shape === 'object' && 'list' in shape) {
    if (value === '') return [];
    if (!Array.isArray(value)) return value;
    return value.map(item => coerce(shape.list, item));
  }
  if (typeof shape === 'object') {
    if (typeof value !== 'object' || Array.isArray(value)) return value;
    return coerceMembers(shape.structure, value as Record<string, unknown>);
  }
  if (typeof value !== 'string') return value;
  switch (shape) {
    case 'integer': {
      const n = Number(value);
      return /^-?\d+$/.test(value.trim()) ? n : value;
    }
    case 'double': {
      const n = Number(value);
      return value.trim() !== '' && Number.isFinite(n) ? n : value;
    }
    case 'boolean':
      if (value === 'true') return true;
      if (value === 'false') return false;
      return value;
    case 'timestamp': {
      const ms = /^-?\d+(\.\d+)?$/.test(value)
        ? Number(value) * 1000
        : Date.parse(value);
      return Number.isFinite(ms) ? new Date(ms) : value;
    }
    default:
      return value;
  }
}

function coerceMembers(
  members: Record<string, WireShape>,
  value: Record<string, unknown>,
): Record<string, unknown> {
  const out: Record<string, unknown> = { ...value };
  for (const [name, shape] of Object.entries(members)) {
    if (name in out) out[name] = coerce(shape, out[name]);
  }
  return out;
}

/**
 * Query-protocol input (every leaf a string, `''` for an empty list) → the JSON types the
 * handlers read: integers and doubles as numbers, `true`/`false` as booleans, timestamps
 * (ISO-8601 or epoch seconds) as `Date`, empty lists as `[]`. A string that does not parse
 * stays a string, so the handler's own validation answers it.
 */
export function coerceQueryInput(
  members: Record<string, WireShape> | undefined,
  input: Record<string, unknown>,
): Record<string, unknown> {
  return members ? coerceMembers(members, input) : input;
}

function mark(shape: WireShape, value: unknown): unknown {
  if (value === undefined || value === null) return value;
  if (shape === 'double') {
    return typeof value === 'number' ? new CborDouble(value) : value;
  }
  if (typeof shape === 'object' && 'list' in shape) {
    return Array.isArray(value) ? value.map(v => mark(shape.list, v)) : value;
  }
  if (typeof shape === 'object') {
    if (typeof value !== 'object' || Array.isArray(value)) return value;
    return markMembers(shape.structure, value as Record<string, unknown>);
  }
  return value;
}

function markMembers(
  members: Record<string, WireShape>,
  value: Record<string, unknown>,
): Record<string, unknown> {
  const out: Record<string, unknown> = { ...value };
  for (const [name, shape] of Object.entries(members)) {
    if (name in out) out[name] = mark(shape, out[name]);
  }
  return out;
}

/** Output with every `double` member wrapped in {@link CborDouble}, so CBOR writes it as a float. */
export function markDoubles(
  members: Record<string, WireShape> | undefined,
  output: Record<string, unknown>,
): Record<string, unknown> {
  return members ? markMembers(members, output) : output;
}
