/**
 * Deterministic pseudo-random numbers. Every generated value in the sandbox comes from a
 * {@link Rng} created from the seed plus a key naming what is generated, so the same seed gives
 * the same organization, costs and metrics, and adding one kind of data never shifts another.
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
