/**
 * Symmetric rank-k update \( C \leftarrow \alpha A A^\top + \beta C \) or \( \alpha A^\top A + \beta C \) (BLAS `dsyrk`),
 * and the Gram matrix: validated public entry points that dispatch through the active backend (`backend.ts`);
 * the plain-TypeScript kernel is `syrkPlain.ts`.
 *
 * @module
 */
import { DimensionError } from './errors.ts';
import { zeros, type Matrix } from './matrix.ts';
import { activeBackend } from './backend.ts';
import { assertFiniteEntries, assertFiniteLower, assertFiniteScalar, assertMatrix, viewsOverlap } from './validate.ts';

/** Options of {@link syrk}. */
export interface SyrkOptions {
  /** Compute \( \alpha A^\top A + \beta C \) instead of \( \alpha A A^\top + \beta C \). */
  trans?: boolean;
  /** Scale of the product (default 1). */
  alpha?: number;
  /** Scale of the old C (default 0: C's old entries, even NaN, are ignored). */
  beta?: number;
  /**
   * 'lower' updates the lower triangle only and leaves the strict upper triangle untouched (BLAS);
   * 'full' (default) then mirrors the lower triangle into the upper one, so C is exactly symmetric.
   * With β ≠ 0, only the lower triangle of the old C is read.
   */
  uplo?: 'lower' | 'full';
}

/**
 * \( C \leftarrow \alpha A A^\top + \beta C \) (or \( \alpha A^\top A + \beta C \) with `trans`) in place; returns C.
 * Source: BLAS `dsyrk` (Dongarra et al., *A set of level 3 BLAS*, ACM TOMS 16 (1990)).
 * Validates shapes (C square of the right order), finiteness and that C does not overlap A, throwing a
 * {@link DimensionError} naming the argument; then dispatches to the active backend.
 */
export function syrk(a: Matrix, c: Matrix, options: SyrkOptions = {}): Matrix {
  const { trans = false, alpha = 1, beta = 0, uplo = 'full' } = options;
  assertMatrix(a, 'A');
  assertMatrix(c, 'C');
  assertFiniteScalar(alpha, 'alpha');
  assertFiniteScalar(beta, 'beta');
  if (uplo !== 'lower' && uplo !== 'full') throw new DimensionError(`uplo must be 'lower' or 'full', got '${uplo}'`);
  const n = trans ? a.cols : a.rows;
  if (c.rows !== n || c.cols !== n) {
    throw new DimensionError(`C is ${c.rows}×${c.cols} but ${trans ? 'AᵀA' : 'AAᵀ'} is ${n}×${n}`);
  }
  if (viewsOverlap(c, a)) throw new DimensionError('C overlaps A: the output must not alias the input');
  assertFiniteEntries(a, 'A');
  if (beta !== 0) assertFiniteLower(c, 'C'); // only the lower triangle of the old C is read
  activeBackend().syrk(uplo === 'full', trans, alpha, a, beta, c);
  return c;
}

/** Options of {@link gram}. */
export interface GramOptions {
  /** Inner products of the `'columns'` (\( A^\top A \), default) or of the `'rows'` (\( A A^\top \)). */
  of?: 'columns' | 'rows';
}

/**
 * The Gram matrix, exactly symmetric: of the columns, \( G = A^\top A \), \( G_{ij} = \langle a_{:,i}, a_{:,j}\rangle \)
 * (default), or of the rows, \( G = A A^\top \), \( G_{ij} = \langle a_{i,:}, a_{j,:}\rangle \).
 */
export function gram(a: Matrix, options: GramOptions = {}): Matrix {
  const { of = 'columns' } = options;
  assertMatrix(a, 'A');
  if (of !== 'columns' && of !== 'rows') throw new DimensionError(`of must be 'columns' or 'rows', got '${of}'`);
  const trans = of === 'columns';
  const n = trans ? a.cols : a.rows;
  return syrk(a, zeros(n, n), { trans, uplo: 'full' });
}
