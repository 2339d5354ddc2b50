/**
 * Dense row-major matrices over `Float64Array`, with strided views.
 *
 * Element (i, j) of `A` lives at `A.data[A.offset + i * A.stride + j]`. A view shares
 * `data` with its parent, so kernels take `(data, offset, stride)` and never copy.
 * Every routine in `src/core` that accepts a `Matrix` honours `offset` and `stride`.
 *
 * @module
 */
import { DimensionError } from './errors.ts';

/** A dense row-major matrix, possibly a view into a larger buffer. */
export interface Matrix {
  readonly rows: number;
  readonly cols: number;
  /** Backing storage; may be shared with other views. */
  readonly data: Float64Array;
  /** Index of element (0, 0) in `data`. */
  readonly offset: number;
  /** Distance in `data` between (i, j) and (i + 1, j); `stride >= cols`. */
  readonly stride: number;
}

// DimensionError lives in errors.ts; re-exported here because the layers above (models, reference) import it
// together with the Matrix helpers.
export { DimensionError };

function checkShape(rows: number, cols: number): void {
  if (!Number.isInteger(rows) || !Number.isInteger(cols) || rows < 0 || cols < 0) {
    throw new DimensionError(`invalid matrix shape ${rows}×${cols}: dimensions must be non-negative integers`);
  }
}

/** An all-zero `rows × cols` matrix with its own contiguous storage. */
export function zeros(rows: number, cols: number): Matrix {
  checkShape(rows, cols);
  return { rows, cols, data: new Float64Array(rows * cols), offset: 0, stride: cols };
}

/** Wraps a contiguous row-major buffer without copying. */
export function fromArray(rows: number, cols: number, data: Float64Array): Matrix {
  checkShape(rows, cols);
  if (data.length < rows * cols) {
    throw new DimensionError(`buffer of length ${data.length} is too short for a ${rows}×${cols} matrix`);
  }
  return { rows, cols, data, offset: 0, stride: cols };
}

/** Copies nested arrays (one inner array per row) into a new matrix. */
export function fromRows(rows: ArrayLike<ArrayLike<number>>): Matrix {
  const m = rows.length;
  const n = m === 0 ? 0 : rows[0].length;
  const out = zeros(m, n);
  for (let i = 0; i < m; i++) {
    const r = rows[i];
    if (r.length !== n) throw new DimensionError(`row ${i} has length ${r.length}, expected ${n}`);
    for (let j = 0; j < n; j++) out.data[i * n + j] = r[j];
  }
  return out;
}

/** Nested arrays (one per row), for JSON output and tests. */
export function toRows(a: Matrix): number[][] {
  const out: number[][] = [];
  for (let i = 0; i < a.rows; i++) {
    const row: number[] = new Array(a.cols);
    const base = a.offset + i * a.stride;
    for (let j = 0; j < a.cols; j++) row[j] = a.data[base + j];
    out.push(row);
  }
  return out;
}

/** The n × n identity. */
export function identity(n: number): Matrix {
  const out = zeros(n, n);
  for (let i = 0; i < n; i++) out.data[i * n + i] = 1;
  return out;
}

/** A diagonal matrix with the given diagonal. */
export function diag(d: ArrayLike<number>): Matrix {
  const n = d.length;
  const out = zeros(n, n);
  for (let i = 0; i < n; i++) out.data[i * n + i] = d[i];
  return out;
}

/** Element (i, j). Bounds are the caller's responsibility (hot path). */
export function get(a: Matrix, i: number, j: number): number {
  return a.data[a.offset + i * a.stride + j];
}

/** Sets element (i, j) in place. */
export function set(a: Matrix, i: number, j: number, v: number): void {
  a.data[a.offset + i * a.stride + j] = v;
}

