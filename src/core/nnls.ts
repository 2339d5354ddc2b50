/**
 * Non-negative least squares \( \min_x \|Ax - b\|_2 \) subject to \( x \ge 0 \), by the active-set
 * algorithm of Lawson & Hanson, *Solving Least Squares Problems* (1974; SIAM reprint 1995), Ch. 23, Alg. NNLS.
 *
 * @module
 */
import { EPS } from './constants.ts';
import { ConvergenceError, DimensionError } from './errors.ts';
import { type Matrix, powerOfTwoScale } from './matrix.ts';
import { assertMatrix } from './validate.ts';


/** Options of {@link nnls}. */
export interface NnlsOptions {
  /** Cap on outer iterations (columns moved into the passive set); default 3n (Lawson–Hanson's own cap). */
  maxIter?: number;
  /**
   * Dual tolerance: the algorithm stops when every zero variable has gradient component
   * \( w_j = [A^\top(b - Ax)]_j \le \mathrm{tol} \). Default \( 10\,\max(m,n)\,\varepsilon\,\|A\|_F\,\|b\|_2 \):
   * the rounding level of computing \( A^\top r \) with \( \|r\| \le \|b\| \).
   */
  tol?: number;
}

/** Result of {@link nnls}. */
export interface Nnls {
  /** The minimiser, x ≥ 0 (exact zeros off the support). */
  x: Float64Array;
  /** \( \|Ax - b\|_2 \). */
  residualNorm: number;
  /** Dual vector \( w = A^\top(b - Ax) = -\nabla\tfrac12\|Ax-b\|^2 \). */
  w: Float64Array;
  /** Outer iterations used. */
  iterations: number;
  /**
   * KKT residual \( \max\big(\max_j (-x_j)_+,\ \max_{j:x_j=0} (w_j)_+,\ \max_{j:x_j>0} |w_j|\big) \):
   * zero exactly at the NNLS solution (x ≥ 0, gradient ≥ 0 on the zero set, = 0 on the support).
   */
  kktResidual: number;
  /** The tolerance the dual test used. */
  tol: number;
}

/**
 * KKT residual of a candidate x for \( \min_{x\ge 0}\|Ax-b\| \) given w = Aᵀ(b − Ax): see {@link Nnls.kktResidual}.
 * Exported so tests and callers can certify any candidate, not only the output of {@link nnls}.
 */
export function nnlsKktResidual(x: Float64Array, w: Float64Array): number {
  let r = 0;
  for (let j = 0; j < x.length; j++) {
    if (x[j] < 0) r = Math.max(r, -x[j]);
    if (x[j] > 0) r = Math.max(r, Math.abs(w[j]));
    else r = Math.max(r, w[j]);
  }
  return r;
}


/** Dual vector w = Aᵀ(b − Ax) and the residual norm, for row-major m × n `a`. */
function dual(a: Float64Array, m: number, n: number, b: Float64Array, x: Float64Array, w: Float64Array): number {
  w.fill(0);
  let rr = 0;
  for (let i = 0; i < m; i++) {
    const ri = i * n;
    let ax = 0;
    for (let j = 0; j < n; j++) ax += a[ri + j] * x[j];
    const r = b[i] - ax;
    rr += r * r;
    for (let j = 0; j < n; j++) w[j] += a[ri + j] * r;
  }
  return Math.sqrt(rr);
}

/**
 * Least squares on the columns `cols` of `a` by Householder QR: returns z with \( \min\|A_P z - b\| \).
 * Returns null if A_P is numerically rank deficient (a diagonal of R below \( 10\,m\,\varepsilon\,\|A_P\|_F \)).
 */
