// SYRK, TRSM and Cholesky on WebAssembly linear memory, recursive and blocked so that almost all of the work
// runs in the packed GEMM (gemm.ts). Ports of the plain-TypeScript kernels src/core/syrkPlain.ts,
// trsmPlain.ts and potrfPlain.ts (same recursion, same base-case orders), row-major with leading dimensions.
import { dgemm, scaleBlock } from './gemm';

// @ts-ignore: decorator
@inline const BASE: i32 = 32;

// @ts-ignore: decorator
@inline function at(p: usize, ld: i32, i: i32, j: i32): usize {
  return p + ((<usize>i * <usize>ld + <usize>j) << 3);
}

/** Lower triangle of C[i0:i0+nn, i0:i0+nn] += α·op(A)op(A)ᵀ by direct sums (op(A) rows i0…). */
function syrkBase(trans: bool, alpha: f64, a: usize, lda: i32, k: i32, c: usize, ldc: i32, i0: i32, nn: i32): void {
  if (!trans) {
    for (let i = 0; i < nn; i++) {
      const ri = at(a, lda, i0 + i, 0);
      const rc = at(c, ldc, i0 + i, i0);
      for (let j = 0; j <= i; j++) {
        const rj = at(a, lda, i0 + j, 0);
        let s0 = f64x2.splat(0);
        let p = 0;
        for (; p + 1 < k; p += 2) s0 = f64x2.add(s0, f64x2.mul(v128.load(ri + (<usize>p << 3)), v128.load(rj + (<usize>p << 3))));
        let s = f64x2.extract_lane(s0, 0) + f64x2.extract_lane(s0, 1);
        if (p < k) s += load<f64>(ri + (<usize>p << 3)) * load<f64>(rj + (<usize>p << 3));
        const q = rc + (<usize>j << 3);
        store<f64>(q, load<f64>(q) + alpha * s);
      }
    }
  } else {
    for (let p = 0; p < k; p++) {
      const rp = at(a, lda, p, i0);
      for (let i = 0; i < nn; i++) {
        const api = alpha * load<f64>(rp + (<usize>i << 3));
        if (api == 0.0) continue;
        const rc = at(c, ldc, i0 + i, i0);
        for (let j = 0; j <= i; j++) {
          const q = rc + (<usize>j << 3);
          store<f64>(q, load<f64>(q) + api * load<f64>(rp + (<usize>j << 3)));
        }
      }
    }
  }
}

function syrkRec(trans: bool, alpha: f64, a: usize, lda: i32, k: i32, c: usize, ldc: i32, i0: i32, nn: i32, work: usize): void {
  if (nn <= BASE) {
    syrkBase(trans, alpha, a, lda, k, c, ldc, i0, nn);
    return;
  }
  const h = max(4, ((nn >> 1) + 3) & ~3);
  syrkRec(trans, alpha, a, lda, k, c, ldc, i0, h, work);
  const c21 = at(c, ldc, i0 + h, i0);
  if (!trans) dgemm(0, 1, nn - h, h, k, alpha, at(a, lda, i0 + h, 0), lda, at(a, lda, i0, 0), lda, 1.0, c21, ldc, work);
  else dgemm(1, 0, nn - h, h, k, alpha, at(a, lda, 0, i0 + h), lda, at(a, lda, 0, i0), lda, 1.0, c21, ldc, work);
  syrkRec(trans, alpha, a, lda, k, c, ldc, i0 + h, nn - h, work);
}

/** Copies the strict lower triangle of the n × n C onto its strict upper triangle. */
function mirrorLower(c: usize, ldc: i32, n: i32): void {
  const T = 32;
  for (let ib = 0; ib < n; ib += T) {
    const ie = min(n, ib + T);
    for (let jb = 0; jb <= ib; jb += T) {
      const je = min(n, jb + T);
      for (let i = ib; i < ie; i++) {
        const jend = min(je, i);
        for (let j = jb; j < jend; j++) store<f64>(at(c, ldc, j, i), load<f64>(at(c, ldc, i, j)));
      }
    }
  }
}

/**
 * Lower triangle of C (n × n) ← α·op(A)op(A)ᵀ + β·C, op(A) = A (n × k) or Aᵀ (A k × n); mirrored when `full`.
 */
