/**
 * Orthonormal Hermite coefficients of a function under a centred Gaussian law, by the trapezoid rule.
 *
 * For g ~ N(0, 1) and the orthonormal probabilists' Hermite polynomials \( p_k = \mathrm{He}_k/\sqrt{k!} \)
 * (\( \sqrt{k+1}\,p_{k+1}(g) = g\,p_k(g) - \sqrt k\,p_{k-1}(g) \), p₀ = 1):
 * \[ c_k(r) = \mathbb E\big[f(\sqrt r\,g)\,p_k(g)\big] = \mu_k(r)/\sqrt{k!},\qquad
 *    \sum_k c_k(r)^2 = \mathbb E f(\sqrt r\,g)^2 \ \text{(Parseval)}, \]
 * μ_k the Hermite coefficients of shared/math/deep-gaussian-equivalence.md §2 (κ0 = c₀, κ1 = c₁/√r).
 * Their use is Mehler's formula: for standard (g, g′) with correlation ρ,
 * \( \mathbb E f(\sqrt a\,g)\,h(\sqrt b\,g') = \sum_k c^f_k(a)\,c^h_k(b)\,\rho^k \)
 * (Mehler 1866; O'Donnell, *Analysis of Boolean Functions*, 2014, §11.2), the two-dimensional Gaussian
 * expectation of a layer of a random network as a series in the correlation.
 *
 * Quadrature. The trapezoid rule on |g| ≤ T with step h converges like e^{−2πy/h} for an integrand analytic in
 * the strip |Im g| < y (Trefethen & Weideman, SIAM Rev. 56 (2014), Thm 5.1); p_k(g)e^{−g²/2} is entire, so y is
 * set by f (tanh(2√r g): y = π/(4√r)). Every coefficient is computed with steps h and 2h (the even nodes) and h
 * is halved until the two agree to `tol`; since the error squares when h halves, the h value is then far more
 * accurate than the difference. Truncation: |p_k(g)|e^{−g²/4} ≤ 1.09 for all k (Cramér's inequality), so the
 * neglected tail is ≤ 1.09·sup|f|·∫_{|g|>T} e^{−g²/4}/√(2π) ≈ 0.9·e^{−T²/4}/T·sup|f| — 2e-17·sup|f| at T = 12
 * (times √r·T for linearly growing f).
 * A function with kinks (sign, ReLU) converges only like h² here and is refused after the last refinement:
 * the kernel map uses closed forms or two-dimensional adaptive quadrature for those.
 *
 * @module
 */
import { DimensionError } from '../../core/matrix.ts';

/** Options of {@link hermiteCoefficients}. */
export interface HermiteOptions {
  /** Highest order K (default 128). */
  maxOrder?: number;
  /** Absolute tolerance on every c_k relative to √(E f²) (default 1e-14). */
  tol?: number;
  /** Truncation |g| ≤ T (default 12). */
  truncation?: number;
  /** Initial step h (default 0.05: for tanh(2x) at r = 1 the error bound e^{−2π·0.785/h} is e^{−99}); halved at most 4 times. */
  step?: number;
}

/** The coefficients of f at variance r. */
export interface HermiteCoefficients {
  r: number;
  /** c_0, …, c_K. */
  coeffs: Float64Array;
  /** E f(√r g)² by the same rule. */
  secondMoment: number;
  /**
   * tails[k] ≥ Σ_{j>k} c_j²: the Parseval remainder E f² − Σ_{j≤k} c_j², floored at 0, plus the rule's accuracy
   * `tol²`·E f² and a rounding allowance 4(k+2)ε·E f² (the subtraction cancels).
   */
  tails: Float64Array;
  /** The step h that met the tolerance. */
  step: number;
}

const EPS = 2 ** -52;
const INV_SQRT_2PI = 0.3989422804014327;
const MAX_HALVINGS = 4;

