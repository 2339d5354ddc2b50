/**
 * The Gaussian-prior, Gaussian-channel GLM at finite size: exact, no asymptotics.
 *
 * Model: X ∈ R^{n×d} with i.i.d. N(0, 1) entries, v ~ N(0, I_d), Y = √s·Xv/√d + σ z, z ~ N(0, I_n),
 * so that Y | X ~ N(0, C) with \( C = \tfrac{s}{d} X X^\top + \sigma^2 I_n \) and the noise-to-signal
 * ratio is D = σ²/s. Source: `shared/math/deep-gaussian-equivalence.md` §6.
 *
 * @module
 */
import { cholesky, choleskyLogDet, choleskySolve } from '../../core/cholesky.ts';
import { symEigvals } from '../../core/eigen.ts';
import { dot, matvec } from '../../core/gemv.ts';
import { DimensionError, assertFinite, frobenius, type Matrix } from '../../core/matrix.ts';
import type { Rng } from '../../core/random.ts';
import { gaussianMatrix } from '../../core/randomMatrix.ts';
import { gram } from '../../core/syrk.ts';
import { GlmParameterError } from './gaussianChannel.ts';

/** One draw of the model. */
export interface GaussianInstance {
  X: Matrix;
  Y: Float64Array;
  v: Float64Array;
  s: number;
  sigma2: number;
}

/** The two variances of the Gaussian-prior, Gaussian-channel GLM (D = σ²/s). */
export interface GaussianGlmVariances {
  /** Signal variance s > 0 (the teacher's coordinates are N(0, 1) and scaled by √s). */
  s: number;
  /** Noise variance σ² > 0 of the channel (`gaussianTestErrors` also accepts 0). */
  sigma2: number;
}

/** Settings of {@link sampleGaussianInstance}. */
export interface GaussianInstanceSettings extends GaussianGlmVariances {
  /** Number of samples n (positive integer). */
  n: number;
  /** Input dimension d (positive integer). */
  d: number;
}

function checkPositive(name: string, x: number): void {
  if (!Number.isFinite(x) || !(x > 0)) throw new GlmParameterError(`${name} must be positive and finite, got ${x}`);
}

function checkSizes(n: number, d: number): void {
  if (!Number.isInteger(n) || n < 1) throw new DimensionError(`n (number of samples) must be a positive integer, got ${n}`);
  if (!Number.isInteger(d) || d < 1) throw new DimensionError(`d (input dimension) must be a positive integer, got ${d}`);
}

/** Draws (X, v, Y) with signal variance s and noise variance σ² from `rng` (X first, then v, then z). */
export function sampleGaussianInstance(settings: GaussianInstanceSettings, rng: Rng): GaussianInstance {
  const { n, d, s, sigma2 } = settings;
  checkSizes(n, d);
  checkPositive('s (signal variance)', s);
  checkPositive('sigma2 (noise variance)', sigma2);
  const X = gaussianMatrix(n, d, rng);
  const v = rng.fillNormal(new Float64Array(d));
  const Xv = matvec(X, v);
  const a = Math.sqrt(s / d);
  const sd = Math.sqrt(sigma2);
  const Y = new Float64Array(n);
  for (let i = 0; i < n; i++) Y[i] = a * Xv[i] + sd * rng.normal();
  return { X, Y, v, s, sigma2 };
}

function checkData(X: Matrix, Y: Float64Array, s: number, sigma2: number): void {
  if (Y.length !== X.rows) throw new DimensionError(`Y has length ${Y.length} but X has ${X.rows} rows`);
  assertFinite(X, 'X');
  for (let i = 0; i < Y.length; i++) if (!Number.isFinite(Y[i])) throw new DimensionError(`Y has a non-finite entry ${Y[i]} at ${i}`);
  checkPositive('s (signal variance)', s);
  checkPositive('sigma2 (noise variance)', sigma2);
}

const LOG_2PI = Math.log(2 * Math.PI);

