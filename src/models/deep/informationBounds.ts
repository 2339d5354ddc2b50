/**
 * Exact finite-n bounds on the information the labels of a deep random network carry about all its weights,
 * Gaussian channel (shared/math/deep-gaussian-equivalence.md §4).
 *
 * Model: θ = (W, a), S = X^{(L)}a/√d_L, Y = S + √Δ Z. Given X = x, for every n:
 * \[ \mathbb E_W\,\tfrac12\log\det(I_n + K_W/\Delta) \;\le\; I(\theta; Y\mid X = x) \;\le\; \tfrac12\log\det(I_n + \bar K/\Delta), \]
 * - lower: the chain rule I(θ; Y) = I(W; Y) + I(a; Y | W) ≥ I(a; Y | W), and given W the model is a Gaussian
 *   linear model in a with output covariance K_W = σ_a² X^{(L)}X^{(L)ᵀ}/d_L (`readoutGram.ts`);
 * - upper: I(θ; Y) = h(Y) − h(Y | θ), h(Y | θ) = (n/2) log(2πeΔ) exactly, and h(Y) ≤ ½ log det(2πe(K̄ + ΔI)) with
 *   K̄ = E_W K_W the covariance of S (the Gaussian maximises entropy at fixed covariance; Cover & Thomas,
 *   *Elements of Information Theory*, 2nd ed., Thm 8.6.5). Jensen (log det is concave) orders the two directly.
 * Every log-determinant is taken from a Cholesky factor (a sum of logs, never a determinant).
 *
 * The effective GLM's information about v alone, \( I(v; Y\mid X = x) = \tfrac12\log\det(I_n + s\,xx^\top/(d(\varepsilon_{\rm tot} + \Delta))) \)
 * (§6), is the "information of v only" convention the corrected §4 rules out.
 *
 * @module
 */
import { cholesky, choleskyLogDet } from '../../core/cholesky.ts';
import { DimensionError, type Matrix } from '../../core/matrix.ts';
import type { Rng } from '../../core/random.ts';
import { hiddenFeatures, sampleDeepTeacher, sampleInputs, type DeepTeacher } from './deepTeacher.ts';
import type { DeepArchitecture } from './effectiveGlm.ts';
import { featureInformationPerSample } from './equivalentFeatures.ts';
import { inputGram, nngpKernel } from './nngpKernel.ts';

function checkDelta(delta: number): void {
  if (!Number.isFinite(delta) || !(delta > 0)) throw new RangeError(`delta (the label-noise variance Δ) must be positive and finite, got ${delta}`);
}

/**
 * \( \frac1n\cdot\tfrac12\log\det(I_n + K/\Delta) \) for a symmetric positive semi-definite n × n K, from the Cholesky
 * factor of I + K/Δ.
 *
 * @throws {RangeError} if Δ is not positive and finite; {@link DimensionError} if K is not square, symmetric and finite;
 *   `NotPositiveDefiniteError` if I + K/Δ is not positive definite (K has a negative eigenvalue below −Δ).
 */
export function gaussianInformationPerSample(K: Matrix, delta: number): number {
  checkDelta(delta);
  if (K.rows !== K.cols || K.rows < 1) throw new DimensionError(`K must be square and non-empty, got ${K.rows}×${K.cols}`);
  const n = K.rows;
  const A = { rows: n, cols: n, data: new Float64Array(n * n), offset: 0, stride: n };
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) A.data[i * n + j] = K.data[K.offset + i * K.stride + j] / delta;
    A.data[i * n + i] += 1;
  }
  return (0.5 * choleskyLogDet(cholesky(A).L)) / n;
}

/**
 * One draw of the lower bound: \( \frac1n\cdot\tfrac12\log\det(I_n + K_W/\Delta) \) for the teacher's inner weights W,
 * evaluated in the d_L × d_L form \( \tfrac12\log\det(I + \sigma_a^2 X^{(L)\top}X^{(L)}/(d_L\Delta)) \) (Sylvester).
 * Its mean over independent W is the lower bound.
 */
export function readoutInformationPerSample(t: DeepTeacher, X: Matrix, delta: number): number {
  checkDelta(delta);
  return featureInformationPerSample(hiddenFeatures(t, X), delta / t.arch.readoutVar);
}

/**
 * The effective GLM's finite-n information about v, per sample:
 * \( \frac1n\cdot\tfrac12\log\det\big(I_n + \frac{s}{\varepsilon_{\rm tot}+\Delta}\,xx^\top/d\big) \) (§6).
 *
 * @throws {RangeError} if s is not positive or ε_tot + Δ is not positive (or either is not finite).
 */
export function glmInformationPerSample(X: Matrix, g: { s: number; epsTot: number }, delta: number): number {
  if (!Number.isFinite(g.s) || !(g.s > 0)) throw new RangeError(`s (the effective signal strength) must be positive and finite, got ${g.s}`);
  const sigma2 = g.epsTot + delta;
  if (!Number.isFinite(sigma2) || !(sigma2 > 0)) throw new RangeError(`ε_tot + Δ must be positive and finite, got ${sigma2}`);
  const G = inputGram(X);
  for (let i = 0; i < G.data.length; i++) G.data[i] *= g.s;
  return gaussianInformationPerSample(G, sigma2);
}

/** Both bounds on one draw of X and of the inner weights (per sample). */
export interface BoundsDraw {
  /** ½ log det(I + K_W/Δ)/n averaged over `wDraws` draws of W: an unbiased estimate of the lower bound. */
  lower: number;
  /** ½ log det(I + K̄/Δ)/n with K̄ the NNGP kernel of X. */
  upper: number;
}

/** Settings of {@link informationBoundsDraw}. */
export interface BoundsDrawSettings {
  /** Input dimension d (positive integer; n = max(1, round(αd)) samples). */
  d: number;
  /** Samples per input dimension α > 0. */
  alpha: number;
  /** Label-noise variance Δ > 0. */
  delta: number;
  /** Compute the lower bound (draws the teacher; default true). */
  lower?: boolean;
  /** Draws of the inner weights averaged in the lower bound (positive integer; default 1). */
  wDraws?: number;
}

/**
 * Draws X (round(αd) × d, i.i.d. N(0, 1)) and then one teacher (inner weights and readout) from `rng`, and returns both
 * bounds. `lower: false` skips the teacher (and its cost).
 *
 * @throws {RangeError} for α ≤ 0 or Δ ≤ 0; {@link DimensionError} for a bad d.
 */
export function informationBoundsDraw(arch: DeepArchitecture, settings: BoundsDrawSettings, rng: Rng): BoundsDraw {
  const { d, alpha, delta } = settings;
  const wDraws = settings.wDraws ?? 1;
  if (!Number.isInteger(wDraws) || wDraws < 1) throw new RangeError(`wDraws must be a positive integer, got ${wDraws}`);
  if (!Number.isFinite(alpha) || !(alpha > 0)) throw new RangeError(`alpha (the sample ratio n/d) must be positive and finite, got ${alpha}`);
  checkDelta(delta);
  const X = sampleInputs(Math.max(1, Math.round(alpha * d)), d, rng);
  const upper = gaussianInformationPerSample(nngpKernel(X, arch), delta);
  let lower = NaN;
  if (settings.lower !== false) {
    lower = 0;
    for (let w = 0; w < wDraws; w++) lower += readoutInformationPerSample(sampleDeepTeacher(arch, d, rng), X, delta) / wDraws;
  }
  return { lower, upper };
}
