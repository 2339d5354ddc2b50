/**
 * Sparsity: the Carathéodory reduction of a hidden layer and of a whole network (Jacot, Golikov, Hongler, Gabriel 2022,
 * arXiv 2205.15809, Props. 6–8 and Lemma 10; the algorithm is *derived*, `shared/math/l2-feature-learning.md` §4).
 *
 * For positively homogeneous σ, a hidden neuron with representation row \(z_k = \sqrt{a_k}\,u_k\), \(\|u_k\| = 1\),
 * contributes \( a_k v_k \) to the pair of Grams, with
 * \[ v_k = \big[\mathrm{vech}(u_k u_k^\top);\ \mathrm{vech}(\sigma(u_k)\sigma(u_k)^\top)\big] \in \mathbb R^{N(N+1)}, \qquad
 *    \big[\mathrm{vech} K_\ell;\ \mathrm{vech}(K^\sigma_\ell - \beta^2 11^\top)\big] = \sum_k a_k v_k . \]
 * Carathéodory for cones: while the \(v_k\) on the support are linearly dependent, take \(c \ne 0\) with \(\sum_k c_k v_k = 0\)
 * (a null vector from the SVD), signed so that some \(c_k > 0\), step \( t = \min_{c_k > 0} a_k/c_k \), \( a \leftarrow a - tc \),
 * drop the zeros. At most \(\dim\mathrm{span}\{v\} \le N(N+1)\) neurons remain (Lemma 10), at least rank \(K_\ell\).
 * A non-negative least-squares polish (Lawson–Hanson) on the final support removes the rounding of the steps. The new rows
 * are \( \sqrt{a_k}\,u_k \) (so σ of them is \( \sqrt{a_k}\,\sigma(u_k) \) by homogeneity), and all weights are rebuilt by the
 * min-norm formula \( W'_\ell = Z'_\ell (Z'^\sigma_{\ell-1})^+ \) (Prop. 1).
 *
 * @module
 */
import { InputError } from '../../core/lemmataError.ts';
import { matmul } from '../../core/gemm.ts';
import { DimensionError, powerOfTwoScale, zeros, type Matrix } from '../../core/matrix.ts';
import { pinv } from '../../core/pinv.ts';
import { nnls } from '../../core/nnls.ts';
import { rank } from '../../core/qr.ts';
import { ColumnBasis } from './columnBasis.ts';
import { gram } from '../../core/syrk.ts';
import type { L2Activation } from './activation.ts';
import { assertRepresentationScale, forward, loss, validateNetwork, widths, withWeights, type L2Network } from './network.ts';
import { minNormWeights, representationsForward } from './reformulation.ts';
import { EPS } from '../../core/constants.ts';

/** Thrown when the reduction does not apply (non-homogeneous σ) or its input is malformed. */
export class ReductionError extends InputError {
  override name = 'ReductionError';
}

/** The neurons of one layer in cone coordinates: directions u_k (unit rows), masses a_k = ‖z_k‖², and their original row indices. */
export interface ConeNeurons {
  /** n × N, unit rows (zero rows of z are left out). */
  u: Matrix;
  /** a_k = ‖z_k‖² > 0. */
  a: Float64Array;
  /** Row of z each neuron came from. */
  index: number[];
}

/** Splits the rows of Z_ℓ (n_ℓ × N) into unit directions and squared norms, dropping zero rows. */
export function coneNeurons(z: Matrix): ConeNeurons {
  const N = z.cols;
  const idx: number[] = [];
  const as: number[] = [];
  for (let k = 0; k < z.rows; k++) {
    let s = 0;
    for (let i = 0; i < N; i++) {
      const v = z.data[z.offset + k * z.stride + i];
      if (!Number.isFinite(v)) throw new DimensionError(`z has a non-finite entry ${v} at (${k}, ${i})`);
      s += v * v;
    }
    if (s > 0) {
      idx.push(k);
      as.push(s);
    }
  }
  const u = zeros(idx.length, N);
  idx.forEach((k, r) => {
    const nr = Math.sqrt(as[r]);
    for (let i = 0; i < N; i++) u.data[r * N + i] = z.data[z.offset + k * z.stride + i] / nr;
  });
  return { u, a: Float64Array.from(as), index: idx };
}

