/**
 * Eigenvalues and eigenvectors of a real symmetric tridiagonal matrix by the implicit QL
 * algorithm with Wilkinson-type shifts (EISPACK tql1/tql2; Golub & Van Loan, *Matrix
 * Computations*, 4th ed., §8.3.5; Press et al., *Numerical Recipes*, 3rd ed., §11.4 `tqli`).
 *
 * Used directly by Golub–Welsch quadrature (nodes = eigenvalues of the Jacobi matrix, weights
 * from the squared first components of the eigenvectors) and, through {@link implicitQlInPlace},
 * by the dense symmetric eigensolver in `eigen.ts`.
 *
 * @module
 */
import { DimensionError, type Matrix } from './matrix.ts';

/** Thrown when an iterative eigen/singular value method fails to converge within its iteration cap. */
export class ConvergenceError extends Error {
  override name = 'ConvergenceError';
}

/** Which eigenvector information {@link tridiagonalEigen} returns. */
export type TridiagonalVectors = 'none' | 'first' | 'full';

/** Result of {@link tridiagonalEigen}. */
export interface TridiagonalEigen {
  /** Eigenvalues in ascending order. */
  values: Float64Array;
  /** `firstComponents[k]` = first entry of the unit eigenvector of `values[k]` (sign arbitrary); with `vectors: 'first' | 'full'`. */
  firstComponents?: Float64Array;
  /** n × n matrix whose column k is the unit eigenvector of `values[k]`; with `vectors: 'full'`. */
  vectors?: Matrix;
}

/** Iterations allowed per eigenvalue before {@link ConvergenceError} (LAPACK dsteqr allows 30 per eigenvalue too). */
export const MAX_QL_ITERATIONS_PER_EIGENVALUE = 30;

const EPS = 2 ** -52;

/** √(a² + b²) without the cost of `Math.hypot` in the common range, and without under/overflow outside it. */
function hyp(a: number, b: number): number {
  const x = a * a + b * b;
  if (x > 1e-290 && x < 1e290) return Math.sqrt(x);
  return Math.hypot(a, b);
}

/**
 * Implicit QL on the symmetric tridiagonal matrix T = tridiag(e, d, e), in place.
 *
 * On return `d` holds the eigenvalues (unsorted) and `e` is destroyed. If `z` is given, it holds
 * `n` rows of length `len` at `z[k * len + r]`, i.e. the *transpose* Zᵀ of an `len × n` matrix Z;
 * every plane rotation G applied to T is applied to Z as Z ← Z·G, which on Zᵀ combines two
 * contiguous rows (the inner loop runs along memory). Starting from Zᵀ = I gives the
 * eigenvectors of T as the rows of `z`; starting from Zᵀ = Qᵀ (Householder tridiagonalisation
 * A = Q T Qᵀ) gives the eigenvectors of A. With `len = 1` and Zᵀ = e₀ only the first components are
 * tracked (Golub–Welsch).
 *
 * Each QL sweep on the unreduced block [l, m] is one implicit step with the shift
 * \( \sigma = d_l - e_l / (g \pm \sqrt{g^2+1}) \), \( g = (d_{l+1}-d_l)/(2e_l) \) (the eigenvalue of the
 * leading 2×2 block closer to d_l; Golub & Van Loan §8.3.5). An off-diagonal entry is set to zero when
 * \( |e_m| \le \varepsilon(|d_m| + |d_{m+1}|) \) (local, relative deflation as in `tqli`), or when it is
 * below \( \varepsilon \cdot 2^{-60} \cdot \|T\|_{\max} \) (absolute floor, so a block of zeros deflates).
 *
 * @param d diagonal, length n (overwritten with the eigenvalues).
 * @param e off-diagonal, length ≥ n − 1; e[i] = T[i, i+1] (overwritten).
 * @param z optional Zᵀ storage (n rows of length `len`), or null.
 * @param len row length of `z` (ignored when `z` is null).
 * @throws {ConvergenceError} if an eigenvalue needs more than {@link MAX_QL_ITERATIONS_PER_EIGENVALUE} sweeps.
 */
