/**
 * Input checks shared by the public kernels of `src/core`: well-formed views, finite entries and scalars,
 * aliasing, symmetry. Each throws a {@link DimensionError} whose message names the argument, so that bad
 * input gives a clear error and never a wrong number. This file imports only `errors.ts`, `constants.ts`,
 * `forEachStrictLowerTileRow.ts` (and the `Matrix` type), so every kernel module can use it without an import cycle.
 *
 * @module
 */
import { DimensionError } from './errors.ts';
import { SQRT_EPS } from './constants.ts';
import { forEachStrictLowerTileRow } from './forEachStrictLowerTileRow.ts';
import type { Matrix } from './matrix.ts';

/** The rectangle [r0, r0+rows) × [c0, c0+cols) that a view covers in its buffer's row-major grid of width `stride`. */
function rect(x: Matrix): [number, number, number, number] {
  const r0 = Math.floor(x.offset / x.stride);
  const c0 = x.offset - r0 * x.stride;
  return [r0, r0 + x.rows, c0, c0 + x.cols];
}

/**
 * True when views `x` and `y` may share an element. Exact for views of one buffer with one stride
 * (blocks of the same parent, as in blocked factorisations); conservative (address ranges) otherwise.
 */
export function viewsOverlap(x: Matrix, y: Matrix): boolean {
  if (x.data !== y.data || x.rows === 0 || x.cols === 0 || y.rows === 0 || y.cols === 0) return false;
  if (x.stride === y.stride && x.offset % x.stride + x.cols <= x.stride && y.offset % y.stride + y.cols <= y.stride) {
    const [xr0, xr1, xc0, xc1] = rect(x);
    const [yr0, yr1, yc0, yc1] = rect(y);
    return xr0 < yr1 && yr0 < xr1 && xc0 < yc1 && yc0 < xc1;
  }
  const xEnd = x.offset + (x.rows - 1) * x.stride + x.cols;
  const yEnd = y.offset + (y.rows - 1) * y.stride + y.cols;
  return x.offset < yEnd && y.offset < xEnd;
}

/** Throws a {@link DimensionError} unless `x` is a well-formed view (integer shape, stride ≥ cols, inside its buffer). */
export function assertMatrix(x: Matrix, name: string): void {
  if (x === null || typeof x !== 'object' || !(x.data instanceof Float64Array)) {
    throw new DimensionError(`${name} must be a Matrix over a Float64Array`);
  }
  const { rows, cols, offset, stride } = x;
  if (![rows, cols, offset, stride].every((v) => Number.isInteger(v) && v >= 0)) {
    throw new DimensionError(`${name} has an invalid layout (rows ${rows}, cols ${cols}, offset ${offset}, stride ${stride})`);
  }
  if (rows > 0 && cols > 0 && (stride < cols || offset + (rows - 1) * stride + cols > x.data.length)) {
    throw new DimensionError(`${name} (${rows}×${cols}, offset ${offset}, stride ${stride}) does not fit its buffer of length ${x.data.length}`);
  }
}

/** Throws a {@link DimensionError} naming `name` unless `v` is a finite number. */
export function assertFiniteScalar(v: number, name: string): void {
  if (typeof v !== 'number' || !Number.isFinite(v)) throw new DimensionError(`${name} must be a finite number, got ${v}`);
}

/** Throws a {@link DimensionError} naming the first non-finite entry of `x`. */
export function assertFiniteEntries(x: Matrix, name: string): void {
  const d = x.data;
  for (let i = 0; i < x.rows; i++) {
    const r = x.offset + i * x.stride;
    for (let j = 0; j < x.cols; j++) {
      const v = d[r + j];
      // v - v is 0 for finite v and NaN for ±∞ and NaN: one comparison in the common case.
      if (v - v !== 0) throw new DimensionError(`${name} has a non-finite entry ${v} at (${i}, ${j})`);
    }
  }
}

/** Throws a {@link DimensionError} naming the first non-finite entry in the lower triangle (diagonal included) of the square `x`. */
export function assertFiniteLower(x: Matrix, name: string): void {
  for (let i = 0; i < x.rows; i++) {
    const r = x.offset + i * x.stride;
    for (let j = 0; j <= i; j++) {
      const v = x.data[r + j];
      if (!Number.isFinite(v)) throw new DimensionError(`${name} has a non-finite entry ${v} at (${i}, ${j})`);
    }
  }
}

/**
 * Throws a {@link DimensionError} naming the first pair (i, j) with
 * \( |a_{ij} - a_{ji}| > \sqrt{\varepsilon}\,\sqrt{|a_{ii}|\,|a_{jj}|} \).
 *
 * Why this bound: a symmetric matrix formed in float64 as \( a_{ij} = \sum_{p \le k} x_{ip} x_{jp} \) by two
 * different summation orders differs between (i, j) and (j, i) by at most
 * \( 2\gamma_k \sum_p |x_{ip}||x_{jp}| \le 2k\varepsilon \sqrt{a_{ii} a_{jj}} \) (Cauchy–Schwarz), which is below
 * \( \sqrt{\varepsilon}\sqrt{a_{ii}a_{jj}} \) for every k < 1/(2√ε) ≈ 3·10⁷. A larger gap is not rounding: the input is not symmetric.
 */
export function assertSymmetric(a: Matrix, name = 'A'): void {
  const n = a.rows;
  const d = a.data, off = a.offset, ld = a.stride;
  const tol = SQRT_EPS;
  // In tiles, which keep the column reads in cache; the first failing pair in that order is reported.
  forEachStrictLowerTileRow(n, (i, j0, j1) => {
    for (let j = j0; j < j1; j++) {
      const lo = d[off + i * ld + j];
      const up = d[off + j * ld + i];
      if (lo === up) continue;
      const scale = Math.sqrt(Math.abs(d[off + i * ld + i]) * Math.abs(d[off + j * ld + j]));
      if (!(Math.abs(lo - up) <= tol * scale)) {
        throw new DimensionError(`${name} is not symmetric: entry (${i}, ${j}) is ${lo} but (${j}, ${i}) is ${up}`);
      }
    }
  });
}