/**
 * The cone vectors as columns: \( V = [v_1, \dots, v_n] \in \mathbb R^{N(N+1) \times n} \),
 * \( v_k = [\mathrm{vech}(u_k u_k^\top); \mathrm{vech}(\sigma(u_k)\sigma(u_k)^\top)] \) (vech: upper triangle, row by row).
 */
export function coneVectors(u: Matrix, sigma: L2Activation): Matrix {
  const N = u.cols;
  const h = (N * (N + 1)) / 2;
  const n = u.rows;
  const V = zeros(2 * h, n);
  const su = new Float64Array(N);
  for (let k = 0; k < n; k++) {
    const base = u.offset + k * u.stride;
    for (let i = 0; i < N; i++) su[i] = sigma.value(u.data[base + i]);
    let r = 0;
    for (let i = 0; i < N; i++) {
      for (let j = i; j < N; j++, r++) {
        V.data[r * n + k] = u.data[base + i] * u.data[base + j];
        V.data[(h + r) * n + k] = su[i] * su[j];
      }
    }
  }
  return V;
}

/**
 * The dimension of \( \mathrm{span}\{(zz^\top, \sigma(z)\sigma(z)^\top)\} \) estimated from `samples` random directions
 * (numerical rank of their cone vectors, core SVD, relative cutoff max(m, n)·ε). Lemma 10 and §4: ReLU and leaky ReLU
 * N(N+1), |x| N², identity N(N+1)/2.
 */
export function spanDimension(u: Matrix, sigma: L2Activation): number {
  return rank(coneVectors(u, sigma));
}

/** Result of {@link caratheodory}. */
export interface CaratheodoryResult {
  /** Indices (into the input columns) of the kept neurons. */
  support: number[];
  /** Their new masses a_k > 0 (after the polish). */
  a: Float64Array;
  /** Elimination steps taken (one per dependent column met). */
  steps: number;
  /** Relative residual \( \|V_S a_S - Va\| / \|Va\| \) after the polish. */
  residual: number;
}

/** Progress of a long reduction: `done` of `total` units of the current stage. */
export interface ReductionProgress {
  /** What is running, e.g. `layer 2/3: elimination` or `rebuild`. */
  stage: string;
  done: number;
  total: number;
}

/** Columns given one at a time: `column(k, out)` writes column k (length m) into `out`. */
export interface ColumnSource {
  /** Length of a column. */
  m: number;
  /** Number of columns. */
  n: number;
  column(k: number, out: Float64Array): void;
}

/** Options of {@link caratheodoryColumns}. */
export interface CaratheodoryOptions {
  /** Called every few columns with (done, total). */
  onProgress?: (done: number, total: number) => void;
}

/**
 * Relative tolerance of the independence test: a column whose component orthogonal to the current basis has
 * \( \rho \le \tau\,\|v\| \) is dependent. CGS2 computes ρ of a column inside the span to a few ε·‖v‖·√r (Giraud et al.
 * 2005), so τ = 64·max(m, 16)·ε sits well above that rounding level and as far below a genuinely new direction as the
 * SVD rank cutoff max(m, n)·ε·s_max of the core `rank`, which the earlier SVD-per-step version used.
 */
export function independenceTolerance(m: number): number {
  return 64 * Math.max(m, 16) * EPS;
}

