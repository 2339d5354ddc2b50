/**
 * The posterior mean of the Gaussian-prior, Gaussian-channel GLM, used as the estimator on deep-teacher data
 * (shared/math/deep-gaussian-equivalence.md §6–7; Cui, Krzakala, Zdeborová 2023, arXiv 2302.00375, §4:
 * ridge at λ = D is Bayes-optimal for the effective GLM).
 *
 * For Y = √s Xv/√d + σ ζ, v ~ N(0, I_d), D = σ²/s:
 * \[ \mathbb E[v\mid Y, X] = \big(X^\top X/d + D\,I\big)^{-1} X^\top Y/\sqrt{s d}, \]
 * solved by a Cholesky factorisation of the d × d system (never an explicit inverse); the prediction on a new
 * input is \( \hat y = \sqrt s\,\langle v\rangle\cdot x/\sqrt d \).
 *
 * @module
 */
import { cholesky, choleskySolve } from '../../core/cholesky.ts';
import { matvec } from '../../core/gemv.ts';
import { DimensionError, type Matrix } from '../../core/matrix.ts';
import { gram } from '../../core/syrk.ts';

/** The model parameters of {@link glmPosteriorMean}. */
export interface GlmPosteriorMeanSettings {
  /** Signal strength s > 0 of the effective GLM. */
  s: number;
  /** Noise-to-signal ratio D > 0 (the ridge penalty). */
  D: number;
}

/**
 * \( \langle v\rangle = (X^\top X/d + D I)^{-1}X^\top Y/\sqrt{s d} \) for X (n × d) and Y (length n).
 *
 * @throws {DimensionError} if Y's length differs from X's rows, or s, D are not positive and finite.
 */
export function glmPosteriorMean(X: Matrix, Y: Float64Array, settings: GlmPosteriorMeanSettings): Float64Array {
  const { s, D } = settings;
  if (Y.length !== X.rows) throw new DimensionError(`Y has length ${Y.length} but X has ${X.rows} rows`);
  if (!Number.isFinite(s) || !(s > 0)) throw new DimensionError(`s (the signal strength) must be positive and finite, got ${s}`);
  if (!Number.isFinite(D) || !(D > 0)) throw new DimensionError(`D (the ridge penalty, noise-to-signal ratio) must be positive and finite, got ${D}`);
  const d = X.cols;
  const A = gram(X);
  const inv = 1 / d;
  for (let i = 0; i < d; i++) {
    const row = A.offset + i * A.stride;
    for (let j = 0; j < d; j++) A.data[row + j] *= inv;
    A.data[row + i] += D;
  }
  const b = matvec(X, Y, { trans: true });
  const k = 1 / Math.sqrt(s * d);
  for (let i = 0; i < d; i++) b[i] *= k;
  return choleskySolve(cholesky(A).L, b);
}

/** Predictions \( \hat y_\mu = \sqrt s\,w\cdot x_\mu/\sqrt d \) for the rows of X. */
export function glmPredict(X: Matrix, w: Float64Array, s: number): Float64Array {
  if (w.length !== X.cols) throw new DimensionError(`w has length ${w.length} but X has ${X.cols} columns`);
  const y = matvec(X, w);
  const k = Math.sqrt(s / X.cols);
  for (let i = 0; i < y.length; i++) y[i] *= k;
  return y;
}