function lsOnColumns(a: Float64Array, m: number, n: number, b: Float64Array, cols: number[]): Float64Array | null {
  const p = cols.length;
  const r = new Float64Array(m * p);
  let fro = 0;
  for (let i = 0; i < m; i++) {
    for (let k = 0; k < p; k++) {
      const v = a[i * n + cols[k]];
      r[i * p + k] = v;
      fro += v * v;
    }
  }
  fro = Math.sqrt(fro);
  const y = Float64Array.from(b);
  for (let k = 0; k < Math.min(p, m); k++) {
    let ss = 0;
    for (let i = k; i < m; i++) ss += r[i * p + k] * r[i * p + k];
    const norm = Math.sqrt(ss);
    if (norm === 0) return null;
    const x0 = r[k * p + k];
    const beta = x0 >= 0 ? -norm : norm;
    // v = x − βe₁, H = I − 2vvᵀ/(vᵀv), vᵀv = 2(‖x‖² − βx₀).
    const vtv = 2 * (ss - beta * x0);
    r[k * p + k] = x0 - beta;
    for (let j = k + 1; j < p; j++) {
      let s = 0;
      for (let i = k; i < m; i++) s += r[i * p + k] * r[i * p + j];
      const f = (2 * s) / vtv;
      for (let i = k; i < m; i++) r[i * p + j] -= f * r[i * p + k];
    }
    {
      let s = 0;
      for (let i = k; i < m; i++) s += r[i * p + k] * y[i];
      const f = (2 * s) / vtv;
      for (let i = k; i < m; i++) y[i] -= f * r[i * p + k];
    }
    r[k * p + k] = beta;
  }
  if (p > m) return null;
  const z = new Float64Array(p);
  const small = 10 * m * EPS * fro;
  for (let k = p - 1; k >= 0; k--) {
    const d = r[k * p + k];
    if (!(Math.abs(d) > small)) return null;
    let s = y[k];
    for (let j = k + 1; j < p; j++) s -= r[k * p + j] * z[j];
    z[k] = s / d;
  }
  return z;
}

/**
 * Non-negative least squares \( \min_{x \ge 0} \|Ax - b\|_2 \) (Lawson & Hanson 1974, Ch. 23, Alg. NNLS).
 *
 * Active set: the passive set P grows by the zero variable with the largest dual component
 * \( w_t = [A^\top(b-Ax)]_t > \mathrm{tol} \); the unconstrained least squares on P is taken if it stays
 * positive, otherwise x moves towards it until the first component hits zero (step
 * \( \alpha = \min_{j\in P,\, z_j\le 0} x_j/(x_j - z_j) \)) and the zeros leave P. At the optimum the KKT
 * conditions hold: x ≥ 0, w ≤ 0 on the zero set, w = 0 on the support.
 *
 * As in Lawson–Hanson's step 6 safeguard, a candidate column whose own least-squares coefficient comes out
 * non-positive (possible only through rounding) or that makes A_P numerically rank deficient is skipped
 * until x changes.
 *
 * Cost: every inner step re-factorises the passive columns by Householder QR, O(m·|P|²), and the algorithm
 * takes O(n) outer steps, so O(m·n³) in the worst case: meant for the small and moderate problems of this
 * project (n up to a few hundred), not for large sparse ones (no incremental QR updating).
 *
 * @param a m × n matrix.
 * @param b right-hand side, length m.
 * @throws {DimensionError} for malformed or non-finite A or b, a length mismatch, invalid options, or a solution
 *   that overflows float64.
 * @throws {ConvergenceError} if the outer iteration cap is reached.
 */
