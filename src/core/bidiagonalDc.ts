/**
 * Singular value decomposition of an upper bidiagonal matrix \( B = U\,\mathrm{diag}(s)\,V^\top \) by divide and
 * conquer (Jessup & Sorensen, SIAM J. Matrix Anal. Appl. 15 (1994); Gu & Eisenstat, SIAM J. Matrix Anal. Appl. 16
 * (1995); the structure of LAPACK `dbdsdc`/`dlasd0`–`dlasd4`).
 *
 * A block is an n × (n + sq) upper bidiagonal matrix, sq ∈ {0, 1}. Removing row k leaves \( \tilde B_1 \) (k × (k+1),
 * always sq = 1) and \( B_2 \) ((n−k−1) × (n−k−1+sq)); with their SVDs \( \tilde B_1 = U_1[\Sigma_1\ 0]W_1^\top \),
 * \( B_2 = U_2[\Sigma_2\ (0)]W_2^\top \), B is orthogonally equivalent to the arrow matrix
 * \[ M = \begin{pmatrix} z_0 & z_1 & \cdots & z_{n-1} \\ & d_1 & & \\ && \ddots & \\ &&& d_{n-1} \end{pmatrix},\qquad
 *    d = (0, \Sigma_1, \Sigma_2),\; z = (\alpha W_1[k,:],\ \beta W_2[0,:]), \]
 * the two null directions (of \( \tilde B_1 \) and, if sq = 1, of \( B_2 \)) rotated into column 0 and a new null
 * vector. \( M^\top M = D^2 + z z^\top \), so the squared singular values solve the secular equation
 * \( 1 + \sum_i z_i^2/(d_i^2 - \sigma^2) = 0 \) (`secular.ts`, with the pole differences \( (d_i - d_o)(d_i + d_o) \)
 * formed without cancellation), and after Löwner's recomputation of ẑ the vectors
 * \( v_j \propto (\hat z_i/(d_i^2-\sigma_j^2))_i \), \( u_j \propto (-1,\ (d_i \hat z_i/(d_i^2-\sigma_j^2))_{i\ge1}) \) are orthogonal to
 * working precision (`dlasd3`). Deflation as in `dlasd2`: \( |z_i| \le \mathrm{tol} \); \( d_i \le \mathrm{tol} \) (rotated
 * into column 0, singular value 0); two \( d \) within tol (one z rotated away); \( |z_0| \le \mathrm{tol} \) is raised to tol.
 * \( \mathrm{tol} = 8\varepsilon\max(\max d, \max|z|) \) after scaling B to max |entry| ∈ [1, 2): each deflation perturbs B by
 * at most tol, inside the O(nε‖B‖) backward error. Blocks of order ≤ 25 are solved by implicit-shift QR
 * (`bidiagonalQr.ts`), after chasing the extra column of an sq = 1 block away by rotations from the right.
 *
 * The back-multiplications are GEMMs through the kernel passed in (the active backend's).
 *
 * @module
 */
import { EPS } from './constants.ts';
import type { GemmKernel } from './backendTypes.ts';
import type { Matrix } from './matrix.ts';
import { scaleDiagonalsByPowerOfTwo } from './scaleDiagonalsByPowerOfTwo.ts';
import { secularRoot } from './secular.ts';
import { bidiagonalQrInPlace } from './bidiagonalQr.ts';
import type { DivideConquerOptions } from './tridiagonalDc.ts';

/** Blocks of at most this many rows are solved by QR (LAPACK's SMLSIZ = 25). */
const LEAF = 25;

const mat = (data: Float64Array, rows: number, cols: number): Matrix => ({ rows, cols, data, offset: 0, stride: cols });

/**
 * SVD of the n × n upper bidiagonal B = bidiag(d, e) (e[i] = B[i, i+1]).
 *
 * @param d diagonal, length n (not modified).
 * @param e superdiagonal, length ≥ n − 1 (not modified).
 * @param gemm the GEMM kernel for the merges.
 * @returns s descending (≥ 0), U and V row-major n × n with B = U diag(s) Vᵀ.
 * @throws {ConvergenceError} if a secular equation or a leaf QR fails to converge.
 */
