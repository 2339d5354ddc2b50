/**
 * High-precision Cholesky factorisation, log-determinant and solves for small matrices (Decimal[][],
 * default 50 significant digits), the reference for `core/cholesky.ts`.
 *
 * Cholesky–Banachiewicz (row by row): \( l_{ij} = (a_{ij} - \sum_{k<j} l_{ik}l_{jk})/l_{jj} \),
 * \( l_{ii} = \sqrt{a_{ii} - \sum_{k<i} l_{ik}^2} \) (Golub & Van Loan, *Matrix Computations* 4th ed.,
 * Alg. 4.2.1). O(n³) Decimal operations: meant for n ≲ 50 (a multiply costs 2–5 µs at 50 digits).
 *
 * @module
 */
import type { Decimal } from 'decimal.js';
import { DimensionError, type Matrix } from '../core/matrix.ts';
import { NotPositiveDefiniteError } from '../core/errors.ts';
import { decimalContext, decimalFromFloat64, GUARD_DIGITS, precisionOf, toDecimal, type PrecisionOptions } from './decimal.ts';

/** Options of {@link choleskyDecimal}. */
export interface DecimalCholeskyOptions extends PrecisionOptions {
  /**
   * 'lower' (default): only the lower triangle is read. 'check': throws a {@link DimensionError} naming the
   * first (i, j) with a_ij ≠ a_ji exactly (inputs converted from Float64 are exact, so a mirrored matrix passes).
   */
  symmetry?: 'lower' | 'check';
}

/** Exact Decimal copy of a Float64 {@link Matrix} (honours offset and stride), at `precision` digits. */
export function matrixToDecimal(a: Matrix, opts?: PrecisionOptions): Decimal[][] {
  const D = decimalContext({ precision: precisionOf(opts) });
  const out: Decimal[][] = [];
  for (let i = 0; i < a.rows; i++) {
    const row: Decimal[] = [];
    for (let j = 0; j < a.cols; j++) row.push(decimalFromFloat64(a.data[a.offset + i * a.stride + j], { D, name: `A[${i}][${j}]` }));
    out.push(row);
  }
  return out;
}

function readSquare(A: readonly (readonly Decimal.Value[])[], name: string, P: number): Decimal[][] {
  const n = A.length;
  const W = decimalContext({ precision: P + GUARD_DIGITS });
  return A.map((row, i) => {
    if (row.length !== n) throw new DimensionError(`${name} must be square: row ${i} has length ${row.length}, expected ${n}`);
    return row.map((v, j) => toDecimal(v, W, `${name}[${i}][${j}]`));
  });
}

/**
 * The Cholesky factor L (lower triangular, positive diagonal, zeros above) of the symmetric positive
 * definite A, \( A = LL^\top \), computed with 10 guard digits and rounded to `precision`.
 *
 * @throws {NotPositiveDefiniteError} (from `core/cholesky.ts`) naming the first non-positive pivot.
 * @throws {DimensionError} if A is not square, has a non-finite entry, or fails the symmetry check.
 */
export function choleskyDecimal(A: readonly (readonly Decimal.Value[])[], opts: DecimalCholeskyOptions = {}): { L: Decimal[][] } {
  const P = precisionOf(opts);
  const W = decimalContext({ precision: P + GUARD_DIGITS });
  const a = readSquare(A, 'A', P);
  const n = a.length;
  if ((opts.symmetry ?? 'lower') === 'check') {
    for (let i = 0; i < n; i++) {
      for (let j = 0; j < i; j++) {
        if (!a[i][j].eq(a[j][i])) throw new DimensionError(`A is not symmetric: A[${i}][${j}] = ${a[i][j].toString()} ≠ A[${j}][${i}] = ${a[j][i].toString()}`);
      }
    }
  }
  const L: Decimal[][] = Array.from({ length: n }, () => Array.from({ length: n }, () => new W(0)));
  for (let i = 0; i < n; i++) {
    for (let j = 0; j <= i; j++) {
      let s = a[i][j];
      for (let k = 0; k < j; k++) s = s.minus(L[i][k].times(L[j][k]));
      if (i === j) {
        if (!s.isPositive() || s.isZero()) throw new NotPositiveDefiniteError(i, s.toNumber());
        L[i][i] = W.sqrt(s);
      } else {
        L[i][j] = s.div(L[j][j]);
      }
    }
  }
  const D = decimalContext({ precision: P });
  return { L: L.map((row) => row.map((v) => new D(v).toSignificantDigits(P))) };
}