export function nnls(a: Matrix, b: Float64Array, opts: NnlsOptions = {}): Nnls {
  assertMatrix(a, 'a');
  const m = a.rows;
  const n = a.cols;
  if (!(b instanceof Float64Array)) throw new DimensionError('b must be a Float64Array');
  if (b.length !== m) throw new DimensionError(`b has length ${b.length} but a has ${m} rows`);
  // Work on αA and βb with α, β powers of two (exact) putting the largest entries in [1, 2), so the
  // Householder norms and Aᵀr neither overflow nor underflow; x = (α/β)·x', ‖r‖ = ‖r'‖/β, w = w'/(αβ).
  let amax = 0;
  for (let i = 0; i < m; i++) {
    const base = a.offset + i * a.stride;
    for (let j = 0; j < n; j++) {
      const v = a.data[base + j];
      if (!Number.isFinite(v)) throw new DimensionError(`a has a non-finite entry ${v} at (${i}, ${j})`);
      amax = Math.max(amax, Math.abs(v));
    }
  }
  let bmax = 0;
  for (let i = 0; i < m; i++) {
    if (!Number.isFinite(b[i])) throw new DimensionError(`b has a non-finite entry ${b[i]} at ${i}`);
    bmax = Math.max(bmax, Math.abs(b[i]));
  }
  const alpha = powerOfTwoScale(amax);
  const beta = powerOfTwoScale(bmax);
  const ad = new Float64Array(m * n);
  let fro = 0;
  for (let i = 0; i < m; i++) {
    const base = a.offset + i * a.stride;
    for (let j = 0; j < n; j++) {
      const v = a.data[base + j] * alpha;
      ad[i * n + j] = v;
      fro += v * v;
    }
  }
  fro = Math.sqrt(fro);
  const bs = Float64Array.from(b, (v) => v * beta);
  let bn = 0;
  for (let i = 0; i < m; i++) bn += bs[i] * bs[i];
  bn = Math.sqrt(bn);
  const maxIter = opts.maxIter ?? 3 * n;
  if (!Number.isInteger(maxIter) || maxIter < 0) throw new DimensionError(`opts.maxIter must be a non-negative integer, got ${maxIter}`);
  if (opts.tol !== undefined && (typeof opts.tol !== 'number' || !Number.isFinite(opts.tol) || opts.tol < 0)) {
    throw new DimensionError(`opts.tol must be finite and ≥ 0, got ${opts.tol}`);
  }
  // The dual test runs on the scaled problem: w' = αβ·w.
  const tolScaled = opts.tol !== undefined ? opts.tol * alpha * beta : 10 * Math.max(m, n, 1) * EPS * fro * bn;

  const x = new Float64Array(n);
  const w = new Float64Array(n);
  const passive = new Uint8Array(n);
  const skipped = new Uint8Array(n);
  let resid = dual(ad, m, n, bs, x, w);
  let iterations = 0;
  for (;;) {
    // Choose the zero variable with the largest dual component.
    let t = -1;
    let wt = tolScaled;
    for (let j = 0; j < n; j++) {
      if (!passive[j] && !skipped[j] && w[j] > wt) {
        wt = w[j];
        t = j;
      }
    }
    if (t < 0) break;
    if (iterations >= maxIter) {
      throw new ConvergenceError(`nnls reached opts.maxIter = ${maxIter} outer iterations (max dual ${wt / (alpha * beta)} > tol ${tolScaled / (alpha * beta)})`);
    }
    iterations++;
    passive[t] = 1;
    let first = true;
    for (;;) {
      const cols: number[] = [];
      for (let j = 0; j < n; j++) if (passive[j]) cols.push(j);
      const z = lsOnColumns(ad, m, n, bs, cols);
      const zt = z === null ? NaN : z[cols.indexOf(t)];
      if (first && (z === null || !(zt > 0))) {
        // Safeguard: the new column does not improve the fit (rounding) — skip it until x changes.
        passive[t] = 0;
        skipped[t] = 1;
        break;
      }
      if (z === null) {
        throw new ConvergenceError('nnls: the passive columns became numerically rank deficient');
      }
      first = false;
      let allPos = true;
      for (let k = 0; k < cols.length; k++) if (z[k] <= 0) allPos = false;
      if (allPos) {
        for (let k = 0; k < cols.length; k++) x[cols[k]] = z[k];
        skipped.fill(0);
        break;
      }
      let alpha = Infinity;
      let hit = -1;
      for (let k = 0; k < cols.length; k++) {
        const j = cols[k];
        if (z[k] <= 0) {
          const ak = x[j] / (x[j] - z[k]);
          if (ak < alpha) {
            alpha = ak;
            hit = j;
          }
        }
      }
      for (let k = 0; k < cols.length; k++) {
        const j = cols[k];
        x[j] += alpha * (z[k] - x[j]);
        // The blocking component is exactly zero (not a rounding residue), and any rounded below zero too.
        if (j === hit || x[j] <= 0) {
          x[j] = 0;
          passive[j] = 0;
        }
      }
      skipped.fill(0);
    }
    resid = dual(ad, m, n, bs, x, w);
  }
  // Undo the scaling.
  for (let j = 0; j < n; j++) {
    if (x[j] === 0) continue; // keep exact zeros (0·∞ would be NaN)
    x[j] = (x[j] * alpha) / beta;
    if (!Number.isFinite(x[j])) throw new DimensionError(`the NNLS solution overflows float64 (component ${j}): rescale a or b`);
  }
  const ws = 1 / alpha / beta;
  for (let j = 0; j < n; j++) w[j] *= ws;
  return { x, residualNorm: resid / beta, w, iterations, kktResidual: nnlsKktResidual(x, w), tol: tolScaled * ws };
}
