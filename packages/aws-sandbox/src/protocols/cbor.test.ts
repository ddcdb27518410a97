import fc from 'fast-check';
import { CborDouble, CborError, decodeCbor, encodeCbor } from './cbor';

const hex = (b: Buffer) => b.toString('hex');

describe('CBOR', () => {
  it('writes the shortest integer heads, float64 doubles and tag-1 timestamps', () => {
    expect(hex(encodeCbor(0))).toBe('00');
    expect(hex(encodeCbor(23))).toBe('17');
    expect(hex(encodeCbor(24))).toBe('1818');
    expect(hex(encodeCbor(500))).toBe('1901f4');
    expect(hex(encodeCbor(100_800))).toBe('1a000189c0');
    expect(hex(encodeCbor(-1))).toBe('20');
    expect(hex(encodeCbor(-500))).toBe('3901f3');
    expect(hex(encodeCbor(1.5))).toBe('fb3ff8000000000000');
    expect(hex(encodeCbor(new CborDouble(5)))).toBe('fb4014000000000000');
    expect(hex(encodeCbor(new Date('2026-03-15T12:00:00Z')))).toBe(
      'c11a69b69f40',
    );
    expect(hex(encodeCbor('Sum'))).toBe('6353756d');
    expect(hex(encodeCbor([true, false, null]))).toBe('83f5f4f6');
    expect(hex(encodeCbor({ a: 1, skipped: undefined }))).toBe('a1616101');
  });

  it('reads what clients send: indefinite lengths, half and single floats, tag 1', () => {
    // {_ "Ids": [_ "m1"], "Period": 300} with an indefinite map and array.
    expect(
      decodeCbor(
        Buffer.from(
          'bf63496473 9f626d31ff 66506572696f64 19012c ff'.replace(/ /g, ''),
          'hex',
        ),
      ),
    ).toEqual({ Ids: ['m1'], Period: 300 });
    expect(decodeCbor(Buffer.from('f93e00', 'hex'))).toBe(1.5);
    expect(decodeCbor(Buffer.from('fa3fc00000', 'hex'))).toBe(1.5);
    expect(decodeCbor(Buffer.from('c1fb41da6da7d0000000', 'hex'))).toEqual(
      new Date('2026-03-15T12:00:00Z'),
    );
    // An indefinite text string of two chunks.
    expect(decodeCbor(Buffer.from('7f6153626d58ff', 'hex'))).toBe('SmX');
    expect(decodeCbor(Buffer.alloc(0))).toBeUndefined();
  });

  it('rejects malformed input with CborError', () => {
    expect(() => decodeCbor(Buffer.from('a1', 'hex'))).toThrow(CborError);
    expect(() => decodeCbor(Buffer.from('0000', 'hex'))).toThrow(
      'Bytes after the CBOR data item',
    );
    expect(() => decodeCbor(Buffer.from('a10101', 'hex'))).toThrow(
      'CBOR map keys must be text strings',
    );
  });

  it('reads back every value it writes (property)', () => {
    const seed = Number(process.env.FC_SEED ?? Date.now() % 1_000_000);
    const value = fc.letrec(tie => ({
      node: fc.oneof(
        { depthSize: 'small' },
        fc.integer({ min: -(2 ** 40), max: 2 ** 40 }),
        fc.double({ noNaN: true, noDefaultInfinity: true }),
        fc.string(),
        fc.boolean(),
        fc.date({
          min: new Date('1970-01-01T00:00:00Z'),
          max: new Date('2100-01-01T00:00:00Z'),
          noInvalidDate: true,
        }),
        fc.array(tie('node'), { maxLength: 4 }),
        fc.dictionary(fc.string(), tie('node'), { maxKeys: 4 }),
      ),
    })).node;
    try {
      fc.assert(
        fc.property(value, v => {
          const back = decodeCbor(encodeCbor(v));
          expect(back).toEqual(v);
        }),
        { seed, numRuns: 300, interruptAfterTimeLimit: 5_000 },
      );
    } catch (e) {
      // eslint-disable-next-line no-console
      console.error(`CBOR round trip failed with seed ${seed}`);
      throw e;
    }
  });
});
