/**
 * Expectations \( \mathbb E F(x) \), x ~ N(0, r), for integrands F that vary on the scale O(1) in x
 * whatever r is (the probit integrands N(a)²/(Φ(a)Φ(−a)) and h₂(Φ(a)) of the replica formulas).
 *
 * The core rule (`core/gaussianExpectation.ts`) integrates in g = x/√r. For r ≫ 1 the integrand
 * F(√r g) then has width 1/√r in g, and the trapezoid rule needs a step ≲ 1/√r. This wrapper
 * instead integrates in x itself against the standard normal weight when r > 1, by the change of
 * measure
 * \( \mathbb E_{x\sim N(0,r)}F(x) = \mathbb E_{g\sim N(0,1)}\big[F(g)\,r^{-1/2}e^{(1-1/r)g^2/2}\big] \),
 * whose integrand F(g)·φ_r(g)/φ(g) keeps the width of F. For r ≤ 1 the direct form is used. Both are
 * exact identities; only the quadrature (core, trapezoid, relative tolerance 1e-14) approximates.
 *
 * @module
 */
import { gaussianExpectation, type GaussianExpectationResult } from '../../core/gaussianExpectation.ts';
import { DimensionError } from '../../core/matrix.ts';

/** Options of {@link normalExpectation}. */
export interface NormalExpectationOptions {
  /** Relative tolerance of the core quadrature (default 1e-14). */
  relTol?: number;
}

/**
 * \( \mathbb E_{x\sim N(0,r)} F(x) \) for r ≥ 0 (r = 0 gives F(0)), with the core quadrature's error
 * estimate. F must be smooth (analytic in a strip around the real line) and O(1)-scaled.
 *
 * @throws {DimensionError} if r is negative, NaN or infinite.
 */
export function normalExpectation(F: (x: number) => number, r: number, options: NormalExpectationOptions = {}): GaussianExpectationResult {
  const { relTol = 1e-14 } = options;
  if (!(r >= 0) || !Number.isFinite(r)) throw new DimensionError(`normalExpectation: variance r must be finite and ≥ 0, got ${r}`);
  if (r === 0) {
    const v = F(0);
    if (!Number.isFinite(v)) throw new DimensionError(`normalExpectation: F(0) = ${v} is not finite`);
    return { value: v, errorEstimate: 0, evaluations: 1, converged: true };
  }
  if (r <= 1) return gaussianExpectation(F, r, { relTol });
  const c = 0.5 * (1 - 1 / r);
  const k = 1 / Math.sqrt(r);
  return gaussianExpectation((g) => F(g) * k * Math.exp(c * g * g), 1, { relTol });
}
