/**
 * Thin singular value decomposition \( A = U\,\mathrm{diag}(s)\,V^\top \) of a real m × n matrix,
 * by Golub–Kahan Householder bidiagonalisation followed by implicit-shift QR on the bidiagonal
 * (Golub & Kahan, SIAM J. Numer. Anal. B 2 (1965); Golub & Reinsch, Numer. Math. 14 (1970);
 * Golub & Van Loan, *Matrix Computations*, 4th ed., Alg. 5.4.2 and §8.6.2; the case analysis of
 * LINPACK `dsvdc`).
 *
 * Why this method: it works on A itself, never on the Gram AᵀA (which would square the condition
 * number and lose every singular value below \( \sqrt{\varepsilon}\,s_{\max} \)); it is normwise
 * backward stable, \( |\hat s_k - s_k| \le c\,\max(m,n)\,n\,\varepsilon\,\|A\|_2 \); and it costs
 * O(mn²) with a small constant, so it also serves the n = 500…2000 benchmarks. One-sided Jacobi
 * would add high *relative* accuracy of tiny singular values, which no caller here needs (the
 * pseudo-inverse cuts them off at max(m, n)·ε·s_max), at 5–10× the cost.
 *
 * Wide matrices (m < n) are handled through Aᵀ = V diag(s) Uᵀ. The QR rotations of one sweep are
 * buffered and applied along the rows of the row-major U and V (one load/store per entry per sweep).
 *
 * @module
 */
import { ConvergenceError, DimensionError } from './errors.ts';
import { type Matrix, maxAbsFinite, powerOfTwoScale } from './matrix.ts';
import { assertMatrix } from './validate.ts';
import { activeBackend } from './backend.ts';
import { bidiagonalQrInPlace } from './bidiagonalQr.ts';
import { bidiagonalDivideConquer } from './bidiagonalDc.ts';
import { applyReflectors } from './applyReflectors.ts';

export { MAX_SVD_SWEEPS_PER_VALUE } from './bidiagonalQr.ts';

/** Algorithm for the singular vectors of the bidiagonal matrix in {@link svd}. */
export type SvdMethod = 'qr' | 'divide-and-conquer';

/** Options of {@link svd}. */
export interface SvdOptions {
  /**
   * 'qr': implicit-shift QR with the rotations accumulated into the Householder factors (the reference: the `js`
   * backend's default, whose bits it keeps); 'divide-and-conquer': `bidiagonalDc.ts`, then the Householder
   * back-transformations as blocked GEMMs (O(n³) in GEMM; the default of backends with `preferDivideAndConquer`,
   * e.g. WASM). Default: the active backend's preference.
   */
  method?: SvdMethod;
}

/** Result of {@link svd}: A ≈ U diag(s) Vᵀ with k = min(m, n). */
export interface Svd {
  /** m × k, orthonormal columns (left singular vectors). */
  U: Matrix;
  /** k singular values, descending, ≥ 0. */
  s: Float64Array;
  /** n × k, orthonormal columns (right singular vectors). */
  V: Matrix;
}

/**
 * Copies A (or Aᵀ when `transpose`) into a fresh contiguous buffer, scaled by a power of two so that
 * max |entry| ∈ [1, 2) (exact; the factor is clamped to 2^±1000 so that it is finite), after checking
 * that `a` is a well-formed view with finite entries.
 */
function load(a: Matrix, name: string, transpose: boolean): { w: Float64Array; scale: number } {
  assertMatrix(a, name);
  const m = a.rows;
  const n = a.cols;
  const ad = a.data;
  const amax = maxAbsFinite(a, name);
  const scale = powerOfTwoScale(amax);
  const w = new Float64Array(m * n);
  for (let i = 0; i < m; i++) {
    const base = a.offset + i * a.stride;
    if (transpose) for (let j = 0; j < n; j++) w[j * m + i] = ad[base + j] * scale;
    else for (let j = 0; j < n; j++) w[i * n + j] = ad[base + j] * scale;
  }
  return { w, scale };
}

/**
 * Backward accumulation of \( Q = H_0 H_1 \cdots H_{p-1} \) applied to the first `cols` columns of
 * the identity, into the row-major `rows × cols` buffer q. Reflector k acts on indices
 * `k + shift … rows−1`; its vector (leading 1 implicit) is read by `vec(k, i)`.
 */
