/**
 * Symmetric rank-k update \( C \leftarrow \alpha A A^\top + \beta C \) or \( \alpha A^\top A + \beta C \) (BLAS `dsyrk`),
 * and the Gram matrix.
 *
 * The plain kernel recurses on halves of C: the two diagonal blocks are symmetric updates again, the
 * off-diagonal block is one GEMM (through the active backend), so all but an O(k·n·b) sliver of the
 * work runs in the packed GEMM kernel (Golub & Van Loan, *Matrix Computations* 4th ed., §1.5 and §4.2.9).
 *
 * @module
 */
import { DimensionError, zeros, view, type Matrix } from './matrix.ts';
import { activeBackend } from './backend.ts';
import { assertFiniteEntries, assertFiniteScalar, assertMatrix, viewsOverlap } from './gemm.ts';

/** Blocks of C at or below this order are updated by direct dot products. */
const BASE = 32;

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

/** Scales the lower triangle of the square C by β (β = 0 writes exact zeros). */
function scaleLower(c: Matrix, beta: number): void {
  if (beta === 1) return;
  const cd = c.data;
  for (let i = 0; i < c.rows; i++) {
    const r = c.offset + i * c.stride;
    if (beta === 0) cd.fill(0, r, r + i + 1);
    else for (let j = 0; j <= i; j++) cd[r + j] *= beta;
  }
}

/** Copies the strict lower triangle of the square C onto its strict upper triangle, in 32 × 32 tiles for cache reuse. */
export function mirrorLower(c: Matrix): void {
  const n = c.rows;
  const cd = c.data, off = c.offset, ld = c.stride;
  const T = 32;
  for (let ib = 0; ib < n; ib += T) {
    const ie = Math.min(n, ib + T);
    for (let jb = 0; jb <= ib; jb += T) {
      const je = Math.min(n, jb + T);
      for (let i = ib; i < ie; i++) {
        const jend = Math.min(je, i);
        for (let j = jb; j < jend; j++) cd[off + j * ld + i] = cd[off + i * ld + j];
      }
    }
  }
}

/** Lower triangle of C += α·op(A)·op(A)ᵀ for a small block by direct sums; op(A) rows are i0..i0+nn. */
function syrkBase(trans: boolean, alpha: number, a: Matrix, c: Matrix, i0: number, nn: number): void {
  const ad = a.data, cd = c.data;
  const k = trans ? a.rows : a.cols;
  if (!trans) {
    // Rows of A are contiguous: each C_ij is a dot product of two rows.
    for (let i = 0; i < nn; i++) {
      const ri = a.offset + (i0 + i) * a.stride;
      const rc = c.offset + (i0 + i) * c.stride + i0;
      for (let j = 0; j <= i; j++) {
        const rj = a.offset + (i0 + j) * a.stride;
        let s = 0;
        for (let p = 0; p < k; p++) s += ad[ri + p] * ad[rj + p];
        cd[rc + j] += alpha * s;
      }
    }
  } else {
    // op(A) = Aᵀ: C_ij = Σ_p A_pi A_pj; sweep rows p of A (contiguous) as rank-1 updates.
    for (let p = 0; p < k; p++) {
      const rp = a.offset + p * a.stride + i0;
      for (let i = 0; i < nn; i++) {
        const api = alpha * ad[rp + i];
        if (api === 0) continue;
        const rc = c.offset + (i0 + i) * c.stride + i0;
        for (let j = 0; j <= i; j++) cd[rc + j] += api * ad[rp + j];
      }
    }
  }
}

function syrkRec(trans: boolean, alpha: number, a: Matrix, c: Matrix, i0: number, nn: number): void {
  if (nn <= BASE) {
    syrkBase(trans, alpha, a, c, i0, nn);
    return;
  }
  // Split on a multiple of 4 so GEMM blocks keep full register tiles where possible.
  const h = Math.max(4, ((nn >> 1) + 3) & ~3);
  syrkRec(trans, alpha, a, c, i0, h);
  const k = trans ? a.rows : a.cols;
  const c21 = view(c, i0 + h, i0, nn - h, h);
  if (!trans) {
    activeBackend().gemm(false, true, alpha, view(a, i0 + h, 0, nn - h, k), view(a, i0, 0, h, k), 1, c21);
  } else {
    activeBackend().gemm(true, false, alpha, view(a, 0, i0 + h, k, nn - h), view(a, 0, i0, k, h), 1, c21);
  }
  syrkRec(trans, alpha, a, c, i0 + h, nn - h);
}

/**
 * The plain-TypeScript SYRK kernel (no validation): lower triangle of
 * \( C \leftarrow \alpha\,\mathrm{op}(A)\,\mathrm{op}(A)^\top + \beta C \), op(A) = A (`trans` false) or Aᵀ;
 * mirrored to the upper triangle when `full`. Each entry obeys the GEMM bound
 * \( |\hat C - C| \le \gamma_k |\alpha|\,|\mathrm{op}(A)|\,|\mathrm{op}(A)|^\top \) (Higham 2002, §3.5).
 */
export function syrkPlain(full: boolean, trans: boolean, alpha: number, a: Matrix, beta: number, c: Matrix): void {
  const n = c.rows;
  scaleLower(c, beta);
  const k = trans ? a.rows : a.cols;
  if (n > 0 && k > 0 && alpha !== 0) syrkRec(trans, alpha, a, c, 0, n);
  if (full) mirrorLower(c);
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
  if (beta !== 0) {
    // Only the lower triangle of the old C is read.
    for (let i = 0; i < n; i++) {
      for (let j = 0; j <= i; j++) {
        const v = c.data[c.offset + i * c.stride + j];
        if (!Number.isFinite(v)) throw new DimensionError(`C has a non-finite entry ${v} at (${i}, ${j})`);
      }
    }
  }
  activeBackend().syrk(uplo === 'full', trans, alpha, a, beta, c);
  return c;
}

/**
 * The Gram matrix, exactly symmetric: of the columns, \( G = A^\top A \), \( G_{ij} = \langle a_{:,i}, a_{:,j}\rangle \)
 * (default), or of the rows, \( G = A A^\top \), \( G_{ij} = \langle a_{i,:}, a_{j,:}\rangle \).
 */
export function gram(a: Matrix, of: 'columns' | 'rows' = 'columns'): Matrix {
  assertMatrix(a, 'A');
  if (of !== 'columns' && of !== 'rows') throw new DimensionError(`of must be 'columns' or 'rows', got '${of}'`);
  const trans = of === 'columns';
  const n = trans ? a.cols : a.rows;
  return syrk(a, zeros(n, n), { trans, uplo: 'full' });
}
