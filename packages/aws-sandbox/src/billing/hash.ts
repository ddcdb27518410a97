/**
 * Deterministic, allocation-free hashing used by every data generator of the sandbox.
 * Values are pure functions of their inputs: the same seed gives the same data.
 */

/** 32-bit integer mix (a murmur3 finaliser) of one value into a running hash. */
function fmix(h: number): number {
  let x = h | 0;
  x ^= x >>> 16;
  x = Math.imul(x, 0x85ebca6b);
  x ^= x >>> 13;
  x = Math.imul(x, 0xc2b2ae35);
  x ^= x >>> 16;
  return x >>> 0;
}

function step(h: number, p: number): number {
  return fmix((h ^ (p | 0)) + Math.imul(h, 31) + ((p / 4294967296) | 0));
}

/** Hashes up to seven integers into an unsigned 32-bit integer (fixed arity: this is hot). */
export function mix(
  a: number,
  b = 0,
  c = 0,
  d = 0,
  e = 0,
  f = 0,
  g = 0,
): number {
  let h = step(0x9e3779b9, a);
  h = step(h, b);
  h = step(h, c);
  h = step(h, d);
  h = step(h, e);
  h = step(h, f);
  return step(h, g);
}

/** FNV-1a hash of a string into an unsigned 32-bit integer. */
export function hashString(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

/** Maps a 32-bit hash to a number in [0, 1). */
export function unit(h: number): number {
  return h / 4294967296;
}

/** A uniform number in [0, 1) for the given integer inputs (up to seven). */
export function rand(
  a: number,
  b = 0,
  c = 0,
  d = 0,
  e = 0,
  f = 0,
  g = 0,
): number {
  return unit(mix(a, b, c, d, e, f, g));
}

/** A uniform integer in [min, max] (inclusive) for the given integer inputs (up to six). */
export function randInt(
  min: number,
  max: number,
  a: number,
  b = 0,
  c = 0,
  d = 0,
  e = 0,
  f = 0,
): number {
  return min + Math.floor(rand(a, b, c, d, e, f) * (max - min + 1));
}

/** Hex string of `length` characters derived from up to six inputs (e.g. detector ids). */
export function hexId(
  length: number,
  a: number,
  b = 0,
  c = 0,
  d = 0,
  e = 0,
  f = 0,
): string {
  let out = '';
  let i = 0;
  while (out.length < length) {
    out += mix(a, b, c, d, e, f, i++).toString(16).padStart(8, '0');
  }
  return out.slice(0, length);
}

/** Compares two strings or numbers for `Array.prototype.sort`: -1, 0 or 1. */
export function compare(a: string | number, b: string | number): number {
  if (a < b) return -1;
  if (a > b) return 1;
  return 0;
}
