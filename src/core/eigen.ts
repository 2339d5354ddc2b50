/**
 * Dense symmetric eigendecomposition \( A = V \Lambda V^\top \): Householder tridiagonalisation
 * followed by implicit QL with shifts (Golub & Van Loan, *Matrix Computations*, 4th ed., Alg. 8.3.1
 * and §8.3.5; LAPACK dsytd2/dorg2l/dsteqr).
 *
 * Layout choices (see `/work/shared/engineering-notes.md`): the reduction keeps the upper triangle
 * row-major, so row i of the trailing block is contiguous; the rank-2 update of step k is fused
 * with the symmetric matrix–vector product of step k + 1, so each step makes a single pass over
 * the trailing triangle. The QL rotations are buffered per sweep and applied along the rows of the
 * eigenvector accumulator (see `implicitQlInPlace`).
 *
 * @module
 */
import { activeBackend, plainBackend, type SyevResult } from './backend.ts';
import { assertMatrix } from './gemm.ts';
import { DimensionError, type Matrix, maxAbsFinite, powerOfTwoScale } from './matrix.ts';
import { implicitQlInPlace, sortEigenInPlace } from './tridiagonal.ts';

/** Result of {@link symEig}. */
export interface SymEig {
  /** Eigenvalues in ascending order. */
  values: Float64Array;
  /** n × n orthogonal matrix; column k is the unit eigenvector of `values[k]`. */
  vectors: Matrix;
}

/** Options of {@link symEig} and {@link symEigvals}. */
export interface SymEigOptions {
  /**
   * Largest accepted asymmetry, relative to the largest entry: the input is rejected unless
   * \( |a_{ij} - a_{ji}| \le \mathrm{symmetryTol}\cdot\max_{kl}|a_{kl}| \) for all i, j.
   * Default 1e-10: a Gram or product matrix computed in two different summation orders differs from
   * its transpose by at most ≈ 2kε·max|a| for inner dimension k, i.e. < 1e-10 for k ≤ 4·10⁵,
   * while a genuinely non-symmetric matrix is rejected. The solver then uses \( (A + A^\top)/2 \).
   */
  symmetryTol?: number;
}

/** Default of {@link SymEigOptions.symmetryTol}. */
export const DEFAULT_SYMMETRY_TOL = 1e-10;

/**
 * Validates A (square, finite, symmetric within tolerance) and returns the upper triangle of
 * (A + Aᵀ)/2, scaled by a power of two s so that max |entry| ∈ [1, 2) (exact; avoids overflow
 * in the Householder norms; s is clamped to 2^±1000 so that it is finite, which still lifts
 * subnormal input to ≥ 2⁻⁷⁴), in a fresh contiguous n × n buffer.
 */
function loadSymmetric(a: Matrix, name: string, tol: number): { w: Float64Array; scale: number } {
  assertMatrix(a, name);
  if (a.rows !== a.cols) throw new DimensionError(`${name} must be square, got ${a.rows}×${a.cols}`);
  if (!(tol >= 0) || !Number.isFinite(tol)) throw new DimensionError(`opts.symmetryTol must be finite and ≥ 0, got ${tol}`);
  const n = a.rows;
  const ad = a.data;
  const amax = maxAbsFinite(a, name);
  const w = new Float64Array(n * n);
  if (amax === 0) return { w, scale: 1 };
  const bound = tol * amax;
  for (let i = 0; i < n; i++) {
    const bi = a.offset + i * a.stride;
    for (let j = i + 1; j < n; j++) {
      const x = ad[bi + j];
      const y = ad[a.offset + j * a.stride + i];
      if (Math.abs(x - y) > bound) {
        throw new DimensionError(
          `${name} is not symmetric: |a(${i},${j}) − a(${j},${i})| = ${Math.abs(x - y)} exceeds symmetryTol·max|a| = ${bound}`,
        );
      }
    }
  }
  const scale = powerOfTwoScale(amax);
  for (let i = 0; i < n; i++) {
    const bi = a.offset + i * a.stride;
    const wi = i * n;
    w[wi + i] = ad[bi + i] * scale;
    for (let j = i + 1; j < n; j++) w[wi + j] = 0.5 * (ad[bi + j] + ad[a.offset + j * a.stride + i]) * scale;
  }
  return { w, scale };
}

