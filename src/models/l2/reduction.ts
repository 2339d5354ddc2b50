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
import { DimensionError, zeros, type Matrix } from '../../core/matrix.ts';
import { nnls } from '../../core/nnls.ts';
import { nullSpace, rank } from '../../core/qr.ts';
import { gram } from '../../core/syrk.ts';
import type { Activation } from './activation.ts';
import { forward, loss, validateNetwork, widths, withWeights, type L2Network } from './network.ts';
import { minNormWeights, representationsForward } from './reformulation.ts';

/** Thrown when the reduction does not apply (non-homogeneous σ) or its input is malformed. */
export class ReductionError extends Error {
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
export function coneVectors(u: Matrix, sigma: Activation): Matrix {
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
export function spanDimension(u: Matrix, sigma: Activation): number {
  return rank(coneVectors(u, sigma));
}

/** Result of {@link caratheodory}. */
export interface CaratheodoryResult {
  /** Indices (into the input columns) of the kept neurons. */
  support: number[];
  /** Their new masses a_k > 0 (after the NNLS polish). */
  a: Float64Array;
  /** Elimination steps taken. */
  steps: number;
  /** Relative residual \( \|V_S a_S - Va\| / \|Va\| \) after the polish. */
  residual: number;
}

/**
 * Carathéodory's theorem for cones, constructively: returns \( a' \ge 0 \) supported on linearly independent columns of V
 * with \( V a' = V a \). Each step removes at least one neuron; null vectors from the core SVD (`nullSpace`).
 *
 * @param V m × n cone vectors (columns).
 * @param a0 masses, length n, all > 0.
 * @throws {DimensionError} for a length mismatch or a negative / non-finite mass.
 */
export function caratheodory(V: Matrix, a0: Float64Array): CaratheodoryResult {
  const m = V.rows;
  const n = V.cols;
  if (a0.length !== n) throw new DimensionError(`a has length ${a0.length} but V has ${n} columns`);
  for (let k = 0; k < n; k++) if (!(a0[k] >= 0) || !Number.isFinite(a0[k])) throw new DimensionError(`a[${k}] must be finite and ≥ 0, got ${a0[k]}`);
  const target = new Float64Array(m);
  for (let i = 0; i < m; i++) {
    let s = 0;
    for (let k = 0; k < n; k++) s += V.data[V.offset + i * V.stride + k] * a0[k];
    target[i] = s;
  }
  let support: number[] = [];
  for (let k = 0; k < n; k++) if (a0[k] > 0) support.push(k);
  const a = Float64Array.from(a0);
  let steps = 0;
  const sub = (S: number[]): Matrix => {
    const out = zeros(m, S.length);
    for (let i = 0; i < m; i++) for (let c = 0; c < S.length; c++) out.data[i * S.length + c] = V.data[V.offset + i * V.stride + S[c]];
    return out;
  };
  for (;;) {
    const VS = sub(support);
    const ns = nullSpace(VS);
    if (ns.cols === 0) break;
    const c = new Float64Array(support.length);
    for (let r = 0; r < support.length; r++) c[r] = ns.data[r * ns.stride];
    let cmax = 0;
    let cmin = 0;
    for (const x of c) {
      cmax = Math.max(cmax, x);
      cmin = Math.min(cmin, x);
    }
    if (-cmin > cmax) for (let r = 0; r < c.length; r++) c[r] = -c[r];
    let t = Infinity;
    let arg = -1;
    for (let r = 0; r < c.length; r++) {
      if (c[r] > 0) {
        const q = a[support[r]] / c[r];
        if (q < t) {
          t = q;
          arg = r;
        }
      }
    }
    if (arg < 0) break;
    for (let r = 0; r < c.length; r++) a[support[r]] -= t * c[r];
    a[support[arg]] = 0;
    // Masses driven to (or, by rounding, just below) zero leave the support with it.
    const amax = support.reduce((s, k) => Math.max(s, a[k]), 0);
    support = support.filter((k) => a[k] > 1e-14 * amax);
    for (let k = 0; k < n; k++) if (!support.includes(k)) a[k] = 0;
    steps++;
  }
  // NNLS polish on the final support: min_{a_S ≥ 0} ‖V_S a_S − V a0‖.
  // The polish is kept only if it lowers the residual: Lawson–Hanson skips columns that look rank deficient to it, and on a
  // nearly dependent (but SVD-independent) support that can leave a larger residual than the elimination itself.
  const VS = sub(support);
  const pol = nnls(VS, target);
  const resid = (x: ArrayLike<number>) => {
    let r2 = 0;
    for (let i = 0; i < m; i++) {
      let t = -target[i];
      for (let c = 0; c < support.length; c++) t += VS.data[i * support.length + c] * x[c];
      r2 += t * t;
    }
    return Math.sqrt(r2);
  };
  const elim = support.map((k) => Math.max(0, a[k]));
  const usePolish = pol.residualNorm <= resid(elim);
  const x = usePolish ? pol.x : elim;
  const kept: number[] = [];
  const masses: number[] = [];
  support.forEach((k, r) => {
    if (x[r] > 0) {
      kept.push(k);
      masses.push(x[r]);
    }
  });
  let tn = 0;
  for (const v of target) tn += v * v;
  const rn = usePolish ? pol.residualNorm : resid(elim);
  return { support: kept, a: Float64Array.from(masses), steps, residual: tn > 0 ? rn / Math.sqrt(tn) : 0 };
}

/** A layer reducer: new rows Z'_ℓ (n' × N) from Z_ℓ; wrong variants of the claims substitute their own. */
export type LayerReducer = (z: Matrix, sigma: Activation) => Matrix;

/**
 * The Carathéodory reduction of one hidden layer's representations (§4): new rows \( \sqrt{a'_k}\,u_k \) on the
 * independent support, so that \(K_\ell\) and \(K^\sigma_\ell - \beta^2 11^\top\) are unchanged (σ positively homogeneous;
 * the caller checks).
 */
export function reduceLayer(z: Matrix, sigma: Activation): Matrix {
  const cn = coneNeurons(z);
  const N = z.cols;
  // An all-dead layer keeps one zero neuron (a network needs width ≥ 1).
  if (cn.a.length === 0) return zeros(1, N);
  const res = caratheodory(coneVectors(cn.u, sigma), cn.a);
  const out = zeros(res.support.length, N);
  res.support.forEach((k, r) => {
    const s = Math.sqrt(res.a[r]);
    for (let i = 0; i < N; i++) out.data[r * N + i] = s * cn.u.data[k * N + i];
  });
  return out;
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
  /** max over hidden layers of max|K'_ℓ − K_ℓ| / max|K_ℓ| and the same for \(K^\sigma_\ell\). */
  maxGramChange: number;
  /** max|Z'_L − Z_L| / max|Z_L| (outputs of the rebuilt network's forward pass). */
  maxOutputChange: number;
  /** Per hidden layer: rank K_ℓ (numerical, SVD of Z_ℓ) before the reduction. */
  ranksBefore: number[];
  /** min over layers of s_r/s_1 of the rebuilt \(Z'^\sigma_{\ell-1}\) (the conditioning of the min-norm rebuild). */
  smallestKeptRatio: number;
}

/**
 * Reduces every hidden layer of a network (Lemma 10): representations of each hidden layer by `reducer`
 * (default {@link reduceLayer}), outputs \(Z_L\) kept, weights rebuilt by the min-norm formula, then a fresh forward pass
 * of the rebuilt network measures the Gram and output changes. At a min-norm point the loss is unchanged; otherwise it
 * drops by exactly \( \lambda\sum_\ell\|\tilde W_\ell\|^2 \).
 *
 * `opts.skipHomogeneityCheck` exists only so that the wrong variants of J9 can show what goes wrong without homogeneity.
 *
 * @throws {ReductionError} if σ is not positively homogeneous (the cone argument needs \(\sigma(cx) = c\sigma(x)\), c > 0).
 * @throws {NetworkError} (from `network.ts`) for a malformed network.
 */
export function reduceNetwork(net: L2Network, reducer: LayerReducer = reduceLayer, opts: { skipHomogeneityCheck?: boolean } = {}): NetworkReduction {
  validateNetwork(net);
  if (!net.activation.homogeneous && !opts.skipHomogeneityCheck) {
    throw new ReductionError(`activation '${net.activation.name}' is not positively homogeneous: the reduction needs σ(cx) = cσ(x) for c > 0 (ReLU, leaky ReLU, abs, identity)`);
  }
  const L = net.weights.length;
  const fw = forward(net);
  const newZ: Matrix[] = [];
  const ranksBefore: number[] = [];
  for (let l = 1; l < L; l++) {
    ranksBefore.push(rank(fw.Z[l]));
    newZ.push(reducer(fw.Z[l], net.activation));
  }
  newZ.push(fw.Z[L]);
  // Min-norm weights W'_ℓ = Z'_ℓ (Z'^σ_{ℓ−1})⁺ from the new representations (reformulation.ts, Prop. 1).
  const mn = minNormWeights(representationsForward(net.X, newZ, net.activation, net.beta));
  const weights = mn.weights;
  const ratio = Math.min(...mn.pinvs.map((p) => p.smallestKeptRatio));
  const reduced = withWeights(net, weights);
  const fw2 = forward(reduced);
  let g = 0;
  for (let l = 1; l < L; l++) {
    g = Math.max(g, relMaxDiff(gram(fw2.Z[l]), gram(fw.Z[l])), relMaxDiff(gram(fw2.Zs[l]), gram(fw.Zs[l])));
  }
  return {
    reduced,
    widthsBefore: widths(net),
    widthsAfter: widths(reduced),
    lossBefore: loss(net),
    lossAfter: loss(reduced),
    maxGramChange: g,
    maxOutputChange: relMaxDiff(fw2.Z[L], fw.Z[L]),
    ranksBefore,
    smallestKeptRatio: ratio,
  };
}
