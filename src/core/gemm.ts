/**
 * General matrix–matrix product \( C \leftarrow \alpha\,\mathrm{op}(A)\,\mathrm{op}(B) + \beta C \) (BLAS `dgemm`):
 * the validated public entry points {@link gemm} and {@link matmul}. They check their arguments and dispatch
 * through the active backend (`backend.ts`); the plain-TypeScript kernel is `gemmPlain.ts`.
 *
 * @module
 */
import { DimensionError } from './errors.ts';
import { zeros, type Matrix } from './matrix.ts';
import { activeBackend } from './backend.ts';
import { assertFiniteEntries, assertFiniteScalar, assertMatrix, viewsOverlap } from './validate.ts';

/** Options of {@link gemm} and {@link matmul}. */
export interface GemmOptions {
  /** Use \(A^\top\) in place of A. */
  transA?: boolean;
  /** Use \(B^\top\) in place of B. */
  transB?: boolean;
  /** Scale of the product (default 1). */
  alpha?: number;
  /** Scale of the existing C (default 0: C is overwritten and its old entries, even NaN, are ignored). */
  beta?: number;
}

/**
 * \( C \leftarrow \alpha\,\mathrm{op}(A)\,\mathrm{op}(B) + \beta C \) in place, with op(X) = X or \(X^\top\)
 * (BLAS `dgemm`; Golub & Van Loan, *Matrix Computations* 4th ed., §1.1 and §1.5). Returns C.
 *
 * Validates shapes, finiteness of A, B, α, β (and of C when β ≠ 0) and that C does not overlap A or B,
 * throwing a {@link DimensionError} naming the argument; then dispatches to the active backend.
 */
export function gemm(a: Matrix, b: Matrix, c: Matrix, options: GemmOptions = {}): Matrix {
  const { transA = false, transB = false, alpha = 1, beta = 0 } = options;
  assertMatrix(a, 'A');
  assertMatrix(b, 'B');
  assertMatrix(c, 'C');
  assertFiniteScalar(alpha, 'alpha');
  assertFiniteScalar(beta, 'beta');
  const m = transA ? a.cols : a.rows;
  const k = transA ? a.rows : a.cols;
  const kb = transB ? b.cols : b.rows;
  const n = transB ? b.rows : b.cols;
  if (k !== kb) {
    throw new DimensionError(`inner dimensions differ: op(A) is ${m}×${k} but op(B) is ${kb}×${n}`);
  }
  if (c.rows !== m || c.cols !== n) {
    throw new DimensionError(`C is ${c.rows}×${c.cols} but op(A)·op(B) is ${m}×${n}`);
  }
  if (viewsOverlap(c, a)) throw new DimensionError('C overlaps A: the output must not alias an input');
  if (viewsOverlap(c, b)) throw new DimensionError('C overlaps B: the output must not alias an input');
  assertFiniteEntries(a, 'A');
  assertFiniteEntries(b, 'B');
  if (beta !== 0) assertFiniteEntries(c, 'C');
  activeBackend().gemm(transA, transB, alpha, a, b, beta, c);
  return c;
}

/**
 * A new matrix \( \alpha\,\mathrm{op}(A)\,\mathrm{op}(B) \) (α = 1 unless given): {@link gemm} into fresh zeros.
 */
export function matmul(a: Matrix, b: Matrix, options: Pick<GemmOptions, 'transA' | 'transB' | 'alpha'> = {}): Matrix {
  assertMatrix(a, 'A');
  assertMatrix(b, 'B');
  const m = options.transA ? a.cols : a.rows;
  const n = options.transB ? b.rows : b.cols;
  const c = zeros(m, n);
  return gemm(a, b, c, { ...options, beta: 0 });
}
