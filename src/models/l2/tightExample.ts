/**
 * The tight example of Jacot, Golikov, Hongler, Gabriel 2022 (arXiv 2205.15809, Def. 12, Props. 13–14):
 * the complete bipartite graph \(K_{N/2,N/2}\) with edge–vertex incidence matrix E (\(N^2/4\) edges), data X = I_N,
 * targets \( Y_N = E^\top E = \begin{pmatrix} \tfrac N2 I & \mathbf 1 \\ \mathbf 1 & \tfrac N2 I\end{pmatrix} \), depth 2, ReLU, β = 0.
 *
 * @module
 */
import { DimensionError, identity, zeros, type Matrix } from '../../core/matrix.ts';
import type { Rng } from '../../core/random.ts';
import { singularValues } from '../../core/svd.ts';
import { relu } from './activation.ts';
import { lbfgs } from './lbfgs.ts';
import { flattenWeights, lossAndGradient, randomWeights, unflattenWeights, weightShapes, withWeights, type L2Network, type L2Problem } from './network.ts';

/** An undirected simple graph on vertices 0..n−1, as an edge list (i < j). */
export interface Graph {
  vertices: number;
  edges: Array<[number, number]>;
}

function checkEven(N: number, name = 'N'): void {
  if (!Number.isInteger(N) || N < 2 || N % 2 !== 0) throw new DimensionError(`${name} must be an even integer ≥ 2, got ${N}`);
}

/** The edge–vertex incidence matrix E (k × n): \(E_{e,i} = 1\) iff vertex i is an end of edge e. */
export function incidenceMatrix(g: Graph): Matrix {
  const E = zeros(g.edges.length, g.vertices);
  g.edges.forEach(([i, j], e) => {
    if (!Number.isInteger(i) || !Number.isInteger(j) || i < 0 || j < 0 || i >= g.vertices || j >= g.vertices || i === j) {
      throw new DimensionError(`graph.edges[${e}] = (${i}, ${j}) is not an edge between distinct vertices of 0..${g.vertices - 1}`);
    }
    E.data[e * g.vertices + i] = 1;
    E.data[e * g.vertices + j] = 1;
  });
  return E;
}

/** The complete bipartite graph \(K_{p,q}\): left vertices 0..p−1, right vertices p..p+q−1. */
export function completeBipartite(p: number, q: number): Graph {
  const edges: Array<[number, number]> = [];
  for (let i = 0; i < p; i++) for (let j = 0; j < q; j++) edges.push([i, p + j]);
  return { vertices: p + q, edges };
}

/** The complete graph \(K_n\). */
export function completeGraph(n: number): Graph {
  const edges: Array<[number, number]> = [];
  for (let i = 0; i < n; i++) for (let j = i + 1; j < n; j++) edges.push([i, j]);
  return { vertices: n, edges };
}

/** Settings of {@link randomBipartite}. */
export interface RandomBipartiteSettings {
  /** Vertices on the left (positive integer; numbered 0..p − 1). */
  p: number;
  /** Vertices on the right (positive integer; numbered p..p + q − 1). */
  q: number;
  /** Probability of each of the p·q left–right edges, in (0, 1]. */
  prob: number;
}

/** A random bipartite graph (triangle-free): each of the p·q left–right pairs is an edge with probability `prob`; at least one edge. */
export function randomBipartite(settings: RandomBipartiteSettings, rng: Rng): Graph {
  const { p, q, prob } = settings;
  if (!Number.isInteger(p) || !Number.isInteger(q) || p < 1 || q < 1) throw new DimensionError(`p and q must be positive integers, got ${p}, ${q}`);
  if (!(prob > 0 && prob <= 1)) throw new DimensionError(`prob must be in (0, 1], got ${prob}`);
  const edges: Array<[number, number]> = [];
  for (let i = 0; i < p; i++) for (let j = 0; j < q; j++) if (rng.uniform() < prob) edges.push([i, p + j]);
  if (edges.length === 0) edges.push([rng.int(p), p + rng.int(q)]);
  return { vertices: p + q, edges };
}

/** Whether the graph has a triangle (brute force; small graphs). */
export function hasTriangle(g: Graph): boolean {
  const adj = new Set(g.edges.map(([i, j]) => `${Math.min(i, j)},${Math.max(i, j)}`));
  const e = (a: number, b: number) => adj.has(`${Math.min(a, b)},${Math.max(a, b)}`);
  for (let a = 0; a < g.vertices; a++) for (let b = a + 1; b < g.vertices; b++) for (let c = b + 1; c < g.vertices; c++) if (e(a, b) && e(b, c) && e(a, c)) return true;
  return false;
}

