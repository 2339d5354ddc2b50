/**
 * Random test matrices with known structure: Gaussian, Haar-orthogonal, symmetric with a
 * prescribed spectrum, and SPD with a prescribed condition number.
 *
 * All randomness comes from an explicit {@link Rng}; the same stream gives the same matrix bit for bit.
 *
 * @module
 */
import { DimensionError, zeros, type Matrix } from './matrix.ts';
import type { Rng } from './random.ts';
import { gemmPlain } from './gemm.ts';
import { mirrorLower } from './syrk.ts';

function checkDim(n: number, name: string): void {
  if (!Number.isInteger(n) || n < 0) throw new DimensionError(`${name} must be a non-negative integer, got ${n}`);
}

/**
 * A `rows × cols` matrix of i.i.d. \( N(0, \mathrm{scale}^2) \) entries, filled row by row from `rng`.
 *
 * @param scale standard deviation of every entry (finite, ≥ 0).
 */
export function gaussianMatrix(rows: number, cols: number, rng: Rng, scale = 1): Matrix {
  checkDim(rows, 'rows');
  checkDim(cols, 'cols');
  if (!Number.isFinite(scale) || scale < 0) throw new DimensionError(`scale must be finite and non-negative, got ${scale}`);
  const out = zeros(rows, cols);
  rng.fillNormal(out.data, scale);
  return out;
}

/**
 * A Haar-distributed random orthogonal `n × n` matrix.
 *
 * \( G = QR \) by Householder QR of a Gaussian matrix, then \( Q \leftarrow Q\,\mathrm{diag}(\operatorname{sign} R_{ii}) \),
 * which makes the factorisation unique and the law of Q exactly Haar on O(n).
 * Source: F. Mezzadri, *How to generate random matrices from the classical compact groups*,
 * Notices AMS 54 (2007), §5; Householder QR as in Golub & Van Loan, *Matrix Computations* (4th ed.), Alg. 5.2.1.
 */
export function randomOrthogonal(n: number, rng: Rng): Matrix {
  checkDim(n, 'n');
  const g = gaussianMatrix(n, n, rng).data; // reduced to R in place
  const v = new Float64Array(n * n); // column k holds the unit Householder vector of step k (rows k..n-1)
  const w = new Float64Array(n);
  const signs = new Float64Array(n);
  for (let k = 0; k < n; k++) {
    if (k === n - 1) {
      // 1×1 trailing block: no reflection, R_{n-1,n-1} is the entry itself.
      signs[k] = g[k * n + k] < 0 ? -1 : 1;
      break;
    }
    let norm2 = 0;
    for (let i = k; i < n; i++) norm2 += g[i * n + k] * g[i * n + k];
    const x0 = g[k * n + k];
    const alpha = (x0 < 0 ? 1 : -1) * Math.sqrt(norm2); // −sign(x0)‖x‖ avoids cancellation in v0
    // v = x − αe1, normalised; ‖v‖² = 2‖x‖² − 2αx0 = 2(norm2 − α x0)
    const vnorm2 = 2 * (norm2 - alpha * x0);
    if (vnorm2 === 0) {
      // x is zero (probability 0 for Gaussian input): identity reflection.
      signs[k] = 1;
      continue;
    }
    const inv = 1 / Math.sqrt(vnorm2);
    for (let i = k; i < n; i++) v[i * n + k] = (g[i * n + k] - (i === k ? alpha : 0)) * inv;
    // G[k:, k:] ← (I − 2vvᵀ) G[k:, k:]: w = vᵀG row by row (contiguous), then rank-1 update.
    w.fill(0, k, n);
    for (let i = k; i < n; i++) {
      const vi = v[i * n + k];
      const row = i * n;
      for (let j = k; j < n; j++) w[j] += vi * g[row + j];
    }
    for (let i = k; i < n; i++) {
      const vi2 = 2 * v[i * n + k];
      const row = i * n;
      for (let j = k; j < n; j++) g[row + j] -= vi2 * w[j];
    }
    signs[k] = g[k * n + k] < 0 ? -1 : 1; // R_kk = α up to rounding
  }
  // Q = H_0 H_1 ⋯ H_{n−2}, accumulated backwards onto I so each step touches only the trailing block.
  const q = zeros(n, n);
  const qd = q.data;
  for (let i = 0; i < n; i++) qd[i * n + i] = 1;
  for (let k = n - 2; k >= 0; k--) {
    w.fill(0, k, n);
    let any = false;
    for (let i = k; i < n; i++) {
      const vi = v[i * n + k];
      if (vi !== 0) any = true;
      const row = i * n;
      for (let j = k; j < n; j++) w[j] += vi * qd[row + j];
    }
    if (!any) continue;
    for (let i = k; i < n; i++) {
      const vi2 = 2 * v[i * n + k];
      const row = i * n;
      for (let j = k; j < n; j++) qd[row + j] -= vi2 * w[j];
    }
  }
  for (let i = 0; i < n; i++) {
    const row = i * n;
    for (let j = 0; j < n; j++) qd[row + j] *= signs[j];
  }
  return q;
}

