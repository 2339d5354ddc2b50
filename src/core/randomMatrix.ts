/**
 * Random test matrices with known structure: Gaussian, Haar-orthogonal, symmetric with a
 * prescribed spectrum, and SPD with a prescribed condition number.
 *
 * All randomness comes from an explicit {@link Rng}; the same stream gives the same matrix bit for bit.
 *
 * @module
 */
import { DimensionError } from './errors.ts';
import { view, zeros, type Matrix } from './matrix.ts';
import type { Rng } from './random.ts';
import { gemmPlain } from './gemmPlain.ts';
import { mirrorLower } from './syrkPlain.ts';

function checkDim(n: number, name: string): void {
  if (!Number.isInteger(n) || n < 0) throw new DimensionError(`${name} must be a non-negative integer, got ${n}`);
}

/** Options of {@link gaussianMatrix}. */
export interface GaussianMatrixOptions {
  /** Standard deviation of every entry (finite, ≥ 0; default 1). */
  scale?: number;
}

/** A `rows × cols` matrix of i.i.d. \( N(0, \mathrm{scale}^2) \) entries, filled row by row from `rng`. */
export function gaussianMatrix(rows: number, cols: number, rng: Rng, options: GaussianMatrixOptions = {}): Matrix {
  const { scale = 1 } = options;
  checkDim(rows, 'rows');
  checkDim(cols, 'cols');
  if (!Number.isFinite(scale) || scale < 0) throw new DimensionError(`scale must be finite and non-negative, got ${scale}`);
  const out = zeros(rows, cols);
  rng.fillNormal(out.data, scale);
  return out;
}

/** Householder panel width of {@link randomOrthogonal}. */
const NB = 32;

/** W ← Tᵀ W (`upper` false) or W ← T W (`upper` true) in place, T a b × b upper-triangular block, W b × m contiguous. */
function triMulRows(t: Float64Array, b: number, w: Float64Array, m: number, transposed: boolean): void {
  if (transposed) {
    // (TᵀW)_r = Σ_{c ≤ r} T_cr W_c: descending r reads rows c < r before they change.
    for (let r = b - 1; r >= 0; r--) {
      const rr = r * m;
      const d = t[r * b + r];
      for (let j = 0; j < m; j++) w[rr + j] *= d;
      for (let c = 0; c < r; c++) {
        const f = t[c * b + r];
        if (f === 0) continue;
        const rc = c * m;
        for (let j = 0; j < m; j++) w[rr + j] += f * w[rc + j];
      }
    }
  } else {
    // (TW)_r = Σ_{c ≥ r} T_rc W_c: ascending r reads rows c > r before they change.
    for (let r = 0; r < b; r++) {
      const rr = r * m;
      const d = t[r * b + r];
      for (let j = 0; j < m; j++) w[rr + j] *= d;
      for (let c = r + 1; c < b; c++) {
        const f = t[r * b + c];
        if (f === 0) continue;
        const rc = c * m;
        for (let j = 0; j < m; j++) w[rr + j] += f * w[rc + j];
      }
    }
  }
}

/**
 * A Haar-distributed random orthogonal `n × n` matrix.
 *
 * \( G = QR \) by Householder QR of a Gaussian matrix, then \( Q \leftarrow Q\,\mathrm{diag}(\operatorname{sign} R_{ii}) \),
 * which makes the factorisation unique and the law of Q exactly Haar on O(n).
 * Source: F. Mezzadri, *How to generate random matrices from the classical compact groups*,
 * Notices AMS 54 (2007), §5; Householder QR as in Golub & Van Loan, *Matrix Computations* (4th ed.), Alg. 5.2.1,
 * blocked in panels of 32 reflectors with the compact WY form \( H_1 \cdots H_b = I - Y T Y^\top \)
 * (Schreiber & Van Loan, SIAM J. Sci. Stat. Comput. 10 (1989); G&VL §5.2.3), so the O(n³) work runs in the plain GEMM.
 * The plain GEMM is used directly, not the active backend, so the matrix does not depend on the backend.
 */