/**
 * \( \log p(Y|X) = \log\mathcal N(Y; 0, C) = -\tfrac12\big(n\log 2\pi + \log\det C + Y^\top C^{-1} Y\big) \),
 * \( C = \tfrac{s}{d}XX^\top + \sigma^2 I_n \), by an n × n Cholesky factorisation (the "n side").
 */
export function logLikelihoodNSide(X: Matrix, Y: Float64Array, variances: GaussianGlmVariances): number {
  const { s, sigma2 } = variances;
  checkData(X, Y, s, sigma2);
  const n = X.rows;
  const C = gram(X, { of: 'rows' });
  const scale = s / X.cols;
  for (let i = 0; i < n * n; i++) C.data[i] *= scale;
  for (let i = 0; i < n; i++) C.data[i * n + i] += sigma2;
  const { L } = cholesky(C, { symmetry: 'lower' });
  const w = choleskySolve(L, Y);
  return -0.5 * (n * LOG_2PI + choleskyLogDet(L) + dot(Y, w));
}

/**
 * The same log-likelihood by a d × d factorisation (the "d side"), via the matrix determinant lemma
 * and Woodbury with \( M = I_d + \tfrac{s}{d\sigma^2} X^\top X \), b = XᵀY:
 * \( \log\det C = n\log\sigma^2 + \log\det M \),
 * \( Y^\top C^{-1}Y = \sigma^{-2}\big(Y^\top Y - \tfrac{s}{d\sigma^2}\, b^\top M^{-1} b\big) \).
 */
export function logLikelihoodDSide(X: Matrix, Y: Float64Array, variances: GaussianGlmVariances): number {
  const { s, sigma2 } = variances;
  checkData(X, Y, s, sigma2);
  const n = X.rows;
  const d = X.cols;
  const M = gram(X, { of: 'columns' });
  const c = s / (d * sigma2);
  for (let i = 0; i < d * d; i++) M.data[i] *= c;
  for (let i = 0; i < d; i++) M.data[i * d + i] += 1;
  const { L } = cholesky(M, { symmetry: 'lower' });
  const b = matvec(X, Y, { trans: true });
  const quad = (dot(Y, Y) - c * dot(b, choleskySolve(L, b))) / sigma2;
  return -0.5 * (n * LOG_2PI + n * Math.log(sigma2) + choleskyLogDet(L) + quad);
}

/**
 * An upper bound on the condition number of C (and of M): \( \kappa \le 1 + \tfrac{s}{d\sigma^2}\|X\|_F^2 \),
 * since λ_max(XXᵀ) ≤ ‖X‖_F² and λ_min(C) ≥ σ². Used to state float64 tolerances.
 */
export function conditionBound(X: Matrix, s: number, sigma2: number): number {
  const f = frobenius(X);
  return 1 + (s * f * f) / (X.cols * sigma2);
}

/** Eigenvalues of XᵀX/d (ascending). */
export function spectrumOverD(X: Matrix): Float64Array {
  assertFinite(X, 'X');
  const G = gram(X, { of: 'columns' });
  const d = X.cols;
  for (let i = 0; i < G.data.length; i++) G.data[i] /= d;
  return symEigvals(G);
}

/**
 * The MMSE given X, per input dimension:
 * \( \mathrm{MMSE}_d(X) = \tfrac1d\operatorname{tr}\big(I + X^\top X/(dD)\big)^{-1} = \tfrac1d\sum_i \frac{D}{D + \lambda_i} \),
 * λ_i the eigenvalues of XᵀX/d (§6).
 */
export function mmseGivenX(X: Matrix, D: number): number {
  checkPositive('D (noise-to-signal ratio)', D);
  return mmseFromSpectrum(spectrumOverD(X), D, X.cols);
}

/** \( \tfrac1{norm}\sum_i D/(D + \lambda_i) \) from a spectrum. */
export function mmseFromSpectrum(lambda: Float64Array, D: number, norm: number): number {
  let t = 0;
  for (let i = 0; i < lambda.length; i++) t += D / (D + Math.max(0, lambda[i]));
  return t / norm;
}