/**
 * Carathéodory's theorem for cones, constructively and incrementally: returns \( a' \ge 0 \) supported on linearly
 * independent columns with \( V a' = V a \).
 *
 * The columns are visited once, in order, keeping an independent basis B with its thin QR ({@link ColumnBasis}). A column
 * v_j outside span V_B joins B. A column inside it gives the null vector \( c = (x, -1) \) on B ∪ {j}, \( V_B x = v_j \)
 * (x from the QR), and the step \( a_B \leftarrow a_B + t x \), \( a_j \leftarrow a_j - t \) with the largest t keeping a ≥ 0,
 * \( t = \min(a_j, \min_{x_k<0} a_k/(-x_k)) \), removes j or a basis column (then j takes its place: the null space of
 * V_{B∪{j}} is one-dimensional, so B ∪ {j} minus any column with c_k ≠ 0 is independent). Each column costs
 * O(m·|B|) (CGS2 and Givens updates) instead of an SVD of V_S per step: O(n·m·min(m, n)) for the whole layer.
 *
 * A least-squares polish on the final (independent) support, \( a_S = R^{-1}Q^\top(Va) \) with one step of iterative
 * refinement, removes the rounding accumulated by the steps; it is kept when it stays positive and lowers the residual
 * (otherwise non-negative least squares, Lawson–Hanson, when the support is small, else the steps' masses).
 *
 * @param src the columns v_k (length m each).
 * @param a0 masses, length n, all finite and ≥ 0.
 * @throws {DimensionError} for a length mismatch or a negative / non-finite mass.
 */
export function caratheodoryColumns(src: ColumnSource, a0: Float64Array, opts: CaratheodoryOptions = {}): CaratheodoryResult {
  const { m, n } = src;
  if (a0.length !== n) throw new DimensionError(`a has length ${a0.length} but there are ${n} columns`);
  for (let k = 0; k < n; k++) if (!(a0[k] >= 0) || !Number.isFinite(a0[k])) throw new DimensionError(`a[${k}] must be finite and ≥ 0, got ${a0[k]}`);
  const tau = independenceTolerance(m);
  const target = new Float64Array(m);
  const v = new Float64Array(m);
  const basis = new ColumnBasis(m, Math.min(m, n));
  /** Neuron index of each basis column, in basis order. */
  const B: number[] = [];
  /** ‖v_k‖ of each basis column. */
  const colNorm: number[] = [];
  const w2 = new Float64Array(m);
  const a = Float64Array.from(a0);
  let amax = 0;
  for (let k = 0; k < n; k++) amax = Math.max(amax, a0[k]);
  // Masses driven to (or, by rounding, just below) zero leave with it: the contribution dropped is ≤ 1e-14 of the largest.
  const zeroMass = 1e-14 * amax;
  let steps = 0;
  const every = Math.max(1, Math.floor(n / 200));
  for (let j = 0; j < n; j++) {
    if (opts.onProgress && j % every === 0) opts.onProgress(j, n);
    if (!(a0[j] > 0)) continue;
    src.column(j, v);
    for (let i = 0; i < m; i++) target[i] += a0[j] * v[i];
    let vn = 0;
    for (let i = 0; i < m; i++) vn += v[i] * v[i];
    vn = Math.sqrt(vn);
    if (vn === 0) {
      a[j] = 0; // a zero column carries nothing
      continue;
    }
    let p = basis.project(v);
    let x: Float64Array | null = null;
    if (p.rho > tau * vn && basis.size < Math.min(m, n)) {
      // ρ is computed against Q, whose span drifts from span V_B by ~ε·κ(V_B) when the basis is ill-conditioned; a small
      // but not tiny ρ is therefore re-decided by the backward error of the explicit combination (see suspectDependence).
      if (p.rho > SUSPECT * vn || !(x = explicitDependence(src, B, basis, p, v, vn, tau, colNorm, w2))) {
        basis.append(p);
        B.push(j);
        colNorm.push(vn);
        continue;
      }
    }
    x ??= basis.solve(p.h);
    steps++;
    let t = a[j];
    let arg = -1; // −1: the step removes j itself
    for (let r = 0; r < B.length; r++) {
      if (x[r] < 0) {
        const q = a[B[r]] / -x[r];
        if (q < t) {
          t = q;
          arg = r;
        }
      }
    }
    for (let r = 0; r < B.length; r++) a[B[r]] += t * x[r];
    a[j] -= t;
    if (arg < 0) a[j] = 0;
    else a[B[arg]] = 0;
    // Remove every basis column whose mass reached zero (from the back, so that positions stay valid).
    for (let r = B.length - 1; r >= 0; r--) {
      if (a[B[r]] <= zeroMass) {
        a[B[r]] = 0;
        basis.remove(r);
        B.splice(r, 1);
        colNorm.splice(r, 1);
      }
    }
    if (a[j] <= zeroMass) {
      a[j] = 0;
      continue;
    }
    // Here a basis column left (the ratio test's argmin at least), so v_j is independent of the remaining basis.
    p = basis.project(v);
    basis.append(p);
    B.push(j);
    colNorm.push(vn);
  }
  if (opts.onProgress) opts.onProgress(n, n);
  // Polish: least squares on the final support, then one refinement step, all against the exact target V a0.
  const S = B.slice();
  const p = S.length;
  const resid = (x: ArrayLike<number>): Float64Array => {
    const r = Float64Array.from(target);
    for (let c = 0; c < p; c++) {
      src.column(S[c], v);
      for (let i = 0; i < m; i++) r[i] -= x[c] * v[i];
    }
    return r;
  };
  const norm = (r: Float64Array) => Math.sqrt(r.reduce((s, t) => s + t * t, 0));
  const elim = S.map((k) => a[k]);
  const rElim = norm(resid(elim));
  let best = elim;
  let rBest = rElim;
  if (p > 0) {
    const ls = basis.solve(basis.qtv(target));
    const corr = basis.solve(basis.qtv(resid(ls)));
    for (let c = 0; c < p; c++) ls[c] += corr[c];
    const rLs = norm(resid(ls));
    if (ls.every((x) => x > 0) && rLs <= rBest) {
      best = Array.from(ls);
      rBest = rLs;
    } else if (p <= NNLS_MAX) {
      const VS = zeros(m, p);
      for (let c = 0; c < p; c++) {
        src.column(S[c], v);
        for (let i = 0; i < m; i++) VS.data[i * p + c] = v[i];
      }
      const pol = nnls(VS, target);
      if (pol.residualNorm <= rBest) {
        best = Array.from(pol.x);
        rBest = pol.residualNorm;
      }
    }
  }
  const kept: number[] = [];
  const masses: number[] = [];
  S.forEach((k, c) => {
    if (best[c] > 0) {
      kept.push(k);
      masses.push(best[c]);
    }
  });
  const tn = norm(target);
  const rFinal = kept.length === p ? rBest : norm(resid(best.map((x) => Math.max(0, x))));
  return { support: kept, a: Float64Array.from(masses), steps, residual: tn > 0 ? rFinal / tn : 0 };
}

