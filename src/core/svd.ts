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
import { EPS, SAFE_MIN } from './constants.ts';
import { ConvergenceError } from './errors.ts';
import { type Matrix, maxAbsFinite, powerOfTwoScale } from './matrix.ts';
import { assertMatrix } from './validate.ts';

/** Result of {@link svd}: A ≈ U diag(s) Vᵀ with k = min(m, n). */
export interface Svd {
  /** m × k, orthonormal columns (left singular vectors). */
  U: Matrix;
  /** k singular values, descending, ≥ 0. */
  s: Float64Array;
  /** n × k, orthonormal columns (right singular vectors). */
  V: Matrix;
}

/** QR sweeps allowed per singular value before {@link ConvergenceError} (LAPACK dbdsqr allows 6n per value in inner steps). */
export const MAX_SVD_SWEEPS_PER_VALUE = 75;

/** Smallest positive normal double over ε: below this an entry is negligible whatever the scale. */
const TINY = SAFE_MIN / EPS;

function hyp(a: number, b: number): number {
  const x = a * a + b * b;
  if (x > 1e-290 && x < 1e290) return Math.sqrt(x);
  return Math.hypot(a, b);
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
 * Householder bidiagonalisation \( U_B^\top A V_B = B \) of the row-major m × n matrix `a` (m ≥ n), in place.
 * B is upper bidiagonal with diagonal `d` and superdiagonal `e` (e[k] = B[k, k+1]).
 * Left reflector k is \( I - \tau^L_k u u^\top \) with u = (0…0, 1, a[k+1:m, k]) stored below the diagonal
 * of column k; right reflector k is \( I - \tau^R_k v v^\top \) with v = (0…0, 1, a[k, k+2:n]) stored
 * right of the superdiagonal in row k (LAPACK dgebd2 conventions; Golub & Van Loan Alg. 5.4.2).
 *
 * Fused so that each step makes one pass over the trailing block (in the spirit of the "BLAS 2.5" GEBD2 of
 * Howell, Demmel et al., ACM TOMS 34, 2008): for each row i > k the left update \( a_i \mathrel{-}= u_i s \),
 * the product \( y_i = a_i \cdot v \), the right update \( a_i \mathrel{-}= \tau^R y_i v \) and the accumulation
 * of the next left product \( t = \sum_i a_{i,k+1}\, a_i \) run while the row is in L1. With
 * x = a[k:m, k], ‖x‖² = x₀² + ss and β = −sign(x₀)‖x‖, the left product is
 * \( s = \tau^L u^\top A = \tau^L (a_k + t/(x_0 - \beta)) \).
 */
function bidiagonalizeInPlace(
  a: Float64Array,
  m: number,
  n: number,
  d: Float64Array,
  e: Float64Array,
  tauL: Float64Array,
  tauR: Float64Array,
): void {
  const s = new Float64Array(n);
  const t = new Float64Array(n);
  // Prologue: t = Σ_{i>0} a_i[0]·a_i, ss = Σ_{i>0} a_i[0]² for the first left reflector.
  let ss = 0;
  for (let i = 1; i < m; i++) {
    const ri = i * n;
    const c = a[ri];
    ss += c * c;
    if (c !== 0) for (let j = 1; j < n; j++) t[j] += c * a[ri + j];
  }
  for (let k = 0; k < n; k++) {
    const rk = k * n;
    // Left reflector on column k, rows k..m−1.
    const x0 = a[rk + k];
    let sc = 0;
    if (ss === 0) {
      d[k] = x0;
      tauL[k] = 0;
    } else {
      const norm = Math.sqrt(x0 * x0 + ss);
      const beta = x0 >= 0 ? -norm : norm;
      const tl = (beta - x0) / beta;
      sc = 1 / (x0 - beta);
      d[k] = beta;
      tauL[k] = tl;
      a[rk + k] = beta;
      for (let j = k + 1; j < n; j++) {
        const sj = tl * (a[rk + j] + sc * t[j]);
        s[j] = sj;
        a[rk + j] -= sj; // row k, u_k = 1
      }
    }
    if (k === n - 1) {
      if (sc !== 0) for (let i = k + 1; i < m; i++) a[i * n + k] *= sc;
      tauR[k] = 0;
      break;
    }
    // Right reflector on row k, columns k+1..n−1 (none needed for a single column: k = n − 2).
    const xr = a[rk + k + 1];
    let ssr = 0;
    for (let j = k + 2; j < n; j++) ssr += a[rk + j] * a[rk + j];
    let tr = 0;
    if (ssr === 0) {
      e[k] = xr;
      tauR[k] = 0;
    } else {
      const norm = Math.sqrt(xr * xr + ssr);
      const beta = xr >= 0 ? -norm : norm;
      tr = (beta - xr) / beta;
      const scr = 1 / (xr - beta);
      for (let j = k + 2; j < n; j++) a[rk + j] *= scr;
      a[rk + k + 1] = beta; // v_{k+1} = 1 is implicit
      e[k] = beta;
      tauR[k] = tr;
    }
    // One pass over rows i > k.
    t.fill(0, k + 2, n);
    ss = 0;
    for (let i = k + 1; i < m; i++) {
      const ri = i * n;
      let ui = 0;
      if (sc !== 0) {
        ui = a[ri + k] * sc;
        a[ri + k] = ui;
      }
      if (tr !== 0) {
        // (1) left update fused with y = a_i · v (v_{k+1} = 1).
        let a1 = a[ri + k + 1] - ui * s[k + 1];
        let y0 = a1;
        let y1 = 0;
        let j = k + 2;
        for (; j + 1 < n; j += 2) {
          const p0 = a[ri + j] - ui * s[j];
          const p1 = a[ri + j + 1] - ui * s[j + 1];
          a[ri + j] = p0;
          a[ri + j + 1] = p1;
          y0 += p0 * a[rk + j];
          y1 += p1 * a[rk + j + 1];
        }
        if (j < n) {
          const p0 = a[ri + j] - ui * s[j];
          a[ri + j] = p0;
          y0 += p0 * a[rk + j];
        }
        // (2) right update fused with t += a_{i,k+1} · a_i.
        const ty = tr * (y0 + y1);
        a1 -= ty;
        a[ri + k + 1] = a1;
        if (i === k + 1) {
          // Row k+1 holds x₀ of the next left reflector: not part of t and ss.
          for (j = k + 2; j < n; j++) a[ri + j] -= ty * a[rk + j];
          continue;
        }
        ss += a1 * a1;
        for (j = k + 2; j < n; j++) {
          const p = a[ri + j] - ty * a[rk + j];
          a[ri + j] = p;
          t[j] += a1 * p;
        }
      } else {
        const a1 = a[ri + k + 1] - ui * s[k + 1];
        a[ri + k + 1] = a1;
        if (i === k + 1) {
          for (let j = k + 2; j < n; j++) a[ri + j] -= ui * s[j];
          continue;
        }
        ss += a1 * a1;
        for (let j = k + 2; j < n; j++) {
          const p = a[ri + j] - ui * s[j];
          a[ri + j] = p;
          t[j] += a1 * p;
        }
      }
    }
  }
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

/**
 * Z ← Z·G_lo·G_{lo+1}⋯G_{hi−1} on the row-major `rows × ld` matrix z, where G_j rotates columns (j, j+1):
 * \( z_j \leftarrow c_j z_j + s_j z_{j+1},\; z_{j+1} \leftarrow -s_j z_j + c_j z_{j+1} \).
 * Row by row with the running column entry carried in a register, four rows at a time.
 */
function applyRotationsAscending(
  z: Float64Array,
  rows: number,
  ld: number,
  lo: number,
  hi: number,
  cs: Float64Array,
  sn: Float64Array,
): void {
  let r = 0;
  for (; r + 3 < rows; r += 4) {
    const o0 = r * ld;
    const o1 = o0 + ld;
    const o2 = o1 + ld;
    const o3 = o2 + ld;
    let c0 = z[o0 + lo];
    let c1 = z[o1 + lo];
    let c2 = z[o2 + lo];
    let c3 = z[o3 + lo];
    for (let j = lo; j < hi; j++) {
      const c = cs[j];
      const s = sn[j];
      const b0 = z[o0 + j + 1];
      const b1 = z[o1 + j + 1];
      const b2 = z[o2 + j + 1];
      const b3 = z[o3 + j + 1];
      z[o0 + j] = c * c0 + s * b0;
      c0 = c * b0 - s * c0;
      z[o1 + j] = c * c1 + s * b1;
      c1 = c * b1 - s * c1;
      z[o2 + j] = c * c2 + s * b2;
      c2 = c * b2 - s * c2;
      z[o3 + j] = c * c3 + s * b3;
      c3 = c * b3 - s * c3;
    }
    z[o0 + hi] = c0;
    z[o1 + hi] = c1;
    z[o2 + hi] = c2;
    z[o3 + hi] = c3;
  }
  for (; r < rows; r++) {
    const o = r * ld;
    let c0 = z[o + lo];
    for (let j = lo; j < hi; j++) {
      const c = cs[j];
      const s = sn[j];
      const b = z[o + j + 1];
      z[o + j] = c * c0 + s * b;
      c0 = c * b - s * c0;
    }
    z[o + hi] = c0;
  }
}

/** Rotates columns (i, j) of the row-major `rows × ld` matrix z: z_i ← c z_i + s z_j, z_j ← −s z_i + c z_j. */
function rotateColumns(z: Float64Array, rows: number, ld: number, i: number, j: number, c: number, s: number): void {
  for (let r = 0; r < rows; r++) {
    const o = r * ld;
    const a = z[o + i];
    const b = z[o + j];
    z[o + i] = c * a + s * b;
    z[o + j] = -s * a + c * b;
  }
}

/**
 * Implicit-shift QR on the upper bidiagonal B = bidiag(s, e) (n × n), in place: on return `s` holds
 * the singular values, non-negative and *unsorted*. Rotations are applied as U ← U·G (u: `uRows × n`,
 * row-major) and V ← V·G (v: `n × n`), so that U B Vᵀ is invariant.
 *
 * Case analysis of LINPACK dsvdc / JAMA: (1) a negligible \( s_{p-1} \) is deflated by chasing
 * \( e_{p-2} \) up with right rotations; (2) a negligible \( s_k \) splits the block by chasing \( e_k \)
 * down with left rotations; (3) otherwise one Golub–Kahan QR step with the Wilkinson shift of the trailing
 * 2 × 2 block of BᵀB (Golub & Van Loan Alg. 8.6.1); (4) convergence: make \( s \ge 0 \).
 * Negligible means \( |e_k| \le \mathrm{TINY} + \varepsilon(|s_k| + |s_{k+1}|) \), resp. \( |s_k| \le \mathrm{TINY} + \varepsilon(|e_{k-1}| + |e_k|) \).
 */
function bidiagonalQrInPlace(
  s: Float64Array,
  e: Float64Array,
  n: number,
  u: Float64Array | null,
  uRows: number,
  v: Float64Array | null,
): void {
  const csV = new Float64Array(n);
  const snV = new Float64Array(n);
  const csU = new Float64Array(n);
  const snU = new Float64Array(n);
  e[n - 1] = 0;
  let p = n;
  let iter = 0;
  while (p > 0) {
    let k: number;
    for (k = p - 2; k >= 0; k--) {
      if (Math.abs(e[k]) <= TINY + EPS * (Math.abs(s[k]) + Math.abs(s[k + 1]))) {
        e[k] = 0;
        break;
      }
    }
    let kase: number;
    if (k === p - 2) {
      kase = 4;
    } else {
      let ks: number;
      for (ks = p - 1; ks > k; ks--) {
        const t = (ks !== p ? Math.abs(e[ks]) : 0) + (ks !== k + 1 ? Math.abs(e[ks - 1]) : 0);
        if (Math.abs(s[ks]) <= TINY + EPS * t) {
          s[ks] = 0;
          break;
        }
      }
      if (ks === k) {
        kase = 3;
      } else if (ks === p - 1) {
        kase = 1;
      } else {
        kase = 2;
        k = ks;
      }
    }
    k++;
    if (kase !== 4 && ++iter > MAX_SVD_SWEEPS_PER_VALUE) {
      throw new ConvergenceError(
        `bidiagonal SVD did not converge: singular value ${p - 1} of ${n} needed more than ${MAX_SVD_SWEEPS_PER_VALUE} sweeps`,
      );
    }
    switch (kase) {
      case 1: {
        // s[p−1] ≈ 0: zero e[p−2] by right rotations on columns (j, p−1), j = p−2 … k.
        let f = e[p - 2];
        e[p - 2] = 0;
        for (let j = p - 2; j >= k; j--) {
          const t = hyp(s[j], f);
          const c = s[j] / t;
          const sn = f / t;
          s[j] = t;
          if (j !== k) {
            f = -sn * e[j - 1];
            e[j - 1] = c * e[j - 1];
          }
          if (v !== null) rotateColumns(v, n, n, j, p - 1, c, sn);
        }
        break;
      }
      case 2: {
        // s[k−1] ≈ 0: zero e[k−1] by left rotations on columns (j, k−1), j = k … p−1.
        let f = e[k - 1];
        e[k - 1] = 0;
        for (let j = k; j < p; j++) {
          const t = hyp(s[j], f);
          const c = s[j] / t;
          const sn = f / t;
          s[j] = t;
          f = -sn * e[j];
          e[j] = c * e[j];
          if (u !== null) rotateColumns(u, uRows, n, j, k - 1, c, sn);
        }
        break;
      }
      case 3: {
        // One implicit QR step on the block k … p−1, with the shift of the trailing 2 × 2 of BᵀB.
        const scale = Math.max(Math.abs(s[p - 1]), Math.abs(s[p - 2]), Math.abs(e[p - 2]), Math.abs(s[k]), Math.abs(e[k]));
        const sp = s[p - 1] / scale;
        const spm1 = s[p - 2] / scale;
        const epm1 = e[p - 2] / scale;
        const sk = s[k] / scale;
        const ek = e[k] / scale;
        const b = ((spm1 + sp) * (spm1 - sp) + epm1 * epm1) / 2;
        const cc = sp * epm1 * (sp * epm1);
        let shift = 0;
        if (b !== 0 || cc !== 0) {
          shift = Math.sqrt(b * b + cc);
          if (b < 0) shift = -shift;
          shift = cc / (b + shift);
        }
        let f = (sk + sp) * (sk - sp) + shift;
        let g = sk * ek;
        for (let j = k; j < p - 1; j++) {
          let t = hyp(f, g);
          let c = f / t;
          let sn = g / t;
          if (j !== k) e[j - 1] = t;
          f = c * s[j] + sn * e[j];
          e[j] = c * e[j] - sn * s[j];
          g = sn * s[j + 1];
          s[j + 1] = c * s[j + 1];
          csV[j] = c;
          snV[j] = sn;
          t = hyp(f, g);
          c = f / t;
          sn = g / t;
          s[j] = t;
          f = c * e[j] + sn * s[j + 1];
          s[j + 1] = -sn * e[j] + c * s[j + 1];
          g = sn * e[j + 1];
          e[j + 1] = c * e[j + 1];
          csU[j] = c;
          snU[j] = sn;
        }
        e[p - 2] = f;
        if (v !== null) applyRotationsAscending(v, n, n, k, p - 1, csV, snV);
        if (u !== null) applyRotationsAscending(u, uRows, n, k, p - 1, csU, snU);
        break;
      }
      default: {
        // Converged: make s[k] non-negative (flip the matching column of V).
        if (s[k] < 0) {
          s[k] = -s[k];
          if (v !== null) for (let r = 0; r < n; r++) v[r * n + k] = -v[r * n + k];
        } else if (s[k] === 0) {
          s[k] = 0; // −0 → +0
        }
        iter = 0;
        p--;
      }
    }
  }
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
): { u: Float64Array | null; s: Float64Array; v: Float64Array | null } {
  const s = new Float64Array(n);
  const e = new Float64Array(Math.max(n, 1));
  const tauL = new Float64Array(Math.max(n, 1));
  const tauR = new Float64Array(Math.max(n, 1));
  bidiagonalizeInPlace(w, m, n, s, e, tauL, tauR);
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
 * Golub–Kahan bidiagonalisation + implicit QR (Golub & Van Loan, *Matrix Computations*, Alg. 5.4.2, 8.6.1–8.6.2).
 *
 * Backward stable: \( \|A - U\Sigma V^\top\| \le c\,\max(m,n)\,n\,\varepsilon\,\|A\| \) and, by Weyl's
 * inequality for singular values, \( |\hat s_k - s_k| \le \) the same bound; \( \|U^\top U - I\|, \|V^\top V - I\| \le c\,\max(m,n)\,\varepsilon \).
 * Singular vectors of repeated singular values are any orthonormal basis of the singular subspace; signs are arbitrary.
 *
 * @throws {DimensionError} if `a` is malformed or has a non-finite entry.
 * @throws {ConvergenceError} if the bidiagonal QR fails to converge.
 */
export function svd(a: Matrix): Svd {
  const m = a.rows;
  const n = a.cols;
  const wide = m < n;
  const { w, scale } = load(a, 'a', wide);
  const mm = wide ? n : m;
  const nn = wide ? m : n;
  const r = svdTall(w, mm, nn, true);
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
