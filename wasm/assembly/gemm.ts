// GEMM on WebAssembly linear memory: C ← α·op(A)·op(B) + β·C, row-major, f64x2 SIMD with a 4 × 4 register tile.
//
// GotoBLAS/BLIS layering (Goto & van de Geijn, ACM TOMS 34 (2008); Van Zee & van de Geijn, ACM TOMS 41 (2015)):
// op(B) is packed in KC × NC panels of NR-wide slivers, op(A) in MC × KC blocks of MR-tall slivers (α folded in),
// and the micro-kernel keeps the 4 × 4 tile in eight f64x2 accumulators (11 of the 16 vector registers).
// With relaxed SIMD the multiply-add is f64x2.relaxed_madd (one fused instruction where the hardware has FMA).
//
// All pointers are byte offsets into linear memory; leading dimensions are in elements.

// @ts-ignore: decorator
@inline export const MR: i32 = 4;
// @ts-ignore: decorator
@inline export const NR: i32 = 4;
// @ts-ignore: decorator
@inline export const KC: i32 = 256;
// @ts-ignore: decorator
@inline export const MC: i32 = 128;
// @ts-ignore: decorator
@inline export const NC: i32 = 2048;

// @ts-ignore: decorator
@inline export function madd(a: v128, b: v128, c: v128): v128 {
  if (ASC_FEATURE_RELAXED_SIMD) {
    return f64x2.relaxed_madd(a, b, c);
  } else {
    return f64x2.add(c, f64x2.mul(a, b));
  }
}

/** Scales the m × n block of C by β (β = 0 writes exact zeros). */
export function scaleBlock(c: usize, ldc: i32, m: i32, n: i32, beta: f64): void {
  if (beta == 1.0) return;
  for (let i = 0; i < m; i++) {
    const r = c + (<usize>i * <usize>ldc << 3);
    if (beta == 0.0) memory.fill(r, 0, <usize>n << 3);
    else for (let j = 0; j < n; j++) store<f64>(r + (<usize>j << 3), load<f64>(r + (<usize>j << 3)) * beta);
  }
}

/** Packs op(A)[0:mc, 0:kc] (element (i, p) at a + 8(i·rs + p·cs)) times α into MR-tall p-major slivers, zero-padded. */
function packA(a: usize, rs: i32, cs: i32, mc: i32, kc: i32, alpha: f64, ap: usize): void {
  let t = ap;
  for (let i = 0; i < mc; i += MR) {
    const mr = min(MR, mc - i);
    const base = a + (<usize>i * <usize>rs << 3);
    if (mr == MR) {
      const rsb = <usize>rs << 3;
      for (let p = 0; p < kc; p++) {
        const q = base + (<usize>p * <usize>cs << 3);
        store<f64>(t, alpha * load<f64>(q));
        store<f64>(t, alpha * load<f64>(q + rsb), 8);
        store<f64>(t, alpha * load<f64>(q + 2 * rsb), 16);
        store<f64>(t, alpha * load<f64>(q + 3 * rsb), 24);
        t += 32;
      }
    } else {
      for (let p = 0; p < kc; p++) {
        const q = base + (<usize>p * <usize>cs << 3);
        for (let ii = 0; ii < MR; ii++) {
          store<f64>(t + (<usize>ii << 3), ii < mr ? alpha * load<f64>(q + (<usize>ii * <usize>rs << 3)) : 0.0);
        }
        t += 32;
      }
    }
  }
}

/** Packs op(B)[0:kc, 0:nc] (element (p, j) at b + 8(p·rs + j·cs)) into NR-wide p-major slivers, zero-padded. */
function packB(b: usize, rs: i32, cs: i32, kc: i32, nc: i32, bp: usize): void {
  let t = bp;
  for (let j = 0; j < nc; j += NR) {
    const nr = min(NR, nc - j);
    const base = b + (<usize>j * <usize>cs << 3);
    if (nr == NR && cs == 1) {
      for (let p = 0; p < kc; p++) {
        const q = base + (<usize>p * <usize>rs << 3);
        v128.store(t, v128.load(q));
        v128.store(t, v128.load(q, 16), 16);
        t += 32;
      }
    } else if (nr == NR) {
      const csb = <usize>cs << 3;
      for (let p = 0; p < kc; p++) {
        const q = base + (<usize>p * <usize>rs << 3);
        store<f64>(t, load<f64>(q));
        store<f64>(t, load<f64>(q + csb), 8);
        store<f64>(t, load<f64>(q + 2 * csb), 16);
        store<f64>(t, load<f64>(q + 3 * csb), 24);
        t += 32;
      }
    } else {
      for (let p = 0; p < kc; p++) {
        const q = base + (<usize>p * <usize>rs << 3);
        for (let jj = 0; jj < NR; jj++) {
          store<f64>(t + (<usize>jj << 3), jj < nr ? load<f64>(q + (<usize>jj * <usize>cs << 3)) : 0.0);
        }
        t += 32;
      }
    }
  }
}

/**
 * The 4 × 4 micro-kernel: tile += Σ_p Ap[:, p] Bp[p, :] over kc packed steps; adds the mr × nr corner of the
 * tile to C (full tiles through vector loads and stores).
 */