/** Above ρ > SUSPECT·‖v‖ a column is independent without further test (a drift that large needs κ(V_B) ≳ 1e13). */
const SUSPECT = 1e-3;

/**
 * The backward-error test of dependence: with \( x = R^{-1}Q^\top v \), v counts as dependent when the explicit residual
 * \( \|v - V_B x\| \le \tau\,(\|v\| + \sum_k |x_k|\,\|v_k\|) \), i.e. when v equals a combination of the basis columns up to the
 * rounding of forming it. (If v is in span V_B, \( v - V_Bx = Q\,(Q^\top v - Rx) \) is at the rounding level of the QR however
 * inaccurate x is; a genuinely new direction keeps a residual ≈ ρ.) Returns x when dependent, else null.
 */
function explicitDependence(
  src: ColumnSource,
  B: readonly number[],
  basis: ColumnBasis,
  p: { h: Float64Array },
  v: Float64Array,
  vn: number,
  tau: number,
  colNorm: readonly number[],
  w: Float64Array,
): Float64Array | null {
  const x = basis.solve(p.h);
  const m = src.m;
  const r = Float64Array.from(v);
  let scale = vn;
  for (let c = 0; c < B.length; c++) {
    src.column(B[c], w);
    const xc = x[c];
    for (let i = 0; i < m; i++) r[i] -= xc * w[i];
    scale += Math.abs(xc) * colNorm[c];
  }
  let rn = 0;
  for (let i = 0; i < m; i++) rn += r[i] * r[i];
  return Math.sqrt(rn) <= tau * scale ? x : null;
}

/** Largest support the NNLS fallback of the polish is tried on (Lawson–Hanson is O(m·p³) here). */
const NNLS_MAX = 200;