export function implicitQlInPlace(d: Float64Array, e: Float64Array, z: Float64Array | null, len: number): void {
  const n = d.length;
  if (n <= 1) return;
  // Scale by a power of two (exact) so that max |entry| ∈ [1, 2): the squares in hyp() and the
  // shift computation can then neither overflow nor lose everything to underflow.
  let amax = 0;
  for (let i = 0; i < n; i++) amax = Math.max(amax, Math.abs(d[i]));
  for (let i = 0; i < n - 1; i++) amax = Math.max(amax, Math.abs(e[i]));
  if (amax === 0) return;
  const scale = 2 ** -Math.floor(Math.log2(amax));
  if (scale !== 1) {
    for (let i = 0; i < n; i++) d[i] *= scale;
    for (let i = 0; i < n - 1; i++) e[i] *= scale;
  }
  // Absolute deflation floor: far below anything that affects the normwise backward error ε‖T‖.
  const floor = EPS * 2 ** -60;
  e[n - 1] = 0;

  for (let l = 0; l < n; l++) {
    let iter = 0;
    let m: number;
    do {
      for (m = l; m < n - 1; m++) {
        const ae = Math.abs(e[m]);
        if (ae <= EPS * (Math.abs(d[m]) + Math.abs(d[m + 1])) || ae <= floor) {
          e[m] = 0;
          break;
        }
      }
      if (m !== l) {
        if (iter++ === MAX_QL_ITERATIONS_PER_EIGENVALUE) {
          throw new ConvergenceError(
            `tridiagonal QL did not converge: eigenvalue ${l} of ${n} needed more than ${MAX_QL_ITERATIONS_PER_EIGENVALUE} sweeps`,
          );
        }
        let g = (d[l + 1] - d[l]) / (2 * e[l]);
        let r = hyp(g, 1);
        g = d[m] - d[l] + e[l] / (g + (g >= 0 ? r : -r));
        let s = 1;
        let c = 1;
        let p = 0;
        let i: number;
        let underflow = false;
        for (i = m - 1; i >= l; i--) {
          const f = s * e[i];
          const b = c * e[i];
          r = hyp(f, g);
          e[i + 1] = r;
          if (r === 0) {
            // The rotation is undefined: the bulge vanished, the block splits at i + 1.
            d[i + 1] -= p;
            e[m] = 0;
            underflow = true;
            break;
          }
          s = f / r;
          c = g / r;
          g = d[i + 1] - p;
          r = (d[i] - g) * s + 2 * c * b;
          p = s * r;
          d[i + 1] = g + p;
          g = c * r - b;
          if (z !== null) {
            // Z ← Z·G on columns i, i+1 of Z, i.e. rows i, i+1 of Zᵀ.
            const oi = i * len;
            const oj = oi + len;
            for (let k = 0; k < len; k++) {
              const zi = z[oi + k];
              const zj = z[oj + k];
              z[oj + k] = s * zi + c * zj;
              z[oi + k] = c * zi - s * zj;
            }
          }
        }
        if (underflow) continue;
        d[l] -= p;
        e[l] = g;
        e[m] = 0;
      }
    } while (m !== l);
  }
  if (scale !== 1) for (let i = 0; i < n; i++) d[i] /= scale;
}

/**
 * Sorts `d` ascending and permutes the rows of Zᵀ (`z`, n rows of length `len`) alongside.
 * Selection sort: O(n²) comparisons but only n − 1 row swaps.
 */
export function sortEigenInPlace(d: Float64Array, z: Float64Array | null, len: number): void {
  const n = d.length;
  for (let i = 0; i < n - 1; i++) {
    let k = i;
    let p = d[i];
    for (let j = i + 1; j < n; j++) {
      if (d[j] < p) {
        k = j;
        p = d[j];
      }
    }
    if (k !== i) {
      d[k] = d[i];
      d[i] = p;
      if (z !== null) {
        const oi = i * len;
        const ok = k * len;
        for (let r = 0; r < len; r++) {
          const t = z[oi + r];
          z[oi + r] = z[ok + r];
          z[ok + r] = t;
        }
      }
    }
  }
}

