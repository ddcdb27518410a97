/**
 * Largest-remainder rounding to a total in cents over a stream of exact amounts, in bounded
 * memory: the rule of `roundToTotal` (./chargeback.ts) without holding the values.
 */
import { Amount, fromCents } from '../../spend/money';

const CENT = fromCents(1n);
/** Remainders are whole 10⁻¹⁰ USD in [0, 10⁸): a coarse bucket spans FINE of them. */
const FINE = 16384;
const COARSE = Math.ceil(Number(CENT) / FINE);

/** An amount's floor in cents and its remainder (10⁻¹⁰ USD, 0 ≤ r < 10⁸). */
function split(v: Amount): [bigint, number] {
  const floor = v >= 0n ? v / CENT : -((-v + CENT - 1n) / CENT);
  return [floor, Number(v - floor * CENT)];
}

/**
 * Rounds the amounts of a stream (seen in the same order on every pass) so that they add up to
 * a target in cents, exactly as `roundToTotal` (./chargeback.ts) does on an array: each value floored, the
 * missing cents spread over every value (when more are missing than there are values) and the
 * rest given to the largest remainders, ties by order. Memory: two histograms (6,104 and
 * 16,384 counters), whatever the number of values.
 *
 * Use: {@link StreamedRounding.count} every value (pass 1), {@link StreamedRounding.settle};
 * while {@link StreamedRounding.passesLeft} is 2, {@link StreamedRounding.coarse} every value
 * then {@link StreamedRounding.narrow}; at 1, {@link StreamedRounding.fine} every value then
 * {@link StreamedRounding.threshold}; at 0, {@link StreamedRounding.cents} of every value in
 * order (the last pass).
 */
export class StreamedRounding {
  private n = 0;
  private floors = 0n;
  private each = 0n;
  private rest = 0;
  private sign = 1n;
  private left = 0;
  private coarseCounts = new Uint32Array(0);
  private fineCounts = new Uint32Array(0);
  private bucket = -1;
  private above = 0;
  private cut = Number.POSITIVE_INFINITY;
  private ties = 0;

  /** Pass 1: counts a value. */
  count(v: Amount): void {
    this.n += 1;
    this.floors += split(v)[0];
  }

  /** After pass 1: the total to reach, in cents. */
  settle(targetCents: bigint): void {
    const missing = targetCents - this.floors;
    this.sign = missing < 0n ? -1n : 1n;
    const abs = missing < 0n ? -missing : missing;
    const n = BigInt(Math.max(this.n, 1));
    this.each = abs / n;
    this.rest = Number(abs % n);
    this.left = this.rest === 0 ? 0 : 2;
    if (this.left) this.coarseCounts = new Uint32Array(COARSE);
  }

  /** Selection passes still needed before {@link StreamedRounding.cents} (2, 1 or 0). */
  get passesLeft(): number {
    return this.left;
  }

  /** Selection pass 1: counts a value's remainder by coarse bucket. */
  coarse(v: Amount): void {
    this.coarseCounts[Math.floor(split(v)[1] / FINE)] += 1;
  }

  /** After selection pass 1: the coarse bucket where the largest `rest` remainders end. */
  narrow(): void {
    let acc = 0;
    for (let b = COARSE - 1; b >= 0; b--) {
      if (acc + this.coarseCounts[b] >= this.rest) {
        this.bucket = b;
        this.above = acc;
        break;
      }
      acc += this.coarseCounts[b];
    }
    this.coarseCounts = new Uint32Array(0);
    this.fineCounts = new Uint32Array(FINE);
    this.left = 1;
  }

  /** Selection pass 2: counts the remainders inside the chosen coarse bucket. */
  fine(v: Amount): void {
    const r = split(v)[1];
    if (Math.floor(r / FINE) === this.bucket) this.fineCounts[r % FINE] += 1;
  }

  /** After selection pass 2: remainders above the cut get a cent, and the first ties at it. */
  threshold(): void {
    const need = this.rest - this.above;
    let acc = 0;
    for (let x = FINE - 1; x >= 0; x--) {
      if (acc + this.fineCounts[x] >= need) {
        this.cut = this.bucket * FINE + x;
        this.ties = need - acc;
        break;
      }
      acc += this.fineCounts[x];
    }
    this.fineCounts = new Uint32Array(0);
    this.left = 0;
  }

  /** The last pass, in stream order: a value's cents. */
  cents(v: Amount): bigint {
    const [floor, r] = split(v);
    let c = floor + this.sign * this.each;
    if (this.rest > 0 && (r > this.cut || (r === this.cut && this.ties > 0))) {
      if (r === this.cut) this.ties -= 1;
      c += this.sign;
    }
    return c;
  }
}
