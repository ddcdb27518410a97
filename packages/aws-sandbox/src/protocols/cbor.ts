/**
 * A small CBOR (RFC 8949) reader and writer for the Smithy RPC v2 CBOR protocol.
 *
 * Reads every major type a client sends: unsigned and negative integers, byte and text
 * strings (definite or indefinite length), arrays and maps (definite or indefinite), tags
 * (tag 1, an epoch-seconds timestamp, is read as a `Date`; other tags give their content),
 * `true`, `false`, `null`, `undefined` and half, single and double floats.
 *
 * Writes definite lengths only: integers in the shortest head, non-integers (and numbers the
 * caller marks as doubles) as 64-bit floats, `Date` as tag 1 around epoch seconds, `Buffer` as a
 * byte string; object members whose value is `undefined` or `null` are left out.
 */

/** A number to write as a 64-bit float even when it is whole (a Smithy `double` member). @public */
export class CborDouble {
  constructor(readonly value: number) {}
}

/** Thrown for bytes that are not well-formed CBOR. @public */
export class CborError extends Error {}

const BREAK = Symbol('break');

class Reader {
  #pos = 0;
  constructor(private readonly bytes: Buffer) {}

  done(): boolean {
    return this.#pos >= this.bytes.length;
  }

  #need(n: number) {
    if (this.#pos + n > this.bytes.length) {
      throw new CborError(`CBOR ends early at byte ${this.#pos}`);
    }
  }

  #byte(): number {
    this.#need(1);
    return this.bytes[this.#pos++];
  }

  #argument(info: number): number | undefined {
    if (info < 24) return info;
    const size = { 24: 1, 25: 2, 26: 4, 27: 8 }[info];
    if (size === undefined) {
      if (info === 31) return undefined; // indefinite length
      throw new CborError(`Reserved CBOR additional information ${info}`);
    }
    this.#need(size);
    const start = this.#pos;
    this.#pos += size;
    if (size === 8) {
      const big = this.bytes.readBigUInt64BE(start);
      if (big > BigInt(Number.MAX_SAFE_INTEGER)) {
        throw new CborError('CBOR integer beyond 2^53 is not supported');
      }
      return Number(big);
    }
    return this.bytes.readUIntBE(start, size);
  }

  #take(n: number): Buffer {
    this.#need(n);
    const out = this.bytes.subarray(this.#pos, this.#pos + n);
    this.#pos += n;
    return out;
  }

  #chunks(major: number): Buffer {
    const parts: Buffer[] = [];
    for (;;) {
      const head = this.#byte();
      if (head === 0xff) return Buffer.concat(parts);
      if (head >> 5 !== major) {
        throw new CborError('Indefinite string chunk of another type');
      }
      const n = this.#argument(head & 31);
      if (n === undefined) throw new CborError('Nested indefinite string');
      parts.push(this.#take(n));
    }
  }

  read(): unknown {
    const value = this.#item();
    if (value === BREAK) throw new CborError('Unexpected CBOR break');
    return value;
  }

  #item(): unknown {
    const head = this.#byte();
    const major = head >> 5;
    const info = head & 31;
    switch (major) {
      case 0:
        return this.#definite(info);
      case 1:
        return -1 - this.#definite(info);
      case 2: {
        const n = this.#argument(info);
        return Buffer.from(n === undefined ? this.#chunks(2) : this.#take(n));
      }
      case 3: {
        const n = this.#argument(info);
        return (n === undefined ? this.#chunks(3) : this.#take(n)).toString(
          'utf8',
        );
      }
      case 4: {
        const n = this.#argument(info);
        const out: unknown[] = [];
        for (let i = 0; n === undefined || i < n; i++) {
          const v = this.#item();
          if (v === BREAK) {
            if (n === undefined) break;
            throw new CborError('Unexpected CBOR break in an array');
          }
          out.push(v);
        }
        return out;
      }
      case 5: {
        const n = this.#argument(info);
        const out: Record<string, unknown> = {};
        for (let i = 0; n === undefined || i < n; i++) {
          const key = this.#item();
          if (key === BREAK) {
            if (n === undefined) break;
            throw new CborError('Unexpected CBOR break in a map');
          }
          if (typeof key !== 'string') {
            throw new CborError('CBOR map keys must be text strings');
          }
          // Own data property even for `__proto__`, never the prototype.
          Object.defineProperty(out, key, {
            value: this.read(),
            enumerable: true,
            writable: true,
            configurable: true,
          });
        }
        return out;
      }
      case 6: {
        const tag = this.#definite(info);
        const content = this.read();
        if (tag === 1) {
          if (typeof content !== 'number') {
            throw new CborError('CBOR tag 1 must hold a number');
          }
          return new Date(Math.round(content * 1000));
        }
        return content;
      }
      default:
        return this.#simple(info);
    }
  }

  #definite(info: number): number {
    const n = this.#argument(info);
    if (n === undefined) throw new CborError('Indefinite length on a number');
    return n;
  }

  #simple(info: number): unknown {
    switch (info) {
      case 20:
        return false;
      case 21:
        return true;
      case 22:
        return null;
      case 23:
        return undefined;
      case 25:
        return halfToNumber(this.#take(2).readUInt16BE(0));
      case 26:
        return this.#take(4).readFloatBE(0);
      case 27:
        return this.#take(8).readDoubleBE(0);
      case 31:
        return BREAK;
      default:
        throw new CborError(`Unsupported CBOR simple value ${info}`);
    }
  }
}

