/**
 * Applies a product of Householder reflectors to a matrix from the left, blocked so that the work is GEMM:
 * \( Z \leftarrow H_0 H_1 \cdots H_{p-1} Z \), \( H_k = I - \tau_k u_k u_k^\top \), by the compact WY representation
 * \( H_{k_0}\cdots H_{k_1-1} = I - V T V^\top \) of each block of `BLOCK` reflectors (Schreiber & Van Loan, SIAM J. Sci.
 * Stat. Comput. 10 (1989); LAPACK `dlarft` forward/columnwise and `dlarfb`): per block three GEMMs,
 * \( W = V^\top Z \), \( W \leftarrow T W \), \( Z \leftarrow Z - V W \). About \( 4\,p\,r\,c \) flops for an r × c matrix Z.
 *
 * It is the back-transformation of the eigenvectors of the tridiagonal matrix (`sytrd` reflectors) and of the singular
 * vectors of the bidiagonal matrix (`gebrd` reflectors) in the divide-and-conquer solvers.
 *
 * @module
 */
import type { GemmKernel } from './backendTypes.ts';
import type { Matrix } from './matrix.ts';

/** Reflectors per WY block. */
const BLOCK = 32;

/** Where and how the reflectors are stored. */
export interface ReflectorSet {
  /** Number p of reflectors (k = 0 … p − 1). */
  count: number;
  /**
   * Reflector k acts on indices ≥ k + shift: \( u_k \) is zero before index k + shift, 1 there (implicit), and
   * read from `source` after it.
   */
  shift: number;
  /** τ_k (a zero τ_k is the identity, whatever is stored for u_k). */
  tau: Float64Array;
  /** Row-major buffer holding the vectors. */
  source: Float64Array;
  /** Its leading dimension. */
  ld: number;
  /** 'rows': \( u_k[i] \) = source[k·ld + i] (LAPACK `dsytrd` upper / `dgebrd` right reflectors); 'columns': source[i·ld + k]. */
  storage: 'rows' | 'columns';
}

/**
 * \( Z \leftarrow H_0 H_1 \cdots H_{p-1} Z \) in place (Z contiguous or a view; its row count is the dimension of the
 * reflectors). The GEMMs go through `gemm` (the active backend's).
 */
export function applyReflectors(refl: ReflectorSet, z: Matrix, gemm: GemmKernel): void {
  const { count: p, shift, tau, source, ld, storage } = refl;
  const rows = z.rows, cols = z.cols;
  if (p === 0 || cols === 0) return;
  for (let kEnd = p; kEnd > 0; kEnd -= BLOCK) {
    const k0 = Math.max(0, kEnd - BLOCK);
    const b = kEnd - k0;
    const start = k0 + shift;
    const len = rows - start;
    if (len <= 0) continue;
    // Vᵀ (b × len): row i is u_{k0+i} restricted to indices start…rows−1.
    const vt = new Float64Array(b * len);
    for (let i = 0; i < b; i++) {
      const k = k0 + i;
      if (tau[k] === 0) continue;
      const one = k + shift - start; // = i
      const r = i * len;
      vt[r + one] = 1;
      if (storage === 'rows') {
        const o = k * ld;
        for (let j = one + 1; j < len; j++) vt[r + j] = source[o + start + j];
      } else {
        for (let j = one + 1; j < len; j++) vt[r + j] = source[(start + j) * ld + k];
      }
    }
    // T (b × b, upper triangular): T_ii = τ_i, T[0:i, i] = −τ_i T[0:i, 0:i] Vᵀ[0:i] u_i.
    const t = new Float64Array(b * b);
    const tmp = new Float64Array(b);
    for (let i = 0; i < b; i++) {
      const ti = tau[k0 + i];
      t[i * b + i] = ti;
      if (ti === 0 || i === 0) continue;
      const ri = i * len;
      for (let l = 0; l < i; l++) {
        const rl = l * len;
        let s = 0;
        for (let j = i; j < len; j++) s += vt[rl + j] * vt[ri + j]; // u_i is zero before index i
        tmp[l] = -ti * s;
      }
      for (let l = 0; l < i; l++) {
        let s = 0;
        for (let q = l; q < i; q++) s += t[l * b + q] * tmp[q];
        t[l * b + i] = s;
      }
    }
    const zsub: Matrix = { rows: len, cols, data: z.data, offset: z.offset + start * z.stride, stride: z.stride };
    const vtm: Matrix = { rows: b, cols: len, data: vt, offset: 0, stride: len };
    const w1: Matrix = { rows: b, cols, data: new Float64Array(b * cols), offset: 0, stride: cols };
    const w2: Matrix = { rows: b, cols, data: new Float64Array(b * cols), offset: 0, stride: cols };
    gemm(false, false, 1, vtm, zsub, 0, w1);
    gemm(false, false, 1, { rows: b, cols: b, data: t, offset: 0, stride: b }, w1, 0, w2);
    gemm(true, false, -1, vtm, w2, 1, zsub);
  }
}
