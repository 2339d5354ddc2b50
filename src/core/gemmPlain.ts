/**
 * The plain-TypeScript GEMM kernel {@link gemmPlain}, \( C \leftarrow \alpha\,\mathrm{op}(A)\,\mathrm{op}(B) + \beta C \)
 * (BLAS `dgemm`), the kernel of the `js` backend.
 *
 * It follows the GotoBLAS/BLIS layering
 * (K. Goto & R. van de Geijn, *Anatomy of high-performance matrix multiplication*, ACM TOMS 34 (2008);
 * F. Van Zee & R. van de Geijn, *BLIS*, ACM TOMS 41 (2015)): op(B) is packed in KC × NC panels of
 * NR-wide slivers, op(A) in MC × KC blocks of MR-tall slivers (with α folded in), and a 3 × 4
 * register tile accumulates twelve dot products in locals. On this machine a 3 × 4 tile with
 * KC = 256, MC = 126 measured 4.4–4.7 GF/s at n = 1000 (a 4 × 4 tile spills registers; 2 × 6 and
 * 4 × 3 tiles and unrolling the k loop by two were no faster). See `bench/ops/gemm.ts`.
 *
 * This file imports nothing but the `Matrix` type: the dispatch module (`backend.ts`) imports it, and the
 * validated public entry points live in `gemm.ts`.
 *
 * @module
 */
import type { Matrix } from './matrix.ts';

/** Rows of the register tile. */
const MR = 3;
/** Columns of the register tile. */
const NR = 4;
/** Depth of a packed panel: a KC × NR sliver of B (8 KiB) stays in L1. */
const KC = 256;
/** Rows of a packed A block (multiple of MR): MC × KC doubles = 252 KiB, resident in L2. */
const MC = 126;
/** Columns of a packed B panel: KC × NC doubles = 8 MiB, resident in L3. */
const NC = 4096;

/**
 * Scales C by β in place (β = 0 writes exact zeros, as BLAS does, so stale NaN in C is discarded).
 */
export function scaleMatrix(c: Matrix, beta: number): void {
  if (beta === 1) return;
  const cd = c.data;
  for (let i = 0; i < c.rows; i++) {
    const r = c.offset + i * c.stride;
    if (beta === 0) cd.fill(0, r, r + c.cols);
    else for (let j = 0; j < c.cols; j++) cd[r + j] *= beta;
  }
}

/**
 * Packs op(A)[i0 : i0+mc, p0 : p0+kc] into MR-tall slivers, each stored p-major (MR values per p),
 * times α; the last sliver is zero-padded. (rs, cs) are the strides of op(A) in `a`.
 */
function packA(
  a: Float64Array, aOff: number, rs: number, cs: number,
  i0: number, mc: number, p0: number, kc: number, alpha: number, ap: Float64Array,
): void {
  let t = 0;
  for (let i = 0; i < mc; i += MR) {
    const mr = Math.min(MR, mc - i);
    const base = aOff + (i0 + i) * rs + p0 * cs;
    if (mr === MR) {
      const r1 = base + rs;
      const r2 = base + 2 * rs;
      for (let p = 0; p < kc; p++) {
        const q = p * cs;
        ap[t] = alpha * a[base + q];
        ap[t + 1] = alpha * a[r1 + q];
        ap[t + 2] = alpha * a[r2 + q];
        t += MR;
      }
    } else {
      for (let p = 0; p < kc; p++) {
        const q = base + p * cs;
        for (let ii = 0; ii < MR; ii++) ap[t + ii] = ii < mr ? alpha * a[q + ii * rs] : 0;
        t += MR;
      }
    }
  }
}

/**
 * Packs op(B)[p0 : p0+kc, j0 : j0+nc] into NR-wide slivers, each stored p-major (NR values per p);
 * the last sliver is zero-padded. (rs, cs) are the strides of op(B) in `b`.
 */
function packB(
  b: Float64Array, bOff: number, rs: number, cs: number,
  p0: number, kc: number, j0: number, nc: number, bp: Float64Array,
): void {
  let t = 0;
  for (let j = 0; j < nc; j += NR) {
    const nr = Math.min(NR, nc - j);
    const base = bOff + p0 * rs + (j0 + j) * cs;
    if (nr === NR) {
      const c1 = base + cs;
      const c2 = base + 2 * cs;
      const c3 = base + 3 * cs;
      for (let p = 0; p < kc; p++) {
        const q = p * rs;
        bp[t] = b[base + q];
        bp[t + 1] = b[c1 + q];
        bp[t + 2] = b[c2 + q];
        bp[t + 3] = b[c3 + q];
        t += NR;
      }
    } else {
      for (let p = 0; p < kc; p++) {
        const q = base + p * rs;
        for (let jj = 0; jj < NR; jj++) bp[t + jj] = jj < nr ? b[q + jj * cs] : 0;
        t += NR;
      }
    }
  }
}

/**
 * The 3 × 4 micro-kernel: C[co…] += Σ_p Ap[:, p] Bp[p, :] over kc packed steps, all twelve sums in registers.
 */