/**
 * Carathéodory's theorem for cones on an explicit matrix of cone vectors: {@link caratheodoryColumns} on the columns of V.
 *
 * @param V m × n cone vectors (columns).
 * @param a0 masses, length n, all ≥ 0.
 * @throws {DimensionError} for a length mismatch or a negative / non-finite mass.
 */
export function caratheodory(V: Matrix, a0: Float64Array, opts: CaratheodoryOptions = {}): CaratheodoryResult {
  const src: ColumnSource = {
    m: V.rows,
    n: V.cols,
    column: (k, out) => {
      for (let i = 0; i < V.rows; i++) out[i] = V.data[V.offset + i * V.stride + k];
    },
  };
  return caratheodoryColumns(src, a0, opts);
}

/** What a layer reducer may use besides Z_ℓ: the layer's input Z^σ_{ℓ−1} and a progress sink. */
export interface LayerContext {
  /** \( Z^\sigma_{\ell-1} \) ((n_{ℓ−1} + 1) × N, bias row included) of the network being reduced. */
  zsPrev: Matrix;
  /** Progress of the elimination over the layer's neurons. */
  onProgress?: (done: number, total: number) => void;
}

/** A layer reducer: new rows Z'_ℓ (n' × N) from Z_ℓ; wrong variants of the claims substitute their own. */
export type LayerReducer = (z: Matrix, sigma: L2Activation, ctx: LayerContext) => Matrix;

/**
 * Largest basis the reduction of one layer may hold: m·r + r² doubles with m the length of a cone vector (N(N+1) for
 * {@link reduceLayer}, N(N+1)/2 + 1 for {@link reduceLayerSharp}) and r ≤ min(m, n_ℓ) its rank. 2²⁶ doubles = 512 MiB,
 * a quarter of what a default Node heap and a small machine leave for typed arrays; e.g. N = 200 points with 1500 neurons
 * (m = 40 200) fit, N = 300 do not.
 */
export const MAX_BASIS_DOUBLES = 2 ** 26;

/** Throws a {@link ReductionError} when the basis of a layer with `n` neurons and cone vectors of length `m` exceeds the cap. */
export function checkBasisSize(m: number, n: number, what: string): void {
  const r = Math.min(m, n);
  const need = m * r + r * r;
  if (need > MAX_BASIS_DOUBLES) {
    throw new ReductionError(
      `${what}: ${n} neurons with cone vectors of length ${m} need a basis of ${need.toExponential(2)} doubles ` +
        `(${((need * 8) / 2 ** 30).toFixed(1)} GiB), above the cap of ${MAX_BASIS_DOUBLES} doubles (${(MAX_BASIS_DOUBLES * 8) / 2 ** 20} MiB)`,
    );
  }
}

/**
 * The rows of Z_ℓ as cone neurons, after an exact power-of-two rescaling of the whole layer that puts max|z| in [1, 2):
 * the masses a_k = ‖z_k‖² then neither overflow nor underflow (σ is positively homogeneous, so the cone directions u_k
 * do not change, and the new rows are divided by the same power of two).
 */
function scaledConeNeurons(z: Matrix): { cn: ConeNeurons; scale: number } {
  let amax = 0;
  for (let i = 0; i < z.rows; i++) for (let j = 0; j < z.cols; j++) amax = Math.max(amax, Math.abs(z.data[z.offset + i * z.stride + j]));
  const scale = powerOfTwoScale(amax);
  if (scale === 1) return { cn: coneNeurons(z), scale };
  const zs = zeros(z.rows, z.cols);
  for (let i = 0; i < z.rows; i++) for (let j = 0; j < z.cols; j++) zs.data[i * z.cols + j] = z.data[z.offset + i * z.stride + j] * scale;
  return { cn: coneNeurons(zs), scale };
}

/** New rows √a′_k·u_k / scale on the support of a Carathéodory result (one zero row when the support is empty). */
function rowsFromMasses(cn: ConeNeurons, res: CaratheodoryResult, scale: number, N: number): Matrix {
  // An all-dead layer keeps one zero neuron (a network needs width ≥ 1).
  const out = zeros(Math.max(1, res.support.length), N);
  res.support.forEach((k, r) => {
    const s = Math.sqrt(res.a[r]) / scale;
    for (let i = 0; i < N; i++) out.data[r * N + i] = s * cn.u.data[k * N + i];
  });
  return out;
}

