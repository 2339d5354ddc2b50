/**
 * Probabilists' Hermite polynomials and the Hermite (Gaussian-equivalence) coefficients of an
 * activation in decimal.js (default 50 significant digits).
 *
 * He_k is orthogonal for the standard normal weight: \( \mathbb E[He_j(g)He_k(g)] = k!\,\delta_{jk} \);
 * recurrence \( He_{k+1}(x) = x\,He_k(x) - k\,He_{k-1}(x) \), He₀ = 1, He₁ = x (DLMF 18.9.1 with
 * 18.3, "He" column). Not the physicists' H_k (H_{k+1} = 2x H_k − 2k H_{k−1}, weight e^{−x²}).
 *
 * For φ and a variance r, with g ~ N(0, 1) (math file §2, `/work/shared/math/deep-gaussian-equivalence.md`):
 * \( \mu_k(r) = \mathbb E[\varphi(\sqrt r g)\,He_k(g)] \), \( \varphi = \sum_k \mu_k He_k/k! \),
 * \( \mathbb E\varphi^2 = \sum_k \mu_k^2/k! \) (Parseval), κ₀ = μ₀, κ₁ = μ₁/√r = E[hφ(h)]/r (Stein),
 * ε = E φ² − κ₀² − r κ₁² = Σ_{k≥2} μ_k²/k!.
 *
 * @module
 */
import type { Decimal } from 'decimal.js';
import { DimensionError } from '../core/matrix.ts';
import { decimalContext, GUARD_DIGITS, precisionOf, toDecimal, type DecimalCtor } from './decimal.ts';
import { gaussianIntegralsDecimal, type DecimalQuadratureOptions } from './quadrature.ts';

/** Options of {@link hermiteHeAll} and {@link hermiteHe}. */
export interface HermiteOptions {
  /** The decimal.js constructor of the computation (default: the constructor of x if it is a Decimal, else 60 digits). */
  D?: DecimalCtor;
}

/**
 * He_0(x), …, He_K(x) by the three-term recurrence, in the context `D` (default: the constructor of x
 * if it is a Decimal, else 60 digits).
 *
 * @throws {DimensionError} if K is not a non-negative integer or x is not finite.
 */
export function hermiteHeAll(K: number, x: Decimal.Value, options: HermiteOptions = {}): Decimal[] {
  if (!Number.isInteger(K) || K < 0) throw new DimensionError(`hermiteHeAll: degree K must be a non-negative integer, got ${K}`);
  const ctx = options.D ?? (typeof x === 'object' ? (x.constructor as DecimalCtor) : decimalContext({ precision: 60 }));
  const X = toDecimal(x, ctx, 'x');
  const out: Decimal[] = [new ctx(1)];
  if (K >= 1) out.push(X);
  for (let k = 1; k < K; k++) out.push(X.times(out[k]).minus(out[k - 1].times(k)));
  return out;
}

/** He_k(x), see {@link hermiteHeAll}. */
export function hermiteHe(k: number, x: Decimal.Value, options: HermiteOptions = {}): Decimal {
  return hermiteHeAll(k, x, options)[k];
}

/** Options of {@link hermiteCoefficientsDecimal}. */
export type HermiteCoefficientOptions = DecimalQuadratureOptions;

/** Result of {@link hermiteCoefficientsDecimal}; all values rounded to the requested precision. */
export interface HermiteCoefficients {
  /** μ_k(r) = E[φ(√r g) He_k(g)], k = 0..K. */
  mu: Decimal[];
  /** Estimated absolute error of each μ_k (quadrature heuristic d²/S, see `quadrature.ts`). */
  muErrorEstimates: Decimal[];
  /** q = E φ(√r g)², computed from the same nodes. */
  secondMoment: Decimal;
  secondMomentErrorEstimate: Decimal;
  /** κ₀ = μ₀ = E φ(h). */
  kappa0: Decimal;
  /** κ₁ = μ₁/√r = E[h φ(h)]/r. */
  kappa1: Decimal;
  /** ε = q − κ₀² − r κ₁² (the "κ*²" of the equivalence), from q and μ₀, μ₁. */
  epsilon: Decimal;
  /** Parseval partial sums S_k = Σ_{j≤k} μ_j²/j!, k = 0..K (non-decreasing, → q). */
  parsevalPartialSums: Decimal[];
  /** Integrand evaluations (each gives all K + 2 components). */
  evaluations: number;
  converged: boolean;
}

