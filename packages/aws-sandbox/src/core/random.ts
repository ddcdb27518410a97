/**
 * Deterministic pseudo-random numbers: the one source of every generated value in the sandbox.
 * Each value is a pure function of the seed plus keys naming what is generated, so the same seed
 * gives the same organization, costs, metrics and findings, and adding one kind of data never
 * shifts another. Two ways to draw, for two access patterns:
 *
 * - a stream, {@link createRng}: a seeded generator for values drawn one after another (the
 *   organization's ids and names, request ids, StackSet and execution ids);
 * - random access, {@link rand} / {@link randInt} / {@link hexId}: a value for integer
 *   coordinates (seed, account, day, service…) without state, for the data services' series,
 *   which are read in any order and must not allocate (millions of cost records per call).
 */

/** A seeded random number generator (mulberry32). @public */
export interface Rng {
  /** Uniform in [0, 1). */
  next(): number;
  /** Integer in [min, max] (both inclusive). */
  int(min: number, max: number): number;
  /** One element of a non-empty array. */
  pick<T>(items: readonly T[]): T;
  /** true with probability `p`. */
  chance(p: number): boolean;
  /** `length` characters from `alphabet`. */
  chars(length: number, alphabet?: string): string;
}

/** Lowercase letters and digits (the alphabet of Organizations ids). @public */
export const LOWER_ALNUM = 'abcdefghijklmnopqrstuvwxyz0123456789';

/** A 32-bit hash of the given parts (xmur3 over their joined text). @public */
export function hash32(...parts: Array<string | number>): number {
  const text = parts.join('\u0000');
  let h = 1779033703 ^ text.length;
  for (let i = 0; i < text.length; i++) {
    h = Math.imul(h ^ text.charCodeAt(i), 3432918353);
    h = (h << 13) | (h >>> 19);
  }
  h = Math.imul(h ^ (h >>> 16), 2246822507);
  h = Math.imul(h ^ (h >>> 13), 3266489909);
  return (h ^= h >>> 16) >>> 0;
}

/**
 * Creates a generator from the sandbox seed and keys naming the stream, e.g.
 * `createRng(seed, 'cost', accountId)`.
 * @public
 */
export function createRng(seed: number, ...keys: Array<string | number>): Rng {
  let a = hash32(seed, ...keys);
  const next = () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return {
    next,
    int: (min, max) => min + Math.floor(next() * (max - min + 1)),
    pick: items => items[Math.floor(next() * items.length)],
    chance: p => next() < p,
    chars: (length, alphabet = LOWER_ALNUM) => {
      let out = '';
      for (let i = 0; i < length; i++) {
        out += alphabet[Math.floor(next() * alphabet.length)];
      }
      return out;
    },
  };
}

// Random access: stateless draws for integer coordinates.

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

/**
 * Hashes up to seven integers into an unsigned 32-bit integer (fixed arity: this is hot).
 * @public
 */
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

/** FNV-1a hash of a string into an unsigned 32-bit integer (keys such as account ids). @public */
export function hashString(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

/** Maps a 32-bit hash to a number in [0, 1). @public */
export function unit(h: number): number {
  return h / 4294967296;
}

/** A uniform number in [0, 1) for the given integer inputs (up to seven). @public */
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

/** A uniform integer in [min, max] (inclusive) for the given integer inputs (up to six). @public */
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

/** Hex string of `length` characters derived from up to six inputs (e.g. detector ids). @public */
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
