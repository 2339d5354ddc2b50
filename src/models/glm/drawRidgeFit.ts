/**
 * One draw of the ridge experiment on the effective GLM, shared by the Gaussian-label and the sign-label replicates of
 * `ridgeMonteCarlo.ts` (Cui, Krzakala, Zdeborová 2023, arXiv 2302.00375, eqs. 19–20): the teacher, the data, the labels
 * and the ridge fit; the caller turns (v, ŵ) into its errors.
 *
 * @module
 */
import { cholesky, choleskySolve } from '../../core/cholesky.ts';
import { matvec } from '../../core/gemv.ts';
import type { Rng } from '../../core/random.ts';
import { gaussianMatrix } from '../../core/randomMatrix.ts';
import { gram } from '../../core/syrk.ts';
import { GlmParameterError } from './gaussianChannel.ts';
import { checkRidgeArgs, type EffectiveTeacher } from './ridgeReplica.ts';

/** Settings of one ridge replicate. */
export interface RidgeReplicateSettings {
  d: number;
  alpha: number;
  lambda: number;
  teacher: EffectiveTeacher;
}

/** The teacher and the ridge estimator of one draw. */
export interface RidgeFit {
  /** Teacher v ~ N(0, I_d). */
  v: Float64Array;
  /** Ridge estimator ŵ. */
  w: Float64Array;
}

/**
 * The label of sample μ from its projection u_μ = v·x_μ (not yet divided by √d) and its standard normal noise ξ_μ,
 * drawn by {@link drawRidgeFit} in sample order.
 */
export type RidgeLabel = (u: number, xi: number) => number;

/**
 * Draws v ~ N(0, I_d), X (n × d, i.i.d. N(0, 1)) and one noise ξ_μ per sample, in that order from `rng`, with
 * n = round(αd); labels y_μ = `label`(v·x_μ, ξ_μ); and fits ridge at λ by a Cholesky solve of the d × d system
 * \[ \hat w = (X^\top X/d + \lambda I)^{-1} X^\top y/\sqrt d. \]
 *
 * @throws {GlmParameterError} for d < 2 or not an integer, n = round(αd) < 1, or the arguments of `checkRidgeArgs`.
 */
export function drawRidgeFit(o: RidgeReplicateSettings, rng: Rng, label: RidgeLabel): RidgeFit {
  checkRidgeArgs(o.alpha, o.lambda, o.teacher);
  if (!Number.isInteger(o.d) || o.d < 2) throw new GlmParameterError(`d must be an integer ≥ 2, got ${o.d}`);
  const d = o.d;
  const n = Math.round(o.alpha * d);
  if (n < 1) throw new GlmParameterError(`n = round(αd) must be ≥ 1, got ${n}`);
  const v = rng.fillNormal(new Float64Array(d));
  const X = gaussianMatrix(n, d, rng);
  const u = matvec(X, v);
  const y = new Float64Array(n);
  for (let i = 0; i < n; i++) y[i] = label(u[i], rng.normal());
  const A = gram(X);
  for (let i = 0; i < d; i++) {
    const row = A.offset + i * A.stride;
    for (let j = 0; j < d; j++) A.data[row + j] /= d;
    A.data[row + i] += o.lambda;
  }
  const b = matvec(X, y, { trans: true });
  for (let i = 0; i < d; i++) b[i] /= Math.sqrt(d);
  return { v, w: choleskySolve(cholesky(A).L, b) };
}
