/**
 * Exact scaling of a tridiagonal or bidiagonal matrix by a power of two before an iterative eigen/singular value solver
 * (`tridiagonal.ts`, `tridiagonalDc.ts`, `bidiagonalDc.ts`).
 *
 * @module
 */
import { powerOfTwoScale } from './matrix.ts';

/** Result of {@link scaleDiagonalsByPowerOfTwo}. */
export interface DiagonalsScale {
  /** max(max_i |d_i|, max_{i<n−1} |e_i|) before scaling (0 for the zero matrix). */
  amax: number;
  /** The power of two the entries were multiplied by (`powerOfTwoScale(amax)`; 1 when amax = 0). */
  scale: number;
}

/**
 * Multiplies d (length n) and e[0 … n−2] in place by the power of two s with s·amax ∈ [1, 2), amax the largest
 * |entry| (`powerOfTwoScale`): exact, and afterwards the squares in rotations and shifts can neither overflow nor lose
 * everything to underflow. Entries of e from index n − 1 on are neither read nor scaled.
 */
export function scaleDiagonalsByPowerOfTwo(d: Float64Array, e: Float64Array): DiagonalsScale {
  const n = d.length;
  let amax = 0;
  for (let i = 0; i < n; i++) amax = Math.max(amax, Math.abs(d[i]));
  for (let i = 0; i < n - 1; i++) amax = Math.max(amax, Math.abs(e[i]));
  const scale = powerOfTwoScale(amax);
  if (scale !== 1) {
    for (let i = 0; i < n; i++) d[i] *= scale;
    for (let i = 0; i < n - 1; i++) e[i] *= scale;
  }
  return { amax, scale };
}
