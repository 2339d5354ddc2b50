/**
 * Eigendecomposition of a symmetric tridiagonal matrix \( T = Z \Lambda Z^\top \) by divide and conquer
 * (Cuppen, Numer. Math. 36 (1981); stable eigenvectors by Gu & Eisenstat, SIAM J. Matrix Anal. Appl. 16 (1995);
 * the structure of LAPACK `dstedc`/`dlaed0`–`dlaed4`).
 *
 * Split \( T = \mathrm{diag}(T_1, T_2) + |\beta|\, v v^\top \) at the coupling β (the last diagonal entry of T₁ and the
 * first of T₂ lowered by |β|, \( v = e_{k} + \operatorname{sign}(\beta) e_{k+1} \)), solve both halves recursively,
 * and merge: with \( T_i = Q_i D_i Q_i^\top \), the eigenproblem of \( D + \rho z z^\top \), \( z = \mathrm{diag}(Q_1,Q_2)^\top v/\sqrt2 \),
 * \( \rho = 2|\beta| \), after **deflation** (an entry \( \rho|z_i| \le \mathrm{tol} \), or two poles closer than tol in the
 * sense of `dlaed2`, rotated together), the secular equation for the remaining K roots (`secular.ts`), z recomputed
 * from the roots by Löwner's formula so that the eigenvectors \( (D - \lambda_j)^{-1}\hat z \) are orthogonal to working
 * precision, and the back-multiplication \( \mathrm{diag}(Q_1, Q_2)\,\hat V \) as two GEMMs (columns grouped by their
 * non-zero pattern, as `dlaed3` does, so each GEMM skips the zero half). Blocks of order ≤ 25 are solved by implicit QL.
 *
 * Deflation tolerance \( \mathrm{tol} = 8\varepsilon\max(\max_i|d_i|, \max_i|z_i|) \) (after scaling T to max |entry| ∈ [1, 2)),
 * as in `dlaed2`: each deflation perturbs T by at most tol, inside the O(nε‖T‖) backward error of the whole solver.
 * Backward stable: \( \|TZ - Z\Lambda\| = O(n\varepsilon\|T\|) \), \( \|Z^\top Z - I\| = O(n\varepsilon) \) (Gu & Eisenstat).
 *
 * The GEMMs go through the kernel passed in (the active backend's), which is where the time goes for large n.
 *
 * @module
 */
import { EPS } from './constants.ts';
import type { GemmKernel } from './backendTypes.ts';
import type { Matrix } from './matrix.ts';
import { scaleDiagonalsByPowerOfTwo } from './scaleDiagonalsByPowerOfTwo.ts';
import { secularRoot } from './secular.ts';
import { implicitQlInPlace, sortEigenInPlace } from './tridiagonal.ts';

/** Options of the divide-and-conquer solvers (for tests of the method itself). */
export interface DivideConquerOptions {
  /**
   * Recompute z from the computed roots by Löwner's formula (default true). False uses the input z, the classic
   * unstable variant (Cuppen's original): its eigenvectors lose orthogonality when roots cluster. Only tests set it.
   */
  recomputeZ?: boolean;
}

/** Blocks at or below this order are solved by implicit QL (LAPACK's SMLSIZ = 25). */
const LEAF = 25;

const mat = (data: Float64Array, rows: number, cols: number, offset = 0, stride = cols): Matrix => ({ rows, cols, data, offset, stride });

/**
 * Eigenvalues (ascending) and eigenvectors of the symmetric tridiagonal T = tridiag(e, d, e) by divide and conquer.
 *
 * @param d diagonal, length n (not modified).
 * @param e off-diagonal, length ≥ n − 1, e[i] = T[i, i+1] (not modified).
 * @param gemm the GEMM kernel for the merges (the active backend's).
 * @returns values ascending and Z row-major n × n, column k the unit eigenvector of values[k].
 * @throws {ConvergenceError} if a secular equation or a leaf QL fails to converge.
 */
