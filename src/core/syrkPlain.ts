/**
 * The plain-TypeScript SYRK kernel {@link syrkPlain} (BLAS `dsyrk`) and {@link mirrorLower}.
 *
 * The kernel recurses on halves of C: the two diagonal blocks are symmetric updates again, the
 * off-diagonal block is one GEMM (the GEMM passed in, so a backend with a faster GEMM speeds this up), so all
 * but an O(k·n·b) sliver of the work runs in the packed GEMM kernel (Golub & Van Loan, *Matrix Computations*
 * 4th ed., §1.5 and §4.2.9). Imports no dispatch code: `backend.ts` imports it.
 *
 * @module
 */
import { view, type Matrix } from './matrix.ts';
import type { GemmKernel } from './backendTypes.ts';
import { gemmPlain } from './gemmPlain.ts';
import { forEachStrictLowerTileRow } from './forEachStrictLowerTileRow.ts';

/** Blocks of C at or below this order are updated by direct dot products. */
const BASE = 32;

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
  forEachStrictLowerTileRow(n, (i, j0, j1) => {
    for (let j = j0; j < j1; j++) cd[off + j * ld + i] = cd[off + i * ld + j];
  });
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

function syrkRec(trans: boolean, alpha: number, a: Matrix, c: Matrix, i0: number, nn: number, gemm: GemmKernel): void {
  if (nn <= BASE) {
    syrkBase(trans, alpha, a, c, i0, nn);
    return;
  }
  // Split on a multiple of 4 so GEMM blocks keep full register tiles where possible.
  const h = Math.max(4, ((nn >> 1) + 3) & ~3);
  syrkRec(trans, alpha, a, c, i0, h, gemm);
  const k = trans ? a.rows : a.cols;
  const c21 = view(c, i0 + h, i0, nn - h, h);
  if (!trans) {
    gemm(false, true, alpha, view(a, i0 + h, 0, nn - h, k), view(a, i0, 0, h, k), 1, c21);
  } else {
    gemm(true, false, alpha, view(a, 0, i0 + h, k, nn - h), view(a, 0, i0, k, h), 1, c21);
  }
  syrkRec(trans, alpha, a, c, i0 + h, nn - h, gemm);
}

/**
 * The plain-TypeScript SYRK kernel (no validation): lower triangle of
 * \( C \leftarrow \alpha\,\mathrm{op}(A)\,\mathrm{op}(A)^\top + \beta C \), op(A) = A (`trans` false) or Aᵀ;
 * mirrored to the upper triangle when `full`. The off-diagonal blocks go through `gemm` (the calling backend's
 * GEMM; default {@link gemmPlain}). Each entry obeys the GEMM bound
 * \( |\hat C - C| \le \gamma_k |\alpha|\,|\mathrm{op}(A)|\,|\mathrm{op}(A)|^\top \) (Higham 2002, §3.5).
 */
export function syrkPlain(
  full: boolean, trans: boolean, alpha: number, a: Matrix, beta: number, c: Matrix, gemm: GemmKernel = gemmPlain,
): void {
  const n = c.rows;
  scaleLower(c, beta);
  const k = trans ? a.rows : a.cols;
  if (n > 0 && k > 0 && alpha !== 0) syrkRec(trans, alpha, a, c, 0, n, gemm);
  if (full) mirrorLower(c);
}

