/**
 * Triangular solves: \( \mathrm{op}(T) X = \alpha B \) or \( X\,\mathrm{op}(T) = \alpha B \) for a matrix B
 * (BLAS `dtrsm`), and \( \mathrm{op}(T) x = b \) for a vector (BLAS `dtrsv`), by forward or back substitution.
 *
 * The plain matrix kernel recurses on halves of T: two half-size solves and one GEMM update
 * (through the active backend), so most of the work runs in the packed GEMM kernel; blocks of order
 * ≤ 32 are solved by substitution. Substitution is backward stable: the computed X satisfies
 * \( (\mathrm{op}(T) + \Delta) \hat X = \alpha B \) column by column with \( |\Delta| \le \gamma_n |T| \)
 * (Higham, *Accuracy and Stability of Numerical Algorithms*, 2nd ed., Thm. 8.5; blocked variants §13.1).
 *
 * @module
 */
import { DimensionError, view, type Matrix } from './matrix.ts';
import { activeBackend, type Uplo } from './backend.ts';
import { assertFiniteEntries, assertFiniteScalar, assertMatrix, scaleMatrix, viewsOverlap } from './gemm.ts';

/** Triangular blocks at or below this order are solved by substitution. */
const BASE = 32;

/** Options of {@link trsm} and {@link trsv}. */
export interface TrsmOptions {
  /** 'left' solves op(T)·X = αB (default); 'right' solves X·op(T) = αB. Ignored by {@link trsv}. */
  side?: 'left' | 'right';
  /** Which triangle of T holds the factor (default 'lower'); the other triangle is never read. */
  uplo?: Uplo;
  /** Use Tᵀ in place of T. */
  trans?: boolean;
  /** Treat the diagonal of T as ones (it is not read). */
  unitDiagonal?: boolean;
  /** Scale of the right-hand side (default 1). Ignored by {@link trsv}. */
  alpha?: number;
}

/** Thrown when a triangular factor has a zero diagonal entry (the system is singular). */
export class SingularMatrixError extends Error {
  override name = 'SingularMatrixError';
  constructor(
    /** Index of the zero diagonal entry. */
    readonly index: number,
    argName: string,
  ) {
    super(`${argName} is singular: diagonal entry ${index} is zero`);
  }
}

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
  t: Matrix, trans: boolean, s: number, nb: number, b: Matrix,
): void {
  const rs = trans ? 1 : t.stride, cs = trans ? t.stride : 1;
  if (nb <= BASE) {
    solveBase(left, effLower, unitDiag, t.data, t.offset + s * rs + s * cs, rs, cs, nb, b);
    return;
  }
  const h = ((nb >> 1) + 3) & ~3;
  const r = nb - h;
  const gemm = activeBackend().gemm;
  // Off-diagonal blocks of op(T): op(T)[h:, :h] (below) and op(T)[:h, h:] (above), as views of T plus a transpose flag.
  const below = (): Matrix => (trans ? view(t, s, s + h, h, r) : view(t, s + h, s, r, h));
  const above = (): Matrix => (trans ? view(t, s + h, s, r, h) : view(t, s, s + h, h, r));
  if (left) {
    const m = b.cols;
    const b1 = view(b, 0, 0, h, m), b2 = view(b, h, 0, r, m);
    if (effLower) {
      solveRec(left, effLower, unitDiag, t, trans, s, h, b1);
      gemm(trans, false, -1, below(), b1, 1, b2); // B2 −= L21 X1
      solveRec(left, effLower, unitDiag, t, trans, s + h, r, b2);
    } else {
      solveRec(left, effLower, unitDiag, t, trans, s + h, r, b2);
      gemm(trans, false, -1, above(), b2, 1, b1); // B1 −= U12 X2
      solveRec(left, effLower, unitDiag, t, trans, s, h, b1);
    }
  } else {
    const m = b.rows;
    const b1 = view(b, 0, 0, m, h), b2 = view(b, 0, h, m, r);
    if (effLower) {
      solveRec(left, effLower, unitDiag, t, trans, s + h, r, b2);
      gemm(false, trans, -1, b2, below(), 1, b1); // B1 −= X2 L21
      solveRec(left, effLower, unitDiag, t, trans, s, h, b1);
    } else {
      solveRec(left, effLower, unitDiag, t, trans, s, h, b1);
      gemm(false, trans, -1, b1, above(), 1, b2); // B2 −= X1 U12
      solveRec(left, effLower, unitDiag, t, trans, s + h, r, b2);
    }
  }
}