/**
 * Householder reduction of the symmetric matrix held in the upper triangle of `w` (row-major n × n)
 * to tridiagonal form \( Q^\top A Q = T \), Q = H₀H₁⋯H_{n−2}, \( H_k = I - \tau_k u_k u_k^\top \)
 * with u_k = (0,…,0, 1, u_{k+2},…)ᵀ (the 1 at index k + 1; LAPACK dlarfg convention).
 *
 * Per step, with x = A[k, k+1:] and \( \beta = -\operatorname{sign}(x_0)\|x\| \):
 * \( \tau = (\beta - x_0)/\beta \), u = x/(x₀ − β) (u₀ = 1), and the trailing block B is updated by
 * \( B \leftarrow B - u w^\top - w u^\top \), \( w = p - \tfrac{\tau}{2}(p^\top u)u \), \( p = \tau B u \)
 * (Golub & Van Loan eq. 8.3.2). Row k of `w` is overwritten by u (entries k+2…), `d`/`e` receive T.
 *
 * The update of step k is deferred and fused with the product B u of step k + 1: one pass per step.
 */
function tridiagonalizeInPlace(w: Float64Array, n: number, d: Float64Array, e: Float64Array, tau: Float64Array): void {
  // Pending rank-2 update B ← B − vp wpᵀ − wp vpᵀ (indices > previous k); zero initially.
  const vp = new Float64Array(n);
  const wp = new Float64Array(n);
  const u = new Float64Array(n);
  const y = new Float64Array(n);
  for (let k = 0; k < n; k++) {
    const rk = k * n;
    // Apply the pending update to row k (it is final afterwards).
    {
      const vk = vp[k];
      const wk = wp[k];
      if (vk !== 0 || wk !== 0) for (let j = k; j < n; j++) w[rk + j] -= vk * wp[j] + wk * vp[j];
    }
    d[k] = w[rk + k];
    if (k === n - 1) break;
    // Householder vector for x = w[k, k+1:n].
    const x0 = w[rk + k + 1];
    let ss = 0;
    for (let j = k + 2; j < n; j++) ss += w[rk + j] * w[rk + j];
    let t = 0;
    if (ss === 0) {
      // Already tridiagonal in this column (also when the tail underflows: its effect is < ε‖A‖).
      e[k] = x0;
      tau[k] = 0;
      u.fill(0, k + 1, n);
    } else {
      const norm = Math.sqrt(x0 * x0 + ss);
      const beta = x0 >= 0 ? -norm : norm;
      t = (beta - x0) / beta;
      const sc = 1 / (x0 - beta);
      u[k + 1] = 1;
      w[rk + k + 1] = 1;
      for (let j = k + 2; j < n; j++) {
        const uj = w[rk + j] * sc;
        u[j] = uj;
        w[rk + j] = uj;
      }
      e[k] = beta;
      tau[k] = t;
    }
    // Fused pass over rows i > k: apply the pending update, and accumulate y = B u over the upper triangle.
    y.fill(0, k + 1, n);
    const doProduct = t !== 0;
    for (let i = k + 1; i < n; i++) {
      const ri = i * n;
      const vi = vp[i];
      const wi = wp[i];
      const ui = u[i];
      const aii = w[ri + i] - 2 * vi * wi;
      w[ri + i] = aii;
      if (!doProduct) {
        if (vi !== 0 || wi !== 0) for (let j = i + 1; j < n; j++) w[ri + j] -= vi * wp[j] + wi * vp[j];
        continue;
      }
      let s0 = aii * ui;
      let s1 = 0;
      let j = i + 1;
      for (; j + 1 < n; j += 2) {
        const a0 = w[ri + j] - (vi * wp[j] + wi * vp[j]);
        const a1 = w[ri + j + 1] - (vi * wp[j + 1] + wi * vp[j + 1]);
        w[ri + j] = a0;
        w[ri + j + 1] = a1;
        s0 += a0 * u[j];
        s1 += a1 * u[j + 1];
        y[j] += a0 * ui;
        y[j + 1] += a1 * ui;
      }
      if (j < n) {
        const a0 = w[ri + j] - (vi * wp[j] + wi * vp[j]);
        w[ri + j] = a0;
        s0 += a0 * u[j];
        y[j] += a0 * ui;
      }
      y[i] += s0 + s1;
    }
    // The update of rows > k is now applied; set the next pending update (or none).
    vp.fill(0, k + 1, n);
    wp.fill(0, k + 1, n);
    if (doProduct) {
      let py = 0;
      for (let j = k + 1; j < n; j++) {
        y[j] *= t;
        py += y[j] * u[j];
      }
      const kk = 0.5 * t * py;
      for (let j = k + 1; j < n; j++) {
        vp[j] = u[j];
        wp[j] = y[j] - kk * u[j];
      }
    }
  }
}

