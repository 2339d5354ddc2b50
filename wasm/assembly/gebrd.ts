// Householder bidiagonalisation on WebAssembly linear memory: a SIMD port of src/core/gebrdPlain.ts (LAPACK
// dgebd2 conventions, the fused one-pass-per-step form: left update, y = a_i·v, right update and the next left
// product accumulated while row i is in L1).
import { madd } from './gemm';

// @ts-ignore: decorator
@inline function f(p: usize, i: i32): f64 {
  return load<f64>(p + (<usize>i << 3));
}
// @ts-ignore: decorator
@inline function setf(p: usize, i: i32, v: f64): void {
  store<f64>(p + (<usize>i << 3), v);
}

/** row[j] −= c·x[j] for j in [j0, n). */
// @ts-ignore: decorator
@inline function axpyNeg(row: usize, x: usize, c: f64, j0: i32, n: i32): void {
  const cv = f64x2.splat(c);
  let j = j0;
  for (; j + 1 < n; j += 2) {
    const o = <usize>j << 3;
    v128.store(row + o, f64x2.sub(v128.load(row + o), f64x2.mul(cv, v128.load(x + o))));
  }
  if (j < n) setf(row, j, f(row, j) - c * f(x, j));
}

/**
 * Bidiagonalises the row-major m × n `a` (m ≥ n) in place: diagonal to `d`, superdiagonal to `e`, reflector
 * scalars to `tauL`/`tauR`; `work` holds 2n doubles.
 */
export function dgebrd(m: i32, n: i32, a: usize, d: usize, e: usize, tauL: usize, tauR: usize, work: usize): void {
  const s = work;
  const t = work + (<usize>n << 3);
  memory.fill(s, 0, <usize>n << 4);
  let ss: f64 = 0;
  for (let i = 1; i < m; i++) {
    const ri = a + (<usize>i * <usize>n << 3);
    const c = f(ri, 0);
    ss += c * c;
    if (c != 0) axpyNeg(t, ri, -c, 1, n);
  }
  for (let k = 0; k < n; k++) {
    const rk = a + (<usize>k * <usize>n << 3);
    const x0 = f(rk, k);
    let sc: f64 = 0;
    if (ss == 0) {
      setf(d, k, x0);
      setf(tauL, k, 0);
    } else {
      const norm = Math.sqrt(x0 * x0 + ss);
      const beta = x0 >= 0 ? -norm : norm;
      const tl = (beta - x0) / beta;
      sc = 1 / (x0 - beta);
      setf(d, k, beta);
      setf(tauL, k, tl);
      setf(rk, k, beta);
      for (let j = k + 1; j < n; j++) {
        const sj = tl * (f(rk, j) + sc * f(t, j));
        setf(s, j, sj);
        setf(rk, j, f(rk, j) - sj);
      }
    }
    if (k == n - 1) {
      if (sc != 0) for (let i = k + 1; i < m; i++) {
        const p = a + ((<usize>i * <usize>n + <usize>k) << 3);
        store<f64>(p, load<f64>(p) * sc);
      }
      setf(tauR, k, 0);
      break;
    }
    const xr = f(rk, k + 1);
    let ssr: f64 = 0;
    for (let j = k + 2; j < n; j++) ssr += f(rk, j) * f(rk, j);
    let tr: f64 = 0;
    if (ssr == 0) {
      setf(e, k, xr);
      setf(tauR, k, 0);
    } else {
      const norm = Math.sqrt(xr * xr + ssr);
      const beta = xr >= 0 ? -norm : norm;
      tr = (beta - xr) / beta;
      const scr = 1 / (xr - beta);
      for (let j = k + 2; j < n; j++) setf(rk, j, f(rk, j) * scr);
      setf(rk, k + 1, beta);
      setf(e, k, beta);
      setf(tauR, k, tr);
    }
    if (k + 2 < n) memory.fill(t + (<usize>(k + 2) << 3), 0, <usize>(n - k - 2) << 3);
    ss = 0;
    for (let i = k + 1; i < m; i++) {
      const ri = a + (<usize>i * <usize>n << 3);
      let ui: f64 = 0;
      if (sc != 0) {
        ui = f(ri, k) * sc;
        setf(ri, k, ui);
      }
      if (tr != 0) {
        let a1 = f(ri, k + 1) - ui * f(s, k + 1);
        const uiv = f64x2.splat(ui);
        let yv = f64x2.splat(0);
        let j = k + 2;
        for (; j + 1 < n; j += 2) {
          const o = <usize>j << 3;
          const p = f64x2.sub(v128.load(ri + o), f64x2.mul(uiv, v128.load(s + o)));
          v128.store(ri + o, p);
          yv = madd(p, v128.load(rk + o), yv);
        }
        let y0 = a1 + f64x2.extract_lane(yv, 0) + f64x2.extract_lane(yv, 1);
        if (j < n) {
          const p0 = f(ri, j) - ui * f(s, j);
          setf(ri, j, p0);
          y0 += p0 * f(rk, j);
        }
        const ty = tr * y0;
        a1 -= ty;
        setf(ri, k + 1, a1);
        if (i == k + 1) {
          axpyNeg(ri, rk, ty, k + 2, n);
          continue;
        }
        ss += a1 * a1;
        const tyv = f64x2.splat(ty);
        const a1v = f64x2.splat(a1);
        j = k + 2;
        for (; j + 1 < n; j += 2) {
          const o = <usize>j << 3;
          const p = f64x2.sub(v128.load(ri + o), f64x2.mul(tyv, v128.load(rk + o)));
          v128.store(ri + o, p);
          v128.store(t + o, madd(a1v, p, v128.load(t + o)));
        }
        if (j < n) {
          const p = f(ri, j) - ty * f(rk, j);
          setf(ri, j, p);
          setf(t, j, f(t, j) + a1 * p);
        }
      } else {
        const a1 = f(ri, k + 1) - ui * f(s, k + 1);
        setf(ri, k + 1, a1);
        if (i == k + 1) {
          axpyNeg(ri, s, ui, k + 2, n);
          continue;
        }
        ss += a1 * a1;
        for (let j = k + 2; j < n; j++) {
          const p = f(ri, j) - ui * f(s, j);
          setf(ri, j, p);
          setf(t, j, f(t, j) + a1 * p);
        }
      }
    }
  }
}
