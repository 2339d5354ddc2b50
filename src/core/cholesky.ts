/**
 * Cholesky factorisation \( A = L L^\top \) of a symmetric positive definite matrix, its log-determinant,
 * and solves with the factor.
 *
 * The plain kernel {@link potrfPlain} is the recursive blocked algorithm (Gustavson, *Recursive
 * leads to automatic variable blocking for dense linear-algebra algorithms*, IBM J. Res. Dev. 41 (1997);
 * Golub & Van Loan, *Matrix Computations* 4th ed., Alg. 4.2.2 in recursive form):
 * \[ \begin{pmatrix} A_{11} & \\ A_{21} & A_{22} \end{pmatrix}:\quad
 *    L_{11} = \mathrm{chol}(A_{11}),\; L_{21} = A_{21} L_{11}^{-\top},\; L_{22} = \mathrm{chol}(A_{22} - L_{21} L_{21}^\top), \]
 * with the solve by TRSM and the Schur-complement update by SYRK (both through the active backend,
 * hence mostly GEMM), and blocks of order ≤ 32 by the unblocked row-oriented (Cholesky–Banachiewicz) loop.
 * It works in place on the lower triangle: no memory beyond GEMM's packing buffers.
 *
 * Backward stability: the computed factor satisfies \( \hat L \hat L^\top = A + \Delta A \),
 * \( |\Delta A| \le \gamma_{n+1} |\hat L| |\hat L|^\top \), hence \( \|\Delta A\|_F \le \gamma_{n+1}\, n\, \|A\|_2 \)
 * (Higham, *Accuracy and Stability of Numerical Algorithms*, 2nd ed., Thm. 10.3 and eq. (10.8)).
 *
 * @module
 */
import { DimensionError, view, zeros, type Matrix } from './matrix.ts';
import { activeBackend } from './backend.ts';
import { assertFiniteEntries, assertMatrix } from './gemm.ts';
import { trsm } from './trsm.ts';

/** Blocks at or below this order are factored by the unblocked loop. */
const BASE = 32;

/**
 * Thrown when a pivot \( d_j = a_{jj} - \sum_{k<j} l_{jk}^2 \) is not positive: the matrix is not
 * (numerically) positive definite. Its leading j × j block is, and \( d_j \) is the Schur complement there.
 */
export class NotPositiveDefiniteError extends Error {
  override name = 'NotPositiveDefiniteError';
  constructor(
    /** 0-based index j of the failing pivot. */
    readonly index: number,
    /** The pivot value \( d_j \le 0 \) (or NaN). */
    readonly value: number,
    argName = 'A',
  ) {
    super(`${argName} is not positive definite: pivot ${index} is ${value} (the leading ${index}×${index} block is positive definite, the next Schur complement is not)`);
  }
}

/** Unblocked Cholesky–Banachiewicz on the lower triangle of a small block; `base` is its global index. */
function potrfBase(a: Matrix, base: number): void {
  const d = a.data, off = a.offset, ld = a.stride, n = a.rows;
  for (let i = 0; i < n; i++) {
    const ri = off + i * ld;
    for (let j = 0; j <= i; j++) {
      const rj = off + j * ld;
      let s = d[ri + j];
      for (let k = 0; k < j; k++) s -= d[ri + k] * d[rj + k];
      if (i === j) {
        if (!(s > 0)) throw new NotPositiveDefiniteError(base + i, s);
        d[ri + i] = Math.sqrt(s);
      } else {
        d[ri + j] = s / d[rj + j];
      }
    }
  }
}

function potrfRec(a: Matrix, base: number): void {
  const n = a.rows;
  if (n <= BASE) {
    potrfBase(a, base);
    return;
  }
  const h = ((n >> 1) + 3) & ~3;
  const r = n - h;
  const a11 = view(a, 0, 0, h, h);
  const a21 = view(a, h, 0, r, h);
  const a22 = view(a, h, h, r, r);
  const be = activeBackend();
  potrfRec(a11, base);
  be.trsm('right', 'lower', true, false, 1, a11, a21); // L21 = A21 L11⁻ᵀ
  be.syrk(false, false, -1, a21, 1, a22); // A22 −= L21 L21ᵀ (lower triangle)
  potrfRec(a22, base + h);
}

/**
 * The plain-TypeScript Cholesky kernel (LAPACK `dpotrf`, lower; no validation): overwrites the lower
 * triangle of the square A with L; the strict upper triangle is not touched.
 * Throws {@link NotPositiveDefiniteError} with the global pivot index.
 */
export function potrfPlain(a: Matrix): void {
  if (a.rows > 0) potrfRec(a, 0);
}

/** Options of {@link cholesky} and {@link choleskyInPlace}. */
export interface CholeskyOptions {
  /**
   * 'check' (default): A must be symmetric up to rounding,
   * \( |a_{ij} - a_{ji}| \le \sqrt{\varepsilon}\,\sqrt{|a_{ii}|\,|a_{jj}|} \) (see {@link assertSymmetric});
   * 'lower': only the lower triangle is read (LAPACK semantics), the upper one is ignored.
   */
  symmetry?: 'check' | 'lower';
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
  const tol = Math.sqrt(Number.EPSILON);
  const T = 32; // tiles keep the column reads in cache
  for (let ib = 0; ib < n; ib += T) {
    const ie = Math.min(n, ib + T);
    for (let jb = 0; jb <= ib; jb += T) {
      const je = Math.min(n, jb + T);
      for (let i = ib; i < ie; i++) {
        const jend = Math.min(je, i);
        for (let j = jb; j < jend; j++) {
          const lo = d[off + i * ld + j];
          const up = d[off + j * ld + i];
          if (lo === up) continue;
          const scale = Math.sqrt(Math.abs(d[off + i * ld + i]) * Math.abs(d[off + j * ld + j]));
          if (!(Math.abs(lo - up) <= tol * scale)) {
            throw new DimensionError(`${name} is not symmetric: entry (${i}, ${j}) is ${lo} but (${j}, ${i}) is ${up}`);
          }
        }
      }
    }
  }
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
    for (let i = 0; i < a.rows; i++) {
      const r = a.offset + i * a.stride;
      for (let j = 0; j <= i; j++) {
        const v = a.data[r + j];
        if (!Number.isFinite(v)) throw new DimensionError(`${name} has a non-finite entry ${v} at (${i}, ${j})`);
      }
    }
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