function accumulate(
  rows: number,
  cols: number,
  p: number,
  shift: number,
  tau: Float64Array,
  vec: (k: number, i: number) => number,
): Float64Array {
  const q = new Float64Array(rows * cols);
  for (let i = 0; i < Math.min(rows, cols); i++) q[i * cols + i] = 1;
  const s = new Float64Array(cols);
  const v = new Float64Array(rows);
  for (let k = p - 1; k >= 0; k--) {
    const t = tau[k];
    if (t === 0) continue;
    const lo = k + shift;
    v[lo] = 1;
    for (let i = lo + 1; i < rows; i++) v[i] = vec(k, i);
    // Only columns ≥ lo are non-trivial in rows ≥ lo at this point of the backward accumulation.
    s.fill(0, lo, cols);
    let i = lo;
    for (; i + 3 < rows; i += 4) {
      const u0 = v[i];
      const u1 = v[i + 1];
      const u2 = v[i + 2];
      const u3 = v[i + 3];
      const r0 = i * cols;
      const r1 = r0 + cols;
      const r2 = r1 + cols;
      const r3 = r2 + cols;
      for (let j = lo; j < cols; j++) s[j] += u0 * q[r0 + j] + u1 * q[r1 + j] + u2 * q[r2 + j] + u3 * q[r3 + j];
    }
    for (; i < rows; i++) {
      const ui = v[i];
      const ri = i * cols;
      for (let j = lo; j < cols; j++) s[j] += ui * q[ri + j];
    }
    for (i = lo; i + 3 < rows; i += 4) {
      const t0 = t * v[i];
      const t1 = t * v[i + 1];
      const t2 = t * v[i + 2];
      const t3 = t * v[i + 3];
      const r0 = i * cols;
      const r1 = r0 + cols;
      const r2 = r1 + cols;
      const r3 = r2 + cols;
      for (let j = lo; j < cols; j++) {
        const sj = s[j];
        q[r0 + j] -= t0 * sj;
        q[r1 + j] -= t1 * sj;
        q[r2 + j] -= t2 * sj;
        q[r3 + j] -= t3 * sj;
      }
    }
    for (; i < rows; i++) {
      const ti = t * v[i];
      const ri = i * cols;
      for (let j = lo; j < cols; j++) q[ri + j] -= ti * s[j];
    }
  }
  return q;
}

function swapColumns(z: Float64Array, rows: number, ld: number, i: number, j: number): void {
  for (let r = 0; r < rows; r++) {
    const o = r * ld;
    const t = z[o + i];
    z[o + i] = z[o + j];
    z[o + j] = t;
  }
}

/** Sorts s descending, permuting the columns of u (`uRows × n`) and v (`n × n`) alongside (≤ n − 1 swaps). */
function sortDescending(s: Float64Array, n: number, u: Float64Array | null, uRows: number, v: Float64Array | null): void {
  for (let i = 0; i < n - 1; i++) {
    let k = i;
    for (let j = i + 1; j < n; j++) if (s[j] > s[k]) k = j;
    if (k === i) continue;
    const t = s[i];
    s[i] = s[k];
    s[k] = t;
    if (u !== null) swapColumns(u, uRows, n, i, k);
    if (v !== null) swapColumns(v, n, n, i, k);
  }
}