export function bidiagonalDivideConquer(
  d: Float64Array, e: Float64Array, gemm: GemmKernel, options: DivideConquerOptions = {},
): { s: Float64Array; u: Float64Array; v: Float64Array } {
  const n = d.length;
  const dd = Float64Array.from(d);
  const ee = new Float64Array(Math.max(n, 1));
  ee.set(e.subarray(0, Math.max(n - 1, 0)));
  const u = new Float64Array(n * n);
  const w = new Float64Array(n * n);
  if (n === 0) return { s: dd, u, v: w };
  const { scale } = scaleDiagonalsByPowerOfTwo(dd, ee);
  const s = new Float64Array(n);
  const ctx: Ctx = { d: dd, e: ee, s, u, w, n, gemm, recomputeZ: options.recomputeZ ?? true };
  solveBlock(ctx, 0, n, 0);
  if (scale !== 1) for (let i = 0; i < n; i++) s[i] /= scale;
  return { s, u, v: w };
}

interface Ctx {
  d: Float64Array;
  e: Float64Array;
  /** Singular values of the solved blocks (descending within a block). */
  s: Float64Array;
  /** Left vectors: block [lo, lo+nb) at rows/cols lo… (ld n). */
  u: Float64Array;
  /** Right vectors: block [lo, lo+nb+sq) at rows/cols lo… (ld n); column nb of an sq = 1 block is its null vector. */
  w: Float64Array;
  n: number;
  gemm: GemmKernel;
  recomputeZ: boolean;
}

function solveBlock(ctx: Ctx, lo: number, nb: number, sq: number): void {
  if (nb <= LEAF) {
    leaf(ctx, lo, nb, sq);
    return;
  }
  const k = nb >> 1;
  solveBlock(ctx, lo, k, 1);
  solveBlock(ctx, lo + k + 1, nb - k - 1, sq);
  merge(ctx, lo, nb, sq, k);
}

/** QR on a small block (after chasing the extra column away when sq = 1); writes s, U, W of the block. */
function leaf(ctx: Ctx, lo: number, nb: number, sq: number): void {
  const { d, e, n } = ctx;
  const ny = nb + sq;
  const dl = Float64Array.from(d.subarray(lo, lo + nb));
  const el = new Float64Array(Math.max(nb, 1));
  el.set(e.subarray(lo, lo + nb - 1));
  const wacc = new Float64Array(ny * ny);
  for (let i = 0; i < ny; i++) wacc[i * ny + i] = 1;
  if (sq === 1) {
    // B·G_{nb−1}⋯G_0 = [B′ 0]: each G rotates columns (j, nb) to move the entry f at (j, nb) into d_j.
    let f = e[lo + nb - 1];
    for (let j = nb - 1; j >= 0 && f !== 0; j--) {
      const r = Math.hypot(dl[j], f);
      const c = dl[j] / r, sn = f / r;
      dl[j] = r;
      for (let i = 0; i < ny; i++) {
        const a = wacc[i * ny + j], b = wacc[i * ny + nb];
        wacc[i * ny + j] = c * a + sn * b;
        wacc[i * ny + nb] = -sn * a + c * b;
      }
      if (j > 0) {
        f = -sn * el[j - 1];
        el[j - 1] = c * el[j - 1];
      }
    }
  }
  const ul = new Float64Array(nb * nb);
  const vl = new Float64Array(nb * nb);
  for (let i = 0; i < nb; i++) {
    ul[i * nb + i] = 1;
    vl[i * nb + i] = 1;
  }
  bidiagonalQrInPlace(dl, el, nb, ul, nb, vl);
  // Descending order.
  const ord = Array.from({ length: nb }, (_, i) => i).sort((a, b) => dl[b] - dl[a]);
  for (let t = 0; t < nb; t++) {
    const c = ord[t];
    ctx.s[lo + t] = dl[c];
    for (let i = 0; i < nb; i++) ctx.u[(lo + i) * n + lo + t] = ul[i * nb + c];
    // W[:, t] = Wacc[:, :nb] · V′[:, c]
    for (let i = 0; i < ny; i++) {
      let acc = 0;
      for (let q = 0; q < nb; q++) acc += wacc[i * ny + q] * vl[q * nb + c];
      ctx.w[(lo + i) * n + lo + t] = acc;
    }
  }
  if (sq === 1) for (let i = 0; i < ny; i++) ctx.w[(lo + i) * n + lo + nb] = wacc[i * ny + nb];
}

