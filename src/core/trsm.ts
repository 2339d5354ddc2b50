/**
 * Triangular solves: \( \mathrm{op}(T) X = \alpha B \) or \( X\,\mathrm{op}(T) = \alpha B \) for a matrix B
 * (BLAS `dtrsm`), and \( \mathrm{op}(T) x = b \) for a vector (BLAS `dtrsv`): validated public entry points that
 * dispatch through the active backend (`backend.ts`); the plain-TypeScript kernel is `trsmPlain.ts`.
 *
 * @module
 */
import { DimensionError, SingularMatrixError } from './errors.ts';
import type { Matrix } from './matrix.ts';
import { activeBackend } from './backend.ts';
import type { Uplo } from './backendTypes.ts';
import { assertFiniteEntries, assertFiniteScalar, assertMatrix, viewsOverlap } from './validate.ts';

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
