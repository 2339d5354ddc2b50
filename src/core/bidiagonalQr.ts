/**
 * Implicit-shift QR on an upper bidiagonal matrix (Golub & Kahan, SIAM J. Numer. Anal. B 2 (1965); Golub & Reinsch,
 * Numer. Math. 14 (1970); the case analysis of LINPACK `dsvdc`): the singular values of the bidiagonal matrix, and
 * its singular vectors accumulated by rotations. Used by the SVD (`svd.ts`) and by the leaves of the bidiagonal
 * divide and conquer (`bidiagonalDc.ts`).
 *
 * @module
 */
import { EPS, SAFE_MIN } from './constants.ts';
import { ConvergenceError } from './errors.ts';
import { hyp } from './hyp.ts';

/** QR sweeps allowed per singular value before {@link ConvergenceError} (LAPACK dbdsqr allows 6n per value in inner steps). */
export const MAX_SVD_SWEEPS_PER_VALUE = 75;

/** Smallest positive normal double over ε: below this an entry is negligible whatever the scale. */
const TINY = SAFE_MIN / EPS;

/**
 * Z ← Z·G_lo·G_{lo+1}⋯G_{hi−1} on the row-major `rows × ld` matrix z, where G_j rotates columns (j, j+1):
 * \( z_j \leftarrow c_j z_j + s_j z_{j+1},\; z_{j+1} \leftarrow -s_j z_j + c_j z_{j+1} \).
 * Row by row with the running column entry carried in a register, four rows at a time.
 */
function applyRotationsAscending(
  z: Float64Array,
  rows: number,
  ld: number,
  lo: number,
  hi: number,
  cs: Float64Array,
  sn: Float64Array,
): void {
  let r = 0;
  for (; r + 3 < rows; r += 4) {
    const o0 = r * ld;
    const o1 = o0 + ld;
    const o2 = o1 + ld;
    const o3 = o2 + ld;
    let c0 = z[o0 + lo];
    let c1 = z[o1 + lo];
    let c2 = z[o2 + lo];
    let c3 = z[o3 + lo];
    for (let j = lo; j < hi; j++) {
      const c = cs[j];
      const s = sn[j];
      const b0 = z[o0 + j + 1];
      const b1 = z[o1 + j + 1];
      const b2 = z[o2 + j + 1];
      const b3 = z[o3 + j + 1];
      z[o0 + j] = c * c0 + s * b0;
      c0 = c * b0 - s * c0;
      z[o1 + j] = c * c1 + s * b1;
      c1 = c * b1 - s * c1;
      z[o2 + j] = c * c2 + s * b2;
      c2 = c * b2 - s * c2;
      z[o3 + j] = c * c3 + s * b3;
      c3 = c * b3 - s * c3;
    }
    z[o0 + hi] = c0;
    z[o1 + hi] = c1;
    z[o2 + hi] = c2;
    z[o3 + hi] = c3;
  }
  for (; r < rows; r++) {
    const o = r * ld;
    let c0 = z[o + lo];
    for (let j = lo; j < hi; j++) {
      const c = cs[j];
      const s = sn[j];
      const b = z[o + j + 1];
      z[o + j] = c * c0 + s * b;
      c0 = c * b - s * c0;
    }
    z[o + hi] = c0;
  }
}

/** Rotates columns (i, j) of the row-major `rows × ld` matrix z: z_i ← c z_i + s z_j, z_j ← −s z_i + c z_j. */
function rotateColumns(z: Float64Array, rows: number, ld: number, i: number, j: number, c: number, s: number): void {
  for (let r = 0; r < rows; r++) {
    const o = r * ld;
    const a = z[o + i];
    const b = z[o + j];
    z[o + i] = c * a + s * b;
    z[o + j] = -s * a + c * b;
  }
}

/**
 * Implicit-shift QR on the upper bidiagonal B = bidiag(s, e) (n × n), in place: on return `s` holds
 * the singular values, non-negative and *unsorted*. Rotations are applied as U ← U·G (u: `uRows × n`,
 * row-major) and V ← V·G (v: `n × n`), so that U B Vᵀ is invariant.
 *
 * Case analysis of LINPACK dsvdc / JAMA: (1) a negligible \( s_{p-1} \) is deflated by chasing
 * \( e_{p-2} \) up with right rotations; (2) a negligible \( s_k \) splits the block by chasing \( e_k \)
 * down with left rotations; (3) otherwise one Golub–Kahan QR step with the Wilkinson shift of the trailing
 * 2 × 2 block of BᵀB (Golub & Van Loan Alg. 8.6.1); (4) convergence: make \( s \ge 0 \).
 * Negligible means \( |e_k| \le \mathrm{TINY} + \varepsilon(|s_k| + |s_{k+1}|) \), resp. \( |s_k| \le \mathrm{TINY} + \varepsilon(|e_{k-1}| + |e_k|) \).
 */