export function dsyrk(full: i32, trans: i32, n: i32, k: i32, alpha: f64, a: usize, lda: i32, beta: f64, c: usize, ldc: i32, work: usize): void {
  if (beta != 1.0) {
    for (let i = 0; i < n; i++) {
      const r = at(c, ldc, i, 0);
      if (beta == 0.0) memory.fill(r, 0, <usize>(i + 1) << 3);
      else for (let j = 0; j <= i; j++) store<f64>(r + (<usize>j << 3), load<f64>(r + (<usize>j << 3)) * beta);
    }
  }
  if (n > 0 && k > 0 && alpha != 0.0) syrkRec(trans != 0, alpha, a, lda, k, c, ldc, 0, n, work);
  if (full) mirrorLower(c, ldc, n);
}

/** Substitution on op(T)[s:s+nb] (element (i, j) at t + 8(i·rs + j·cs) from the block's corner) for the block `b`. */
function solveBase(left: bool, effLower: bool, unit: bool, t: usize, rs: i32, cs: i32, nb: i32, b: usize, ldb: i32, bm: i32): void {
  if (left) {
    const m = bm; // columns of B
    for (let s = 0; s < nb; s++) {
      const i = effLower ? s : nb - 1 - s;
      const ri = at(b, ldb, i, 0);
      const j0 = effLower ? 0 : i + 1;
      const j1 = effLower ? i : nb;
      for (let j = j0; j < j1; j++) {
        const tij = load<f64>(t + ((<usize>i * <usize>rs + <usize>j * <usize>cs) << 3));
        if (tij == 0.0) continue;
        const rj = at(b, ldb, j, 0);
        const tv = f64x2.splat(tij);
        let q = 0;
        for (; q + 1 < m; q += 2) {
          const o = <usize>q << 3;
          v128.store(ri + o, f64x2.sub(v128.load(ri + o), f64x2.mul(tv, v128.load(rj + o))));
        }
        if (q < m) {
          const o = <usize>q << 3;
          store<f64>(ri + o, load<f64>(ri + o) - tij * load<f64>(rj + o));
        }
      }
      if (!unit) {
        const inv = 1.0 / load<f64>(t + ((<usize>i * <usize>rs + <usize>i * <usize>cs) << 3));
        for (let q = 0; q < m; q++) {
          const o = ri + (<usize>q << 3);
          store<f64>(o, load<f64>(o) * inv);
        }
      }
    }
  } else {
    const m = bm; // rows of B
    for (let r = 0; r < m; r++) {
      const rb = at(b, ldb, r, 0);
      for (let s = 0; s < nb; s++) {
        const j = effLower ? nb - 1 - s : s;
        const k0 = effLower ? j + 1 : 0;
        const k1 = effLower ? nb : j;
        let acc = load<f64>(rb + (<usize>j << 3));
        for (let k = k0; k < k1; k++) acc -= load<f64>(rb + (<usize>k << 3)) * load<f64>(t + ((<usize>k * <usize>rs + <usize>j * <usize>cs) << 3));
        store<f64>(rb + (<usize>j << 3), unit ? acc : acc / load<f64>(t + ((<usize>j * <usize>rs + <usize>j * <usize>cs) << 3)));
      }
    }
  }
}

