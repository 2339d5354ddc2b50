/**
 * Two-dimensional Gaussian expectations \( \mathbb E[f(u)\,h(v)] \), (u, v) ~ N(0, [[a, c], [c, b]]), by nested
 * adaptive one-dimensional quadrature (`core/gaussianExpectation.ts`: trapezoid for smooth integrands,
 * double-exponential pieces between breakpoints).
 *
 * Factorisation: with ρ = c/√(ab), u = √a·g₁ and v = ρ√(b/a)·u + √(b(1 − ρ²))·g₂ for independent standard g₁, g₂, so
 * \[ \mathbb E f(u)h(v) = \mathbb E_u\Big[f(u)\;\mathbb E_{g_2} h\big(\rho\sqrt{b/a}\,u + \sqrt{b(1-\rho^2)}\,g_2\big)\Big]. \]
 * The inner expectation is a smooth function of u whenever ρ² < 1 (a Gaussian convolution); its kinks as
 * ρ² → 1 sit where ρ√(b/a)u hits a breakpoint of h, so those points are added to the outer breakpoints.
 * This is the slow, general path of the layer kernel map (`kernelMap.ts`), used where the Mehler series
 * converges too slowly (|ρ| close to 1) or f is not smooth and has no closed form.
 *
 * @module
 */
import { gaussianExpectation } from '../../core/gaussianExpectation.ts';
import { DimensionError } from '../../core/matrix.ts';

/** A function with its non-smooth points (in its own argument). */
export interface PiecewiseFunction {
  f: (x: number) => number;
  breakpoints: readonly number[];
}

/** The covariance of (u, v) and the tolerance of {@link pairExpectation}. */
export interface PairExpectationSettings {
  /** Var u = a > 0. */
  a: number;
  /** Var v = b > 0. */
  b: number;
  /** Cov(u, v) = c, |c| ≤ √(ab) (up to 1e-12 relative). */
  c: number;
  /** Relative tolerance of the nested quadratures (default 1e-13). */
  relTol?: number;
}

/**
 * E[f(u) h(v)] for (u, v) ~ N(0, [[a, c], [c, b]]) (see the module comment). |ρ| = |c|/√(ab) may exceed 1 by
 * rounding (≤ 1e-12): it is clamped.
 *
 * @throws {DimensionError} if a or b is not positive and finite, c is not finite, or |c| > (1 + 1e-12)√(ab)
 *   (the covariance is not positive semi-definite).
 */
export function pairExpectation(fu: PiecewiseFunction, hv: PiecewiseFunction, settings: PairExpectationSettings): number {
  const { a, b, c, relTol = 1e-13 } = settings;
  if (!Number.isFinite(a) || !(a > 0)) throw new DimensionError(`pairExpectation: variance a must be positive and finite, got ${a}`);
  if (!Number.isFinite(b) || !(b > 0)) throw new DimensionError(`pairExpectation: variance b must be positive and finite, got ${b}`);
  if (!Number.isFinite(c)) throw new DimensionError(`pairExpectation: covariance c must be finite, got ${c}`);
  let rho = c / Math.sqrt(a * b);
  if (Math.abs(rho) > 1 + 1e-12) throw new DimensionError(`pairExpectation: |c|/√(ab) = ${Math.abs(rho)} > 1: the 2×2 covariance is not positive semi-definite`);
  rho = Math.max(-1, Math.min(1, rho));
  const slope = rho * Math.sqrt(b / a);
  const condVar = b * (1 - rho * rho);
  const inner =
    condVar > 0
      ? (u: number) => {
          const m = slope * u;
          return gaussianExpectation((y) => hv.f(m + y), condVar, { relTol, breakpoints: hv.breakpoints.map((p) => p - m) }).value;
        }
      : (u: number) => hv.f(slope * u);
  const outerBreaks = [...fu.breakpoints];
  if (slope !== 0) for (const p of hv.breakpoints) outerBreaks.push(p / slope);
  const opts = outerBreaks.length ? { relTol, breakpoints: outerBreaks } : { relTol };
  return gaussianExpectation((u) => fu.f(u) * inner(u), a, opts).value;
}