/**
 * The Carathéodory reduction of one hidden layer's representations (§4): new rows \( \sqrt{a'_k}\,u_k \) on the
 * independent support, so that \(K_\ell\) and \(K^\sigma_\ell - \beta^2 11^\top\) are unchanged (σ positively homogeneous;
 * the caller checks). The cone vectors \( v_k = [\mathrm{vech}(u_ku_k^\top); \mathrm{vech}(\sigma(u_k)\sigma(u_k)^\top)] \) are
 * formed one at a time ({@link caratheodoryColumns}), never as an N(N+1) × n_ℓ matrix.
 *
 * @throws {ReductionError} when the layer is too large for {@link MAX_BASIS_DOUBLES}.
 */
export function reduceLayer(z: Matrix, sigma: L2Activation, ctx: Partial<LayerContext> = {}): Matrix {
  const N = z.cols;
  const { cn, scale } = scaledConeNeurons(z);
  const n = cn.a.length;
  const h = (N * (N + 1)) / 2;
  if (n === 0) return zeros(1, N);
  checkBasisSize(2 * h, n, 'reduce');
  const su = new Float64Array(N);
  const src: ColumnSource = {
    m: 2 * h,
    n,
    column: (k, out) => {
      const base = k * N;
      for (let i = 0; i < N; i++) su[i] = sigma.value(cn.u.data[base + i]);
      let r = 0;
      for (let i = 0; i < N; i++) {
        for (let j = i; j < N; j++, r++) {
          out[r] = cn.u.data[base + i] * cn.u.data[base + j];
          out[h + r] = su[i] * su[j];
        }
      }
    },
  };
  return rowsFromMasses(cn, caratheodoryColumns(src, cn.a, { onProgress: ctx.onProgress }), scale, N);
}

/**
 * The per-neuron costs \( c_k = u_k (K^\sigma_{\ell-1})^+ u_k^\top = \|u_k (Z^\sigma_{\ell-1})^+\|^2 \): the layer's regulariser is
 * \( \mathrm{Tr}[K_\ell (K^\sigma_{\ell-1})^+] = \sum_k a_k c_k \) (Prop. 3). \( (Z^\sigma_{\ell-1})^+ \) from the core SVD pseudo-inverse.
 */
export function neuronCosts(u: Matrix, zsPrev: Matrix): Float64Array {
  const P = pinv(zsPrev).pinv; // N × (n_{ℓ−1} + 1)
  const G = matmul(P, P, { transB: true }); // (K^σ_{ℓ−1})⁺ = P Pᵀ, N × N
  const N = u.cols;
  const out = new Float64Array(u.rows);
  for (let k = 0; k < u.rows; k++) {
    const base = u.offset + k * u.stride;
    let s = 0;
    for (let i = 0; i < N; i++) {
      let t = 0;
      for (let j = 0; j < N; j++) t += G.data[i * N + j] * u.data[base + j];
      s += u.data[base + i] * t;
    }
    out[k] = s;
  }
  return out;
}

/**
 * The sharper reduction (*ours, not the paper's*: `shared/math/l2-feature-learning.md` §4, "derived sharper variants").
 * Everything after layer ℓ sees Z_ℓ only through \( K^\sigma_\ell \), and the layer's own regulariser is the scalar
 * \( \sum_k a_k c_k \) ({@link neuronCosts}); so Carathéodory on
 * \[ v'_k = \big[\mathrm{vech}(\sigma(u_k)\sigma(u_k)^\top);\ c_k/\max_j c_j\big] \in \mathbb R^{N(N+1)/2 + 1} \]
 * keeps \( K^\sigma_\ell \) and the loss (not \( K_\ell \)) with at most N(N+1)/2 + 1 neurons. The rows √a′_k u_k stay in the
 * row space of \( Z^\sigma_{\ell-1} \), so the min-norm rebuild reproduces them. (Since \( c_k = \langle (K^\sigma_{\ell-1})^+, u_ku_k^\top\rangle \)
 * is linear in \( u_ku_k^\top \), v′_k is a linear image of the paper's v_k: every dependency the paper's reduction uses is one here too.)
 *
 * @throws {ReductionError} when the layer is too large for {@link MAX_BASIS_DOUBLES}.
 */