/**
 * Hermite coefficients μ_0..μ_K of φ at variance r, together with E φ², κ₀, κ₁, ε and the Parseval
 * partial sums, all from one high-precision quadrature that shares the evaluations of φ between the
 * K + 2 integrands φ(√r g)He_k(g) and φ(√r g)² (trapezoid rule, or the double-exponential rule when
 * `breakpoints` are given; see `quadrature.ts`). The truncation allows for the growth g^K of He_K.
 *
 * @param phi the activation; receives x = √r·g at the working precision (P + 10 digits).
 * @param r the pre-activation variance, r > 0.
 * @param K the largest degree, 0 ≤ K ≤ 200.
 * @throws {DimensionError} for invalid r, K or options, or a non-finite φ value.
 */
export function hermiteCoefficientsDecimal(
  phi: (x: Decimal) => Decimal,
  r: Decimal.Value,
  K: number,
  opts: HermiteCoefficientOptions = {},
): HermiteCoefficients {
  if (!Number.isInteger(K) || K < 0 || K > 200) throw new DimensionError(`hermiteCoefficientsDecimal: degree K must be an integer in [0, 200], got ${K}`);
  const P = precisionOf(opts);
  const W = decimalContext({ precision: P + GUARD_DIGITS });
  const R = toDecimal(r, W, 'r');
  if (!R.isPositive() || R.isZero()) throw new DimensionError(`hermiteCoefficientsDecimal: variance r must be positive, got ${R.toString()}`);
  // |He_K(g)| ≤ (|g| + √K)^K roughly: allow K·log10(20 + √K) extra digits at the truncation point.
  const growthDigits = opts.growthDigits ?? K * Math.log10(20 + Math.sqrt(K));
  const res = gaussianIntegralsDecimal(
    (x, g) => {
      const v = phi(x);
      const he = hermiteHeAll(K, g, { D: W });
      const out = he.map((h) => v.times(h));
      out.push(v.times(v));
      return out;
    },
    K + 2,
    R,
    // 5 extra digits for the derived ε = q − κ0² − μ1² (one digit of cancellation for tanh; the
    // quadrature adds its own guard digits on top).
    { ...opts, precision: P + 5, growthDigits },
  );
  const D = decimalContext({ precision: P });
  const round = (x: Decimal): Decimal => new D(x).toSignificantDigits(P);
  const mu = res.values.slice(0, K + 1);
  const q = res.values[K + 1];
  const sqrtR = W.sqrt(R);
  const kappa0 = mu[0];
  const kappa1 = K >= 1 ? new W(mu[1]).div(sqrtR) : new W(NaN);
  const epsilon = K >= 1 ? new W(q).minus(new W(kappa0).pow(2)).minus(new W(mu[1]).pow(2)) : new W(NaN);
  const sums: Decimal[] = [];
  let acc = new W(0);
  let fact = new W(1);
  for (let k = 0; k <= K; k++) {
    if (k > 0) fact = fact.times(k);
    acc = acc.plus(new W(mu[k]).pow(2).div(fact));
    sums.push(round(acc));
  }
  return {
    mu: mu.map(round),
    muErrorEstimates: res.errorEstimates.slice(0, K + 1).map(round),
    secondMoment: round(q),
    secondMomentErrorEstimate: round(res.errorEstimates[K + 1]),
    kappa0: round(kappa0),
    kappa1: kappa1.isNaN() ? new D(NaN) : round(kappa1),
    epsilon: epsilon.isNaN() ? new D(NaN) : round(epsilon),
    parsevalPartialSums: sums,
    evaluations: res.evaluations,
    converged: res.converged,
  };
}
