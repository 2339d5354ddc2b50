// Householder tridiagonalisation of a symmetric matrix on WebAssembly linear memory: a SIMD port of
// src/core/sytrdPlain.ts (same conventions: upper triangle row-major, reflector k stored in row k with its
// leading 1 at column k + 1, the rank-2 update of step k fused with the product B·u of step k + 1).
import { madd } from './gemm';

// @ts-ignore: decorator
@inline function f(p: usize, i: i32): f64 {
  return load<f64>(p + (<usize>i << 3));
}
// @ts-ignore: decorator
@inline function setf(p: usize, i: i32, v: f64): void {
  store<f64>(p + (<usize>i << 3), v);
}

/**
 * Tridiagonalises the symmetric matrix in the upper triangle of the row-major n × n `w` in place; writes the
 * diagonal to `d`, the off-diagonal to `e`, the reflector scalars to `tau`. `work` holds 4n doubles.
 */
export function dsytrd(n: i32, w: usize, d: usize, e: usize, tau: usize, work: usize): void {
  const vp = work;
  const wp = vp + (<usize>n << 3);
  const u = wp + (<usize>n << 3);
  const y = u + (<usize>n << 3);
  memory.fill(vp, 0, <usize>n << 4); // vp and wp
  for (let k = 0; k < n; k++) {
    const rk = w + (<usize>k * <usize>n << 3);
    {
      const vk = f(vp, k);
      const wk = f(wp, k);
      if (vk != 0 || wk != 0) for (let j = k; j < n; j++) setf(rk, j, f(rk, j) - (vk * f(wp, j) + wk * f(vp, j)));
    }
    setf(d, k, f(rk, k));
    if (k == n - 1) break;
    const x0 = f(rk, k + 1);
    let ss: f64 = 0;
    for (let j = k + 2; j < n; j++) ss += f(rk, j) * f(rk, j);
    let t: f64 = 0;
    if (ss == 0) {
      setf(e, k, x0);
      setf(tau, k, 0);
      memory.fill(u + (<usize>(k + 1) << 3), 0, <usize>(n - k - 1) << 3);
    } else {
      const norm = Math.sqrt(x0 * x0 + ss);
      const beta = x0 >= 0 ? -norm : norm;
      t = (beta - x0) / beta;
      const sc = 1 / (x0 - beta);
      setf(u, k + 1, 1);
      setf(rk, k + 1, 1);
      for (let j = k + 2; j < n; j++) {
        const uj = f(rk, j) * sc;
        setf(u, j, uj);
        setf(rk, j, uj);
      }
      setf(e, k, beta);
      setf(tau, k, t);
    }
    memory.fill(y + (<usize>(k + 1) << 3), 0, <usize>(n - k - 1) << 3);
    const doProduct = t != 0;
    for (let i = k + 1; i < n; i++) {
      const ri = w + (<usize>i * <usize>n << 3);
      const vi = f(vp, i);
      const wi = f(wp, i);
      const ui = f(u, i);
      const aii = f(ri, i) - 2 * vi * wi;
      setf(ri, i, aii);
      if (!doProduct) {
        if (vi != 0 || wi != 0) for (let j = i + 1; j < n; j++) setf(ri, j, f(ri, j) - (vi * f(wp, j) + wi * f(vp, j)));
        continue;
      }
      const viv = f64x2.splat(vi);
      const wiv = f64x2.splat(wi);
      const uiv = f64x2.splat(ui);
      let sv = f64x2.splat(0);
      let j = i + 1;
      for (; j + 1 < n; j += 2) {
        const o = <usize>j << 3;
        const a = f64x2.sub(v128.load(ri + o), madd(viv, v128.load(wp + o), f64x2.mul(wiv, v128.load(vp + o))));
        v128.store(ri + o, a);
        sv = madd(a, v128.load(u + o), sv);
        v128.store(y + o, madd(a, uiv, v128.load(y + o)));
      }
      let s = aii * ui + f64x2.extract_lane(sv, 0) + f64x2.extract_lane(sv, 1);
      if (j < n) {
        const a0 = f(ri, j) - (vi * f(wp, j) + wi * f(vp, j));
        setf(ri, j, a0);
        s += a0 * f(u, j);
        setf(y, j, f(y, j) + a0 * ui);
      }
      setf(y, i, f(y, i) + s);
    }
    memory.fill(vp + (<usize>(k + 1) << 3), 0, <usize>(n - k - 1) << 3);
    memory.fill(wp + (<usize>(k + 1) << 3), 0, <usize>(n - k - 1) << 3);
    if (doProduct) {
      let py: f64 = 0;
      for (let j = k + 1; j < n; j++) {
        const yj = f(y, j) * t;
        setf(y, j, yj);
        py += yj * f(u, j);
      }
      const kk = 0.5 * t * py;
      for (let j = k + 1; j < n; j++) {
        setf(vp, j, f(u, j));
        setf(wp, j, f(y, j) - kk * f(u, j));
      }
    }
  }
}