export function randomOrthogonal(n: number, rng: Rng): Matrix {
  checkDim(n, 'n');
  const gm = gaussianMatrix(n, n, rng);
  const g = gm.data; // reduced to R in place
  const vm = zeros(n, n); // column j holds the unit Householder vector of step j (rows j..n-1), zeros elsewhere
  const v = vm.data;
  const signs = new Float64Array(n).fill(1);
  const w = new Float64Array(NB);
  const z = new Float64Array(NB);
  const panels: Array<{ k: number; b: number; t: Float64Array }> = [];
  for (let k = 0; k < n - 1; k += NB) {
    const b = Math.min(NB, n - 1 - k);
    const kEnd = k + b;
    // Unblocked QR of the panel G[k:, k:kEnd].
    for (let j = k; j < kEnd; j++) {
      let norm2 = 0;
      for (let i = j; i < n; i++) norm2 += g[i * n + j] * g[i * n + j];
      const x0 = g[j * n + j];
      const alpha = (x0 < 0 ? 1 : -1) * Math.sqrt(norm2); // −sign(x0)‖x‖ avoids cancellation in v0
      // v = x − αe1, normalised; ‖v‖² = 2‖x‖² − 2αx0 = 2(norm2 − α x0)
      const vnorm2 = 2 * (norm2 - alpha * x0);
      if (vnorm2 === 0) continue; // x = 0 (probability 0 for Gaussian input): identity reflection, v = 0
      const inv = 1 / Math.sqrt(vnorm2);
      for (let i = j; i < n; i++) v[i * n + j] = (g[i * n + j] - (i === j ? alpha : 0)) * inv;
      // Panel columns j..kEnd−1 ← (I − 2vvᵀ)·(them), row by row.
      const wb = kEnd - j;
      w.fill(0, 0, wb);
      for (let i = j; i < n; i++) {
        const vi = v[i * n + j];
        const row = i * n + j;
        for (let c = 0; c < wb; c++) w[c] += vi * g[row + c];
      }
      for (let i = j; i < n; i++) {
        const vi2 = 2 * v[i * n + j];
        const row = i * n + j;
        for (let c = 0; c < wb; c++) g[row + c] -= vi2 * w[c];
      }
      signs[j] = g[j * n + j] < 0 ? -1 : 1; // R_jj = α up to rounding
    }
    // T (b × b upper): T_cc = 2, T[0:c, c] = −2·T[0:c, 0:c]·(Y[:, 0:c]ᵀ y_c)  (LAPACK dlarft, forward, columnwise).
    const t = new Float64Array(b * b);
    for (let c = 0; c < b; c++) {
      const jc = k + c;
      z.fill(0, 0, c);
      for (let i = jc; i < n; i++) {
        const vc = v[i * n + jc];
        if (vc === 0) continue;
        const row = i * n + k;
        for (let r = 0; r < c; r++) z[r] += v[row + r] * vc;
      }
      for (let r = 0; r < c; r++) {
        let s = 0;
        for (let q = r; q < c; q++) s += t[r * b + q] * z[q];
        t[r * b + c] = -2 * s;
      }
      t[c * b + c] = 2;
    }
    panels.push({ k, b, t });
    // Trailing columns: G[k:, kEnd:] ← (H_k ⋯ H_{kEnd−1})ᵀ G = (I − Y Tᵀ Yᵀ) G.
    if (kEnd < n) {
      const y = view(vm, k, k, n - k, b);
      const gt = view(gm, k, kEnd, n - k, n - kEnd);
      const wm = zeros(b, n - kEnd);
      gemmPlain(true, false, 1, y, gt, 0, wm);
      triMulRows(t, b, wm.data, n - kEnd, true);
      gemmPlain(false, false, -1, y, wm, 1, gt);
    }
  }
  if (n > 0) signs[n - 1] = g[(n - 1) * n + n - 1] < 0 ? -1 : 1; // the last column needs no reflection
  // Q = Π_panels (I − Y T Yᵀ), accumulated backwards onto I so each panel touches only Q[k:, k:].
  const q = zeros(n, n);
  const qd = q.data;
  for (let i = 0; i < n; i++) qd[i * n + i] = 1;
  for (let p = panels.length - 1; p >= 0; p--) {
    const { k, b, t } = panels[p];
    const y = view(vm, k, k, n - k, b);
    const qt = view(q, k, k, n - k, n - k);
    const wm = zeros(b, n - k);
    gemmPlain(true, false, 1, y, qt, 0, wm);
    triMulRows(t, b, wm.data, n - k, false);
    gemmPlain(false, false, -1, y, wm, 1, qt);
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