/**
 * Eigen-decomposition of the symmetric tridiagonal matrix
 * \( T = \operatorname{tridiag}(e, d, e) \), \( T = Z \Lambda Z^\top \), by implicit QL with shifts
 * (see {@link implicitQlInPlace}; Golub & Van Loan, *Matrix Computations*, §8.3.5).
 *
 * Backward stable: the computed eigenvalues are exact for T + E with ‖E‖₂ = O(n ε ‖T‖₂), so by Weyl
 * \( |\hat\lambda_k - \lambda_k| = O(n\varepsilon\|T\|_2) \).
 *
 * Golub–Welsch (Math. Comp. 23, 1969): for the Jacobi matrix of a weight w with total mass μ₀,
 * nodes are `values` and weights are \( \mu_0 \, \texttt{firstComponents}_k^2 \).
 *
 * @param diag diagonal d, length n (not modified).
 * @param offdiag off-diagonal e, length n − 1 (not modified).
 * @param opts.vectors `'none'` (eigenvalues only, O(n²)), `'first'` (also the first component of
 *   each eigenvector, O(n²)), `'full'` (all eigenvectors, O(n³)).
 * @throws {DimensionError} if `offdiag.length !== diag.length − 1` or an entry is not finite.
 * @throws {ConvergenceError} if QL fails to converge.
 */
export function tridiagonalEigen(
  diag: Float64Array,
  offdiag: Float64Array,
  opts: { vectors: TridiagonalVectors } = { vectors: 'none' },
): TridiagonalEigen {
  const n = diag.length;
  if (offdiag.length !== Math.max(n - 1, 0)) {
    throw new DimensionError(`offdiag must have length diag.length − 1 = ${Math.max(n - 1, 0)}, got ${offdiag.length}`);
  }
  for (let i = 0; i < n; i++) {
    if (!Number.isFinite(diag[i])) throw new DimensionError(`diag has a non-finite entry ${diag[i]} at ${i}`);
  }
  for (let i = 0; i < n - 1; i++) {
    if (!Number.isFinite(offdiag[i])) throw new DimensionError(`offdiag has a non-finite entry ${offdiag[i]} at ${i}`);
  }
  const mode = opts.vectors;
  if (mode !== 'none' && mode !== 'first' && mode !== 'full') {
    throw new DimensionError(`opts.vectors must be 'none', 'first' or 'full', got ${String(mode)}`);
  }
  const d = Float64Array.from(diag);
  const e = new Float64Array(Math.max(n, 1));
  e.set(offdiag);
  if (mode === 'none') {
    implicitQlInPlace(d, e, null, 0);
    sortEigenInPlace(d, null, 0);
    return { values: d };
  }
  const len = mode === 'first' ? 1 : n;
  // Zᵀ = I restricted to the tracked rows of Z: row 0 only ('first') or all rows ('full').
  const zt = new Float64Array(n * len);
  if (mode === 'first') {
    if (n > 0) zt[0] = 1;
  } else {
    for (let k = 0; k < n; k++) zt[k * n + k] = 1;
  }
  implicitQlInPlace(d, e, zt, len);
  sortEigenInPlace(d, zt, len);
  const first = new Float64Array(n);
  for (let k = 0; k < n; k++) first[k] = zt[k * len];
  if (mode === 'first') return { values: d, firstComponents: first };
  // Row k of zt is eigenvector k; transpose into columns.
  const v = new Float64Array(n * n);
  for (let k = 0; k < n; k++) for (let r = 0; r < n; r++) v[r * n + k] = zt[k * n + r];
  return { values: d, firstComponents: first, vectors: { rows: n, cols: n, data: v, offset: 0, stride: n } };
}
