/**
 * The plain-TypeScript Cholesky kernel {@link potrfPlain} (LAPACK `dpotrf`, lower), \( A = L L^\top \).
 *
 * The recursive blocked algorithm (Gustavson, *Recursive leads to automatic variable blocking for dense
 * linear-algebra algorithms*, IBM J. Res. Dev. 41 (1997); Golub & Van Loan, *Matrix Computations* 4th ed.,
 * Alg. 4.2.2 in recursive form):
 * \[ \begin{pmatrix} A_{11} & \\ A_{21} & A_{22} \end{pmatrix}:\quad
 *    L_{11} = \mathrm{chol}(A_{11}),\; L_{21} = A_{21} L_{11}^{-\top},\; L_{22} = \mathrm{chol}(A_{22} - L_{21} L_{21}^\top), \]
 * with the solve by TRSM and the Schur-complement update by SYRK (those of the calling backend, hence mostly
 * GEMM), and blocks of order ≤ 32 by the unblocked row-oriented (Cholesky–Banachiewicz) loop. In place on the
 * lower triangle: no memory beyond GEMM's packing buffers. Imports no dispatch code: `backend.ts` imports it.
 *
 * @module
 */
import { NotPositiveDefiniteError } from './errors.ts';
import { view, type Matrix } from './matrix.ts';
import type { SyrkKernel, TrsmKernel } from './backendTypes.ts';
import { syrkPlain } from './syrkPlain.ts';
import { trsmPlain } from './trsmPlain.ts';

/** Blocks at or below this order are factored by the unblocked loop. */
const BASE = 32;

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

function potrfRec(a: Matrix, base: number, k: PotrfParts): void {
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
  potrfRec(a11, base, k);
  k.trsm('right', 'lower', true, false, 1, a11, a21); // L21 = A21 L11⁻ᵀ
  k.syrk(false, false, -1, a21, 1, a22); // A22 −= L21 L21ᵀ (lower triangle)
  potrfRec(a22, base + h, k);
}

/** The kernels the blocked Cholesky builds on. */
export interface PotrfParts {
  trsm: TrsmKernel;
  syrk: SyrkKernel;
}

/** The plain kernels, for a direct call outside any backend. */
const PLAIN_PARTS: PotrfParts = { trsm: trsmPlain, syrk: syrkPlain };

/**
 * The plain-TypeScript Cholesky kernel (LAPACK `dpotrf`, lower; no validation): overwrites the lower
 * triangle of the square A with L; the strict upper triangle is not touched. The off-diagonal solve and the
 * Schur-complement update go through `parts` (the calling backend's TRSM and SYRK; default the plain ones).
 * Throws {@link NotPositiveDefiniteError} with the global pivot index.
 */
export function potrfPlain(a: Matrix, parts: PotrfParts = PLAIN_PARTS): void {
  if (a.rows > 0) potrfRec(a, 0, parts);
}