/** The block of `rows × cols` starting at (i0, j0), sharing storage with `a`. */
export function view(a: Matrix, i0: number, j0: number, rows: number, cols: number): Matrix {
  checkShape(rows, cols);
  if (i0 < 0 || j0 < 0 || i0 + rows > a.rows || j0 + cols > a.cols) {
    throw new DimensionError(`view ${rows}×${cols} at (${i0}, ${j0}) exceeds a ${a.rows}×${a.cols} matrix`);
  }
  return { rows, cols, data: a.data, offset: a.offset + i0 * a.stride + j0, stride: a.stride };
}

/** A contiguous copy (stride = cols, offset = 0). */
export function clone(a: Matrix): Matrix {
  const out = zeros(a.rows, a.cols);
  for (let i = 0; i < a.rows; i++) {
    const src = a.offset + i * a.stride;
    out.data.set(a.data.subarray(src, src + a.cols), i * a.cols);
  }
  return out;
}

/** A contiguous copy of the transpose. */
export function transpose(a: Matrix): Matrix {
  const out = zeros(a.cols, a.rows);
  const od = out.data;
  const ad = a.data;
  const m = a.rows;
  for (let i = 0; i < m; i++) {
    const base = a.offset + i * a.stride;
    for (let j = 0; j < a.cols; j++) od[j * m + i] = ad[base + j];
  }
  return out;
}

/** Throws a {@link DimensionError} naming the first non-finite entry. */
export function assertFinite(a: Matrix, name = 'matrix'): void {
  for (let i = 0; i < a.rows; i++) {
    const base = a.offset + i * a.stride;
    for (let j = 0; j < a.cols; j++) {
      const v = a.data[base + j];
      if (!Number.isFinite(v)) throw new DimensionError(`${name} has a non-finite entry ${v} at (${i}, ${j})`);
    }
  }
}

/** Throws unless `a` is square. */
export function assertSquare(a: Matrix, name = 'matrix'): void {
  if (a.rows !== a.cols) throw new DimensionError(`${name} must be square, got ${a.rows}×${a.cols}`);
}

/** Frobenius norm, scaled to avoid overflow. */
export function frobenius(a: Matrix): number {
  let scale = 0;
  let ssq = 1;
  for (let i = 0; i < a.rows; i++) {
    const base = a.offset + i * a.stride;
    for (let j = 0; j < a.cols; j++) {
      const v = Math.abs(a.data[base + j]);
      if (v === 0) continue;
      if (scale < v) {
        ssq = 1 + ssq * (scale / v) * (scale / v);
        scale = v;
      } else {
        ssq += (v / scale) * (v / scale);
      }
    }
  }
  return scale * Math.sqrt(ssq);
}

/** max |a_ij| of a view (\( \|A\|_{\max} \)); NaN when an entry is NaN. */
export function maxAbs(a: Matrix): number {
  let m = 0;
  for (let i = 0; i < a.rows; i++) for (let j = 0; j < a.cols; j++) m = Math.max(m, Math.abs(a.data[a.offset + i * a.stride + j]));
  return m;
}

/**
 * max |a_ij|, throwing a {@link DimensionError} that names the first non-finite entry: the scan the
 * factorisations run before scaling their input.
 */
export function maxAbsFinite(a: Matrix, name = 'matrix'): number {
  let amax = 0;
  for (let i = 0; i < a.rows; i++) {
    const base = a.offset + i * a.stride;
    for (let j = 0; j < a.cols; j++) {
      const x = a.data[base + j];
      if (!Number.isFinite(x)) throw new DimensionError(`${name} has a non-finite entry ${x} at (${i}, ${j})`);
      const ax = Math.abs(x);
      if (ax > amax) amax = ax;
    }
  }
  return amax;
}

/**
 * The power of two s with s·amax ∈ [1, 2) (1 when amax = 0): scaling by it is exact, and keeps squares in
 * Householder norms and shifts from overflowing or underflowing. Clamped to 2^±1000 so that it is finite
 * (subnormal input is still lifted to ≥ 2⁻⁷⁴).
 */
export function powerOfTwoScale(amax: number): number {
  return amax === 0 ? 1 : 2 ** Math.max(-1000, Math.min(1000, -Math.floor(Math.log2(amax))));
}
