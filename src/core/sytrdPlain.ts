/**
 * The plain-TypeScript Householder tridiagonalisation {@link sytrdPlain} (LAPACK `dsytd2`, upper), the first
 * phase of the dense symmetric eigensolver (`eigen.ts`).
 *
 * Layout choices (see `/work/shared/engineering-notes.md`): the reduction keeps the upper triangle
 * row-major, so row i of the trailing block is contiguous; the rank-2 update of step k is fused
 * with the symmetric matrix–vector product of step k + 1, so each step makes a single pass over
 * the trailing triangle. Imports nothing: `backend.ts` imports it.
 *
 * @module
 */

/**
 * Householder reduction of the symmetric matrix held in the upper triangle of `w` (row-major n × n)
 * to tridiagonal form \( Q^\top A Q = T \), Q = H₀H₁⋯H_{n−2}, \( H_k = I - \tau_k u_k u_k^\top \)
 * with u_k = (0,…,0, 1, u_{k+2},…)ᵀ (the 1 at index k + 1; LAPACK dlarfg convention).
 *
 * Per step, with x = A[k, k+1:] and \( \beta = -\operatorname{sign}(x_0)\|x\| \):
 * \( \tau = (\beta - x_0)/\beta \), u = x/(x₀ − β) (u₀ = 1), and the trailing block B is updated by
 * \( B \leftarrow B - u w^\top - w u^\top \), \( w = p - \tfrac{\tau}{2}(p^\top u)u \), \( p = \tau B u \)
 * (Golub & Van Loan eq. 8.3.2). Row k of `w` is overwritten by u (entries k+2…), `d`/`e` receive T.
 *
 * The update of step k is deferred and fused with the product B u of step k + 1: one pass per step.
 *
 * @param w row-major n × n buffer; its upper triangle holds A on entry, the Householder vectors and T on exit.
 * @param d receives the diagonal of T (length n).
 * @param e receives the off-diagonal of T (length ≥ n − 1).
 * @param tau receives the reflector scalars τ_k (length ≥ n − 1).
 */
export function sytrdPlain(w: Float64Array, n: number, d: Float64Array, e: Float64Array, tau: Float64Array): void {
  // Pending rank-2 update B ← B − vp wpᵀ − wp vpᵀ (indices > previous k); zero initially.
  const vp = new Float64Array(n);
  const wp = new Float64Array(n);
  const u = new Float64Array(n);
  const y = new Float64Array(n);
  for (let k = 0; k < n; k++) {
    const rk = k * n;
    // Apply the pending update to row k (it is final afterwards).
    {
      const vk = vp[k];
      const wk = wp[k];
      if (vk !== 0 || wk !== 0) for (let j = k; j < n; j++) w[rk + j] -= vk * wp[j] + wk * vp[j];
    }
    d[k] = w[rk + k];
    if (k === n - 1) break;
    // Householder vector for x = w[k, k+1:n].
    const x0 = w[rk + k + 1];
    let ss = 0;
    for (let j = k + 2; j < n; j++) ss += w[rk + j] * w[rk + j];
    let t = 0;
    if (ss === 0) {
      // Already tridiagonal in this column (also when the tail underflows: its effect is < ε‖A‖).
      e[k] = x0;
      tau[k] = 0;
      u.fill(0, k + 1, n);
    } else {
      const norm = Math.sqrt(x0 * x0 + ss);
      const beta = x0 >= 0 ? -norm : norm;
      t = (beta - x0) / beta;
      const sc = 1 / (x0 - beta);
      u[k + 1] = 1;
      w[rk + k + 1] = 1;
      for (let j = k + 2; j < n; j++) {
        const uj = w[rk + j] * sc;
        u[j] = uj;
        w[rk + j] = uj;
      }
      e[k] = beta;
      tau[k] = t;
    }
    // Fused pass over rows i > k: apply the pending update, and accumulate y = B u over the upper triangle.
    y.fill(0, k + 1, n);
    const doProduct = t !== 0;
    for (let i = k + 1; i < n; i++) {
      const ri = i * n;
      const vi = vp[i];
      const wi = wp[i];
      const ui = u[i];
      const aii = w[ri + i] - 2 * vi * wi;
      w[ri + i] = aii;
      if (!doProduct) {
        if (vi !== 0 || wi !== 0) for (let j = i + 1; j < n; j++) w[ri + j] -= vi * wp[j] + wi * vp[j];
        continue;
      }
      let s0 = aii * ui;
      let s1 = 0;
      let j = i + 1;
      for (; j + 1 < n; j += 2) {
        const a0 = w[ri + j] - (vi * wp[j] + wi * vp[j]);
        const a1 = w[ri + j + 1] - (vi * wp[j + 1] + wi * vp[j + 1]);
        w[ri + j] = a0;
        w[ri + j + 1] = a1;
        s0 += a0 * u[j];
        s1 += a1 * u[j + 1];
        y[j] += a0 * ui;
        y[j + 1] += a1 * ui;
      }
      if (j < n) {
        const a0 = w[ri + j] - (vi * wp[j] + wi * vp[j]);
        w[ri + j] = a0;
        s0 += a0 * u[j];
        y[j] += a0 * ui;
      }
      y[i] += s0 + s1;
    }
    // The update of rows > k is now applied; set the next pending update (or none).
    vp.fill(0, k + 1, n);
    wp.fill(0, k + 1, n);
    if (doProduct) {
      let py = 0;
      for (let j = k + 1; j < n; j++) {
        y[j] *= t;
        py += y[j] * u[j];
      }
      const kk = 0.5 * t * py;
      for (let j = k + 1; j < n; j++) {
        vp[j] = u[j];
        wp[j] = y[j] - kk * u[j];
      }
    }
  }
}