/**
 * Forms Q (row-major n × n) from the Householder vectors stored in the rows of `w` by
 * {@link tridiagonalizeInPlace}: backward accumulation \( Q = H_0(H_1(\cdots H_{n-2})) \)
 * (Golub & Van Loan §5.1.6), which touches only the trailing block at each step.
 */
function formQ(w: Float64Array, n: number, tau: Float64Array): Float64Array {
  const q = new Float64Array(n * n);
  for (let i = 0; i < n; i++) q[i * n + i] = 1;
  const s = new Float64Array(n);
  for (let k = n - 2; k >= 0; k--) {
    const t = tau[k];
    if (t === 0) continue;
    const rk = k * n;
    // s = uᵀ Q[k+1:, k+1:] (u stored in w[k, k+1:], u₀ = 1); rows four at a time so that each
    // load/store of s serves four rows of Q.
    s.fill(0, k + 1, n);
    let i = k + 1;
    for (; i + 3 < n; i += 4) {
      const u0 = w[rk + i];
      const u1 = w[rk + i + 1];
      const u2 = w[rk + i + 2];
      const u3 = w[rk + i + 3];
      const r0 = i * n;
      const r1 = r0 + n;
      const r2 = r1 + n;
      const r3 = r2 + n;
      for (let j = k + 1; j < n; j++) s[j] += u0 * q[r0 + j] + u1 * q[r1 + j] + u2 * q[r2 + j] + u3 * q[r3 + j];
    }
    for (; i < n; i++) {
      const ui = w[rk + i];
      const ri = i * n;
      for (let j = k + 1; j < n; j++) s[j] += ui * q[ri + j];
    }
    // Q[k+1:, k+1:] −= τ u sᵀ.
    for (i = k + 1; i + 3 < n; i += 4) {
      const t0 = t * w[rk + i];
      const t1 = t * w[rk + i + 1];
      const t2 = t * w[rk + i + 2];
      const t3 = t * w[rk + i + 3];
      const r0 = i * n;
      const r1 = r0 + n;
      const r2 = r1 + n;
      const r3 = r2 + n;
      for (let j = k + 1; j < n; j++) {
        const sj = s[j];
        q[r0 + j] -= t0 * sj;
        q[r1 + j] -= t1 * sj;
        q[r2 + j] -= t2 * sj;
        q[r3 + j] -= t3 * sj;
      }
    }
    for (; i < n; i++) {
      const ti = t * w[rk + i];
      const ri = i * n;
      for (let j = k + 1; j < n; j++) q[ri + j] -= ti * s[j];
    }
  }
  return q;
}

