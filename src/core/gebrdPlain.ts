/**
 * The plain-TypeScript Householder bidiagonalisation {@link gebrdPlain} (LAPACK `dgebd2`), the first phase of the
 * SVD (`svd.ts`). Imports nothing: `backend.ts` imports it.
 *
 * @module
 */

/**
 * Householder bidiagonalisation \( U_B^\top A V_B = B \) of the row-major m × n matrix `a` (m ≥ n), in place.
 * B is upper bidiagonal with diagonal `d` and superdiagonal `e` (e[k] = B[k, k+1]).
 * Left reflector k is \( I - \tau^L_k u u^\top \) with u = (0…0, 1, a[k+1:m, k]) stored below the diagonal
 * of column k; right reflector k is \( I - \tau^R_k v v^\top \) with v = (0…0, 1, a[k, k+2:n]) stored
 * right of the superdiagonal in row k (LAPACK dgebd2 conventions; Golub & Van Loan Alg. 5.4.2).
 *
 * Fused so that each step makes one pass over the trailing block (in the spirit of the "BLAS 2.5" GEBD2 of
 * Howell, Demmel et al., ACM TOMS 34, 2008): for each row i > k the left update \( a_i \mathrel{-}= u_i s \),
 * the product \( y_i = a_i \cdot v \), the right update \( a_i \mathrel{-}= \tau^R y_i v \) and the accumulation
 * of the next left product \( t = \sum_i a_{i,k+1}\, a_i \) run while the row is in L1. With
 * x = a[k:m, k], ‖x‖² = x₀² + ss and β = −sign(x₀)‖x‖, the left product is
 * \( s = \tau^L u^\top A = \tau^L (a_k + t/(x_0 - \beta)) \).
 */
export function gebrdPlain(
  a: Float64Array,
  m: number,
  n: number,
  d: Float64Array,
  e: Float64Array,
  tauL: Float64Array,
  tauR: Float64Array,
): void {
  const s = new Float64Array(n);
  const t = new Float64Array(n);
  // Prologue: t = Σ_{i>0} a_i[0]·a_i, ss = Σ_{i>0} a_i[0]² for the first left reflector.
  let ss = 0;
  for (let i = 1; i < m; i++) {
    const ri = i * n;
    const c = a[ri];
    ss += c * c;
    if (c !== 0) for (let j = 1; j < n; j++) t[j] += c * a[ri + j];
  }
  for (let k = 0; k < n; k++) {
    const rk = k * n;
    // Left reflector on column k, rows k..m−1.
    const x0 = a[rk + k];
    let sc = 0;
    if (ss === 0) {
      d[k] = x0;
      tauL[k] = 0;
    } else {
      const norm = Math.sqrt(x0 * x0 + ss);
      const beta = x0 >= 0 ? -norm : norm;
      const tl = (beta - x0) / beta;
      sc = 1 / (x0 - beta);
      d[k] = beta;
      tauL[k] = tl;
      a[rk + k] = beta;
      for (let j = k + 1; j < n; j++) {
        const sj = tl * (a[rk + j] + sc * t[j]);
        s[j] = sj;
        a[rk + j] -= sj; // row k, u_k = 1
      }
    }
    if (k === n - 1) {
      if (sc !== 0) for (let i = k + 1; i < m; i++) a[i * n + k] *= sc;
      tauR[k] = 0;
      break;
    }
    // Right reflector on row k, columns k+1..n−1 (none needed for a single column: k = n − 2).
    const xr = a[rk + k + 1];
    let ssr = 0;
    for (let j = k + 2; j < n; j++) ssr += a[rk + j] * a[rk + j];
    let tr = 0;
    if (ssr === 0) {
      e[k] = xr;
      tauR[k] = 0;
    } else {
      const norm = Math.sqrt(xr * xr + ssr);
      const beta = xr >= 0 ? -norm : norm;
      tr = (beta - xr) / beta;
      const scr = 1 / (xr - beta);
      for (let j = k + 2; j < n; j++) a[rk + j] *= scr;
      a[rk + k + 1] = beta; // v_{k+1} = 1 is implicit
      e[k] = beta;
      tauR[k] = tr;
    }
    // One pass over rows i > k.
    t.fill(0, k + 2, n);
    ss = 0;
    for (let i = k + 1; i < m; i++) {
      const ri = i * n;
      let ui = 0;
      if (sc !== 0) {
        ui = a[ri + k] * sc;
        a[ri + k] = ui;
      }
      if (tr !== 0) {
        // (1) left update fused with y = a_i · v (v_{k+1} = 1).
        let a1 = a[ri + k + 1] - ui * s[k + 1];
        let y0 = a1;
        let y1 = 0;
        let j = k + 2;
        for (; j + 1 < n; j += 2) {
          const p0 = a[ri + j] - ui * s[j];
          const p1 = a[ri + j + 1] - ui * s[j + 1];
          a[ri + j] = p0;
          a[ri + j + 1] = p1;
          y0 += p0 * a[rk + j];
          y1 += p1 * a[rk + j + 1];
        }
        if (j < n) {
          const p0 = a[ri + j] - ui * s[j];
          a[ri + j] = p0;
          y0 += p0 * a[rk + j];
        }
        // (2) right update fused with t += a_{i,k+1} · a_i.
        const ty = tr * (y0 + y1);
        a1 -= ty;
        a[ri + k + 1] = a1;
        if (i === k + 1) {
          // Row k+1 holds x₀ of the next left reflector: not part of t and ss.
          for (j = k + 2; j < n; j++) a[ri + j] -= ty * a[rk + j];
          continue;
        }
        ss += a1 * a1;
        for (j = k + 2; j < n; j++) {
          const p = a[ri + j] - ty * a[rk + j];
          a[ri + j] = p;
          t[j] += a1 * p;
        }
      } else {
        const a1 = a[ri + k + 1] - ui * s[k + 1];
        a[ri + k + 1] = a1;
        if (i === k + 1) {
          for (let j = k + 2; j < n; j++) a[ri + j] -= ui * s[j];
          continue;
        }
        ss += a1 * a1;
        for (let j = k + 2; j < n; j++) {
          const p = a[ri + j] - ui * s[j];
          a[ri + j] = p;
          t[j] += a1 * p;
        }
      }
    }
  }
}