/** \(E^\top E\) (n × n) for an incidence matrix E. */
export function incidenceGram(E: Matrix): Matrix {
  const n = E.cols;
  const G = zeros(n, n);
  for (let r = 0; r < E.rows; r++) {
    for (let i = 0; i < n; i++) {
      const a = E.data[E.offset + r * E.stride + i];
      if (a === 0) continue;
      for (let j = 0; j < n; j++) G.data[i * n + j] += a * E.data[E.offset + r * E.stride + j];
    }
  }
  return G;
}

/** The incidence matrix of \(K_{N/2,N/2}\) (\(N^2/4\) × N). */
export function tightIncidence(N: number): Matrix {
  checkEven(N);
  return incidenceMatrix(completeBipartite(N / 2, N / 2));
}

/**
 * The targets \( Y_N = E^\top E = \begin{pmatrix} \tfrac N2 I & \mathbf 1 \\ \mathbf 1 & \tfrac N2 I\end{pmatrix} \) (arXiv 2205.15809, Def. 12),
 * built from the closed form (not from E), so that comparing with \(E^\top E\) is a check.
 */
export function tightTargets(N: number): Matrix {
  checkEven(N);
  const h = N / 2;
  const Y = zeros(N, N);
  for (let i = 0; i < N; i++) for (let j = 0; j < N; j++) Y.data[i * N + j] = i === j ? h : (i < h) !== (j < h) ? 1 : 0;
  return Y;
}

/**
 * The spectrum of \(Y_N\): N (once, eigenvector 1), N/2 (N − 2 times), 0 (once, eigenvector \((\mathbf 1, -\mathbf 1)\)),
 * hence \( \|Y_N\|_* = N + (N-2)N/2 = N^2/2 \) (*derived*, `l2-feature-learning.md` §5). Descending.
 */
export function tightSpectrum(N: number): Float64Array {
  checkEven(N);
  const out = new Float64Array(N);
  out[0] = N;
  for (let i = 1; i < N - 1; i++) out[i] = N / 2;
  out[N - 1] = 0;
  return out;
}

/** Nuclear norm \( \|A\|_* = \sum_i s_i(A) \) (singular values from the core SVD). */
export function nuclearNorm(A: Matrix): number {
  let s = 0;
  for (const v of singularValues(A)) s += v;
  return s;
}

/**
 * The infinite-width lower bound of the tight example (*derived*, `l2-feature-learning.md` §5): for 0 < λ < 1/2,
 * \[ \mathrm{LB}(\lambda) = \min_f \tfrac1N\|f - Y_N\|_F^2 + 2\lambda\|f\|_* = \lambda N^2 - \lambda^2 N(N-1), \]
 * attained by soft-thresholding the singular values of \(Y_N\) at λN; any depth-2 ReLU net with X = I, β = 0 has
 * \( L_\lambda \ge \mathrm{LB}(\lambda) \) because \( \|W\|^2 \ge 2\|f(I)\|_* \).
 */
export function tightLowerBound(N: number, lambda: number): number {
  checkEven(N);
  if (!(lambda > 0 && lambda < 0.5)) throw new DimensionError(`lambda must be in (0, 1/2), got ${lambda}`);
  return lambda * N * N - lambda * lambda * N * (N - 1);
}

/**
 * The explicit E-network of the tight example: \( W_1 = [E, 0] \) (\(N^2/4\) × (N+1)) and \( W_2 = [E^\top, 0] \)
 * (N × (\(N^2/4\)+1)), bias columns last and zero. With X = I, β = 0, ReLU: \( f(I) = E^\top\sigma(E) = Y_N \) and
 * \( \|W_1\|_F^2 = \|W_2\|_F^2 = N^2/2 \) (arXiv 2205.15809, Prop. 14).
 */
export function eNetworkWeights(N: number): [Matrix, Matrix] {
  const E = tightIncidence(N);
  const k = E.rows;
  const W1 = zeros(k, N + 1);
  const W2 = zeros(N, k + 1);
  for (let e = 0; e < k; e++) {
    for (let i = 0; i < N; i++) {
      W1.data[e * (N + 1) + i] = E.data[e * N + i];
      W2.data[i * (k + 1) + e] = E.data[e * N + i];
    }
  }
  return [W1, W2];
}