/**
 * c_0(r), …, c_K(r) of f under N(0, r) (see the module comment), with E f² and Parseval tails.
 *
 * @throws {DimensionError} if r is not positive and finite, an option is invalid, f is not finite on the grid,
 *   or the rule does not converge within 4 halvings of the step (f is not smooth: use closed forms or 2-D quadrature).
 */
export function hermiteCoefficients(f: (x: number) => number, r: number, opts: HermiteOptions = {}): HermiteCoefficients {
  if (!Number.isFinite(r) || !(r > 0)) throw new DimensionError(`hermiteCoefficients: the variance r must be positive and finite, got ${r}`);
  const K = opts.maxOrder ?? 128;
  const tol = opts.tol ?? 1e-14;
  const T = opts.truncation ?? 12;
  let h = opts.step ?? 0.05;
  if (!Number.isInteger(K) || K < 1 || K > 4096) throw new DimensionError(`hermiteCoefficients: maxOrder must be an integer in [1, 4096], got ${K}`);
  if (!(tol > 0) || !Number.isFinite(tol)) throw new DimensionError(`hermiteCoefficients: tol must be positive and finite, got ${tol}`);
  if (!(T > 0) || !Number.isFinite(T)) throw new DimensionError(`hermiteCoefficients: truncation must be positive and finite, got ${T}`);
  if (!(h > 0) || !Number.isFinite(h)) throw new DimensionError(`hermiteCoefficients: step must be positive and finite, got ${h}`);
  const sr = Math.sqrt(r);
  const sqrtK = new Float64Array(K + 2);
  const invSqrtK1 = new Float64Array(K + 1);
  for (let k = 0; k < K + 2; k++) sqrtK[k] = Math.sqrt(k);
  for (let k = 0; k <= K; k++) invSqrtK1[k] = 1 / Math.sqrt(k + 1);
  for (let attempt = 0; attempt <= MAX_HALVINGS; attempt++) {
    const N = Math.ceil(T / h);
    const hh = T / N;
    const fine = new Float64Array(K + 1);
    const coarse = new Float64Array(K + 1);
    let m2Fine = 0;
    let m2Coarse = 0;
    // Nodes g_j = j·hh, j = −N..N; the coarse rule (step 2hh) uses the even j.
    for (let j = -N; j <= N; j++) {
      const g = j * hh;
      const fv = f(sr * g);
      if (!Number.isFinite(fv)) throw new DimensionError(`hermiteCoefficients: f(${sr * g}) = ${fv} is not finite`);
      const w = INV_SQRT_2PI * Math.exp(-0.5 * g * g) * hh;
      const even = (j & 1) === 0;
      const fw = fv * w;
      m2Fine += fv * fw;
      if (even) m2Coarse += 2 * fv * fw;
      let pPrev = 0;
      let p = 1;
      for (let k = 0; k <= K; k++) {
        const t = fw * p;
        fine[k] += t;
        if (even) coarse[k] += 2 * t;
        const pNext = (g * p - sqrtK[k] * pPrev) * invSqrtK1[k];
        pPrev = p;
        p = pNext;
      }
    }
    const scale = Math.sqrt(Math.max(m2Fine, Number.MIN_VALUE));
    let diff = Math.abs(m2Fine - m2Coarse) / scale;
    for (let k = 0; k <= K; k++) diff = Math.max(diff, Math.abs(fine[k] - coarse[k]));
    if (diff <= tol * scale) {
      const tails = new Float64Array(K + 1);
      let acc = 0;
      for (let k = 0; k <= K; k++) {
        acc += fine[k] * fine[k];
        tails[k] = Math.max(0, m2Fine - acc) + (tol * tol + 4 * (k + 2) * EPS) * m2Fine;
      }
      return { r, coeffs: fine, secondMoment: m2Fine, tails, step: hh };
    }
    h /= 2;
  }
  throw new DimensionError(
    `hermiteCoefficients: the trapezoid rule did not reach tol = ${tol} at r = ${r} after ${MAX_HALVINGS} halvings of the step; ` +
      'f is probably not smooth (a kink or jump): use a closed form or two-dimensional adaptive quadrature',
  );
}
