/**
 * Householder QR factorisation \( A = QR \) (thin and full), numerical rank and an orthonormal
 * basis of the null space (Golub & Van Loan, *Matrix Computations*, 4th ed., Alg. 5.2.1 and §5.4.1;
 * LAPACK dgeqr2/dorg2r conventions).
 *
 * @module
 */
import { EPS } from './constants.ts';
import { DimensionError } from './errors.ts';
import type { Matrix } from './matrix.ts';
import { assertMatrix } from './validate.ts';
import { singularValues, svd } from './svd.ts';

/** Result of {@link qr}. */
export interface Qr {
  /** m × k with orthonormal columns (k = min(m, n) for `'thin'`, k = m for `'full'`). */
  Q: Matrix;
  /** k × n upper triangular (trapezoidal when n > k) with non-negative diagonal. */
  R: Matrix;
}

/** Options of {@link qr}. */
export interface QrOptions {
  /** `'thin'` (default): Q is m × min(m, n); `'full'`: Q is m × m (square orthogonal). */
  mode?: 'thin' | 'full';
}


function loadFinite(a: Matrix, name: string): Float64Array {
  assertMatrix(a, name);
  const m = a.rows;
  const n = a.cols;
  const w = new Float64Array(m * n);
  for (let i = 0; i < m; i++) {
    const base = a.offset + i * a.stride;
    for (let j = 0; j < n; j++) {
      const x = a.data[base + j];
      if (!Number.isFinite(x)) throw new DimensionError(`${name} has a non-finite entry ${x} at (${i}, ${j})`);
      w[i * n + j] = x;
    }
  }
  return w;
}

/**
 * In-place Householder QR of the row-major m × n buffer `w`: on return R is in the upper triangle and
 * the reflector vectors \( u_k = (0,\dots,0,1,w_{k+1:m,k}) \) below the diagonal, with
 * \( H_k = I - \tau_k u_k u_k^\top \), \( Q = H_0 H_1 \cdots H_{p-1} \), p = min(m − 1, n).
 * \( \beta = -\operatorname{sign}(x_0)\|x\| \) avoids cancellation (Golub & Van Loan Alg. 5.1.1).
 * The norm is computed on x scaled by its largest entry, so it neither overflows nor underflows.
 */
function householderQrInPlace(w: Float64Array, m: number, n: number, tau: Float64Array): number {
  const p = Math.min(m - 1, n);
  const s = new Float64Array(n);
  for (let k = 0; k < p; k++) {
    let xmax = 0;
    for (let i = k; i < m; i++) xmax = Math.max(xmax, Math.abs(w[i * n + k]));
    const x0 = w[k * n + k];
    let ss = 0;
    if (xmax > 0) {
      for (let i = k + 1; i < m; i++) {
        const x = w[i * n + k] / xmax;
        ss += x * x;
      }
    }
    if (ss === 0) {
      tau[k] = 0;
      continue;
    }
    const r0 = x0 / xmax;
    const norm = xmax * Math.sqrt(r0 * r0 + ss);
    const beta = x0 >= 0 ? -norm : norm;
    const t = (beta - x0) / beta;
    const sc = 1 / (x0 - beta);
    for (let i = k + 1; i < m; i++) w[i * n + k] *= sc;
    w[k * n + k] = beta;
    tau[k] = t;
    if (k + 1 < n) {
      // A[k:m, k+1:n] −= τ u (uᵀ A[k:m, k+1:n]), u_k = 1.
      for (let j = k + 1; j < n; j++) s[j] = w[k * n + j];
      for (let i = k + 1; i < m; i++) {
        const ui = w[i * n + k];
        const ri = i * n;
        for (let j = k + 1; j < n; j++) s[j] += ui * w[ri + j];
      }
      for (let j = k + 1; j < n; j++) w[k * n + j] -= t * s[j];
      for (let i = k + 1; i < m; i++) {
        const ti = t * w[i * n + k];
        const ri = i * n;
        for (let j = k + 1; j < n; j++) w[ri + j] -= ti * s[j];
      }
    }
  }
  return p;
}

/** Q (m × cols, row-major) = H_0 ⋯ H_{p−1} applied to the first `cols` columns of I, by backward accumulation. */
function formQ(w: Float64Array, m: number, n: number, p: number, tau: Float64Array, cols: number): Float64Array {
  const q = new Float64Array(m * cols);
  for (let i = 0; i < Math.min(m, cols); i++) q[i * cols + i] = 1;
  const s = new Float64Array(cols);
  for (let k = p - 1; k >= 0; k--) {
    const t = tau[k];
    if (t === 0) continue;
    for (let j = k; j < cols; j++) s[j] = q[k * cols + j];
    for (let i = k + 1; i < m; i++) {
      const ui = w[i * n + k];
      const ri = i * cols;
      for (let j = k; j < cols; j++) s[j] += ui * q[ri + j];
    }
    for (let j = k; j < cols; j++) q[k * cols + j] -= t * s[j];
    for (let i = k + 1; i < m; i++) {
      const ti = t * w[i * n + k];
      const ri = i * cols;
      for (let j = k; j < cols; j++) q[ri + j] -= ti * s[j];
    }
  }
  return q;
}

/**
 * Householder QR \( A = QR \) of an m × n matrix (any shape): Q has orthonormal columns, R is upper
 * triangular with a non-negative diagonal (so the factorisation is unique when A has full column rank).
 * Golub & Van Loan, *Matrix Computations*, Alg. 5.2.1 (factorisation) and §5.1.6 (backward accumulation of Q).
 *
 * Backward stable: \( \|A - QR\| \le c\,m\,n\,\varepsilon\,\|A\| \), \( \|Q^\top Q - I\| \le c\,m\,n\,\varepsilon \)
 * (Higham, *Accuracy and Stability of Numerical Algorithms*, 2nd ed., Thm. 19.4).
 *
 * @throws {DimensionError} if `a` is malformed or has a non-finite entry, or `opts.mode` is invalid.
 */
