/**
 * Exact finite-size quantities of the Gaussian-prior, Gaussian-channel GLM beyond the likelihood
 * (which lives in `finiteGaussian.ts`): the posterior mean in its two forms, the mutual information in
 * its n × n and d × d forms, and the I-MMSE derivative.
 *
 * Model (as in `finiteGaussian.ts`): X ∈ R^{n×d}, v ~ N(0, I_d), Y = √s·Xv/√d + σz, so that
 * Cov(v, Y) = √(s/d)·Xᵀ and Y ~ N(0, C), \( C = \tfrac sd XX^\top + \sigma^2 I_n \), D = σ²/s.
 * Source: `shared/math/deep-gaussian-equivalence.md` §6; Gaussian conditioning (e.g. Rasmussen &
 * Williams, *Gaussian Processes for Machine Learning*, eq. A.6); Guo, Shamai, Verdú, *Mutual information
 * and minimum mean-square error in Gaussian channels*, IEEE Trans. IT 51 (2005), Thm 2 (I-MMSE).
 *
 * @module
 */
import { cholesky, choleskyLogDet, choleskySolve } from '../../core/cholesky.ts';
import { matvec } from '../../core/gemv.ts';
import { DimensionError, assertFinite, type Matrix } from '../../core/matrix.ts';
import { gram } from '../../core/syrk.ts';
import type { GaussianGlmVariances } from './finiteGaussian.ts';
import { GlmParameterError } from './gaussianChannel.ts';

function checkPositive(name: string, x: number): void {
  if (!Number.isFinite(x) || !(x > 0)) throw new GlmParameterError(`${name} must be positive and finite, got ${x}`);
}

function checkXY(X: Matrix, Y: Float64Array | null): void {
  assertFinite(X, 'X');
  if (Y === null) return;
  if (Y.length !== X.rows) throw new DimensionError(`Y has length ${Y.length} but X has ${X.rows} rows`);
  for (let i = 0; i < Y.length; i++) if (!Number.isFinite(Y[i])) throw new DimensionError(`Y has a non-finite entry ${Y[i]} at ${i}`);
}

/** \( I_k + c\,G \) for a square G, as a new matrix. */
function identityPlus(G: Matrix, c: number): Matrix {
  const k = G.rows;
  const out = { rows: k, cols: k, data: new Float64Array(k * k), offset: 0, stride: k };
  for (let i = 0; i < k; i++) {
    for (let j = 0; j < k; j++) out.data[i * k + j] = c * G.data[G.offset + i * G.stride + j] + (i === j ? 1 : 0);
  }
  return out;
}

/** Options of {@link posteriorMeanRidge}: the model's variances and the ridge penalty. */
export interface PosteriorMeanRidgeOptions extends GaussianGlmVariances {
  /** Ridge penalty λ > 0 (dimensionless, on XᵀX/d); default σ²/s = D, where the ridge estimate is the posterior mean. */
  lambda?: number;
}

/**
 * The posterior mean as ridge regression at λ = D = σ²/s (d × d form):
 * \( \mathbb E[v\mid Y, X] = (X^\top X/d + D I_d)^{-1} X^\top Y/\sqrt{s d} \). Source: §6.
 *
 * @throws {GlmParameterError} for s ≤ 0 or σ² ≤ 0; {@link DimensionError} on shape mismatch or non-finite data.
 */
export function posteriorMeanRidge(X: Matrix, Y: Float64Array, options: PosteriorMeanRidgeOptions): Float64Array {
  const { s, sigma2, lambda = sigma2 / s } = options;
  checkXY(X, Y);
  checkPositive('s (signal variance)', s);
  checkPositive('sigma2 (noise variance)', sigma2);
  checkPositive('lambda (ridge penalty)', lambda);
  const d = X.cols;
  const G = gram(X, { of: 'columns' });
  for (let i = 0; i < d; i++) for (let j = 0; j < d; j++) G.data[i * d + j] = G.data[i * d + j] / d + (i === j ? lambda : 0);
  const { L } = cholesky(G);
  const b = matvec(X, Y, { trans: true });
  const c = 1 / Math.sqrt(s * d);
  for (let i = 0; i < d; i++) b[i] *= c;
  return choleskySolve(L, b);
}

/**
 * The posterior mean by Gaussian conditioning (n × n form):
 * \( \mathbb E[v\mid Y, X] = \mathrm{Cov}(v, Y)\,C^{-1}Y = \sqrt{s/d}\,X^\top C^{-1}Y \). Source: §6.
 *
 * @throws as {@link posteriorMeanRidge}.
 */