/**
 * \( \log\det A = 2\sum_i \ln L_{ii} \) from the Cholesky factor L.
 *
 * @throws {DimensionError} unless L is square with a positive finite diagonal.
 */
export function choleskyLogDetDecimal(L: readonly (readonly Decimal.Value[])[], opts?: PrecisionOptions): Decimal {
  const P = precisionOf(opts);
  const W = decimalContext({ precision: P + GUARD_DIGITS });
  const l = readSquare(L, 'L', P);
  let s = new W(0);
  for (let i = 0; i < l.length; i++) {
    if (!l[i][i].isPositive() || l[i][i].isZero()) throw new DimensionError(`L must have a positive diagonal: L[${i}][${i}] = ${l[i][i].toString()}`);
    s = s.plus(W.ln(l[i][i]));
  }
  return new (decimalContext({ precision: P }))(s.times(2)).toSignificantDigits(P);
}

/**
 * Solves \( AX = B \) with \( A = LL^\top \): forward substitution \( LY = B \), then \( L^\top X = Y \).
 * B is a vector (length n) or a matrix (n rows); the result has the same shape.
 *
 * @throws {DimensionError} for mismatched shapes, a non-finite entry or a zero diagonal entry of L.
 */
export function choleskySolveDecimal(L: readonly (readonly Decimal.Value[])[], B: readonly Decimal.Value[], opts?: PrecisionOptions): Decimal[];
export function choleskySolveDecimal(L: readonly (readonly Decimal.Value[])[], B: readonly (readonly Decimal.Value[])[], opts?: PrecisionOptions): Decimal[][];
export function choleskySolveDecimal(
  L: readonly (readonly Decimal.Value[])[],
  B: readonly Decimal.Value[] | readonly (readonly Decimal.Value[])[],
  opts?: PrecisionOptions,
): Decimal[] | Decimal[][] {
  const P = precisionOf(opts);
  const W = decimalContext({ precision: P + GUARD_DIGITS });
  const D = decimalContext({ precision: P });
  const l = readSquare(L, 'L', P);
  const n = l.length;
  for (let i = 0; i < n; i++) if (l[i][i].isZero()) throw new DimensionError(`L is singular: L[${i}][${i}] = 0`);
  if (B.length !== n) throw new DimensionError(`B must have ${n} rows, got ${B.length}`);
  const isVector = B.length === 0 || !Array.isArray(B[0]);
  const cols: Decimal[][] = [];
  if (isVector) cols.push((B as readonly Decimal.Value[]).map((v, i) => toDecimal(v, W, `b[${i}]`)));
  else {
    const Bm = B as readonly (readonly Decimal.Value[])[];
    const m = Bm[0].length;
    for (let c = 0; c < m; c++) {
      cols.push(
        Bm.map((row, i) => {
          if (row.length !== m) throw new DimensionError(`B row ${i} has length ${row.length}, expected ${m}`);
          return toDecimal(row[c], W, `B[${i}][${c}]`);
        }),
      );
    }
  }
  const solved = cols.map((b) => {
    const y: Decimal[] = [];
    for (let i = 0; i < n; i++) {
      let s = b[i];
      for (let k = 0; k < i; k++) s = s.minus(l[i][k].times(y[k]));
      y.push(s.div(l[i][i]));
    }
    const x: Decimal[] = new Array(n);
    for (let i = n - 1; i >= 0; i--) {
      let s = y[i];
      for (let k = i + 1; k < n; k++) s = s.minus(l[k][i].times(x[k]));
      x[i] = s.div(l[i][i]);
    }
    return x.map((v) => new D(v).toSignificantDigits(P));
  });
  if (isVector) return solved[0];
  return Array.from({ length: n }, (_, i) => solved.map((col) => col[i]));
}