function halfToNumber(half: number): number {
  const sign = half & 0x8000 ? -1 : 1;
  const exponent = (half >> 10) & 0x1f;
  const fraction = half & 0x3ff;
  if (exponent === 0) return sign * 2 ** -14 * (fraction / 1024);
  if (exponent === 31) return fraction ? NaN : sign * Infinity;
  return sign * 2 ** (exponent - 15) * (1 + fraction / 1024);
}

/** Reads one CBOR data item (an empty buffer reads as `undefined`). @throws CborError */
export function decodeCbor(bytes: Buffer): unknown {
  if (bytes.length === 0) return undefined;
  const reader = new Reader(bytes);
  const value = reader.read();
  if (!reader.done()) throw new CborError('Bytes after the CBOR data item');
  return value;
}

function itemHead(major: number, n: number): Buffer {
  if (n < 24) return Buffer.from([(major << 5) | n]);
  if (n < 0x100) return Buffer.from([(major << 5) | 24, n]);
  if (n < 0x10000) {
    const b = Buffer.alloc(3);
    b[0] = (major << 5) | 25;
    b.writeUInt16BE(n, 1);
    return b;
  }
  if (n < 0x100000000) {
    const b = Buffer.alloc(5);
    b[0] = (major << 5) | 26;
    b.writeUInt32BE(n, 1);
    return b;
  }
  const b = Buffer.alloc(9);
  b[0] = (major << 5) | 27;
  b.writeBigUInt64BE(BigInt(n), 1);
  return b;
}

function float64(n: number): Buffer {
  const b = Buffer.alloc(9);
  b[0] = 0xfb;
  b.writeDoubleBE(n, 1);
  return b;
}

function encodeInto(value: unknown, out: Buffer[]): void {
  if (value === null || value === undefined) {
    out.push(Buffer.from([0xf6]));
  } else if (value === false || value === true) {
    out.push(Buffer.from([value ? 0xf5 : 0xf4]));
  } else if (value instanceof CborDouble) {
    out.push(float64(value.value));
  } else if (typeof value === 'number') {
    if (Number.isSafeInteger(value) && !Object.is(value, -0)) {
      out.push(value >= 0 ? itemHead(0, value) : itemHead(1, -1 - value));
    } else {
      out.push(float64(value));
    }
  } else if (typeof value === 'string') {
    const bytes = Buffer.from(value, 'utf8');
    out.push(itemHead(3, bytes.length), bytes);
  } else if (Buffer.isBuffer(value)) {
    out.push(itemHead(2, value.length), value);
  } else if (value instanceof Date) {
    const seconds = value.getTime() / 1000;
    out.push(Buffer.from([0xc1]));
    encodeInto(seconds, out);
  } else if (Array.isArray(value)) {
    out.push(itemHead(4, value.length));
    for (const item of value) encodeInto(item, out);
  } else if (typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>).filter(
      ([, v]) => v !== undefined && v !== null,
    );
    out.push(itemHead(5, entries.length));
    for (const [k, v] of entries) {
      encodeInto(k, out);
      encodeInto(v, out);
    }
  } else {
    throw new CborError(`Cannot write ${typeof value} as CBOR`);
  }
}

/** Writes a value as one CBOR data item. */
export function encodeCbor(value: unknown): Buffer {
  const out: Buffer[] = [];
  encodeInto(value, out);
  return Buffer.concat(out);
}