/** Core for m ≥ n on the scaled contiguous copy `w`; returns U (m × n), s, V (n × n) as raw buffers. */
function svdTall(
  w: Float64Array,
  m: number,
  n: number,
  wantVectors: boolean,
  method: SvdMethod = 'qr',
): { u: Float64Array | null; s: Float64Array; v: Float64Array | null } {
  const s = new Float64Array(n);
  const e = new Float64Array(Math.max(n, 1));
  const tauL = new Float64Array(Math.max(n, 1));
  const tauR = new Float64Array(Math.max(n, 1));
  const backend = activeBackend();
  backend.gebrd(w, m, n, s, e, tauL, tauR);
  let r: { s: Float64Array; u: Float64Array; v: Float64Array } | null = null;
  if (wantVectors && method === 'divide-and-conquer' && n > 0) {
    try {
      r = bidiagonalDivideConquer(s, e, backend.gemm);
    } catch (err) {
      // A secular equation that does not converge (not observed): fall back to QR below (s and e are intact).
      if (!(err instanceof ConvergenceError)) throw err;
    }
  }
  if (r !== null) {
    // A = Q_L [B; 0] Q_Rᵀ with B = U_B diag(s) V_Bᵀ: U = Q_L [U_B; 0], V = Q_R V_B.
    const u = new Float64Array(m * n);
    u.set(r.u);
    applyReflectors({ count: n, shift: 0, tau: tauL, source: w, ld: n, storage: 'columns' }, { rows: m, cols: n, data: u, offset: 0, stride: n }, backend.gemm);
    applyReflectors({ count: Math.max(n - 2, 0), shift: 1, tau: tauR, source: w, ld: n, storage: 'rows' }, { rows: n, cols: n, data: r.v, offset: 0, stride: n }, backend.gemm);
    return { u, s: r.s, v: r.v };
  }
  let u: Float64Array | null = null;
  let v: Float64Array | null = null;
  if (wantVectors) {
    u = accumulate(m, n, n, 0, tauL, (k, i) => w[i * n + k]);
    v = accumulate(n, n, Math.max(n - 2, 0), 1, tauR, (k, j) => w[k * n + j]);
  }
  if (n > 0) bidiagonalQrInPlace(s, e, n, u, m, v);
  sortDescending(s, n, u, m, v);
  return { u, s, v };
}

/**
 * Thin SVD \( A = U\,\mathrm{diag}(s)\,V^\top \) of an m × n matrix (tall or wide), k = min(m, n):
 * U is m × k and V is n × k with orthonormal columns, s is descending and non-negative.
 * Golub–Kahan bidiagonalisation + implicit QR (Golub & Van Loan, *Matrix Computations*, Alg. 5.4.2, 8.6.1–8.6.2),
 * or bidiagonal divide and conquer (see {@link SvdOptions.method}).
 *
 * Backward stable: \( \|A - U\Sigma V^\top\| \le c\,\max(m,n)\,n\,\varepsilon\,\|A\| \) and, by Weyl's
 * inequality for singular values, \( |\hat s_k - s_k| \le \) the same bound; \( \|U^\top U - I\|, \|V^\top V - I\| \le c\,\max(m,n)\,\varepsilon \).
 * Singular vectors of repeated singular values are any orthonormal basis of the singular subspace; signs are arbitrary.
 *
 * @throws {DimensionError} if `a` is malformed or has a non-finite entry.
 * @throws {ConvergenceError} if the bidiagonal QR fails to converge.
 */
export function svd(a: Matrix, opts: SvdOptions = {}): Svd {
  const method = opts.method ?? (activeBackend().preferDivideAndConquer ? 'divide-and-conquer' : 'qr');
  if (method !== 'qr' && method !== 'divide-and-conquer') {
    throw new DimensionError(`opts.method must be 'qr' or 'divide-and-conquer', got '${String(method)}'`);
  }
  const m = a.rows;
  const n = a.cols;
  const wide = m < n;
  const { w, scale } = load(a, 'a', wide);
  const mm = wide ? n : m;
  const nn = wide ? m : n;
  const r = svdTall(w, mm, nn, true, method);
  if (scale !== 1) for (let i = 0; i < nn; i++) r.s[i] /= scale;
  const big: Matrix = { rows: mm, cols: nn, data: r.u as Float64Array, offset: 0, stride: nn };
  const small: Matrix = { rows: nn, cols: nn, data: r.v as Float64Array, offset: 0, stride: nn };
  return wide ? { U: small, s: r.s, V: big } : { U: big, s: r.s, V: small };
}

/**
 * Singular values of A, descending (no vectors: bidiagonalisation, 4mn² − 4n³/3 flops for m ≥ n, then O(n²)).
 * Same backward-stability bound as {@link svd}.
 *
 * @throws {DimensionError} if `a` is malformed or has a non-finite entry.
 * @throws {ConvergenceError} if the bidiagonal QR fails to converge.
 */
export function singularValues(a: Matrix): Float64Array {
  const m = a.rows;
  const n = a.cols;
  const wide = m < n;
  const { w, scale } = load(a, 'a', wide);
  const r = svdTall(w, wide ? n : m, wide ? m : n, false);
  if (scale !== 1) for (let i = 0; i < r.s.length; i++) r.s[i] /= scale;
  return r.s;
}