/** Copies a rows × cols block from src (offset so, leading dimension ls) to dst (offset od, leading dimension ld). */
function copyBlock(src: Float64Array, so: number, ls: number, dst: Float64Array, od: number, ld: number, rows: number, cols: number): void {
  for (let r = 0; r < rows; r++) dst.set(src.subarray(so + r * ls, so + r * ls + cols), od + r * ld);
}

/**
 * out[r, t] (offset oo, leading dimension lo) ← kept[r, ord[t]] when goneCol[t] < 0, else basis[r, goneCol[t]],
 * for r < rows, t < cols; row by row so that every write runs along memory.
 */
function gatherColumns(
  out: Float64Array, oo: number, lo: number, rows: number, cols: number,
  kept: Float64Array, lk: number, basis: Float64Array, lb: number, ord: Int32Array, goneCol: Int32Array,
): void {
  for (let r = 0; r < rows; r++) {
    const o = oo + r * lo, rk = r * lk, rb = r * lb;
    for (let t = 0; t < cols; t++) {
      const g = goneCol[t];
      out[o + t] = g < 0 ? kept[rk + ord[t]] : basis[rb + g];
    }
  }
}

/** Merges the solved children of the block [lo, lo+nb) (removed row k) through the arrow matrix (module doc). */
function merge(ctx: Ctx, lo: number, nb: number, sq: number, k: number): void {
  const { d, e, n, gemm } = ctx;
  const n2 = nb - k - 1;
  const ny = nb + sq;
  const alpha = d[lo + k];
  const beta = e[lo + k];
  const U = ctx.u, W = ctx.w;
  // Local bases: X (nb × nb) for the rows of M, Y (ny × ny) for its columns, in M's column order.
  const X = new Float64Array(nb * nb);
  const Y = new Float64Array(ny * ny);
  const dm = new Float64Array(nb);
  const zm = new Float64Array(nb);
  X[k * nb] = 1; // column 0 = e_k
  for (let c = 1; c <= k; c++) {
    dm[c] = ctx.s[lo + c - 1];
    zm[c] = alpha * W[(lo + k) * n + lo + c - 1];
  }
  const o2 = lo + k + 1;
  for (let c = k + 1; c < nb; c++) {
    dm[c] = ctx.s[o2 + c - k - 1];
    zm[c] = beta * W[o2 * n + o2 + c - k - 1];
  }
  // Row by row (contiguous): X rows 0…k−1 ← U1, rows k+1… ← U2; Y rows 0…k ← W1, rows k+1… ← W2 (null columns excluded).
  copyBlock(U, (lo) * n + lo, n, X, 1, nb, k, k);
  copyBlock(U, o2 * n + o2, n, X, (k + 1) * nb + k + 1, nb, n2, n2);
  copyBlock(W, lo * n + lo, n, Y, 1, ny, k + 1, k);
  copyBlock(W, o2 * n + o2, n, Y, (k + 1) * ny + k + 1, ny, n2 + sq, n2);
  // The null directions: of B̃1 (column k of W1) and, when sq = 1, of B2 (column n2 of W2).
  const za = alpha * W[(lo + k) * n + lo + k];
  if (sq === 1) {
    const zb = beta * W[o2 * n + o2 + n2];
    const r0 = Math.hypot(za, zb);
    const c0 = r0 === 0 ? 1 : za / r0, s0 = r0 === 0 ? 0 : zb / r0;
    for (let r = 0; r <= k; r++) {
      const a = W[(lo + r) * n + lo + k];
      Y[r * ny] = c0 * a;
      Y[r * ny + nb] = -s0 * a;
    }
    for (let r = 0; r <= n2; r++) {
      const b = W[(o2 + r) * n + o2 + n2];
      Y[(k + 1 + r) * ny] = s0 * b;
      Y[(k + 1 + r) * ny + nb] = c0 * b;
    }
    zm[0] = r0;
  } else {
    for (let r = 0; r <= k; r++) Y[r * ny] = W[(lo + r) * n + lo + k];
    zm[0] = za;
  }
  // Columns 1… in ascending order of d (column 0, d = 0, stays first).
  const pos = Array.from({ length: nb - 1 }, (_, i) => i + 1).sort((a, b) => dm[a] - dm[b]);
  pos.unshift(0);
  let dmax = 0, zmax = 0;
  for (let c = 0; c < nb; c++) {
    dmax = Math.max(dmax, Math.abs(dm[c]));
    zmax = Math.max(zmax, Math.abs(zm[c]));
  }
  const tol = 8 * EPS * Math.max(dmax, zmax);
  const rotCols = (a: Float64Array, rows: number, ld: number, i: number, j: number, c: number, s: number): void => {
    for (let r = 0; r < rows; r++) {
      const x = a[r * ld + i], y = a[r * ld + j];
      a[r * ld + i] = c * x + s * y;
      a[r * ld + j] = c * y - s * x;
    }
  };
  if (Math.abs(zm[0]) <= tol) zm[0] = zm[0] < 0 ? -tol : tol;
  const keep: number[] = [];
  const gone: number[] = [];
  // tol = 0 only when every d and z is 0 (a zero block): then column 0 is a singular value 0 as well.
  if (zm[0] === 0) gone.push(0);
  else keep.push(0);
  let prev = -1;
  for (let t = 1; t < nb; t++) {
    const c = pos[t];
    if (Math.abs(zm[c]) <= tol) {
      gone.push(c);
      continue;
    }
    if (dm[c] <= tol) {
      // d_c ≈ 0: rotate column c into column 0 (right basis only); row c of M is then zero: singular value 0.
      const r = Math.hypot(zm[0], zm[c]);
      const cc = zm[0] / r, ss = zm[c] / r;
      for (let i = 0; i < ny; i++) {
        const y0 = Y[i * ny], yc = Y[i * ny + c];
        Y[i * ny] = cc * y0 + ss * yc;
        Y[i * ny + c] = -ss * y0 + cc * yc;
      }
      zm[0] = r;
      zm[c] = 0;
      dm[c] = 0;
      gone.push(c);
      continue;
    }
    if (prev >= 0 && dm[c] - dm[prev] <= tol) {
      // Two (nearly) equal d: rotate z_prev onto z_c, both bases, and deflate prev with d_prev := d_c.
      const tau = Math.hypot(zm[c], zm[prev]);
      const cc = zm[c] / tau, ss = -zm[prev] / tau;
      rotCols(Y, ny, ny, prev, c, cc, ss);
      rotCols(X, nb, nb, prev, c, cc, ss);
      zm[c] = tau;
      zm[prev] = 0;
      dm[prev] = dm[c];
      gone.push(prev);
      prev = c;
      continue;
    }
    if (prev >= 0) keep.push(prev);
    prev = c;
  }
  if (prev >= 0) keep.push(prev);
  const K = keep.length;
  const kd = new Float64Array(K);
  const kw = new Float64Array(K);
  let wSum = 0;
  for (let i = 0; i < K; i++) {
    kd[i] = dm[keep[i]];
    kw[i] = zm[keep[i]] * zm[keep[i]];
    wSum += kw[i];
  }
  const fillDiff = (o: number, out: Float64Array): void => {
    const x = kd[o];
    for (let i = 0; i < K; i++) out[i] = (kd[i] - x) * (kd[i] + x);
  };
  const diff = new Float64Array(K);
  // dT[j·K + i] = d_i² − σ_j² (root-major, so that every loop below runs along memory).
  const dT = new Float64Array(K * K);
  const sig = new Float64Array(K);
  for (let j = 0; j < K; j++) {
    const r = secularRoot(K, j, kw, wSum, fillDiff, diff, dT.subarray(j * K, j * K + K));
    const x = kd[r.origin];
    sig[j] = Math.sqrt(x * x + r.tau);
  }
  // Löwner: ẑ_i² = −Π_j (d_i² − σ_j²) / Π_{j≠i} (d_i² − d_j²).
  const zh = new Float64Array(K);
  for (let i = 0; i < K; i++) zh[i] = -dT[i * K + i];
  for (let j = 0; j < K; j++) {
    const r = j * K, dj = kd[j];
    for (let i = 0; i < K; i++) if (i !== j) zh[i] *= dT[r + i] / ((kd[i] - dj) * (kd[i] + dj));
  }
  for (let i = 0; i < K; i++) {
    const zi = zm[keep[i]];
    const v = Math.sqrt(Math.abs(zh[i]));
    zh[i] = !ctx.recomputeZ ? zi : zi >= 0 ? v : -v;
  }
  // Ṽᵀ and Ũᵀ (row j = singular vector j): v_j ∝ ẑ_i/(d_i² − σ_j²), u_j ∝ (−1, d_i ẑ_i/(d_i² − σ_j²)).
  const vtT = new Float64Array(K * K);
  const utT = new Float64Array(K * K);
  for (let j = 0; j < K; j++) {
    const r = j * K;
    let vn = 0, un = 1;
    vtT[r] = zh[0] / dT[r];
    vn += vtT[r] * vtT[r];
    utT[r] = -1;
    for (let i = 1; i < K; i++) {
      const x = zh[i] / dT[r + i];
      const y = kd[i] * x;
      vtT[r + i] = x;
      utT[r + i] = y;
      vn += x * x;
      un += y * y;
    }
    vn = 1 / Math.sqrt(vn);
    un = 1 / Math.sqrt(un);
    for (let i = 0; i < K; i++) {
      vtT[r + i] *= vn;
      utT[r + i] *= un;
    }
  }
  // New vectors of the kept values: X_K Ũ and Y_K Ṽ.
  const xk = new Float64Array(nb * K);
  for (let r = 0; r < nb; r++) for (let i = 0; i < K; i++) xk[r * K + i] = X[r * nb + keep[i]];
  const yk = new Float64Array(ny * K);
  for (let r = 0; r < ny; r++) for (let i = 0; i < K; i++) yk[r * K + i] = Y[r * ny + keep[i]];
  const un2 = new Float64Array(nb * K);
  const wn2 = new Float64Array(ny * K);
  gemm(false, true, 1, mat(xk, nb, K), mat(utT, K, K), 0, mat(un2, nb, K));
  gemm(false, true, 1, mat(yk, ny, K), mat(vtT, K, K), 0, mat(wn2, ny, K));
  // Everything, descending.
  const vals = new Float64Array(nb);
  for (let j = 0; j < K; j++) vals[j] = sig[j];
  for (let t = 0; t < gone.length; t++) vals[K + t] = dm[gone[t]];
  const ord = new Int32Array(nb);
  for (let i = 0; i < nb; i++) ord[i] = i;
  ord.sort((a, b) => vals[b] - vals[a]);
  for (let t = 0; t < nb; t++) ctx.s[lo + t] = vals[ord[t]];
  // Output column t is the kept vector ord[t] (< K) or the deflated basis column gone[ord[t] − K].
  const goneCol = new Int32Array(nb);
  for (let t = 0; t < nb; t++) goneCol[t] = ord[t] < K ? -1 : gone[ord[t] - K];
  gatherColumns(U, lo * n + lo, n, nb, nb, un2, K, X, nb, ord, goneCol);
  gatherColumns(W, lo * n + lo, n, ny, nb, wn2, K, Y, ny, ord, goneCol);
  if (sq === 1) for (let r = 0; r < ny; r++) W[(lo + r) * n + lo + nb] = Y[r * ny + nb];
}
