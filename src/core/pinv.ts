/**
 * Moore–Penrose pseudo-inverse from the SVD, with an explicit relative cutoff and the conditioning of
 * what was kept, and the orthogonal projector onto the range.
 *
 * Always from the SVD of A itself, never from the Gram AᵀA: the Gram squares the condition number, so
 * its pseudo-inverse loses all accuracy once \( s_{\max}/s_{\min} \gtrsim \varepsilon^{-1/2} \approx 7\cdot 10^7 \)
 * (engineering notes, "L2 networks").
 *
 * @module
 */
import { EPS } from './constants.ts';
import { DimensionError } from './errors.ts';
import { matmul } from './gemm.ts';
import { zeros, type Matrix } from './matrix.ts';
import { assertMatrix } from './validate.ts';
import { svd } from './svd.ts';


/** Result of {@link pinv}. */
export interface Pinv {
  /** n × m pseudo-inverse \( A^+ = V_r \Sigma_r^{-1} U_r^\top \). */
  pinv: Matrix;
  /** Number of singular values kept: \( s_i > \) `cutoff`. */
  rank: number;
  /** Absolute cutoff \( \mathrm{rtol}\cdot s_{\max} \) (0 for the zero matrix). */
  cutoff: number;
  /**
   * \( s_{r}/s_{1} \in (0, 1] \): the smallest kept over the largest singular value, i.e. the reciprocal
   * condition number of the part of A that was inverted (0 when rank = 0). Error bounds for A⁺ scale with its inverse.
   */
  smallestKeptRatio: number;
  /** All singular values of A, descending (kept and dropped). */
  singularValues: Float64Array;
}

/** Options of {@link pinv} and {@link projector}. */
export interface PinvOptions {
  /** Relative cutoff: singular values \( \le \mathrm{rtol}\cdot s_{\max} \) are treated as zero. Default max(m, n)·ε. */
  rtol?: number;
}

function resolveRtol(m: number, n: number, opts: PinvOptions): number {
  const rtol = opts.rtol ?? Math.max(m, n, 1) * EPS;
  if (typeof rtol !== 'number' || !Number.isFinite(rtol) || rtol < 0) throw new DimensionError(`opts.rtol must be finite and ≥ 0, got ${rtol}`);
  return rtol;
}

/**
 * Moore–Penrose pseudo-inverse \( A^+ = V_r \Sigma_r^{-1} U_r^\top \), where \( A = U\Sigma V^\top \) (thin SVD)
 * and r counts the singular values above \( \mathrm{cutoff} = \mathrm{rtol}\cdot s_{\max} \)
 * (Golub & Van Loan, *Matrix Computations*, 4th ed., §5.5.2; default rtol = max(m, n)·ε as numpy `pinv`).
 *
 * It satisfies the four Penrose conditions \( AA^+A = A \), \( A^+AA^+ = A^+ \), \( (AA^+)^\top = AA^+ \),
 * \( (A^+A)^\top = A^+A \) up to rounding of order \( c\,\max(m,n)\,n\,\varepsilon \cdot (s_1/s_r)^2 \)
 * (relative), where \( s_1/s_r = 1/\mathrm{smallestKeptRatio} \) (Wedin's perturbation bound for A⁺).
 *
 * @throws {DimensionError} if `a` is malformed or has a non-finite entry, or `opts.rtol` is invalid.
 * @throws {ConvergenceError} (from `svd.ts`) if the SVD fails to converge.
 */
export function pinv(a: Matrix, opts: PinvOptions = {}): Pinv {
  assertMatrix(a, 'a');
  const m = a.rows;
  const n = a.cols;
  const rtol = resolveRtol(m, n, opts);
  const f = svd(a);
  const s = f.s;
  const k = s.length;
  const smax = k > 0 ? s[0] : 0;
  const cutoff = rtol * smax;
  let r = 0;
  if (smax > 0) while (r < k && s[r] > cutoff) r++;
  if (r === 0) return { pinv: zeros(n, m), rank: 0, cutoff, smallestKeptRatio: 0, singularValues: s };
  // A⁺ = (V_r Σ_r⁻¹)(U_r)ᵀ: scale the kept columns of V, then one GEMM.
  const vs = zeros(n, r);
  for (let i = 0; i < n; i++) {
    const src = i * f.V.stride;
    for (let j = 0; j < r; j++) vs.data[i * r + j] = f.V.data[src + j] / s[j];
  }
  const ur: Matrix = { rows: m, cols: r, data: f.U.data, offset: 0, stride: f.U.stride };
  const p = matmul(vs, ur, { transB: true });
  return { pinv: p, rank: r, cutoff, smallestKeptRatio: s[r - 1] / smax, singularValues: s };
}

/**
 * Orthogonal projector onto the numerical range of A: \( P = U_r U_r^\top = AA^+ \) (m × m, symmetric,
 * idempotent), r as in {@link pinv}. The projector onto the row space is `projector(transpose(A))`,
 * and \( I - P \) projects onto the orthogonal complement (Golub & Van Loan §2.5.2, §5.5.2).
 *
 * @throws {DimensionError} if `a` is malformed or has a non-finite entry, or `opts.rtol` is invalid.
 */
export function projector(a: Matrix, opts: PinvOptions = {}): Matrix {
  assertMatrix(a, 'a');
  const m = a.rows;
  const n = a.cols;
  const rtol = resolveRtol(m, n, opts);
  const f = svd(a);
  const s = f.s;
  const k = s.length;
  let r = 0;
  if (k > 0 && s[0] > 0) while (r < k && s[r] > rtol * s[0]) r++;
  if (r === 0) return zeros(m, m);
  const ur: Matrix = { rows: m, cols: r, data: f.U.data, offset: 0, stride: f.U.stride };
  const p = matmul(ur, ur, { transB: true });
  // Exact symmetry (the GEMM may round (i, j) and (j, i) differently).
  const pd = p.data;
  for (let i = 0; i < m; i++) {
    for (let j = i + 1; j < m; j++) {
      const v = 0.5 * (pd[i * m + j] + pd[j * m + i]);
      pd[i * m + j] = v;
      pd[j * m + i] = v;
    }
  }
  return p;
}