function kernel3x4(
  kc: number, ap: Float64Array, ai: number, bp: Float64Array, bi: number,
  cd: Float64Array, co: number, ldc: number,
): void {
  let c00 = 0, c01 = 0, c02 = 0, c03 = 0;
  let c10 = 0, c11 = 0, c12 = 0, c13 = 0;
  let c20 = 0, c21 = 0, c22 = 0, c23 = 0;
  for (let p = 0; p < kc; p++) {
    const b0 = bp[bi], b1 = bp[bi + 1], b2 = bp[bi + 2], b3 = bp[bi + 3];
    const a0 = ap[ai], a1 = ap[ai + 1], a2 = ap[ai + 2];
    c00 += a0 * b0; c01 += a0 * b1; c02 += a0 * b2; c03 += a0 * b3;
    c10 += a1 * b0; c11 += a1 * b1; c12 += a1 * b2; c13 += a1 * b3;
    c20 += a2 * b0; c21 += a2 * b1; c22 += a2 * b2; c23 += a2 * b3;
    ai += MR;
    bi += NR;
  }
  cd[co] += c00; cd[co + 1] += c01; cd[co + 2] += c02; cd[co + 3] += c03;
  co += ldc;
  cd[co] += c10; cd[co + 1] += c11; cd[co + 2] += c12; cd[co + 3] += c13;
  co += ldc;
  cd[co] += c20; cd[co + 1] += c21; cd[co + 2] += c22; cd[co + 3] += c23;
}

/** The edge micro-kernel: same sums as {@link kernel3x4}, written through `tile` so only mr × nr entries of C are touched. */
function kernelEdge(
  kc: number, ap: Float64Array, ai: number, bp: Float64Array, bi: number,
  cd: Float64Array, co: number, ldc: number, mr: number, nr: number, tile: Float64Array,
): void {
  tile.fill(0);
  for (let p = 0; p < kc; p++) {
    for (let ii = 0; ii < MR; ii++) {
      const a = ap[ai + ii];
      const t = ii * NR;
      tile[t] += a * bp[bi];
      tile[t + 1] += a * bp[bi + 1];
      tile[t + 2] += a * bp[bi + 2];
      tile[t + 3] += a * bp[bi + 3];
    }
    ai += MR;
    bi += NR;
  }
  for (let ii = 0; ii < mr; ii++) {
    const r = co + ii * ldc;
    for (let jj = 0; jj < nr; jj++) cd[r + jj] += tile[ii * NR + jj];
  }
}

/**
 * The plain-TypeScript GEMM kernel (no validation: callers guarantee shapes, finiteness and that C
 * does not overlap A or B). \( C \leftarrow \alpha\,\mathrm{op}(A)\,\mathrm{op}(B) + \beta C \) with
 * op(A) m × k, op(B) k × n, C m × n; honours offset/stride of all three.
 *
 * Each entry of C is a sum over p in increasing order in blocks of KC, so the float64 error obeys the
 * standard bound \( |\hat C - C| \le \gamma_k\,|\alpha|\,|\mathrm{op}(A)|\,|\mathrm{op}(B)| + \text{(β-term rounding)} \),
 * \( \gamma_k = k\varepsilon/(1 - k\varepsilon) \) (Higham, *Accuracy and Stability of Numerical Algorithms*, 2nd ed., §3.5).
 */
export function gemmPlain(
  transA: boolean, transB: boolean, alpha: number, a: Matrix, b: Matrix, beta: number, c: Matrix,
): void {
  const m = c.rows;
  const n = c.cols;
  const k = transA ? a.rows : a.cols;
  scaleMatrix(c, beta);
  if (m === 0 || n === 0 || k === 0 || alpha === 0) return;
  const ad = a.data, bd = b.data, cd = c.data;
  const ars = transA ? 1 : a.stride, acs = transA ? a.stride : 1;
  const brs = transB ? 1 : b.stride, bcs = transB ? b.stride : 1;
  const ldc = c.stride;
  const kcMax = Math.min(KC, k);
  const mcMax = Math.min(MC, Math.ceil(m / MR) * MR);
  const ncMax = Math.min(NC, Math.ceil(n / NR) * NR);
  const ap = new Float64Array(mcMax * kcMax);
  const bp = new Float64Array(kcMax * ncMax);
  const tile = new Float64Array(MR * NR);
  for (let jc = 0; jc < n; jc += NC) {
    const nc = Math.min(NC, n - jc);
    for (let pc = 0; pc < k; pc += KC) {
      const kc = Math.min(KC, k - pc);
      packB(bd, b.offset, brs, bcs, pc, kc, jc, nc, bp);
      for (let ic = 0; ic < m; ic += MC) {
        const mc = Math.min(MC, m - ic);
        packA(ad, a.offset, ars, acs, ic, mc, pc, kc, alpha, ap);
        for (let jr = 0; jr < nc; jr += NR) {
          const nr = Math.min(NR, nc - jr);
          const bi = jr * kc;
          for (let ir = 0; ir < mc; ir += MR) {
            const mr = Math.min(MR, mc - ir);
            const co = c.offset + (ic + ir) * ldc + jc + jr;
            if (mr === MR && nr === NR) kernel3x4(kc, ap, ir * kc, bp, bi, cd, co, ldc);
            else kernelEdge(kc, ap, ir * kc, bp, bi, cd, co, ldc, mr, nr, tile);
          }
        }
      }
    }
  }
}

