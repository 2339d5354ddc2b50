/**
 * The exact finite-n sandwich of the deep network's information (shared/math/deep-gaussian-equivalence.md §4):
 * for each draw of the inputs X,
 * \[ \mathbb E_W\,\tfrac12\log\det(I_n + K_W/\Delta) \;\le\; I(\theta; Y\mid X = x) \;\le\; \tfrac12\log\det(I_n + \bar K/\Delta), \]
 * K_W = σ_a² FFᵀ/k the readout's Gram with the inner weights fixed (chain rule: I(θ; Y) ≥ I(a; Y | W)), and
 * \( \bar K = \mathbb E_W K_W \), the covariance of S given X (the Gaussian maximises entropy at fixed covariance).
 *
 * Both are estimated by Monte Carlo over M draws of the inner weights from their prior:
 * - lower: the average of ½ log det(I_k + cFᵀF) (= ½ log det(I_n + K_W/Δ), Sylvester), unbiased, with its standard error;
 * - upper: K̄ by the average K̂ of the M Grams. log det is concave, so ½ log det(I + K̂/Δ) is biased low by O(1/M)
 *   (Jensen); the delete-a-group jackknife over G groups (Quenouille; Efron & Tibshirani, *An Introduction to the
 *   Bootstrap*, §11.5) removes the O(1/M) term: \( \hat u_J = G\hat u - (G-1)\overline{\hat u_{(-g)}} \), and its spread
 *   gives the standard error \( \sqrt{\tfrac{G-1}G\sum_g(\hat u_{(-g)} - \overline{\hat u_{(-g)}})^2} \).
 * K̄ is computed here by Monte Carlo rather than by the NNGP recursion because at finite width E_W K_W differs from the
 * infinite-width NNGP kernel by O(1/d) (the inner layers' empirical kernels fluctuate), and only the exact E_W K_W
 * gives an exact bound.
 *
 * @module
 */
import { cholesky, choleskyLogDet } from '../../../core/cholesky.ts';
import { zeros, type Matrix } from '../../../core/matrix.ts';
import type { Rng } from '../../../core/random.ts';
import { deepPosteriorModel, type PosteriorNetwork } from './posteriorModel.ts';

/** The two bounds per sample (divided by n), with Monte Carlo standard errors. */
export interface InformationBounds {
  lower: number;
  lowerSe: number;
  upper: number;
  upperSe: number;
  /** The upper bound without the jackknife correction (biased low). */
  upperPlugIn: number;
  draws: number;
}

/** ½ log det(I_n + K/Δ) by a Cholesky factorisation (K is n × n, not modified). */
export function halfLogDetIPlus(K: Matrix, delta: number): number {
  const n = K.rows;
  const A = zeros(n, n);
  for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) A.data[i * n + j] = K.data[K.offset + i * K.stride + j] / delta + (i === j ? 1 : 0);
  return 0.5 * choleskyLogDet(cholesky(A, { symmetry: 'lower' }).L);
}

/** Settings of {@link informationBounds}. */
export interface InformationBoundsSettings {
  /** Label-noise variance Δ > 0. */
  delta: number;
  /** Number of groups of prior draws (integer ≥ 2; the jackknife runs over groups). */
  groups: number;
  /** Prior draws of the inner weights per group (positive integer). */
  perGroup: number;
}

/**
 * The sandwich per sample for the inputs X, from M = groups·perGroup prior draws of the inner weights (drawn from
 * `rng`, layer by layer, N(0, 1) standardised entries).
 *
 * @throws {RangeError} for groups < 2 or perGroup < 1; errors of {@link deepPosteriorModel} for a bad network.
 */
export function informationBounds(net: PosteriorNetwork, X: Matrix, o: InformationBoundsSettings, rng: Rng): InformationBounds {
  const { delta } = o;
  if (!Number.isInteger(o.groups) || o.groups < 2) throw new RangeError(`groups must be an integer ≥ 2, got ${o.groups}`);
  if (!Number.isInteger(o.perGroup) || o.perGroup < 1) throw new RangeError(`perGroup must be a positive integer, got ${o.perGroup}`);
  const n = X.rows;
  const model = deepPosteriorModel(net, { X, Y: new Float64Array(n), delta });
  const G = o.groups;
  const M = G * o.perGroup;
  const sums: Matrix[] = [];
  const lows = new Float64Array(M);
  const theta = new Float64Array(model.dim);
  let idx = 0;
  for (let g = 0; g < G; g++) {
    const S = zeros(n, n);
    for (let r = 0; r < o.perGroup; r++) {
      rng.fillNormal(theta);
      const K = model.gram(theta);
      for (let i = 0; i < n * n; i++) S.data[i] += K.data[i];
      lows[idx++] = halfLogDetIPlus(K, delta) / n;
    }
    sums.push(S);
  }
  const total = zeros(n, n);
  for (const S of sums) for (let i = 0; i < n * n; i++) total.data[i] += S.data[i];
  const mean = (S: Matrix, count: number) => {
    const K = zeros(n, n);
    for (let i = 0; i < n * n; i++) K.data[i] = S.data[i] / count;
    return K;
  };
  const plugIn = halfLogDetIPlus(mean(total, M), delta) / n;
  const loo = new Float64Array(G);
  for (let g = 0; g < G; g++) {
    const S = zeros(n, n);
    for (let i = 0; i < n * n; i++) S.data[i] = total.data[i] - sums[g].data[i];
    loo[g] = halfLogDetIPlus(mean(S, M - o.perGroup), delta) / n;
  }
  const looMean = loo.reduce((a, b) => a + b, 0) / G;
  let looVar = 0;
  for (let g = 0; g < G; g++) looVar += (loo[g] - looMean) ** 2;
  const lowMean = lows.reduce((a, b) => a + b, 0) / M;
  let lowVar = 0;
  for (let i = 0; i < M; i++) lowVar += (lows[i] - lowMean) ** 2;
  return {
    lower: lowMean,
    lowerSe: Math.sqrt(lowVar / (M - 1) / M),
    upper: G * plugIn - (G - 1) * looMean,
    upperSe: Math.sqrt(((G - 1) / G) * looVar),
    upperPlugIn: plugIn,
    draws: M,
  };
}