export function tridiagonalDivideConquer(
  d: Float64Array, e: Float64Array, gemm: GemmKernel, options: DivideConquerOptions = {},
): { values: Float64Array; vectors: Float64Array } {
  const n = d.length;
  const dd = Float64Array.from(d);
  const ee = new Float64Array(Math.max(n, 1));
  ee.set(e.subarray(0, Math.max(n - 1, 0)));
  const q = new Float64Array(n * n);
  if (n === 0) return { values: dd, vectors: q };
  const { scale } = scaleDiagonalsByPowerOfTwo(dd, ee);
  const ws = new MergeWorkspace(n, options.recomputeZ ?? true);
  solveBlock(dd, ee, q, n, 0, n, gemm, ws);
  if (scale !== 1) for (let i = 0; i < n; i++) dd[i] /= scale;
  return { values: dd, vectors: q };
}

/** Scratch reused by every merge (sized for the largest one). */
class MergeWorkspace {
  readonly z: Float64Array;
  readonly dl: Float64Array;
  readonly zl: Float64Array;
  readonly col: Int32Array;
  readonly type: Int8Array;
  readonly w: Float64Array;
  readonly diff: Float64Array;
  readonly lam: Float64Array;
  readonly order: Int32Array;
  readonly recomputeZ: boolean;
  constructor(n: number, recomputeZ: boolean) {
    this.recomputeZ = recomputeZ;
    this.z = new Float64Array(n);
    this.dl = new Float64Array(n);
    this.zl = new Float64Array(n);
    this.col = new Int32Array(n);
    this.type = new Int8Array(n);
    this.w = new Float64Array(n);
    this.diff = new Float64Array(n);
    this.lam = new Float64Array(n);
    this.order = new Int32Array(n);
  }
}

/** Solves the block [lo, lo + m) of T in place: d[lo…] ← eigenvalues ascending, Q[lo…, lo…] ← eigenvectors (ld = n). */
function solveBlock(d: Float64Array, e: Float64Array, q: Float64Array, n: number, lo: number, m: number, gemm: GemmKernel, ws: MergeWorkspace): void {
  if (m <= LEAF) {
    const dl = d.subarray(lo, lo + m);
    const el = new Float64Array(m);
    el.set(e.subarray(lo, lo + m - 1));
    const z = q.subarray(lo * n + lo);
    for (let i = 0; i < m; i++) z[i * n + i] = 1;
    implicitQlInPlace(dl, el, z, m, n);
    sortEigenInPlace(dl, z, m, n);
    return;
  }
  const m1 = m >> 1;
  const mid = lo + m1;
  const beta = e[mid - 1];
  d[mid - 1] -= Math.abs(beta);
  d[mid] -= Math.abs(beta);
  solveBlock(d, e, q, n, lo, m1, gemm, ws);
  solveBlock(d, e, q, n, mid, m - m1, gemm, ws);
  merge(d, q, n, lo, m1, m - m1, beta, gemm, ws);
}

/** Rows lo…lo+m−1 of Q, columns lo…: column t ← res[:, src[t]] (src[t] ≥ 0) or Q[:, −1 − src[t]] (a deflated column). */
function writeMerged(q: Float64Array, n: number, lo: number, m: number, res: Float64Array, k: number, src: Int32Array): void {
  const row = new Float64Array(m);
  for (let i = 0; i < m; i++) {
    const o = (lo + i) * n;
    const ri = i * k;
    for (let t = 0; t < m; t++) {
      const s = src[t];
      row[t] = s >= 0 ? res[ri + s] : q[o - 1 - s];
    }
    q.set(row, o + lo);
  }
}

/**
 * Merges two solved halves [lo, lo+n1) and [lo+n1, lo+n1+n2) coupled by β (see the module doc). On entry
 * d holds the two ascending spectra and Q the block-diagonal eigenvectors; on exit the merged block.
 */
