/**
 * Finite-d replicates of ridge regression on the effective GLM (Gaussian labels, and sign labels: `ridgeSignReplicate`), the Monte Carlo side of the replica formulas of
 * `ridgeReplica.ts` (Cui, Krzakala, Zdeborová 2023, arXiv 2302.00375, eqs. 19–20).
 *
 * Teacher: v ~ N(0, I_d), x_μ ~ N(0, I_d), y_μ = √s v·x_μ/√d + √(ε_tot + Δ) z_μ (ε_tot and Δ are both Gaussian noise
 * of the effective GLM), μ = 1..n, n = round(αd). Ridge at penalty λ:
 * \[ \hat w = \arg\min_w \sum_\mu (y_\mu - w\cdot x_\mu/\sqrt d)^2 + \lambda\|w\|^2 = (X^\top X/d + \lambda I)^{-1}X^\top y/\sqrt d, \]
 * predicting ŷ = ŵ·x/√d. Its test error on a fresh noisy label, conditional on (v, ŵ), is exact (no test sample):
 * \[ E_{\rm noisy} = \|\sqrt s\,v - \hat w\|^2/d + \varepsilon_{\rm tot} + \Delta, \]
 * whose expectation tends to s + ε_tot + q − 2√s m + Δ with q = ‖ŵ‖²/d, m = ŵ·v/d (E‖v‖²/d = 1 exactly).
 *
 * @module
 */
import type { Rng } from '../../core/random.ts';
import { drawRidgeFit, type RidgeReplicateSettings } from './drawRidgeFit.ts';

export type { RidgeReplicateSettings };

/** The conditional test errors of one replicate and its overlaps. */
export interface RidgeReplicateResult {
  errorNoisy: number;
  errorClean: number;
  /** ‖ŵ‖²/d. */
  q: number;
  /** ŵ·v/d. */
  m: number;
}

/**
 * Draws v, X, the label noise (in that order from `rng`), fits ridge at λ by a Cholesky solve of the d × d system and
 * returns the exact conditional test errors.
 *
 * @throws {GlmParameterError} for d < 2 or not an integer, n = round(αd) < 1, or the arguments of `checkRidgeArgs`.
 */
export function ridgeReplicate(o: RidgeReplicateSettings, rng: Rng): RidgeReplicateResult {
  const d = o.d;
  const { s, epsTot, Delta } = o.teacher;
  const noiseSd = Math.sqrt(epsTot + Delta);
  const rs = Math.sqrt(s);
  const { v, w } = drawRidgeFit(o, rng, (u, xi) => (rs * u) / Math.sqrt(d) + noiseSd * xi);
  let dist = 0;
  let q = 0;
  let m = 0;
  for (let i = 0; i < d; i++) {
    dist += (rs * v[i] - w[i]) ** 2;
    q += w[i] * w[i];
    m += w[i] * v[i];
  }
  const clean = dist / d + epsTot;
  return { errorNoisy: clean + Delta, errorClean: clean, q: q / d, m: m / d };
}

/** The conditional errors of one ridge-on-sign-labels replicate. */
export interface RidgeSignReplicateResult {
  /** 0-1 error of sign(ŷ) on a fresh label, exact given (v, ŵ). */
  classError: number;
  /** The same against sign(S), without label flips. */
  classErrorClean: number;
  /** E(y − ŷ)² on a fresh ±1 label, exact given (v, ŵ). */
  errorSquare: number;
}

/**
 * One replicate of ridge on sign labels y = sign(√s v·x/√d + √(ε_tot + Δ) ξ) (`ridgeSign.ts`): draws v, X, the noise
 * (in that order from `rng`), fits ridge at λ, and returns the errors exact given (v, ŵ): with c = ŵ·v/d, V = ‖v‖²/d,
 * q = ‖ŵ‖²/d and the fresh pre-label S' = √s v·x/√d + σξ jointly Gaussian with ŷ = ŵ·x/√d,
 * 0-1 error = arccos(√s c/√((sV + σ²) q))/π and E(y − ŷ)² = 1 − 2√(2/π)·√s c/√(sV + σ²) + q.
 *
 * @throws {GlmParameterError} as {@link ridgeReplicate}.
 */
export function ridgeSignReplicate(o: RidgeReplicateSettings, rng: Rng): RidgeSignReplicateResult {
  const d = o.d;
  const { s, epsTot, Delta } = o.teacher;
  const sigma = Math.sqrt(epsTot + Delta);
  const rs = Math.sqrt(s);
  const { v, w } = drawRidgeFit(o, rng, (u, xi) => (rs * (u / Math.sqrt(d)) + sigma * xi >= 0 ? 1 : -1));
  let c = 0;
  let V = 0;
  let q = 0;
  for (let i = 0; i < d; i++) {
    c += w[i] * v[i];
    V += v[i] * v[i];
    q += w[i] * w[i];
  }
  c /= d;
  V /= d;
  q /= d;
  const cov = rs * c;
  const cos = (varS: number) => Math.max(-1, Math.min(1, cov / Math.sqrt(varS * q)));
  return {
    classError: Math.acos(cos(s * V + sigma * sigma)) / Math.PI,
    classErrorClean: Math.acos(cos(s * V + epsTot)) / Math.PI,
    errorSquare: 1 - 2 * Math.sqrt(2 / Math.PI) * (cov / Math.sqrt(s * V + sigma * sigma)) + q,
  };
}
