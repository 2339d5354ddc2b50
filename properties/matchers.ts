/**
 * Custom matchers, registered in the per-worker setup.
 *
 * `toBeCloseToRel(expected, rtol, atol = 0)`: passes when |actual − expected| ≤ atol + rtol·|expected|.
 * Unlike `toBeCloseTo` (an absolute 10^-d/2) it scales with the reference, and unlike `toBe` it does
 * not distinguish −0 from 0. The failure message lists x, expected, delta and tol (stdlib-js style).
 */
import { expect } from 'vitest';

interface CloseToRelMatchers<R = unknown> {
  toBeCloseToRel(expected: number, rtol: number, atol?: number): R;
}

declare module 'vitest' {
  // eslint-disable-next-line @typescript-eslint/no-empty-object-type, @typescript-eslint/no-explicit-any
  interface Assertion<T = any> extends CloseToRelMatchers<T> {}
  // eslint-disable-next-line @typescript-eslint/no-empty-object-type
  interface AsymmetricMatchersContaining extends CloseToRelMatchers {}
}

expect.extend({
  toBeCloseToRel(received: unknown, expected: number, rtol: number, atol = 0) {
    if (typeof received !== 'number' || typeof expected !== 'number') {
      return { pass: false, message: () => `toBeCloseToRel needs numbers, got ${typeof received} and ${typeof expected}` };
    }
    if (!(rtol >= 0) || !(atol >= 0)) return { pass: false, message: () => `toBeCloseToRel needs rtol, atol ≥ 0, got ${rtol}, ${atol}` };
    const delta = Math.abs(received - expected);
    const tol = atol + rtol * Math.abs(expected);
    const pass = delta <= tol; // NaN fails
    return {
      pass,
      message: () =>
        `expected x ${pass ? 'not ' : ''}to be within tol of expected\n  x:        ${received}\n  expected: ${expected}\n  delta:    ${delta}\n  tol:      ${tol} (atol ${atol} + rtol ${rtol}·|expected|)`,
    };
  },
});
