/**
 * Domain arbitraries for claim parameters. `fc.double` draws uniformly over bit patterns (most draws
 * are tiny, many subnormal), so scales are drawn log-uniformly from an integer grid instead; the value
 * is JSON data, so a counterexample is stored as it was drawn.
 *
 * @module
 */
import fc from 'fast-check';

/** Options of {@link logUniform}. */
export interface LogUniformOptions {
  /** Number of grid steps K between 10^lo and 10^hi (positive integer; default 10⁶). */
  steps?: number;
}

/**
 * Log-uniform on [10^lo, 10^hi]: \( x = 10^{lo + (hi - lo)k/K} \), k uniform on {0, …, K}. Shrinks toward 10^lo.
 */
export function logUniform(lo: number, hi: number, options: LogUniformOptions = {}): fc.Arbitrary<number> {
  const { steps = 1_000_000 } = options;
  if (!(Number.isFinite(lo) && Number.isFinite(hi) && hi >= lo)) throw new RangeError(`logUniform needs finite lo ≤ hi, got [${lo}, ${hi}]`);
  if (!Number.isInteger(steps) || steps < 1) throw new RangeError(`logUniform needs a positive integer number of steps, got ${steps}`);
  return fc.integer({ min: 0, max: steps }).map((k) => 10 ** (lo + ((hi - lo) * k) / steps));
}
