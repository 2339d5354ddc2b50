/**
 * The LP test of a hidden layer (Jacot, Golikov, Hongler, Gabriel 2022, arXiv 2205.15809, §4 sparsity;
 * the LP itself is *derived*, `shared/math/l2-feature-learning.md` §4), solved by a real LP solver:
 * HiGHS (Huangfu & Hall, *Parallelizing the dual revised simplex method*, Math. Prog. Comp. 10 (2018)),
 * compiled to WebAssembly (npm `highs`).
 *
 * Write the rows of \(Z_\ell\) as \(z_k = \sqrt{a_k}\,u_k\) with \(\|u_k\| = 1\). The layer's regulariser is
 * \( \mathrm{Tr}[K_\ell (K^\sigma_{\ell-1})^+] = \sum_k a_k c_k \), \( c_k = \|u_k (Z^\sigma_{\ell-1})^+\|^2 \),
 * and for homogeneous σ the next layer sees only \( K^\sigma_\ell - \beta^2 11^\top = \sum_k a_k \sigma(u_k)\sigma(u_k)^\top \).
 * Moving a within \( \{a \ge 0 : \sum_k a_k \sigma(u_k)\sigma(u_k)^\top = K^\sigma_\ell - \beta^2 11^\top\} \) is a
 * continuous path of networks (rows \(\sqrt{a_k}u_k\), min-norm weights) along which only \( \sum_k a_k c_k \) changes, so at a
 * local minimum of \(L_\lambda\) the current a solves
 * \[ \min_{a\ge 0} \sum_k a_k c_k \quad\text{s.t.}\quad \sum_k a_k\,\mathrm{vech}\,\sigma(u_k)\sigma(u_k)^\top = \mathrm{vech}(K^\sigma_\ell - \beta^2 11^\top). \]
 *
 * @module
 */
import * as highsModule from 'highs';
import type { Highs } from 'highs';
import { DimensionError, type Matrix } from '../../core/matrix.ts';
import { pinv } from '../../core/pinv.ts';
import { svd } from '../../core/svd.ts';
import { EPS } from '../../core/constants.ts';

// `highs` ships CommonJS typings with an ESM build: the namespace import types and runs the same on both.
type HighsRuntime = Highs;
const loadHighs = highsModule.default as unknown as () => Promise<HighsRuntime>;

/** A loaded HiGHS runtime (the WASM module is loaded once per process). */
export interface LpSolver {
  readonly highs: HighsRuntime;
}

let loading: Promise<LpSolver> | null = null;

/** Loads HiGHS (WASM) once and returns it; every LP in this package goes through it. */
export function loadLpSolver(): Promise<LpSolver> {
  loading ??= loadHighs().then((highs: HighsRuntime) => ({ highs }));
  return loading;
}

/** A dense LP \( \min c^\top x \) s.t. \( r_L \le A x \le r_U \), \( l \le x \le u \) (±Infinity for no bound). */
export interface DenseLp {
  /** Cost, length n. */
  c: ArrayLike<number>;
  /** Constraint matrix, m × n (dense; zeros are skipped). */
  A: Matrix;
  rowLower: ArrayLike<number>;
  rowUpper: ArrayLike<number>;
  colLower: ArrayLike<number>;
  colUpper: ArrayLike<number>;
}

/** Result of {@link solveLp}. */
export interface LpResult {
  /** HiGHS model status name (`optimal`, `infeasible`, …). */
  status: string;
  optimal: boolean;
  objective: number;
  x: Float64Array;
  /** Largest violation \( \max(r_L - Ax, Ax - r_U, l - x, x - u, 0) \), recomputed in float64 from x. */
  maxViolation: number;
}

/** Feasibility tolerance passed to HiGHS (its default is 1e-7); the LP data here are O(1) after scaling. */
export const LP_FEASIBILITY_TOL = 1e-10;

const statusName = (highs: HighsRuntime, code: number): string => {
  for (const [k, v] of Object.entries(highs.constants.modelStatus)) if (v === code) return k;
  return `status-${code}`;
};

/**
 * Solves a dense LP with HiGHS (dual simplex by default), primal and dual feasibility tolerances {@link LP_FEASIBILITY_TOL}.
 *
 * @throws {DimensionError} for inconsistent lengths or non-finite costs / matrix entries.
 */