export function bidiagonalQrInPlace(
  s: Float64Array,
  e: Float64Array,
  n: number,
  u: Float64Array | null,
  uRows: number,
  v: Float64Array | null,
): void {
  const csV = new Float64Array(n);
  const snV = new Float64Array(n);
  const csU = new Float64Array(n);
  const snU = new Float64Array(n);
  e[n - 1] = 0;
  let p = n;
  let iter = 0;
  while (p > 0) {
    let k: number;
    for (k = p - 2; k >= 0; k--) {
      if (Math.abs(e[k]) <= TINY + EPS * (Math.abs(s[k]) + Math.abs(s[k + 1]))) {
        e[k] = 0;
        break;
      }
    }
    let kase: number;
    if (k === p - 2) {
      kase = 4;
    } else {
      let ks: number;
      for (ks = p - 1; ks > k; ks--) {
        const t = (ks !== p ? Math.abs(e[ks]) : 0) + (ks !== k + 1 ? Math.abs(e[ks - 1]) : 0);
        if (Math.abs(s[ks]) <= TINY + EPS * t) {
          s[ks] = 0;
          break;
        }
      }
      if (ks === k) {
        kase = 3;
      } else if (ks === p - 1) {
        kase = 1;
      } else {
        kase = 2;
        k = ks;
      }
    }
    k++;
    if (kase !== 4 && ++iter > MAX_SVD_SWEEPS_PER_VALUE) {
      throw new ConvergenceError(
        `bidiagonal SVD did not converge: singular value ${p - 1} of ${n} needed more than ${MAX_SVD_SWEEPS_PER_VALUE} sweeps`,
      );
    }
    switch (kase) {
      case 1: {
        // s[p−1] ≈ 0: zero e[p−2] by right rotations on columns (j, p−1), j = p−2 … k.
        let f = e[p - 2];
        e[p - 2] = 0;
        for (let j = p - 2; j >= k; j--) {
          const t = hyp(s[j], f);
          const c = s[j] / t;
          const sn = f / t;
          s[j] = t;
          if (j !== k) {
            f = -sn * e[j - 1];
            e[j - 1] = c * e[j - 1];
          }
          if (v !== null) rotateColumns(v, n, n, j, p - 1, c, sn);
        }
        break;
      }
      case 2: {
        // s[k−1] ≈ 0: zero e[k−1] by left rotations on columns (j, k−1), j = k … p−1.
        let f = e[k - 1];
        e[k - 1] = 0;
        for (let j = k; j < p; j++) {
          const t = hyp(s[j], f);
          const c = s[j] / t;
          const sn = f / t;
          s[j] = t;
          f = -sn * e[j];
          e[j] = c * e[j];
          if (u !== null) rotateColumns(u, uRows, n, j, k - 1, c, sn);
        }
        break;
      }
      case 3: {
        // One implicit QR step on the block k … p−1, with the shift of the trailing 2 × 2 of BᵀB.
        const scale = Math.max(Math.abs(s[p - 1]), Math.abs(s[p - 2]), Math.abs(e[p - 2]), Math.abs(s[k]), Math.abs(e[k]));
        const sp = s[p - 1] / scale;
        const spm1 = s[p - 2] / scale;
        const epm1 = e[p - 2] / scale;
        const sk = s[k] / scale;
        const ek = e[k] / scale;
        const b = ((spm1 + sp) * (spm1 - sp) + epm1 * epm1) / 2;
        const cc = sp * epm1 * (sp * epm1);
        let shift = 0;
        if (b !== 0 || cc !== 0) {
          shift = Math.sqrt(b * b + cc);
          if (b < 0) shift = -shift;
          shift = cc / (b + shift);
        }
        let f = (sk + sp) * (sk - sp) + shift;
        let g = sk * ek;
        for (let j = k; j < p - 1; j++) {
          let t = hyp(f, g);
          let c = f / t;
          let sn = g / t;
          if (j !== k) e[j - 1] = t;
          f = c * s[j] + sn * e[j];
          e[j] = c * e[j] - sn * s[j];
          g = sn * s[j + 1];
          s[j + 1] = c * s[j + 1];
          csV[j] = c;
          snV[j] = sn;
          t = hyp(f, g);
          c = f / t;
          sn = g / t;
          s[j] = t;
          f = c * e[j] + sn * s[j + 1];
          s[j + 1] = -sn * e[j] + c * s[j + 1];
          g = sn * e[j + 1];
          e[j + 1] = c * e[j + 1];
          csU[j] = c;
          snU[j] = sn;
        }
        e[p - 2] = f;
        if (v !== null) applyRotationsAscending(v, n, n, k, p - 1, csV, snV);
        if (u !== null) applyRotationsAscending(u, uRows, n, k, p - 1, csU, snU);
        break;
      }
      default: {
        // Converged: make s[k] non-negative (flip the matching column of V).
        if (s[k] < 0) {
          s[k] = -s[k];
          if (v !== null) for (let r = 0; r < n; r++) v[r * n + k] = -v[r * n + k];
        } else if (s[k] === 0) {
          s[k] = 0; // −0 → +0
        }
        iter = 0;
        p--;
      }
    }
  }
}