/**
 * The symmetric matrix \( A = Q\,\mathrm{diag}(\lambda)\,Q^\top \) with Q Haar-orthogonal ({@link randomOrthogonal}):
 * a random symmetric matrix whose spectrum is exactly `eigenvalues` (up to rounding, ≈ n·ε·max|λ|)
 * and whose eigenvectors are uniformly distributed. The result is exactly symmetric.
 */
export function withSpectrum(eigenvalues: ArrayLike<number>, rng: Rng): Matrix {
  const n = eigenvalues.length;
  for (let i = 0; i < n; i++) {
    if (!Number.isFinite(eigenvalues[i])) throw new DimensionError(`eigenvalues has a non-finite entry ${eigenvalues[i]} at index ${i}`);
  }
  const q = randomOrthogonal(n, rng);
  const qd = q.data;
  const wq = new Float64Array(n * n); // W = Q diag(λ)
  for (let i = 0; i < n; i++) {
    const row = i * n;
    for (let k = 0; k < n; k++) wq[row + k] = qd[row + k] * eigenvalues[k];
  }
  // A = W Qᵀ by the plain GEMM (not the active backend: test matrices must not depend on the backend),
  // then the lower triangle is mirrored so that A is exactly symmetric.
  const a = zeros(n, n);
  gemmPlain(false, true, 1, { rows: n, cols: n, data: wq, offset: 0, stride: n }, q, 0, a);
  mirrorLower(a);
  return a;
}

/**
 * n log-spaced eigenvalues from 1 down to 1/cond: \( \lambda_i = \mathrm{cond}^{-i/(n-1)} \), i = 0..n−1
 * (λ = [1] when n = 1). Their ratio max/min is `cond`, and \( \sum_i \log\lambda_i = -\tfrac{n}{2}\log\mathrm{cond} \).
 */
export function logSpacedSpectrum(n: number, cond: number): Float64Array {
  checkDim(n, 'n');
  if (!Number.isFinite(cond) || !(cond >= 1)) throw new DimensionError(`cond must be finite and ≥ 1, got ${cond}`);
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) out[i] = n === 1 ? 1 : Math.pow(cond, -i / (n - 1));
  return out;
}

/**
 * A random symmetric positive definite n × n matrix with 2-norm condition number `cond`:
 * \( A = Q\,\mathrm{diag}(\lambda)\,Q^\top \), λ log-spaced in [1/cond, 1] ({@link logSpacedSpectrum}), Q Haar.
 * Its log-determinant is \( -\tfrac{n}{2}\log\mathrm{cond} \) (n ≥ 2).
 */
export function randomSpd(n: number, cond: number, rng: Rng): Matrix {
  return withSpectrum(logSpacedSpectrum(n, cond), rng);
}
