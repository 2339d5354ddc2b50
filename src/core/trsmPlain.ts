/**
 * The plain-TypeScript triangular solve {@link trsmPlain} (BLAS `dtrsm`): \( \mathrm{op}(T) X = \alpha B \) or
 * \( X\,\mathrm{op}(T) = \alpha B \) by forward or back substitution.
 *
 * It recurses on halves of T: two half-size solves and one GEMM update (the GEMM passed in: the calling
 * backend's), so most of the work runs in the packed GEMM kernel; blocks of order ≤ 32 are solved by
 * substitution. Substitution is backward stable: the computed X satisfies
 * \( (\mathrm{op}(T) + \Delta) \hat X = \alpha B \) column by column with \( |\Delta| \le \gamma_n |T| \)
 * (Higham, *Accuracy and Stability of Numerical Algorithms*, 2nd ed., Thm. 8.5; blocked variants §13.1).
 * Imports no dispatch code: `backend.ts` imports it.
 *
 * @module
 */
import { view, type Matrix } from './matrix.ts';
import type { GemmKernel, Uplo } from './backendTypes.ts';
import { gemmPlain, scaleMatrix } from './gemmPlain.ts';

/** Triangular blocks at or below this order are solved by substitution. */
const BASE = 32;

/**
 * Substitution for a block: rows/cols [s, s+nb) of op(T), right-hand side block `b`
 * (left: nb × m rows of B; right: m × nb columns of B). op(T)(i, j) = td[to + i·rs + j·cs].
 */
function solveBase(
  left: boolean, effLower: boolean, unitDiag: boolean,
  td: Float64Array, to: number, rs: number, cs: number, nb: number, b: Matrix,
): void {
  const bd = b.data, bo = b.offset, ld = b.stride;
  if (left) {
    // Row-oriented: X row i = (B row i − Σ_j op(T)_ij X row j) / op(T)_ii; rows of B are contiguous.
    const m = b.cols;
    for (let s = 0; s < nb; s++) {
      const i = effLower ? s : nb - 1 - s;
      const ri = bo + i * ld;
      const j0 = effLower ? 0 : i + 1;
      const j1 = effLower ? i : nb;
      for (let j = j0; j < j1; j++) {
        const tij = td[to + i * rs + j * cs];
        if (tij === 0) continue;
        const rj = bo + j * ld;
        for (let q = 0; q < m; q++) bd[ri + q] -= tij * bd[rj + q];
      }
      if (!unitDiag) {
        const inv = 1 / td[to + i * rs + i * cs];
        for (let q = 0; q < m; q++) bd[ri + q] *= inv;
      }
    }
  } else {
    // Each row x of X solves x·op(T) = b independently: x_j = (b_j − Σ_k x_k op(T)_kj) / op(T)_jj.
    const m = b.rows;
    for (let r = 0; r < m; r++) {
      const rb = bo + r * ld;
      for (let s = 0; s < nb; s++) {
        const j = effLower ? nb - 1 - s : s;
        const k0 = effLower ? j + 1 : 0;
        const k1 = effLower ? nb : j;
        let acc = bd[rb + j];
        for (let k = k0; k < k1; k++) acc -= bd[rb + k] * td[to + k * rs + j * cs];
        bd[rb + j] = unitDiag ? acc : acc / td[to + j * rs + j * cs];
      }
    }
  }
}

/** Recursive blocked solve on the op(T) block [s, s+nb) with its slice of B. */
function solveRec(
  left: boolean, effLower: boolean, unitDiag: boolean,
  t: Matrix, trans: boolean, s: number, nb: number, b: Matrix, gemm: GemmKernel,
): void {
  const rs = trans ? 1 : t.stride, cs = trans ? t.stride : 1;
  if (nb <= BASE) {
    solveBase(left, effLower, unitDiag, t.data, t.offset + s * rs + s * cs, rs, cs, nb, b);
    return;
  }
  const h = ((nb >> 1) + 3) & ~3;
  const r = nb - h;
  // Off-diagonal blocks of op(T): op(T)[h:, :h] (below) and op(T)[:h, h:] (above), as views of T plus a transpose flag.
  const below = (): Matrix => (trans ? view(t, s, s + h, h, r) : view(t, s + h, s, r, h));
  const above = (): Matrix => (trans ? view(t, s + h, s, r, h) : view(t, s, s + h, h, r));
  if (left) {
    const m = b.cols;
    const b1 = view(b, 0, 0, h, m), b2 = view(b, h, 0, r, m);
    if (effLower) {
      solveRec(left, effLower, unitDiag, t, trans, s, h, b1, gemm);
      gemm(trans, false, -1, below(), b1, 1, b2); // B2 −= L21 X1
      solveRec(left, effLower, unitDiag, t, trans, s + h, r, b2, gemm);
    } else {
      solveRec(left, effLower, unitDiag, t, trans, s + h, r, b2, gemm);
      gemm(trans, false, -1, above(), b2, 1, b1); // B1 −= U12 X2
      solveRec(left, effLower, unitDiag, t, trans, s, h, b1, gemm);
    }
  } else {
    const m = b.rows;
    const b1 = view(b, 0, 0, m, h), b2 = view(b, 0, h, m, r);
    if (effLower) {
      solveRec(left, effLower, unitDiag, t, trans, s + h, r, b2, gemm);
      gemm(false, trans, -1, b2, below(), 1, b1); // B1 −= X2 L21
      solveRec(left, effLower, unitDiag, t, trans, s, h, b1, gemm);
    } else {
      solveRec(left, effLower, unitDiag, t, trans, s, h, b1, gemm);
      gemm(false, trans, -1, b1, above(), 1, b2); // B2 −= X1 U12
      solveRec(left, effLower, unitDiag, t, trans, s + h, r, b2, gemm);
    }
  }
}

/**
 * The plain-TypeScript TRSM kernel (no validation): overwrites B with X solving
 * \( \mathrm{op}(T) X = \alpha B \) (left) or \( X\,\mathrm{op}(T) = \alpha B \) (right). The off-diagonal updates
 * go through `gemm` (the calling backend's GEMM; default {@link gemmPlain}).
 */
export function trsmPlain(
  side: 'left' | 'right', uplo: Uplo, trans: boolean, unitDiag: boolean, alpha: number, t: Matrix, b: Matrix,
  gemm: GemmKernel = gemmPlain,
): void {
  scaleMatrix(b, alpha);
  if (alpha === 0 || b.rows === 0 || b.cols === 0) return;
  // op(T) is lower triangular iff exactly one of (T lower, transposed) holds.
  const effLower = (uplo === 'lower') !== trans;
  solveRec(side === 'left', effLower, unitDiag, t, trans, 0, t.rows, b, gemm);
}