function merge(
  d: Float64Array, q: Float64Array, n: number, lo: number, n1: number, n2: number, beta: number,
  gemm: GemmKernel, ws: MergeWorkspace,
): void {
  const m = n1 + n2;
  const mid = lo + n1;
  const rho = 2 * Math.abs(beta);
  const { z, dl, zl, col, type, w, diff, lam, order } = ws;
  // z = diag(Q1, Q2)ᵀ v / √2: the last row of Q1 and ±the first row of Q2.
  const sgn = beta >= 0 ? 1 : -1;
  const r1 = (mid - 1) * n + lo;
  const r2 = mid * n + lo;
  for (let j = 0; j < n1; j++) z[j] = q[r1 + j] * Math.SQRT1_2;
  for (let j = n1; j < m; j++) z[j] = sgn * q[r2 + j] * Math.SQRT1_2;
  // Merge the two ascending spectra: position p in sorted order holds column col[p] of the block.
  {
    let a = 0, b = n1, p = 0;
    while (a < n1 || b < m) {
      if (b >= m || (a < n1 && d[lo + a] <= d[lo + b])) col[p++] = a++;
      else col[p++] = b++;
    }
  }
  let dmax = 0, zmax = 0;
  for (let p = 0; p < m; p++) {
    dl[p] = d[lo + col[p]];
    zl[p] = z[col[p]];
    type[p] = col[p] < n1 ? 1 : 3;
    dmax = Math.max(dmax, Math.abs(dl[p]));
    zmax = Math.max(zmax, Math.abs(zl[p]));
  }
  const tol = 8 * EPS * Math.max(dmax, zmax);
  // Deflation, in ascending order of the poles; `keep` lists the surviving positions, `gone` the deflated ones.
  const keep: number[] = [];
  const gone: number[] = [];
  let prev = -1;
  for (let p = 0; p < m; p++) {
    if (rho * Math.abs(zl[p]) <= tol) {
      gone.push(p);
      continue;
    }
    if (prev < 0) {
      prev = p;
      continue;
    }
    let s = zl[prev];
    let c = zl[p];
    const tau = Math.hypot(c, s);
    const t = dl[p] - dl[prev];
    c /= tau;
    s = -s / tau;
    if (Math.abs(t * c * s) <= tol) {
      // Rotate columns prev and p so that z[prev] = 0: prev is deflated, p carries z = tau.
      zl[p] = tau;
      zl[prev] = 0;
      const cp = lo + col[prev], cq = lo + col[p];
      for (let r = lo; r < lo + m; r++) {
        const o = r * n;
        const x = q[o + cp], y = q[o + cq];
        q[o + cp] = c * x + s * y;
        q[o + cq] = c * y - s * x;
      }
      if (type[prev] !== type[p]) {
        type[prev] = 2;
        type[p] = 2;
      }
      const tp = dl[prev] * c * c + dl[p] * s * s;
      dl[p] = dl[prev] * s * s + dl[p] * c * c;
      dl[prev] = tp;
      gone.push(prev);
      prev = p;
    } else {
      keep.push(prev);
      prev = p;
    }
  }
  if (prev >= 0) keep.push(prev);
  const k = keep.length;
  // Order of the kept columns by non-zero pattern: top only (1), both halves (2), bottom only (3).
  const kept: number[] = [];
  for (const ty of [1, 2, 3]) for (const p of keep) if (type[p] === ty) kept.push(p);
  const c1 = kept.filter((p) => type[p] === 1).length;
  const c2 = kept.filter((p) => type[p] === 2).length;
  const c3 = k - c1 - c2;
  // Secular equation on the kept poles (ascending in `keep` order).
  const kd = new Float64Array(k);
  const kw = new Float64Array(k);
  let wSum = 0;
  for (let i = 0; i < k; i++) {
    kd[i] = dl[keep[i]];
    kw[i] = rho * zl[keep[i]] * zl[keep[i]];
    wSum += kw[i];
  }
  const fillDiff = (o: number, out: Float64Array): void => {
    const x = kd[o];
    for (let i = 0; i < k; i++) out[i] = kd[i] - x;
  };
  // dT[j·k + i] = kd[i] − λ_j (root-major, so that every loop below runs along memory).
  const dT = new Float64Array(k * k);
  for (let j = 0; j < k; j++) {
    const r = secularRoot(k, j, kw, wSum, fillDiff, diff, dT.subarray(j * k, j * k + k));
    lam[j] = kd[r.origin] + r.tau;
  }
  // Löwner: ẑ_i² = −Π_j (d_i − λ_j) / Π_{j≠i} (d_i − d_j), sign from z.
  for (let i = 0; i < k; i++) w[i] = -dT[i * k + i];
  for (let j = 0; j < k; j++) {
    const r = j * k, dj = kd[j];
    for (let i = 0; i < k; i++) if (i !== j) w[i] *= dT[r + i] / (kd[i] - dj);
  }
  for (let i = 0; i < k; i++) {
    const zi = zl[keep[i]];
    const v = Math.sqrt(Math.abs(w[i]));
    w[i] = !ws.recomputeZ ? zi : zi >= 0 ? v : -v;
  }
  // Vᵀ (row j = eigenvector j of D + ρẑẑᵀ), its entries in `kept` order: ẑ_i / (d_i − λ_j), normalised.
  const rowOf = new Int32Array(m).fill(-1);
  for (let i = 0; i < k; i++) rowOf[keep[i]] = i; // position → index in keep
  const keptIdx = Int32Array.from(kept, (p) => rowOf[p]);
  const vmatT = new Float64Array(k * k);
  for (let j = 0; j < k; j++) {
    const o = j * k;
    let nrm = 0;
    for (let r = 0; r < k; r++) {
      const i = keptIdx[r];
      const x = w[i] / dT[o + i];
      vmatT[o + r] = x;
      nrm += x * x;
    }
    nrm = 1 / Math.sqrt(nrm);
    for (let r = 0; r < k; r++) vmatT[o + r] *= nrm;
  }
  // New eigenvectors of the kept roots: top rows from columns of types 1–2, bottom rows from types 2–3.
  const res = new Float64Array(m * k);
  if (k > 0) {
    const top = c1 + c2;
    if (top > 0) {
      const g = new Float64Array(n1 * top);
      for (let i = 0; i < n1; i++) {
        const o = (lo + i) * n + lo;
        for (let r = 0; r < top; r++) g[i * top + r] = q[o + col[kept[r]]];
      }
      gemm(false, true, 1, mat(g, n1, top), mat(vmatT, k, top, 0, k), 0, mat(res, n1, k));
    }
    const bot = c2 + c3;
    if (bot > 0) {
      const g = new Float64Array(n2 * bot);
      for (let i = 0; i < n2; i++) {
        const o = (mid + i) * n + lo;
        for (let r = 0; r < bot; r++) g[i * bot + r] = q[o + col[kept[c1 + r]]];
      }
      gemm(false, true, 1, mat(g, n2, bot), mat(vmatT, k, bot, c1, k), 0, mat(res, n2, k, n1 * k, k));
    }
  }
  // All m eigenpairs, sorted ascending: kept roots λ_j (columns of res) and deflated poles (columns of Q).
  const g = gone.length;
  const vals = new Float64Array(m);
  for (let j = 0; j < k; j++) vals[j] = lam[j];
  for (let t = 0; t < g; t++) vals[k + t] = dl[gone[t]];
  for (let t = 0; t < m; t++) order[t] = t;
  const ord = order.subarray(0, m).sort((a, b) => vals[a] - vals[b]);
  // Output column t is the kept vector ord[t] (< k) or the deflated column of Q.
  const src = new Int32Array(m);
  for (let t = 0; t < m; t++) src[t] = ord[t] < k ? ord[t] : -1 - (lo + col[gone[ord[t] - k]]);
  writeMerged(q, n, lo, m, res, k, src);
  for (let t = 0; t < m; t++) d[lo + t] = vals[ord[t]];
}