export function reduceLayerSharp(z: Matrix, sigma: L2Activation, ctx: LayerContext): Matrix {
  const N = z.cols;
  if (ctx.zsPrev.cols !== N) throw new DimensionError(`zsPrev has ${ctx.zsPrev.cols} columns, z has ${N}`);
  const { cn, scale } = scaledConeNeurons(z);
  const n = cn.a.length;
  const h = (N * (N + 1)) / 2;
  if (n === 0) return zeros(1, N);
  checkBasisSize(h + 1, n, 'reduce --sharp');
  const c = neuronCosts(cn.u, ctx.zsPrev);
  let cmax = 0;
  for (const x of c) cmax = Math.max(cmax, x);
  const cs = cmax > 0 ? 1 / cmax : 1;
  const su = new Float64Array(N);
  const src: ColumnSource = {
    m: h + 1,
    n,
    column: (k, out) => {
      const base = k * N;
      for (let i = 0; i < N; i++) su[i] = sigma.value(cn.u.data[base + i]);
      let r = 0;
      for (let i = 0; i < N; i++) for (let j = i; j < N; j++, r++) out[r] = su[i] * su[j];
      out[h] = c[k] * cs;
    },
  };
  return rowsFromMasses(cn, caratheodoryColumns(src, cn.a, { onProgress: ctx.onProgress }), scale, N);
}

/** Largest entry of |A − B| over the largest |B| (0 when both vanish). */
function relMaxDiff(A: Matrix, B: Matrix): number {
  let d = 0;
  let s = 0;
  for (let i = 0; i < B.rows; i++) {
    for (let j = 0; j < B.cols; j++) {
      const b = B.data[B.offset + i * B.stride + j];
      d = Math.max(d, Math.abs(A.data[A.offset + i * A.stride + j] - b));
      s = Math.max(s, Math.abs(b));
    }
  }
  return s > 0 ? d / s : d;
}

/** Result of {@link reduceNetwork}. */
export interface NetworkReduction {
  reduced: L2Network;
  widthsBefore: number[];
  widthsAfter: number[];
  lossBefore: number;
  lossAfter: number;
  /** max of {@link maxKChange} and {@link maxKsChange}. */
  maxGramChange: number;
  /** max over hidden layers of max|K'_ℓ − K_ℓ| / max|K_ℓ| (pre-activation Grams; not kept by the sharp reduction). */
  maxKChange: number;
  /** max over hidden layers of max|K'^σ_ℓ − K^σ_ℓ| / max|K^σ_ℓ|. */
  maxKsChange: number;
  /** max|Z'_L − Z_L| / max|Z_L| (outputs of the rebuilt network's forward pass). */
  maxOutputChange: number;
  /** Per hidden layer: rank K_ℓ (numerical, SVD of Z_ℓ) before the reduction. */
  ranksBefore: number[];
  /** min over layers of s_r/s_1 of the rebuilt \(Z'^\sigma_{\ell-1}\) (the conditioning of the min-norm rebuild). */
  smallestKeptRatio: number;
}

/** Options of {@link reduceNetwork} and {@link reduceNetworkSharp}. */
export interface ReduceNetworkOptions {
  /** Only for the wrong variants of J9, to show what goes wrong without homogeneity. */
  skipHomogeneityCheck?: boolean;
  /** Progress of the long stages (the elimination of each hidden layer, the rebuild, the checks). */
  onProgress?: (p: ReductionProgress) => void;
}

/** Options of {@link reduceNetwork}: those of {@link ReduceNetworkOptions} and the layer reducer. */
export interface ReducerOptions extends ReduceNetworkOptions {
  /** The reduction of one hidden layer's representations (default {@link reduceLayer}; wrong variants replace it). */
  reducer?: LayerReducer;
}

