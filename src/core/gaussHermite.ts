/**
 * Gauss–Hermite quadrature for the probabilists' weight (the standard normal density).
 *
 * @module
 */
import { EPS } from './constants.ts';
import { DimensionError } from './errors.ts';
import { tridiagonalEigen } from './tridiagonal.ts';

/** An m-point Gaussian rule: \( \mathbb E f(g) \approx \sum_i w_i f(x_i) \), g ~ N(0, 1). */
export interface GaussHermiteRule {
  /** Nodes in ascending order, exactly antisymmetric (x_i = −x_{m−1−i}; x = 0 exactly for odd m). */
  nodes: Float64Array;
  /** Positive weights summing to 1 (up to rounding), symmetric. */
  weights: Float64Array;
}

/** Largest m accepted (the Golub–Welsch eigenproblem is O(m²); beyond ~700 the tail weights underflow anyway). */
export const MAX_GAUSS_HERMITE_POINTS = 4096;

const BIG = 2 ** 500;
const SMALL = 2 ** -500;

/**
 * Evaluates the orthonormal Hermite polynomials at x by the recurrence
 * \( \sqrt{k+1}\,p_{k+1} = x p_k - \sqrt{k}\,p_{k-1} \), p₀ = 1, p_k = He_k/√(k!), together with the
 * derivative of p_m, rescaling by 2^{−500} when the values grow (they reach e^{x²/4}·… for large x).
 * Writes [p_m, p_m′, p_{m−1}, log2 of the common scale removed] into `out`.
 */
function orthonormalHermite(m: number, x: number, sqrtK: Float64Array, out: Float64Array): void {
  let pPrev = 0;
  let p = 1;
  let dPrev = 0;
  let d = 0;
  let log2Scale = 0;
  for (let k = 0; k < m; k++) {
    const pNext = (x * p - sqrtK[k] * pPrev) / sqrtK[k + 1];
    const dNext = (p + x * d - sqrtK[k] * dPrev) / sqrtK[k + 1];
    pPrev = p;
    p = pNext;
    dPrev = d;
    d = dNext;
    if (Math.abs(p) > BIG || Math.abs(d) > BIG) {
      p *= SMALL;
      pPrev *= SMALL;
      d *= SMALL;
      dPrev *= SMALL;
      log2Scale += 500;
    }
  }
  out[0] = p;
  out[1] = d;
  out[2] = pPrev;
  out[3] = log2Scale;
}

/**
 * Nodes and weights of the m-point Gauss–Hermite rule for the probabilists' weight
 * \( e^{-x^2/2}/\sqrt{2\pi} \), exact for polynomials of degree ≤ 2m − 1: \( \sum_i w_i x_i^{2k} = (2k-1)!! \).
 *
 * Method: Golub & Welsch, *Calculation of Gauss quadrature rules*, Math. Comp. 23 (1969) 221–230. The
 * Jacobi matrix of He_k (monic recurrence He_{k+1} = x He_k − k He_{k−1}) has zero diagonal and
 * off-diagonal √k, k = 1..m−1; its eigenvalues (`tridiagonalEigen`) are the nodes. Each node is then
 * polished by Newton steps on the orthonormal p_m = He_m/√(m!), and the weight is taken from the
 * Christoffel–Darboux identity \( w_i = 1/\big(\sqrt m\, p_m'(x_i)\, p_{m-1}(x_i)\big) \) (Gautschi,
 * *Orthogonal Polynomials*, 2004, §1.3) instead of the squared first eigenvector components, which
 * carry only absolute accuracy ε and so lose the tiny tail weights. Pure and cache-free.
 *
 * @throws {DimensionError} unless m is an integer in [1, {@link MAX_GAUSS_HERMITE_POINTS}].
 */
export function gaussHermite(m: number): GaussHermiteRule {
  if (!Number.isInteger(m) || m < 1 || m > MAX_GAUSS_HERMITE_POINTS) {
    throw new DimensionError(`gaussHermite: number of points m must be an integer in [1, ${MAX_GAUSS_HERMITE_POINTS}], got ${m}`);
  }
  const nodes = new Float64Array(m);
  const weights = new Float64Array(m);
  if (m === 1) {
    weights[0] = 1;
    return { nodes, weights };
  }
  const off = new Float64Array(m - 1);
  for (let k = 1; k < m; k++) off[k - 1] = Math.sqrt(k);
  const { values } = tridiagonalEigen(new Float64Array(m), off, { vectors: 'none' });
  const sqrtK = new Float64Array(m + 1);
  for (let k = 0; k <= m; k++) sqrtK[k] = Math.sqrt(k);
  const sqrtM = sqrtK[m];
  const buf = new Float64Array(4);
  const half = Math.floor(m / 2);
  // Polish the non-negative half (the upper nodes) and mirror: exact symmetry.
  for (let j = 0; j < half + (m % 2); j++) {
    const i = m - 1 - j;
    let x = m % 2 === 1 && j === half ? 0 : values[i];
    if (x !== 0) {
      for (let it = 0; it < 8; it++) {
        orthonormalHermite(m, x, sqrtK, buf);
        const dx = buf[0] / buf[1];
        x -= dx;
        if (Math.abs(dx) <= 2 * EPS * Math.abs(x)) break;
      }
    }
    orthonormalHermite(m, x, sqrtK, buf);
    // w = 1/(√m p_m′ p_{m−1}); both carry the factor 2^{−log2Scale}.
    const prod = sqrtM * buf[1] * buf[2];
    const w = buf[3] === 0 ? 1 / prod : Math.pow(2, -2 * buf[3]) / prod;
    nodes[i] = x;
    weights[i] = w;
    nodes[m - 1 - i] = -x;
    weights[m - 1 - i] = w;
  }
  return { nodes, weights };
}
