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

/** Hashes a list of integers into an unsigned 32-bit integer. */
export function mix(...parts: number[]): number {
  let h = 0x9e3779b9;
  for (const p of parts) {
    h = fmix((h ^ (p | 0)) + Math.imul(h, 31) + ((p / 4294967296) | 0));
  }
  return h;
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

/** A uniform number in [0, 1) for the given integer inputs. */
export function rand(...parts: number[]): number {
  return unit(mix(...parts));
}

/** A uniform integer in [min, max] (inclusive) for the given integer inputs. */
export function randInt(min: number, max: number, ...parts: number[]): number {
  return min + Math.floor(rand(...parts) * (max - min + 1));
}

/** Hex string of `length` characters derived from the inputs (e.g. detector ids). */
export function hexId(length: number, ...parts: number[]): string {
  let out = '';
  let i = 0;
  while (out.length < length) {
    out += mix(...parts, i++).toString(16).padStart(8, '0');
  }
  return out.slice(0, length);
}