export function solveLp(solver: LpSolver, lp: DenseLp): LpResult {
  const { highs } = solver;
  const m = lp.A.rows;
  const n = lp.A.cols;
  if (lp.c.length !== n) throw new DimensionError(`lp.c has length ${lp.c.length}, expected ${n} (columns of lp.A)`);
  if (lp.rowLower.length !== m || lp.rowUpper.length !== m) throw new DimensionError(`lp.rowLower/rowUpper must have length ${m}`);
  if (lp.colLower.length !== n || lp.colUpper.length !== n) throw new DimensionError(`lp.colLower/colUpper must have length ${n}`);
  const starts: number[] = [0];
  const indices: number[] = [];
  const values: number[] = [];
  for (let j = 0; j < n; j++) {
    if (!Number.isFinite(lp.c[j])) throw new DimensionError(`lp.c[${j}] is not finite: ${lp.c[j]}`);
    for (let i = 0; i < m; i++) {
      const v = lp.A.data[lp.A.offset + i * lp.A.stride + j];
      if (!Number.isFinite(v)) throw new DimensionError(`lp.A has a non-finite entry ${v} at (${i}, ${j})`);
      if (v !== 0) {
        indices.push(i);
        values.push(v);
      }
    }
    starts.push(indices.length);
  }
  const inf = (x: number) => (x === Infinity ? highs.infinity : x === -Infinity ? -highs.infinity : x);
  const model = {
    numCols: n,
    numRows: m,
    colCost: Array.from(lp.c),
    colLower: Array.from(lp.colLower, inf),
    colUpper: Array.from(lp.colUpper, inf),
    rowLower: Array.from(lp.rowLower, inf),
    rowUpper: Array.from(lp.rowUpper, inf),
    matrix: { format: 'csc' as const, numRows: m, numCols: n, starts, indices, values },
  };
  const out = highs.withModel(model, (md) => {
    md.options.set({ output_flag: false, small_matrix_value: 1e-12, primal_feasibility_tolerance: LP_FEASIBILITY_TOL, dual_feasibility_tolerance: LP_FEASIBILITY_TOL });
    md.run();
    const code = md.getModelStatus();
    return { code, objective: md.getObjectiveValue(), x: Float64Array.from(md.getSolution().colValue) };
  });
  let viol = 0;
  for (let j = 0; j < n; j++) viol = Math.max(viol, lp.colLower[j] - out.x[j], out.x[j] - lp.colUpper[j]);
  for (let i = 0; i < m; i++) {
    let s = 0;
    for (let j = 0; j < n; j++) s += lp.A.data[lp.A.offset + i * lp.A.stride + j] * out.x[j];
    viol = Math.max(viol, lp.rowLower[i] - s, s - lp.rowUpper[i]);
  }
  const status = statusName(highs, out.code);
  return { status, optimal: out.code === highs.constants.modelStatus.optimal, objective: out.objective, x: out.x, maxViolation: Math.max(0, viol) };
}

/** Result of {@link lpTest}. */
export interface LpTestResult {
  /** \( \sum_k a_k c_k = \mathrm{Tr}[K_\ell (K^\sigma_{\ell-1})^+] \) at the current point. */
  current: number;
  /** The LP minimum over a ≥ 0 with the same \(K^\sigma_\ell\). */
  lpMin: number;
  /** (current − lpMin) / current: ≈ 0 at a local minimum, O(1) on random networks. */
  relGap: number;
  /** Number of non-zero neurons in the LP (zero rows have no direction and are left out). */
  neurons: number;
  /** The LP's minimiser a* (one entry per non-zero neuron). */
  aStar: Float64Array;
  status: string;
}

/** Options of {@link lpTest}. */
export interface LpTestOptions {
  /** The activation σ, positively homogeneous (the caller checks). */
  sigma: (x: number) => number;
  /** Override of the per-neuron weights \(c_k\) (default \(\|u_k (Z^\sigma_{\ell-1})^+\|^2\); wrong variants replace it). */
  cost?: (u: Float64Array) => number;
}

/**
 * The LP test of §4 for hidden layer ℓ (*derived*; necessary for a local minimum of \(L_\lambda\), homogeneous σ).
 * The weights \(c_k = \|u_k (Z^\sigma_{\ell-1})^+\|^2\) use the SVD pseudo-inverse of \(Z^\sigma_{\ell-1}\) (never its Gram).
 * Constraints are scaled by \(1/\max|K^\sigma_\ell - \beta^2 11^\top|\) and costs by \(1/\max c_k\) so that HiGHS's
 * absolute tolerances are relative ones.
 *
 * @param z \(Z_\ell\), \(n_\ell \times N\) (pre-activations of the layer).
 * @param zsPrev \(Z^\sigma_{\ell-1}\), \((n_{\ell-1}+1) \times N\) (bias row included).
 * @throws {DimensionError} if the sample counts differ or entries are not finite.
 */
