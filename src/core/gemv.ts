/**
 * Level-1/2 kernels: matrix–vector product \( y \leftarrow \alpha\,\mathrm{op}(A)x + \beta y \) (BLAS `dgemv`),
 * dot product and axpy. Plain loops along rows, which are contiguous in the row-major layout.
 *
 * Error bounds (Higham, *Accuracy and Stability of Numerical Algorithms*, 2nd ed., §3.1 and §3.5):
 * \( |\mathrm{fl}(x^\top y) - x^\top y| \le \gamma_n |x|^\top|y| \) and, entrywise,
 * \( |\mathrm{fl}(Ax) - Ax| \le \gamma_n |A||x| \), \( \gamma_n = n\varepsilon/(1-n\varepsilon) \).
 *
 * @module
 */
import { DimensionError } from './errors.ts';
import type { Matrix } from './matrix.ts';
import { assertFiniteEntries, assertFiniteScalar, assertMatrix } from './validate.ts';

/** Options of {@link gemv}. */
export interface GemvOptions {
  /** Use Aᵀ in place of A. */
  trans?: boolean;
  /** Scale of the product (default 1). */
  alpha?: number;
  /** Scale of the old y (default 0: y's old entries, even NaN, are ignored). */
  beta?: number;
}

function assertVector(x: Float64Array, name: string, length?: number): void {
  if (!(x instanceof Float64Array)) throw new DimensionError(`${name} must be a Float64Array`);
  if (length !== undefined && x.length !== length) throw new DimensionError(`${name} has length ${x.length}, expected ${length}`);
}

function assertFiniteVector(x: Float64Array, name: string): void {
  for (let i = 0; i < x.length; i++) {
    if (!Number.isFinite(x[i])) throw new DimensionError(`${name} has a non-finite entry ${x[i]} at index ${i}`);
  }
}

/**
 * \( y \leftarrow \alpha\,\mathrm{op}(A)\,x + \beta y \) in place; returns y (BLAS `dgemv`; Golub & Van Loan,
 * *Matrix Computations* 4th ed., §1.1.3–1.1.4). Non-transposed: one dot product per row;
 * transposed: one axpy per row of A. `x` and `y` must not share storage.
 */
export function gemv(a: Matrix, x: Float64Array, y: Float64Array, options: GemvOptions = {}): Float64Array {
  const { trans = false, alpha = 1, beta = 0 } = options;
  assertMatrix(a, 'A');
  assertFiniteScalar(alpha, 'alpha');
  assertFiniteScalar(beta, 'beta');
  const m = trans ? a.cols : a.rows;
  const n = trans ? a.rows : a.cols;
  assertVector(x, 'x', n);
  assertVector(y, 'y', m);
  if (x.buffer === y.buffer && x.byteOffset < y.byteOffset + y.byteLength && y.byteOffset < x.byteOffset + x.byteLength) {
    throw new DimensionError('y overlaps x: the output must not alias the input');
  }
  if (a.data.buffer === y.buffer) throw new DimensionError('y shares storage with A: the output must not alias the input');
  assertFiniteEntries(a, 'A');
  assertFiniteVector(x, 'x');
  if (beta !== 0) assertFiniteVector(y, 'y');
  if (beta === 0) y.fill(0);
  else if (beta !== 1) for (let i = 0; i < m; i++) y[i] *= beta;
  if (alpha === 0) return y;
  const d = a.data;
  if (!trans) {
    for (let i = 0; i < m; i++) {
      const r = a.offset + i * a.stride;
      let s = 0;
      for (let j = 0; j < n; j++) s += d[r + j] * x[j];
      y[i] += alpha * s;
    }
  } else {
    // y_j += α Σ_i A_ij x_i: sweep the rows of A (contiguous).
    for (let i = 0; i < n; i++) {
      const axi = alpha * x[i];
      if (axi === 0) continue;
      const r = a.offset + i * a.stride;
      for (let j = 0; j < m; j++) y[j] += axi * d[r + j];
    }
  }
  return y;
}

/** A new vector \( \mathrm{op}(A)\,x \). */
export function matvec(a: Matrix, x: Float64Array, options: Pick<GemvOptions, 'trans'> = {}): Float64Array {
  assertMatrix(a, 'A');
  return gemv(a, x, new Float64Array(options.trans ? a.cols : a.rows), { trans: options.trans, alpha: 1, beta: 0 });
}

/** \( x^\top y = \sum_i x_i y_i \), summed in index order. Throws on a length mismatch. */
export function dot(x: Float64Array, y: Float64Array): number {
  assertVector(x, 'x');
  assertVector(y, 'y', x.length);
  let s = 0;
  for (let i = 0; i < x.length; i++) s += x[i] * y[i];
  return s;
}

/** \( y \leftarrow \alpha x + y \) in place; returns y. Throws on a length mismatch or a non-finite α. */
export function axpy(alpha: number, x: Float64Array, y: Float64Array): Float64Array {
  assertFiniteScalar(alpha, 'alpha');
  assertVector(x, 'x');
  assertVector(y, 'y', x.length);
  if (alpha === 0) return y;
  for (let i = 0; i < x.length; i++) y[i] += alpha * x[i];
  return y;
}