export function posteriorMeanConditional(X: Matrix, Y: Float64Array, variances: GaussianGlmVariances): Float64Array {
  const { s, sigma2 } = variances;
  checkXY(X, Y);
  checkPositive('s (signal variance)', s);
  checkPositive('sigma2 (noise variance)', sigma2);
  const n = X.rows;
  const C = gram(X, { of: 'rows' });
  const a = s / X.cols;
  for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) C.data[i * n + j] = a * C.data[i * n + j] + (i === j ? sigma2 : 0);
  const { L } = cholesky(C);
  const w = choleskySolve(L, Y);
  const out = matvec(X, w, { trans: true });
  const c = Math.sqrt(a);
  for (let i = 0; i < out.length; i++) out[i] *= c;
  return out;
}

/**
 * \( I(v; Y\mid X) = \tfrac12\log\det\big(I_n + \tfrac{s}{\sigma^2}XX^\top/d\big) \) (nats), n × n form. Source: §6.
 *
 * @throws {GlmParameterError} for s ≤ 0 or σ² ≤ 0; {@link DimensionError} for non-finite X.
 */
export function mutualInformationNSide(X: Matrix, s: number, sigma2: number): number {
  checkXY(X, null);
  checkPositive('s (signal variance)', s);
  checkPositive('sigma2 (noise variance)', sigma2);
  return 0.5 * choleskyLogDet(cholesky(identityPlus(gram(X, { of: 'rows' }), s / (sigma2 * X.cols))).L);
}

/**
 * \( I(v; Y\mid X) = \tfrac12\log\det\big(I_d + \tfrac{s}{\sigma^2}X^\top X/d\big) \) (nats), d × d form
 * (Sylvester's determinant identity). Source: §6.
 *
 * @throws as {@link mutualInformationNSide}.
 */
export function mutualInformationDSide(X: Matrix, s: number, sigma2: number): number {
  checkXY(X, null);
  checkPositive('s (signal variance)', s);
  checkPositive('sigma2 (noise variance)', sigma2);
  return 0.5 * choleskyLogDet(cholesky(identityPlus(gram(X, { of: 'columns' }), s / (sigma2 * X.cols))).L);
}

/**
 * The I-MMSE derivative \( \frac{\partial I}{\partial(1/\sigma^2)} = \tfrac12\operatorname{tr}\big((I + K/\sigma^2)^{-1}K\big) \),
 * K = s XᵀX/d (d × d form; the n × n form has the same trace), by one Cholesky solve with K's columns.
 * Source: §6; Guo, Shamai & Verdú 2005, Thm 2.
 *
 * @throws as {@link mutualInformationNSide}.
 */
export function immseDerivative(X: Matrix, s: number, sigma2: number): number {
  checkXY(X, null);
  checkPositive('s (signal variance)', s);
  checkPositive('sigma2 (noise variance)', sigma2);
  const d = X.cols;
  const K = gram(X, { of: 'columns' });
  for (let i = 0; i < K.data.length; i++) K.data[i] *= s / d;
  const { L } = cholesky(identityPlus(K, 1 / sigma2));
  const Z = choleskySolve(L, K);
  let tr = 0;
  for (let i = 0; i < d; i++) tr += Z.data[Z.offset + i * Z.stride + i];
  return 0.5 * tr;
}

/**
 * The generalisation errors of an estimate v̂ on a fresh test point of the Gaussian-channel GLM, exact in
 * expectation over the test point (x ~ N(0, I_d), z ~ N(0, 1)) given the instance: with prediction
 * ŷ = √s·v̂·x/√d of y = √s·v·x/√d + σz,
 * clean \( \mathbb E(\sqrt s\,v\cdot x/\sqrt d - \hat y)^2 = s\|v - \hat v\|^2/d \), noisy = clean + σ².
 * For v̂ the posterior mean their expectations over instances tend to s·m and s·m + σ² (§4–5).
 *
 * @throws {DimensionError} on length mismatch or non-finite entries; {@link GlmParameterError} for s ≤ 0 or σ² < 0.
 */
export function gaussianTestErrors(v: Float64Array, vhat: Float64Array, variances: GaussianGlmVariances): { clean: number; noisy: number } {
  const { s, sigma2 } = variances;
  if (v.length !== vhat.length) throw new DimensionError(`v and vhat differ in length: ${v.length} vs ${vhat.length}`);
  checkPositive('s (signal variance)', s);
  if (!Number.isFinite(sigma2) || !(sigma2 >= 0)) throw new GlmParameterError(`sigma2 (noise variance) must be finite and ≥ 0, got ${sigma2}`);
  let e = 0;
  for (let i = 0; i < v.length; i++) {
    const t = v[i] - vhat[i];
    if (!Number.isFinite(t)) throw new DimensionError(`v or vhat has a non-finite entry at ${i}`);
    e += t * t;
  }
  const clean = (s * e) / v.length;
  return { clean, noisy: clean + sigma2 };
}