export function lpTest(solver: LpSolver, z: Matrix, zsPrev: Matrix, options: LpTestOptions): LpTestResult {
  const { sigma, cost } = options;
  const N = z.cols;
  if (zsPrev.cols !== N) throw new DimensionError(`zsPrev has ${zsPrev.cols} columns but z has ${N} (one column per sample)`);
  const pp = cost ? null : pinv(zsPrev).pinv; // N × (n+1)
  const dirs: Float64Array[] = [];
  const a: number[] = [];
  for (let k = 0; k < z.rows; k++) {
    const u = new Float64Array(N);
    let s = 0;
    for (let i = 0; i < N; i++) {
      const v = z.data[z.offset + k * z.stride + i];
      if (!Number.isFinite(v)) throw new DimensionError(`z has a non-finite entry ${v} at (${k}, ${i})`);
      u[i] = v;
      s += v * v;
    }
    if (s === 0) continue;
    const r = Math.sqrt(s);
    for (let i = 0; i < N; i++) u[i] /= r;
    dirs.push(u);
    a.push(s);
  }
  const n = dirs.length;
  const c = new Float64Array(n);
  for (let k = 0; k < n; k++) {
    if (cost) c[k] = cost(dirs[k]);
    else {
      const p = pp as Matrix;
      let s = 0;
      for (let j = 0; j < p.cols; j++) {
        let t = 0;
        for (let i = 0; i < N; i++) t += dirs[k][i] * p.data[p.offset + i * p.stride + j];
        s += t * t;
      }
      c[k] = s;
    }
  }
  const m = (N * (N + 1)) / 2;
  const A: Matrix = { rows: m, cols: n, data: new Float64Array(m * n), offset: 0, stride: n };
  const rhs = new Float64Array(m);
  for (let k = 0; k < n; k++) {
    const su = dirs[k].map(sigma);
    let r = 0;
    for (let i = 0; i < N; i++) {
      for (let j = i; j < N; j++, r++) {
        // Entries ≤ 1e-12 (u is a unit vector, so entries are ≤ 1) are zeroed before the right-hand side is formed: HiGHS
        // drops them anyway (small_matrix_value), and this way the current a stays exactly feasible.
        const v0 = su[i] * su[j];
        const v = Math.abs(v0) <= 1e-12 ? 0 : v0;
        A.data[r * n + k] = v;
        rhs[r] += a[k] * v;
      }
    }
  }
  let current = 0;
  for (let k = 0; k < n; k++) current += a[k] * c[k];
  if (n === 0) return { current: 0, lpMin: 0, relGap: 0, neurons: 0, aStar: new Float64Array(0), status: 'empty' };
  let rs = 0;
  for (const v of rhs) rs = Math.max(rs, Math.abs(v));
  let cs = 0;
  for (const v of c) cs = Math.max(cs, Math.abs(v));
  rs = rs || 1;
  cs = cs || 1;
  // The N(N+1)/2 equations in n unknowns are usually dependent (overdetermined but consistent), which the simplex treats as
  // infeasible at tight tolerances. Replace them by their independent combinations U_rᵀA a = U_rᵀb (core SVD, relative
  // cutoff max(m, n)·ε): the same feasible set, full row rank, orthonormal mixing so no scale changes.
  const f = svd(A);
  let r = 0;
  const cut = Math.max(m, n) * EPS * (f.s[0] ?? 0);
  while (r < f.s.length && f.s[r] > cut) r++;
  const Ar: Matrix = { rows: r, cols: n, data: new Float64Array(r * n), offset: 0, stride: n };
  const rowB: number[] = [];
  for (let q = 0; q < r; q++) {
    for (let k = 0; k < n; k++) Ar.data[q * n + k] = f.s[q] * f.V.data[k * f.V.stride + q];
    let t = 0;
    for (let i = 0; i < m; i++) t += f.U.data[i * f.U.stride + q] * rhs[i];
    rowB.push(t / rs);
  }
  const res = solveLp(solver, {
    c: Array.from(c, (v) => v / cs),
    A: Ar,
    rowLower: rowB,
    rowUpper: rowB,
    colLower: new Array(n).fill(0),
    colUpper: new Array(n).fill(Infinity),
  });
  const aStar = res.x.map((v) => v * rs);
  let lpMin = 0;
  for (let k = 0; k < n; k++) lpMin += aStar[k] * c[k];
  return { current, lpMin, relGap: current > 0 ? (current - lpMin) / current : 0, neurons: n, aStar, status: res.status };
}
