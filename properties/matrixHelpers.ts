/**
 * Small matrix helpers shared by the core properties (test oracles, not kernels: plain loops, no blocking).
 * Every helper honours the offset/stride of its inputs and returns a new contiguous matrix.
 */
import { clone, zeros, type Matrix } from '../src/core/matrix.ts';
import { embed } from './arbitraries/matrices.ts';

/** A − B entrywise. */
export function minus(a: Matrix, b: Matrix): Matrix {
  const out = zeros(a.rows, a.cols);
  for (let i = 0; i < a.rows; i++) {
    for (let j = 0; j < a.cols; j++) out.data[i * a.cols + j] = a.data[a.offset + i * a.stride + j] - b.data[b.offset + i * b.stride + j];
  }
  return out;
}

/** V·diag(s): column j scaled by s_j. */
export function scaleCols(v: Matrix, s: ArrayLike<number>): Matrix {
  const out = zeros(v.rows, v.cols);
  for (let i = 0; i < v.rows; i++) for (let j = 0; j < v.cols; j++) out.data[i * v.cols + j] = v.data[v.offset + i * v.stride + j] * s[j];
  return out;
}

/** The first k columns of Q. */
export function leadCols(q: Matrix, k: number): Matrix {
  const out = zeros(q.rows, k);
  for (let i = 0; i < q.rows; i++) for (let j = 0; j < k; j++) out.data[i * k + j] = q.data[q.offset + i * q.stride + j];
  return out;
}

/** A copy of `a` as a strided view inside a NaN-filled buffer (a kernel that reads outside the view sees NaN). */
export function asView(a: Matrix): Matrix {
  return embed(a, { top: 2, left: 1, extraStride: 3 });
}

/**
 * Does 2^k·x stay exact for every value of `xs`? True when each nonzero |x|·2^k is a normal double (in
 * [2^-1022, 2^1024)): below 2^-1022 the product is subnormal and loses bits (e.g. |x| = 2.1e-10 ≈ 2^-32 at k = −997).
 */
export function pow2Exact(xs: ArrayLike<number>, k: number): boolean {
  for (let i = 0; i < xs.length; i++) {
    const x = Math.abs(xs[i]);
    if (x === 0) continue;
    const e = Math.floor(Math.log2(x));
    if (e + k < -1022 || e + k > 1023) return false;
  }
  return true;
}

/** 2^k·A, exactly when {@link pow2Exact}(A.data, k) (no overflow or underflow into subnormals). */
export function pow2Times(a: Matrix, k: number): Matrix {
  const out = clone(a);
  // In two factors: 2^k alone overflows for k > 1023.
  const h = Math.trunc(k / 2);
  for (let i = 0; i < out.data.length; i++) out.data[i] = out.data[i] * 2 ** h * 2 ** (k - h);
  return out;
}