function solveRec(
  left: bool, effLower: bool, unit: bool, t: usize, ldt: i32, trans: bool, s: i32, nb: i32,
  b: usize, ldb: i32, bm: i32, work: usize,
): void {
  const rs = trans ? 1 : ldt, cs = trans ? ldt : 1;
  if (nb <= BASE) {
    solveBase(left, effLower, unit, t + ((<usize>s * <usize>rs + <usize>s * <usize>cs) << 3), rs, cs, nb, b, ldb, bm);
    return;
  }
  const h = ((nb >> 1) + 3) & ~3;
  const r = nb - h;
  const tr = trans ? 1 : 0;
  // op(T)[h:, :h] (below) and op(T)[:h, h:] (above), as pointers into T plus the transpose flag.
  const below = trans ? at(t, ldt, s, s + h) : at(t, ldt, s + h, s);
  const above = trans ? at(t, ldt, s + h, s) : at(t, ldt, s, s + h);
  if (left) {
    const b1 = b, b2 = at(b, ldb, h, 0);
    if (effLower) {
      solveRec(left, effLower, unit, t, ldt, trans, s, h, b1, ldb, bm, work);
      dgemm(tr, 0, r, bm, h, -1.0, below, ldt, b1, ldb, 1.0, b2, ldb, work);
      solveRec(left, effLower, unit, t, ldt, trans, s + h, r, b2, ldb, bm, work);
    } else {
      solveRec(left, effLower, unit, t, ldt, trans, s + h, r, b2, ldb, bm, work);
      dgemm(tr, 0, h, bm, r, -1.0, above, ldt, b2, ldb, 1.0, b1, ldb, work);
      solveRec(left, effLower, unit, t, ldt, trans, s, h, b1, ldb, bm, work);
    }
  } else {
    const b1 = b, b2 = at(b, ldb, 0, h);
    if (effLower) {
      solveRec(left, effLower, unit, t, ldt, trans, s + h, r, b2, ldb, bm, work);
      dgemm(0, tr, bm, h, r, -1.0, b2, ldb, below, ldt, 1.0, b1, ldb, work);
      solveRec(left, effLower, unit, t, ldt, trans, s, h, b1, ldb, bm, work);
    } else {
      solveRec(left, effLower, unit, t, ldt, trans, s, h, b1, ldb, bm, work);
      dgemm(0, tr, bm, r, h, -1.0, b1, ldb, above, ldt, 1.0, b2, ldb, work);
      solveRec(left, effLower, unit, t, ldt, trans, s + h, r, b2, ldb, bm, work);
    }
  }
}

/**
 * B (rows × cols) ← X solving op(T)X = αB (left) or X·op(T) = αB (right); T n × n lower (`upper` 0) or upper,
 * op(T) = T or Tᵀ, unit diagonal when `unit`.
 */
export function dtrsm(
  left: i32, upper: i32, trans: i32, unit: i32, n: i32, rows: i32, cols: i32, alpha: f64,
  t: usize, ldt: i32, b: usize, ldb: i32, work: usize,
): void {
  scaleBlock(b, ldb, rows, cols, alpha);
  if (alpha == 0.0 || rows == 0 || cols == 0) return;
  const effLower = (upper == 0) != (trans != 0);
  solveRec(left != 0, effLower, unit != 0, t, ldt, trans != 0, 0, n, b, ldb, left ? cols : rows, work);
}

/** Unblocked Cholesky–Banachiewicz on an nb × nb block; returns −1, or the failing pivot's index (global: base + i). */
function potrfBase(a: usize, lda: i32, nb: i32, base: i32, pivot: usize): i32 {
  for (let i = 0; i < nb; i++) {
    const ri = at(a, lda, i, 0);
    for (let j = 0; j <= i; j++) {
      const rj = at(a, lda, j, 0);
      let s = load<f64>(ri + (<usize>j << 3));
      for (let k = 0; k < j; k++) s -= load<f64>(ri + (<usize>k << 3)) * load<f64>(rj + (<usize>k << 3));
      if (i == j) {
        if (!(s > 0)) {
          store<f64>(pivot, s);
          return base + i;
        }
        store<f64>(ri + (<usize>i << 3), Math.sqrt(s));
      } else {
        store<f64>(ri + (<usize>j << 3), s / load<f64>(rj + (<usize>j << 3)));
      }
    }
  }
  return -1;
}

function potrfRec(a: usize, lda: i32, n: i32, base: i32, work: usize, pivot: usize): i32 {
  if (n <= BASE) return potrfBase(a, lda, n, base, pivot);
  const h = ((n >> 1) + 3) & ~3;
  const r = n - h;
  const a21 = at(a, lda, h, 0);
  const a22 = at(a, lda, h, h);
  const f = potrfRec(a, lda, h, base, work, pivot);
  if (f >= 0) return f;
  dtrsm(0, 0, 1, 0, h, r, h, 1.0, a, lda, a21, lda, work); // L21 = A21 L11⁻ᵀ (right side)
  dsyrk(0, 0, r, h, -1.0, a21, lda, 1.0, a22, lda, work); // A22 −= L21 L21ᵀ (lower)
  return potrfRec(a22, lda, r, base + h, work, pivot);
}

/**
 * In-place Cholesky of the lower triangle of the n × n A. Returns −1 on success, else the global index of the
 * first non-positive pivot, whose value is stored at `pivot`.
 */
export function dpotrf(n: i32, a: usize, lda: i32, work: usize, pivot: usize): i32 {
  if (n == 0) return -1;
  return potrfRec(a, lda, n, 0, work, pivot);
}