/**
 * Eigenvalues of the symmetric matrix A, ascending (no eigenvectors: O(n³) only in the reduction,
 * (4/3)n³ flops).
 *
 * Backward stable: the result is the exact spectrum of A + E, ‖E‖₂ ≤ c·n·ε·‖A‖₂, hence by Weyl
 * \( |\hat\lambda_k - \lambda_k| \le c\,n\,\varepsilon\,\|A\|_2 \) (Golub & Van Loan §8.3.6).
 *
 * If the active backend (`backend.ts`) supplies `syev`, it is used after the validation above.
 *
 * @throws {DimensionError} if `a` is not square, has a non-finite entry, or is not symmetric within `opts.symmetryTol`.
 * @throws {ConvergenceError} (from `tridiagonal.ts`) if QL fails to converge.
 */
export function symEigvals(a: Matrix, opts: SymEigOptions = {}): Float64Array {
  const { w, scale } = loadSymmetric(a, 'a', opts.symmetryTol ?? DEFAULT_SYMMETRY_TOL);
  const backend = activeBackend();
  // The plain backend's syev is this module's own kernel: call it directly (keeps the caller's symmetryTol).
  if (backend.syev && backend !== plainBackend) return backend.syev(a, false).values;
  return symEigCore(w, a.rows, scale, false).values;
}

/**
 * Symmetric eigendecomposition \( A = V\Lambda V^\top \), eigenvalues ascending, V orthogonal
 * (Householder tridiagonalisation + implicit QL, Golub & Van Loan Alg. 8.3.1 / §8.3.5).
 *
 * Backward stable: \( \|AV - V\Lambda\| \le c\,n\,\varepsilon\,\|A\| \), \( \|V^\top V - I\| \le c\,n\,\varepsilon \).
 * Eigenvector signs are arbitrary; eigenvectors of (near-)repeated eigenvalues are any orthonormal
 * basis of the invariant subspace. If the active backend (`backend.ts`) supplies `syev`, it is used
 * after the validation above.
 *
 * @throws {DimensionError} if `a` is not square, has a non-finite entry, or is not symmetric within `opts.symmetryTol`.
 * @throws {ConvergenceError} (from `tridiagonal.ts`) if QL fails to converge.
 */
export function symEig(a: Matrix, opts: SymEigOptions = {}): SymEig {
  const { w, scale } = loadSymmetric(a, 'a', opts.symmetryTol ?? DEFAULT_SYMMETRY_TOL);
  const backend = activeBackend();
  if (backend.syev && backend !== plainBackend) {
    const r = backend.syev(a, true);
    if (r.vectors === null) throw new DimensionError(`backend '${backend.name}' returned no eigenvectors from syev(a, true)`);
    return { values: r.values, vectors: r.vectors };
  }
  return symEigCore(w, a.rows, scale, true) as SymEig;
}

/** Tridiagonalise the loaded buffer, run QL (accumulating Q when `vectors`), sort and unscale. */
function symEigCore(w: Float64Array, n: number, scale: number, vectors: boolean): { values: Float64Array; vectors: Matrix | null } {
  const d = new Float64Array(n);
  const e = new Float64Array(Math.max(n, 1));
  const tau = new Float64Array(Math.max(n, 1));
  tridiagonalizeInPlace(w, n, d, e, tau);
  let q: Float64Array | null = null;
  if (vectors) q = formQ(w, n, tau);
  implicitQlInPlace(d, e, q, n, n);
  sortEigenInPlace(d, q, n, n);
  if (scale !== 1) for (let i = 0; i < n; i++) d[i] /= scale;
  return { values: d, vectors: q === null ? null : { rows: n, cols: n, data: q, offset: 0, stride: n } };
}

/**
 * The plain-TypeScript kernel in the shape of the backend's optional `syev` slot (`backend.ts`
 * {@link SyevResult}): for a backend that wants to delegate to (or wrap) this implementation.
 * Validates like {@link symEig} but never dispatches, so it cannot recurse through the backend.
 */
export function syevPlain(a: Matrix, wantVectors: boolean): SyevResult {
  const { w, scale } = loadSymmetric(a, 'a', DEFAULT_SYMMETRY_TOL);
  return symEigCore(w, a.rows, scale, wantVectors);
}