/**
 * The plain-TypeScript TRSM kernel (no validation): overwrites B with X solving
 * \( \mathrm{op}(T) X = \alpha B \) (left) or \( X\,\mathrm{op}(T) = \alpha B \) (right).
 */
export function trsmPlain(
  side: 'left' | 'right', uplo: Uplo, trans: boolean, unitDiag: boolean, alpha: number, t: Matrix, b: Matrix,
): void {
  scaleMatrix(b, alpha);
  if (alpha === 0 || b.rows === 0 || b.cols === 0) return;
  // op(T) is lower triangular iff exactly one of (T lower, transposed) holds.
  const effLower = (uplo === 'lower') !== trans;
  solveRec(side === 'left', effLower, unitDiag, t, trans, 0, t.rows, b);
}

function checkTriangular(t: Matrix, uplo: Uplo, unitDiag: boolean, name: string): void {
  assertMatrix(t, name);
  if (t.rows !== t.cols) throw new DimensionError(`${name} must be square, got ${t.rows}×${t.cols}`);
  if (uplo !== 'lower' && uplo !== 'upper') throw new DimensionError(`uplo must be 'lower' or 'upper', got '${uplo}'`);
  // Only the referenced triangle must be finite.
  const n = t.rows;
  for (let i = 0; i < n; i++) {
    const r = t.offset + i * t.stride;
    const j0 = uplo === 'lower' ? 0 : i;
    const j1 = uplo === 'lower' ? i + 1 : n;
    for (let j = j0; j < j1; j++) {
      if (unitDiag && i === j) continue;
      const v = t.data[r + j];
      if (!Number.isFinite(v)) throw new DimensionError(`${name} has a non-finite entry ${v} at (${i}, ${j})`);
    }
  }
  if (!unitDiag) {
    for (let i = 0; i < n; i++) if (t.data[t.offset + i * t.stride + i] === 0) throw new SingularMatrixError(i, name);
  }
}

/**
 * Solves \( \mathrm{op}(T) X = \alpha B \) (side 'left', default) or \( X\,\mathrm{op}(T) = \alpha B \) (side 'right')
 * in place of B, T triangular (BLAS `dtrsm`; Golub & Van Loan, *Matrix Computations* 4th ed., §3.1). Returns B.
 *
 * Throws a {@link DimensionError} for mismatched shapes, non-finite entries or B overlapping T, and a
 * {@link SingularMatrixError} for a zero on the diagonal of T.
 */
export function trsm(t: Matrix, b: Matrix, options: TrsmOptions = {}): Matrix {
  const { side = 'left', uplo = 'lower', trans = false, unitDiagonal = false, alpha = 1 } = options;
  if (side !== 'left' && side !== 'right') throw new DimensionError(`side must be 'left' or 'right', got '${side}'`);
  assertMatrix(b, 'B');
  assertFiniteScalar(alpha, 'alpha');
  checkTriangular(t, uplo, unitDiagonal, 'T');
  const need = side === 'left' ? b.rows : b.cols;
  if (need !== t.rows) {
    throw new DimensionError(`T is ${t.rows}×${t.cols} but B is ${b.rows}×${b.cols} (${side} side needs ${side === 'left' ? 'B.rows' : 'B.cols'} = ${t.rows})`);
  }
  if (viewsOverlap(b, t)) throw new DimensionError('B overlaps T: the right-hand side must not alias the factor');
  assertFiniteEntries(b, 'B');
  activeBackend().trsm(side, uplo, trans, unitDiagonal, alpha, t, b);
  return b;
}

/**
 * Solves \( \mathrm{op}(T) x = b \) in place of the vector `b` by forward (op(T) lower) or back
 * (op(T) upper) substitution (BLAS `dtrsv`; Golub & Van Loan §3.1.1–3.1.2). Returns `b`.
 */
export function trsv(t: Matrix, b: Float64Array, options: Omit<TrsmOptions, 'side' | 'alpha'> = {}): Float64Array {
  if (!(b instanceof Float64Array)) throw new DimensionError('b must be a Float64Array');
  if (b.length !== t.rows) throw new DimensionError(`b has length ${b.length} but T is ${t.rows}×${t.cols}`);
  trsm(t, { rows: b.length, cols: 1, data: b, offset: 0, stride: 1 }, { ...options, side: 'left', alpha: 1 });
  return b;
}
