/**
 * Cholesky factorisation \( A = L L^\top \) of a symmetric positive definite matrix, its log-determinant,
 * and solves with the factor.
 *
 * The factorisation dispatches through the active backend (`backend.ts`); the plain-TypeScript kernel is the
 * recursive blocked algorithm of `potrfPlain.ts`.
 *
 * Backward stability: the computed factor satisfies \( \hat L \hat L^\top = A + \Delta A \),
 * \( |\Delta A| \le \gamma_{n+1} |\hat L| |\hat L|^\top \), hence \( \|\Delta A\|_F \le \gamma_{n+1}\, n\, \|A\|_2 \)
 * (Higham, *Accuracy and Stability of Numerical Algorithms*, 2nd ed., Thm. 10.3 and eq. (10.8)).
 *
 * @module
 */
import { DimensionError } from './errors.ts';
import { zeros, type Matrix } from './matrix.ts';
import { activeBackend } from './backend.ts';
import { assertFiniteEntries, assertFiniteLower, assertMatrix, assertSymmetric } from './validate.ts';
import { trsm } from './trsm.ts';

/** Options of {@link cholesky} and {@link choleskyInPlace}. */
export interface CholeskyOptions {
  /**
   * 'check' (default): A must be symmetric up to rounding,
   * \( |a_{ij} - a_{ji}| \le \sqrt{\varepsilon}\,\sqrt{|a_{ii}|\,|a_{jj}|} \) (see `assertSymmetric` in validate.ts);
   * 'lower': only the lower triangle is read (LAPACK semantics), the upper one is ignored.
   */
  symmetry?: 'check' | 'lower';
}

function validateInput(a: Matrix, options: CholeskyOptions, name: string): void {
  assertMatrix(a, name);
  if (a.rows !== a.cols) throw new DimensionError(`${name} must be square, got ${a.rows}×${a.cols}`);
  const { symmetry = 'check' } = options;
  if (symmetry !== 'check' && symmetry !== 'lower') throw new DimensionError(`symmetry must be 'check' or 'lower', got '${symmetry}'`);
  if (symmetry === 'check') {
    assertFiniteEntries(a, name);
    assertSymmetric(a, name);
  } else {
    assertFiniteLower(a, name);
  }
}

function zeroStrictUpper(a: Matrix): void {
  for (let i = 0; i < a.rows; i++) {
    const r = a.offset + i * a.stride;
    a.data.fill(0, r + i + 1, r + a.cols);
  }
}

/**
 * Overwrites the SPD matrix A with its Cholesky factor L (lower triangular, positive diagonal, zero strict
 * upper triangle), \( A = L L^\top \), and returns it: the memory-lean variant (no n² copy).
 * Throws {@link NotPositiveDefiniteError} (A then holds partial results), or a {@link DimensionError}
 * for a non-square, non-finite or (with the default `symmetry: 'check'`) non-symmetric A.
 */
export function choleskyInPlace(a: Matrix, options: CholeskyOptions = {}): Matrix {
  validateInput(a, options, 'A');
  activeBackend().potrf(a);
  zeroStrictUpper(a);
  return a;
}

/**
 * The Cholesky factor of the symmetric positive definite A: lower triangular L with positive diagonal,
 * \( A = L L^\top \) (Golub & Van Loan, *Matrix Computations* 4th ed., Thm. 4.2.7). A is not modified;
 * the result uses one new n × n buffer. Errors as in {@link choleskyInPlace}.
 */
export function cholesky(a: Matrix, options: CholeskyOptions = {}): { L: Matrix } {
  validateInput(a, options, 'A');
  const n = a.rows;
  const l = zeros(n, n);
  for (let i = 0; i < n; i++) {
    const src = a.offset + i * a.stride;
    l.data.set(a.data.subarray(src, src + i + 1), i * n);
  }
  activeBackend().potrf(l);
  zeroStrictUpper(l);
  return { L: l };
}

function checkFactor(l: Matrix, name: string): void {
  assertMatrix(l, name);
  if (l.rows !== l.cols) throw new DimensionError(`${name} must be square, got ${l.rows}×${l.cols}`);
  for (let i = 0; i < l.rows; i++) {
    const v = l.data[l.offset + i * l.stride + i];
    if (!(v > 0) || !Number.isFinite(v)) {
      throw new DimensionError(`${name} is not a Cholesky factor: diagonal entry ${i} is ${v} (must be positive and finite)`);
    }
  }
}

/**
 * \( \log\det A = 2 \sum_i \log L_{ii} \) for \( A = L L^\top \) (Golub & Van Loan §4.2). Summing logs never
 * overflows, unlike the determinant itself. Throws a {@link DimensionError} unless L is square with a
 * positive finite diagonal (only the diagonal is read).
 */
export function choleskyLogDet(l: Matrix): number {
  checkFactor(l, 'L');
  let s = 0;
  for (let i = 0; i < l.rows; i++) s += Math.log(l.data[l.offset + i * l.stride + i]);
  return 2 * s;
}

/**
 * Solves \( A X = B \) with \( A = L L^\top \): forward substitution \( L Y = B \), then back substitution
 * \( L^\top X = Y \) (Golub & Van Loan §4.2). Returns a new matrix (or vector, for a vector B); B is not modified.
 * Backward stable: \( (A + \Delta A)\hat x = b \), \( |\Delta A| \le \gamma_{3n+1}|L||L^\top| \) (Higham, Thm. 10.4).
 */
export function choleskySolve(l: Matrix, b: Float64Array): Float64Array;
export function choleskySolve(l: Matrix, b: Matrix): Matrix;
export function choleskySolve(l: Matrix, b: Matrix | Float64Array): Matrix | Float64Array {
  checkFactor(l, 'L');
  if (b instanceof Float64Array) {
    if (b.length !== l.rows) throw new DimensionError(`b has length ${b.length} but L is ${l.rows}×${l.cols}`);
    const x = Float64Array.from(b);
    const xm: Matrix = { rows: x.length, cols: 1, data: x, offset: 0, stride: 1 };
    trsm(l, xm, { uplo: 'lower' });
    trsm(l, xm, { uplo: 'lower', trans: true });
    return x;
  }
  assertMatrix(b, 'B');
  if (b.rows !== l.rows) throw new DimensionError(`B has ${b.rows} rows but L is ${l.rows}×${l.cols}`);
  const x = zeros(b.rows, b.cols);
  for (let i = 0; i < b.rows; i++) {
    const src = b.offset + i * b.stride;
    x.data.set(b.data.subarray(src, src + b.cols), i * b.cols);
  }
  trsm(l, x, { uplo: 'lower' });
  trsm(l, x, { uplo: 'lower', trans: true });
  return x;
}