function kernel(kc: i32, ap: usize, bp: usize, c: usize, ldc: i32, mr: i32, nr: i32, tile: usize): void {
  let c00 = f64x2.splat(0), c01 = f64x2.splat(0);
  let c10 = f64x2.splat(0), c11 = f64x2.splat(0);
  let c20 = f64x2.splat(0), c21 = f64x2.splat(0);
  let c30 = f64x2.splat(0), c31 = f64x2.splat(0);
  for (let p = 0; p < kc; p++) {
    const b0 = v128.load(bp);
    const b1 = v128.load(bp, 16);
    let a = v128.load64_splat(ap);
    c00 = madd(a, b0, c00);
    c01 = madd(a, b1, c01);
    a = v128.load64_splat(ap, 8);
    c10 = madd(a, b0, c10);
    c11 = madd(a, b1, c11);
    a = v128.load64_splat(ap, 16);
    c20 = madd(a, b0, c20);
    c21 = madd(a, b1, c21);
    a = v128.load64_splat(ap, 24);
    c30 = madd(a, b0, c30);
    c31 = madd(a, b1, c31);
    ap += 32;
    bp += 32;
  }
  const ldb = <usize>ldc << 3;
  if (mr == MR && nr == NR) {
    let r = c;
    v128.store(r, f64x2.add(v128.load(r), c00));
    v128.store(r, f64x2.add(v128.load(r, 16), c01), 16);
    r += ldb;
    v128.store(r, f64x2.add(v128.load(r), c10));
    v128.store(r, f64x2.add(v128.load(r, 16), c11), 16);
    r += ldb;
    v128.store(r, f64x2.add(v128.load(r), c20));
    v128.store(r, f64x2.add(v128.load(r, 16), c21), 16);
    r += ldb;
    v128.store(r, f64x2.add(v128.load(r), c30));
    v128.store(r, f64x2.add(v128.load(r, 16), c31), 16);
    return;
  }
  v128.store(tile, c00);
  v128.store(tile, c01, 16);
  v128.store(tile, c10, 32);
  v128.store(tile, c11, 48);
  v128.store(tile, c20, 64);
  v128.store(tile, c21, 80);
  v128.store(tile, c30, 96);
  v128.store(tile, c31, 112);
  for (let i = 0; i < mr; i++) {
    const r = c + <usize>i * ldb;
    const tr = tile + (<usize>i << 5);
    for (let j = 0; j < nr; j++) {
      const o = <usize>j << 3;
      store<f64>(r + o, load<f64>(r + o) + load<f64>(tr + o));
    }
  }
}

/** Bytes of scratch {@link dgemm} needs: packed A block, packed B panel, one tile. */
export function gemmWorkBytes(m: i32, n: i32, k: i32): usize {
  const kc = <usize>min(KC, k);
  const mc = <usize>min(MC, (m + MR - 1) / MR * MR);
  const nc = <usize>min(NC, (n + NR - 1) / NR * NR);
  return (mc * kc + kc * nc + <usize>(MR * NR)) << 3;
}

/**
 * C ← α·op(A)·op(B) + β·C for op(A) m × k, op(B) k × n, C m × n, all row-major in linear memory with leading
 * dimensions lda, ldb, ldc; `work` holds {@link gemmWorkBytes} bytes (16-byte aligned). C must not overlap A or B.
 */
export function dgemm(
  transA: i32, transB: i32, m: i32, n: i32, k: i32, alpha: f64,
  a: usize, lda: i32, b: usize, ldb: i32, beta: f64, c: usize, ldc: i32, work: usize,
): void {
  scaleBlock(c, ldc, m, n, beta);
  if (m == 0 || n == 0 || k == 0 || alpha == 0.0) return;
  const ars = transA ? 1 : lda, acs = transA ? lda : 1;
  const brs = transB ? 1 : ldb, bcs = transB ? ldb : 1;
  const kcMax = <usize>min(KC, k);
  const mcMax = <usize>min(MC, (m + MR - 1) / MR * MR);
  const ncMax = <usize>min(NC, (n + NR - 1) / NR * NR);
  const ap = work;
  const bp = ap + (mcMax * kcMax << 3);
  const tile = bp + (kcMax * ncMax << 3);
  for (let jc = 0; jc < n; jc += NC) {
    const nc = min(NC, n - jc);
    for (let pc = 0; pc < k; pc += KC) {
      const kc = min(KC, k - pc);
      packB(b + ((<usize>pc * <usize>brs + <usize>jc * <usize>bcs) << 3), brs, bcs, kc, nc, bp);
      for (let ic = 0; ic < m; ic += MC) {
        const mc = min(MC, m - ic);
        packA(a + ((<usize>ic * <usize>ars + <usize>pc * <usize>acs) << 3), ars, acs, mc, kc, alpha, ap);
        for (let jr = 0; jr < nc; jr += NR) {
          const nr = min(NR, nc - jr);
          const bpj = bp + (<usize>jr * <usize>kc << 3);
          for (let ir = 0; ir < mc; ir += MR) {
            const mr = min(MR, mc - ir);
            const cp = c + ((<usize>(ic + ir) * <usize>ldc + <usize>(jc + jr)) << 3);
            kernel(kc, ap + (<usize>ir * <usize>kc << 3), bpj, cp, ldc, mr, nr, tile);
          }
        }
      }
    }
  }
}