/**
 * Reduces every hidden layer of a network (Lemma 10): representations of each hidden layer by `reducer`
 * (default {@link reduceLayer}; {@link reduceLayerSharp} for the sharper variant), outputs \(Z_L\) kept, weights rebuilt by
 * the min-norm formula, then a fresh forward pass of the rebuilt network measures the Gram and output changes. At a
 * min-norm point the loss is unchanged; otherwise it drops by exactly \( \lambda\sum_\ell\|\tilde W_\ell\|^2 \).
 *
 * Cost: the forward pass and the checks are O(Σ_ℓ n_ℓ n_{ℓ−1} N + n_ℓ N²); the elimination of a layer with n neurons and
 * cone vectors of length m is O(n·m·min(m, n)) ({@link caratheodoryColumns}).
 *
 * @throws {ReductionError} if σ is not positively homogeneous (the cone argument needs \(\sigma(cx) = c\sigma(x)\), c > 0),
 *   or a layer is too large ({@link MAX_BASIS_DOUBLES}).
 * @throws {NetworkError} (from `network.ts`) for a malformed network, or one whose forward pass or loss overflows.
 */
export function reduceNetwork(net: L2Network, options: ReducerOptions = {}): NetworkReduction {
  const { reducer = reduceLayer, ...opts } = options;
  validateNetwork(net);
  if (!net.activation.homogeneous && !opts.skipHomogeneityCheck) {
    throw new ReductionError(`activation '${net.activation.name}' is not positively homogeneous: the reduction needs σ(cx) = cσ(x) for c > 0 (ReLU, leaky ReLU, abs, identity)`);
  }
  const L = net.weights.length;
  const report = (stage: string, done: number, total: number) => opts.onProgress?.({ stage, done, total });
  report('forward pass', 0, 1);
  const fw = forward(net);
  assertRepresentationScale(net, { fw });
  const newZ: Matrix[] = [];
  const ranksBefore: number[] = [];
  for (let l = 1; l < L; l++) {
    ranksBefore.push(rank(fw.Z[l]));
    const stage = `layer ${l}/${L - 1} (${fw.Z[l].rows} neurons): elimination`;
    newZ.push(reducer(fw.Z[l], net.activation, { zsPrev: fw.Zs[l - 1], onProgress: (d, t) => report(stage, d, t) }));
  }
  newZ.push(fw.Z[L]);
  report('min-norm rebuild', 0, 1);
  // Min-norm weights W'_ℓ = Z'_ℓ (Z'^σ_{ℓ−1})⁺ from the new representations (reformulation.ts, Prop. 1).
  const mn = minNormWeights(representationsForward(net.X, newZ, { activation: net.activation, beta: net.beta }));
  const weights = mn.weights;
  const ratio = Math.min(...mn.pinvs.map((p) => p.smallestKeptRatio));
  const reduced = withWeights(net, weights);
  report('checks', 0, 1);
  const fw2 = forward(reduced);
  let gK = 0;
  let gS = 0;
  for (let l = 1; l < L; l++) {
    gK = Math.max(gK, relMaxDiff(gram(fw2.Z[l]), gram(fw.Z[l])));
    gS = Math.max(gS, relMaxDiff(gram(fw2.Zs[l]), gram(fw.Zs[l])));
  }
  const out = {
    reduced,
    widthsBefore: widths(net),
    widthsAfter: widths(reduced),
    lossBefore: loss(net),
    lossAfter: loss(reduced),
    maxGramChange: Math.max(gK, gS),
    maxKChange: gK,
    maxKsChange: gS,
    maxOutputChange: relMaxDiff(fw2.Z[L], fw.Z[L]),
    ranksBefore,
    smallestKeptRatio: ratio,
  };
  report('checks', 1, 1);
  return out;
}

/** The sharper reduction of a whole network ({@link reduceLayerSharp} on every hidden layer; *ours*, see there). */
export function reduceNetworkSharp(net: L2Network, opts: ReduceNetworkOptions = {}): NetworkReduction {
  return reduceNetwork(net, { ...opts, reducer: reduceLayerSharp });
}
