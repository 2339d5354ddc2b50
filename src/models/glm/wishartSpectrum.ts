/**
 * The eigenvalues of XᵀX/d for X ∈ R^{n×d} with i.i.d. N(0, 1) entries, sampled in O(d²) from the
 * bidiagonal β = 1 Laguerre model instead of O(n d²) from X itself.
 *
 * Dumitriu & Edelman, *Matrix models for beta ensembles*, J. Math. Phys. 43 (2002), Thm. 3.4: with
 * m = min(n, d), p = max(n, d) and B the m × m lower-bidiagonal matrix with independent entries
 * \( B_{ii} = \chi_{p-i} \) (i = 0..m−1) and \( B_{i+1,i} = \chi_{m-1-i} \), the eigenvalues of BBᵀ have
 * exactly the joint law of the non-zero eigenvalues of XᵀX (equivalently XXᵀ). The remaining d − m
 * eigenvalues of XᵀX are 0.
 *
 * @module
 */
import { DimensionError } from '../../core/matrix.ts';
import type { Rng } from '../../core/random.ts';
import { tridiagonalEigen } from '../../core/tridiagonal.ts';

/** Eigenvalues of XᵀX/d (ascending, length d) for Gaussian X ∈ R^{n×d}, from the bidiagonal model. */
export function wishartSpectrumOverD(n: number, d: number, rng: Rng): Float64Array {
  if (!Number.isInteger(n) || n < 1) throw new DimensionError(`n must be a positive integer, got ${n}`);
  if (!Number.isInteger(d) || d < 1) throw new DimensionError(`d must be a positive integer, got ${d}`);
  const m = Math.min(n, d);
  const p = Math.max(n, d);
  const a = new Float64Array(m);
  const b = new Float64Array(Math.max(m - 1, 0));
  for (let i = 0; i < m; i++) a[i] = Math.sqrt(rng.chiSquare(p - i));
  for (let i = 0; i < m - 1; i++) b[i] = Math.sqrt(rng.chiSquare(m - 1 - i));
  // T = B Bᵀ: T_ii = a_i² + b_{i−1}², T_{i,i+1} = a_i b_i.
  const diag = new Float64Array(m);
  const off = new Float64Array(Math.max(m - 1, 0));
  for (let i = 0; i < m; i++) diag[i] = (a[i] * a[i] + (i > 0 ? b[i - 1] * b[i - 1] : 0)) / d;
  for (let i = 0; i < m - 1; i++) off[i] = (a[i] * b[i]) / d;
  const { values } = tridiagonalEigen(diag, off, { vectors: 'none' });
  const out = new Float64Array(d); // d − m leading zeros, then the ascending non-zero part
  out.set(values, d - m);
  return out;
}