export function qr(a: Matrix, opts: QrOptions = {}): Qr {
  const mode = opts.mode ?? 'thin';
  if (mode !== 'thin' && mode !== 'full') throw new DimensionError(`opts.mode must be 'thin' or 'full', got ${String(mode)}`);
  const w = loadFinite(a, 'a');
  const m = a.rows;
  const n = a.cols;
  const tau = new Float64Array(Math.max(Math.min(m, n), 1));
  const p = householderQrInPlace(w, m, n, tau);
  const k = mode === 'full' ? m : Math.min(m, n);
  const q = formQ(w, m, n, Math.max(p, 0), tau, k);
  const r = new Float64Array(k * n);
  for (let i = 0; i < Math.min(k, m); i++) for (let j = i; j < n; j++) r[i * n + j] = w[i * n + j];
  // Non-negative diagonal: flip row i of R and column i of Q together (QR unchanged).
  for (let i = 0; i < Math.min(k, n); i++) {
    if (r[i * n + i] < 0) {
      for (let j = i; j < n; j++) r[i * n + j] = -r[i * n + j];
      for (let l = 0; l < m; l++) q[l * k + i] = -q[l * k + i];
    }
  }
  return {
    Q: { rows: m, cols: k, data: q, offset: 0, stride: k },
    R: { rows: k, cols: n, data: r, offset: 0, stride: n },
  };
}

/** Default relative tolerance of {@link rank} and {@link nullSpace}: max(m, n)·ε (as numpy `matrix_rank`, LAPACK-style). */
export function defaultRankTol(m: number, n: number): number {
  return Math.max(m, n, 1) * EPS;
}

/** Options of {@link rank} and {@link nullSpace}. */
export interface RankOptions {
  /**
   * Relative cutoff (dimensionless, finite, ≥ 0): singular values \( s_i \le \mathrm{rtol}\cdot s_{\max} \) count as zero.
   * Default {@link defaultRankTol}(m, n) = max(m, n)·ε.
   */
  rtol?: number;
}

function checkRtol(rtol: number): void {
  if (typeof rtol !== 'number' || !Number.isFinite(rtol) || rtol < 0) throw new DimensionError(`rtol must be finite and ≥ 0, got ${rtol}`);
}

/**
 * Numerical rank: the number of singular values \( s_i > \mathrm{rtol}\cdot s_{\max} \)
 * (Golub & Van Loan §5.4.1; default rtol = max(m, n)·ε, the rounding level of the SVD itself).
 *
 * @throws {DimensionError} if `a` has a non-finite entry or `rtol` is not finite and ≥ 0.
 */
export function rank(a: Matrix, options: RankOptions = {}): number {
  assertMatrix(a, 'a');
  const tol = options.rtol ?? defaultRankTol(a.rows, a.cols);
  checkRtol(tol);
  const s = singularValues(a);
  if (s.length === 0 || s[0] === 0) return 0;
  const cut = tol * s[0];
  let r = 0;
  while (r < s.length && s[r] > cut) r++;
  return r;
}

/**
 * An orthonormal basis N (n × (n − r)) of the numerical null space of the m × n matrix A, r = {@link rank}(A, { rtol }):
 * the orthogonal complement of the leading r right singular vectors \( V_r \). It is taken as the trailing
 * n − r columns of the full QR of \( V_r \), so it is orthonormal to working precision even for wide A
 * (whose thin SVD has only m right singular vectors).
 *
 * Guarantee: \( \|AN\|_2 \le s_{r+1} + c\,\max(m,n)\,n\,\varepsilon\,\|A\|_2 \le \mathrm{rtol}\cdot s_{\max} + O(\varepsilon\|A\|) \),
 * \( \|N^\top N - I\| = O(n\varepsilon) \).
 *
 * @throws {DimensionError} if `a` has a non-finite entry or `rtol` is not finite and ≥ 0.
 */
export function nullSpace(a: Matrix, options: RankOptions = {}): Matrix {
  assertMatrix(a, 'a');
  const m = a.rows;
  const n = a.cols;
  const tol = options.rtol ?? defaultRankTol(m, n);
  checkRtol(tol);
  if (n === 0) return { rows: 0, cols: 0, data: new Float64Array(0), offset: 0, stride: 0 };
  let r = 0;
  let vr: Matrix = { rows: n, cols: 0, data: new Float64Array(0), offset: 0, stride: 0 };
  if (m > 0) {
    const f = svd(a);
    const k = f.s.length;
    if (f.s[0] > 0) {
      const cut = tol * f.s[0];
      while (r < k && f.s[r] > cut) r++;
    }
    vr = { rows: n, cols: r, data: f.V.data, offset: 0, stride: f.V.stride };
  }
  if (r === 0) {
    const out = new Float64Array(n * n);
    for (let i = 0; i < n; i++) out[i * n + i] = 1;
    return { rows: n, cols: n, data: out, offset: 0, stride: n };
  }
  const full = qr(vr, { mode: 'full' }).Q;
  const out = new Float64Array(n * (n - r));
  for (let i = 0; i < n; i++) for (let j = r; j < n; j++) out[i * (n - r) + (j - r)] = full.data[i * n + j];
  return { rows: n, cols: n - r, data: out, offset: 0, stride: n - r };
}
