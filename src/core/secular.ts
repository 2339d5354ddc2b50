/**
 * Roots of the secular equation of a rank-one modification of a diagonal matrix,
 * \( f(\lambda) = 1 + \sum_{i<K} \frac{w_i}{\delta_i - \lambda} = 0 \) with \( w_i > 0 \) and strictly increasing poles
 * \( \delta_0 < \cdots < \delta_{K-1} \): the eigenvalues of \( \mathrm{diag}(\delta) + \rho z z^\top \) (\( w = \rho z^2 \);
 * Golub, SIAM Rev. 15 (1973)) and, with \( \delta_i = d_i^2 \), the squared singular values of the arrow matrix of
 * the bidiagonal divide-and-conquer. Root j lies in \( (\delta_j, \delta_{j+1}) \), the last one in
 * \( (\delta_{K-1}, \delta_{K-1} + \sum_i w_i] \).
 *
 * Accuracy: the root is computed as \( \lambda = \delta_o + \tau \) relative to the nearer pole \( \delta_o \), with the
 * pole differences \( \delta_i - \delta_o \) supplied by the caller (who computes them without cancellation), so every
 * \( \delta_i - \lambda = (\delta_i - \delta_o) - \tau \) is accurate to a few ulps — what the Löwner-formula
 * recomputation of z needs for orthogonal eigenvectors (Gu & Eisenstat, SIAM J. Matrix Anal. Appl. 16 (1995); LAPACK
 * `dlaed4`/`dlasd4`).
 *
 * Iteration: the fixed-weight two-pole rational model of Bunch, Nielsen & Sorensen (Numer. Math. 31 (1978)), which
 * matches f and f′ at the current point with one pole on each side; safeguarded by a bracket on which f changes
 * sign (a step leaving the bracket becomes a bisection), and stopped when |f| is below the bound on its own rounding
 * error, \( (K+4)\,\varepsilon\,(1 + \sum_i |w_i/(\delta_i-\lambda)|) \), or the bracket has collapsed to a few ulps of τ.
 *
 * @module
 */
import { EPS } from './constants.ts';
import { ConvergenceError } from './errors.ts';

/** Iterations allowed per root (bisection alone would need ≤ 1100 to exhaust the exponent range; the model needs ≈ 3–6). */
export const MAX_SECULAR_ITERATIONS = 200;

/** Result of {@link secularRoot}: λ = δ_origin + tau. */
export interface SecularRoot {
  /** Index of the pole the root is measured from (j or j + 1). */
  origin: number;
  /** λ − δ_origin. */
  tau: number;
}

/**
 * Root j of the secular equation (see the module doc).
 *
 * @param k number of poles K.
 * @param j index of the root, 0 ≤ j < K.
 * @param w weights \( w_i > 0 \) (length ≥ K).
 * @param wSum \( \sum_i w_i \) (bounds the last root).
 * @param fillDiff writes \( \delta_i - \delta_o \) for i < K into its second argument, accurately.
 * @param diff scratch of length ≥ K (holds the differences to the chosen origin on return).
 * @param delta receives \( \delta_i - \lambda \) for i < K.
 * @throws {ConvergenceError} if the iteration fails to converge.
 */
export function secularRoot(
  k: number, j: number, w: Float64Array, wSum: number,
  fillDiff: (origin: number, out: Float64Array) => void, diff: Float64Array, delta: Float64Array,
): SecularRoot {
  let origin = j;
  let lo: number;
  let hi: number;
  fillDiff(j, diff);
  if (j === k - 1) {
    lo = 0;
    hi = wSum;
  } else {
    const mid = 0.5 * diff[j + 1];
    let fmid = 1;
    for (let i = 0; i < k; i++) fmid += w[i] / (diff[i] - mid);
    if (fmid >= 0) {
      lo = 0;
      hi = mid;
      if (fmid === 0) {
        for (let i = 0; i < k; i++) delta[i] = diff[i] - mid;
        return { origin, tau: mid };
      }
    } else {
      origin = j + 1;
      fillDiff(j + 1, diff);
      lo = 0.5 * diff[j];
      hi = 0;
    }
  }
  const hasUpper = j + 1 < k;
  let tau = 0.5 * (lo + hi);
  let converged = false;
  for (let iter = 0; iter < MAX_SECULAR_ITERATIONS; iter++) {
    let psi = 0, dpsi = 0, phi = 0, dphi = 0;
    for (let i = 0; i <= j; i++) {
      const t = diff[i] - tau;
      const q = w[i] / t;
      psi += q;
      dpsi += q / t;
    }
    for (let i = j + 1; i < k; i++) {
      const t = diff[i] - tau;
      const q = w[i] / t;
      phi += q;
      dphi += q / t;
    }
    const f = 1 + psi + phi;
    if (Math.abs(f) <= (k + 4) * EPS * (1 - psi + phi)) {
      converged = true;
      break;
    }
    if (f < 0) lo = tau;
    else hi = tau;
    // Two-pole model through (τ, f, f′): f̃(τ + η) = E + B/(a1 − η) + D/(a2 − η).
    const a1 = diff[j] - tau;
    let eta: number;
    if (!hasUpper) {
      const b = dpsi * a1 * a1;
      const e = 1 + psi - dpsi * a1 + phi;
      eta = e > 0 ? a1 + b / e : Number.NaN;
    } else {
      const a2 = diff[j + 1] - tau;
      const b = dpsi * a1 * a1;
      const dd = dphi * a2 * a2;
      const e = 1 + psi - dpsi * a1 + phi - dphi * a2;
      const bb = e * (a1 + a2) + b + dd;
      const c = a1 * a2 * f;
      if (e === 0) {
        eta = c / bb;
      } else {
        const disc = bb * bb - 4 * e * c;
        if (disc < 0) {
          eta = Number.NaN;
        } else {
          const q = 0.5 * (bb + (bb >= 0 ? Math.sqrt(disc) : -Math.sqrt(disc)));
          const e1 = q / e;
          const e2 = q !== 0 ? c / q : Number.NaN;
          eta = e1 > a1 && e1 < a2 ? e1 : e2;
        }
      }
    }
    let next = tau + eta;
    if (!(next > lo && next < hi)) next = 0.5 * (lo + hi);
    const stall = Math.abs(next - tau) <= 2 * EPS * Math.abs(next) || hi - lo <= 4 * EPS * Math.max(Math.abs(lo), Math.abs(hi));
    tau = next;
    if (stall) {
      converged = true;
      break;
    }
  }
  if (!converged) {
    throw new ConvergenceError(`secular equation: root ${j} of ${k} did not converge in ${MAX_SECULAR_ITERATIONS} iterations`);
  }
  for (let i = 0; i < k; i++) delta[i] = diff[i] - tau;
  return { origin, tau };
}