/** The tight-example training problem: ReLU, β = 0, X = I_N, Y = Y_N, regularisation λ. */
export function tightProblem(N: number, lambda: number): L2Problem {
  checkEven(N);
  if (!(lambda >= 0) || !Number.isFinite(lambda)) throw new DimensionError(`lambda must be finite and ≥ 0, got ${lambda}`);
  return { activation: relu, beta: 0, lambda, X: identity(N), Y: tightTargets(N) };
}

/** Options of {@link trainBestOf}. */
export interface BestOfOptions {
  /** Independent random starts (default 8). */
  restarts?: number;
  /** L-BFGS iterations per start (default 3000). */
  maxIterations?: number;
  /** L-BFGS gradient tolerance ‖∇‖_∞ (default 1e-12). */
  gradTol?: number;
  /** Scale of the He initialisation (default √2). */
  initScale?: number;
  /**
   * Perturbed restarts per start (default 0): after L-BFGS stops, the best point so far is perturbed by Gaussian noise of
   * relative size 1e-4 and 1e-6 (alternating, times max|θ|) and L-BFGS runs again, keeping the lower loss; it stops after
   * `kicks` of them, or after two in a row that gain less than 1e-12 relative. L-BFGS stalls at ReLU kinks, where the
   * convention σ′(0) = 0 hides the descent direction; a small kick moves the pre-activations off the kink.
   */
  kicks?: number;
}

/** Result of {@link trainBestOf}. */
export interface BestOfRestarts {
  /** The best network found. */
  net: L2Network;
  /** Its loss \(L_\lambda\). */
  loss: number;
  /** Final loss of every start. */
  losses: number[];
  /** L-BFGS iterations and loss evaluations spent in total (the optimiser budget actually used). */
  iterations: number;
  evaluations: number;
}

/**
 * Best of `restarts` L-BFGS runs (part A's trainer, strong-Wolfe line search) from He-initialised weights of widths `ws`.
 * An optimisation claim states this budget: a best-of-restarts loss is an upper bound on the minimum, nothing more.
 */
export function trainBestOf(p: L2Problem, ws: readonly number[], rng: Rng, opts: BestOfOptions = {}): BestOfRestarts {
  const restarts = opts.restarts ?? 8;
  if (!Number.isInteger(restarts) || restarts < 1) throw new DimensionError(`restarts must be a positive integer, got ${restarts}`);
  const maxIterations = opts.maxIterations ?? 3000;
  const w0 = randomWeights(ws, rng.split('shape-check'), { scale: opts.initScale });
  const shapes = weightShapes(w0);
  const f = lossAndGradient(p, shapes);
  let best: BestOfRestarts | null = null;
  const losses: number[] = [];
  let its = 0;
  let evals = 0;
  const kicks = opts.kicks ?? 0;
  if (!Number.isInteger(kicks) || kicks < 0) throw new DimensionError(`kicks must be a non-negative integer, got ${kicks}`);
  for (let r = 0; r < restarts; r++) {
    const x0 = flattenWeights(randomWeights(ws, rng.split('start', r), { scale: opts.initScale }));
    let res = lbfgs(f, x0, { maxIterations, gradTol: opts.gradTol ?? 1e-12 });
    its += res.iterations;
    evals += res.evaluations;
    const kr = kicks > 0 ? rng.split('kick', r) : null;
    for (let k = 0, idle = 0; kr && k < kicks && idle < 2; k++) {
      const x = Float64Array.from(res.x);
      let mx = 0;
      for (const v of x) mx = Math.max(mx, Math.abs(v));
      const size = (k % 2 ? 1e-6 : 1e-4) * mx;
      for (let i = 0; i < x.length; i++) x[i] += size * kr.normal();
      const next = lbfgs(f, x, { maxIterations, gradTol: opts.gradTol ?? 1e-12 });
      its += next.iterations;
      evals += next.evaluations;
      idle = next.f < res.f - 1e-12 * Math.abs(res.f) ? 0 : idle + 1;
      if (next.f < res.f) res = next;
    }
    losses.push(res.f);
    if (!best || res.f < best.loss) best = { net: withWeights(p, unflattenWeights(res.x, shapes)), loss: res.f, losses, iterations: 0, evaluations: 0 };
  }
  const b = best as BestOfRestarts;
  return { ...b, losses, iterations: its, evaluations: evals };
}
