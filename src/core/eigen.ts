/**
 * Dense symmetric eigendecomposition \( A = V \Lambda V^\top \): Householder tridiagonalisation
 * followed by implicit QL with shifts (Golub & Van Loan, *Matrix Computations*, 4th ed., Alg. 8.3.1
 * and §8.3.5; LAPACK dsytd2/dorg2l/dsteqr).
 *
 * The tridiagonalisation is the active backend's `sytrd` (plain kernel: `sytrdPlain.ts`). The QL rotations
 * are buffered per sweep and applied along the rows of the eigenvector accumulator (see `implicitQlInPlace`).
 *
 * @module
 */
import { activeBackend } from './backend.ts';
import { ConvergenceError, DimensionError } from './errors.ts';
import { type Matrix, maxAbsFinite, powerOfTwoScale } from './matrix.ts';
import { assertMatrix } from './validate.ts';
import { implicitQlInPlace, sortEigenInPlace } from './tridiagonal.ts';
import { tridiagonalDivideConquer } from './tridiagonalDc.ts';
import { applyReflectors } from './applyReflectors.ts';

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
  /**
   * Algorithm for the eigenvectors of the tridiagonal matrix ({@link symEig} only): 'ql', implicit QL with the
   * rotations accumulated into the Householder Q (the reference: the `js` backend's default, whose bits it keeps), or
   * 'divide-and-conquer' (`tridiagonalDc.ts`, then the Householder back-transformation as blocked GEMMs; O(n³) in GEMM,
   * the default of backends with `preferDivideAndConquer`, e.g. WASM). Default: the active backend's preference.
   */
  method?: EigMethod;
}

/** Eigenvector algorithm of {@link symEig}. */
export type EigMethod = 'ql' | 'divide-and-conquer';

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
 * Forms Q (row-major n × n) from the Householder vectors stored in the rows of `w` by
 * the backend's `sytrd` (`sytrdPlain.ts`): backward accumulation \( Q = H_0(H_1(\cdots H_{n-2})) \)
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
 * @throws {DimensionError} if `a` is not square, has a non-finite entry, or is not symmetric within `opts.symmetryTol`.
 * @throws {ConvergenceError} (from `tridiagonal.ts`) if QL fails to converge.
 */
export function symEigvals(a: Matrix, opts: SymEigOptions = {}): Float64Array {
  const { w, scale } = loadSymmetric(a, 'a', opts.symmetryTol ?? DEFAULT_SYMMETRY_TOL);
  return symEigCore(w, a.rows, scale, false).values;
}

/**
 * Symmetric eigendecomposition \( A = V\Lambda V^\top \), eigenvalues ascending, V orthogonal
 * (Householder tridiagonalisation, then implicit QL, Golub & Van Loan Alg. 8.3.1 / §8.3.5, or divide and conquer,
 * Golub & Van Loan §8.4.4; see {@link SymEigOptions.method}).
 *
 * Backward stable: \( \|AV - V\Lambda\| \le c\,n\,\varepsilon\,\|A\| \), \( \|V^\top V - I\| \le c\,n\,\varepsilon \).
 * Eigenvector signs are arbitrary; eigenvectors of (near-)repeated eigenvalues are any orthonormal
 * basis of the invariant subspace. The tridiagonalisation runs in the active backend's `sytrd`.
 *
 * @throws {DimensionError} if `a` is not square, has a non-finite entry, or is not symmetric within `opts.symmetryTol`.
 * @throws {ConvergenceError} (from `tridiagonal.ts`) if QL fails to converge.
 */
export function symEig(a: Matrix, opts: SymEigOptions = {}): SymEig {
  const method = opts.method ?? (activeBackend().preferDivideAndConquer ? 'divide-and-conquer' : 'ql');
  if (method !== 'ql' && method !== 'divide-and-conquer') {
    throw new DimensionError(`opts.method must be 'ql' or 'divide-and-conquer', got '${String(method)}'`);
  }
  const { w, scale } = loadSymmetric(a, 'a', opts.symmetryTol ?? DEFAULT_SYMMETRY_TOL);
  return symEigCore(w, a.rows, scale, true, method) as SymEig;
}

/** Tridiagonalise the loaded buffer, then QL (accumulating Q when `vectors`) or divide and conquer; sort and unscale. */
function symEigCore(w: Float64Array, n: number, scale: number, vectors: boolean, method: EigMethod = 'ql'): { values: Float64Array; vectors: Matrix | null } {
  const d = new Float64Array(n);
  const e = new Float64Array(Math.max(n, 1));
  const tau = new Float64Array(Math.max(n, 1));
  const backend = activeBackend();
  backend.sytrd(w, n, d, e, tau);
  if (vectors && method === 'divide-and-conquer') {
    let r: { values: Float64Array; vectors: Float64Array } | null = null;
    try {
      r = tridiagonalDivideConquer(d, e, backend.gemm);
    } catch (err) {
      // A secular equation that does not converge (not observed): fall back to QL below (d and e are intact).
      if (!(err instanceof ConvergenceError)) throw err;
    }
    if (r !== null) {
      const z: Matrix = { rows: n, cols: n, data: r.vectors, offset: 0, stride: n };
      // A = Q T Qᵀ with Q = H₀⋯H_{n−2}: the eigenvectors of A are Q Z.
      applyReflectors({ count: Math.max(n - 1, 0), shift: 1, tau, source: w, ld: n, storage: 'rows' }, z, backend.gemm);
      if (scale !== 1) for (let i = 0; i < n; i++) r.values[i] /= scale;
      return { values: r.values, vectors: z };
    }
  }
  let q: Float64Array | null = null;
  if (vectors) q = formQ(w, n, tau);
  implicitQlInPlace(d, e, q, n, n);
  sortEigenInPlace(d, q, n, n);
  if (scale !== 1) for (let i = 0; i < n; i++) d[i] /= scale;
  return { values: d, vectors: q === null ? null : { rows: n, cols: n, data: q, offset: 0, stride: n } };
}
