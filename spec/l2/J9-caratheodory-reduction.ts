/**
 * J9. Sparsity (Jacot et al. 2022, Props. 6–8, Lemma 10): every network with positively homogeneous σ can be replaced by one
 * with at most N(N+1) neurons per hidden layer and the same Grams (K_ℓ, K^σ_ℓ), outputs and representation cost; the
 * Carathéodory reduction of `src/models/l2/reduction.ts` constructs it, on random and on trained networks. The span dimension
 * of {(zzᵀ, σ(z)σ(z)ᵀ)} is N(N+1) for ReLU and leaky ReLU, N² for |x| and N(N+1)/2 for the identity.
 */
import { defineClaim, fc, type Outcome } from '../../src/index.ts';
import { gaussianMatrix, gemv, nullSpace, pinv, type Rng, zeros } from '../../src/core/index.ts';
import { relu, tanhActivation, type L2Activation } from '../../src/models/l2/activation.ts';
import { type L2Network, loss } from '../../src/models/l2/network.ts';
import { minNormNetwork, residualNorm2 } from '../../src/models/l2/reformulation.ts';
import { coneNeurons, coneVectors, reduceLayer, reduceNetwork, spanDimension, type LayerReducer, type NetworkReduction } from '../../src/models/l2/reduction.ts';
import { HOMOGENEOUS } from './_draws.ts';
import { rebuildTolerance, reductionNet, reductionNetParams, trainedReductionNet, trainedReductionParams, type ReductionNetParams, type TrainedReductionParams } from './_reductionDraws.ts';

const SOURCE = [
  { paper: 'Jacot, Golikov, Hongler, Gabriel 2022 (arXiv 2205.15809)', ref: 'Props. 6–8 and Lemma 10 (Rank_σ ≤ N(N+1))' },
  { paper: 'shared/math/l2-feature-learning.md', ref: '§4, the Carathéodory reduction (derived algorithm) and its checks' },
];


/** dim span{(zzᵀ, σ(z)σ(z)ᵀ)} for the homogeneous activations (§4). */
function spanBound(sigma: L2Activation, N: number): number {
  if (sigma.kind === 'identity') return (N * (N + 1)) / 2;
  if (sigma.kind === 'abs') return N * N;
  return N * (N + 1);
}

interface ReduceImpl {
  /** The reduction under test. */
  reduce: (net: L2Network) => NetworkReduction;
  /** Which activation the draw's index picks from. */
  sigmas: readonly L2Activation[];
}

const reduceOk = (net: L2Network) => reduceNetwork(net);

/** Wrong reducer: rows a_k u_k instead of √a_k u_k. */
const scaleByA: LayerReducer = (z, sigma) => {
  const r = reduceLayer(z, sigma);
  for (let k = 0; k < r.rows; k++) {
    let s = 0;
    for (let i = 0; i < r.cols; i++) s += r.data[k * r.cols + i] ** 2;
    // row = √a u  →  a u = √a · row
    const f = Math.sqrt(Math.sqrt(s));
    for (let i = 0; i < r.cols; i++) r.data[k * r.cols + i] *= f;
  }
  return r;
};

/** Wrong reducer: keep the N(N+1)/2 largest rows (magnitude pruning), unchanged. */
const magnitudePruning: LayerReducer = (z) => {
  const N = z.cols;
  const keep = Math.max(1, Math.min(z.rows, (N * (N + 1)) / 2));
  const norms = Array.from({ length: z.rows }, (_, k) => {
    let s = 0;
    for (let i = 0; i < N; i++) s += z.data[z.offset + k * z.stride + i] ** 2;
    return [s, k] as const;
  }).sort((a, b) => b[0] - a[0]);
  const out = zeros(keep, N);
  for (let r = 0; r < keep; r++) for (let i = 0; i < N; i++) out.data[r * N + i] = z.data[z.offset + norms[r][1] * z.stride + i];
  return out;
};

/**
 * Wrong reducer: "clipped signed least squares". Keep a maximal independent set of cone vectors (greedy, in row order), solve the
 * unconstrained least squares V_S b = Va for signed coefficients and clip the negative ones to 0, instead of Carathéodory steps.
 */
const clippedSignedLs: LayerReducer = (z, sigma) => {
  const cn = coneNeurons(z);
  const V = coneVectors(cn.u, sigma);
  const m = V.rows;
  const n = V.cols;
  const S: number[] = [];
  for (let k = 0; k < n; k++) {
    const cand = [...S, k];
    const M = zeros(m, cand.length);
    for (let i = 0; i < m; i++) cand.forEach((c, j) => (M.data[i * cand.length + j] = V.data[i * n + c]));
    if (nullSpace(M).cols === 0) S.push(k);
  }
  const target = new Float64Array(m);
  for (let i = 0; i < m; i++) for (let k = 0; k < n; k++) target[i] += V.data[i * n + k] * cn.a[k];
  // Least squares on the independent support (full column rank by construction), through the core's pseudo-inverse.
  const p = S.length;
  const VS = zeros(m, Math.max(1, p));
  for (let i = 0; i < m; i++) S.forEach((k, j) => (VS.data[i * p + j] = V.data[i * n + k]));
  const x = p > 0 ? gemv(pinv(VS).pinv, target, new Float64Array(p)) : new Float64Array(0);
  const N = z.cols;
  const out = zeros(Math.max(1, p), N);
  S.forEach((k, r) => {
    const s = Math.sqrt(Math.max(0, x[r]));
    for (let i = 0; i < N; i++) out.data[r * N + i] = s * cn.u.data[k * N + i];
  });
  return out;
};

const variants = [
  { name: 'scale-by-a', why: 'new rows a_k u_k instead of √a_k u_k: the Grams scale like a², not a', impl: { reduce: (net: L2Network) => reduceNetwork(net, { reducer: scaleByA }) } },
  {
    name: 'magnitude-pruning',
    why: 'prune to the N(N+1)/2 largest neurons without re-weighting (what "sparsity" is often mistaken for): Grams change',
    impl: { reduce: (net: L2Network) => reduceNetwork(net, { reducer: magnitudePruning }) },
  },
  {
    name: 'clipped-signed-ls',
    why: 'signed least squares on an independent subset, negative masses clipped to 0, instead of the Carathéodory steps',
    impl: { reduce: (net: L2Network) => reduceNetwork(net, { reducer: clippedSignedLs }) },
  },
  {
    name: 'non-homogeneous-tanh',
    why: 'the reduction applied to tanh (σ(√a u) ≠ √a σ(u)): the homogeneity hypothesis dropped',
    impl: { sigmas: [tanhActivation], reduce: (net: L2Network) => reduceNetwork(net, { reducer: reduceLayer, skipHomogeneityCheck: true }) },
  },
];

/** The outcomes shared by the random and trained cases. `lossTol` is the relative tolerance of the loss identity. */
function reductionOutcomes(net: L2Network, r: NetworkReduction, N: number, tolRel: number): Outcome[] {
  const out: Outcome[] = [];
  out.push({ label: 'largest relative Gram change', actual: r.maxGramChange, expected: 0, atol: tolRel, rtol: 0 });
  out.push({ label: 'largest relative output change', actual: r.maxOutputChange, expected: 0, atol: tolRel, rtol: 0 });
  // At any W the reduced, min-norm network has the loss of the min-norm version: L(W) − λΣ‖W̃‖².
  const wt = residualNorm2(net);
  out.push({ label: 'loss after = loss before − λΣ‖W̃‖²', actual: r.lossAfter, expected: r.lossBefore - net.lambda * wt, atol: 0, rtol: tolRel });
  const bound = spanBound(net.activation, N);
  for (let l = 1; l < r.widthsAfter.length - 1; l++) {
    out.push({ label: `layer ${l}: reduced width ≤ dim span = ${bound} (≤ N(N+1))`, value: r.widthsAfter[l], op: '<=', bound });
    out.push({ label: `layer ${l}: reduced width ≥ rank K_ℓ`, value: r.widthsAfter[l], op: '>=', bound: r.ranksBefore[l - 1] });
  }
  return out;
}

const TOL_TEXT =
  'Conditioning-aware float64 bound: the rebuild W′_ℓ = Z′_ℓ(Z′^σ_{ℓ−1})⁺ and the forward pass reproduce Z′ to ~10·ε·κ² relative, ' +
  'κ = 1/min_ℓ(s_r/s_1) of the rebuilt Z′^σ (reported by the core pinv); the NNLS polish leaves a residual at the rounding level ' +
  'of Aᵀr. Tolerance tol = 1000·ε·max(κ², 10) (c = 1000 covers the ≤ N(N+1) elimination steps and two layers of compounding), on the ' +
  'relative Gram change, the relative output change and the relative loss identity. Draws with tol > 1e-6 (κ > ~3·10³) are guarded out ' +
  'as ill-conditioned and counted. Width bounds are exact integer comparisons (rank by the core SVD cutoff max(m,n)·ε).';

const random = defineClaim<ReductionNetParams, ReduceImpl>({
  id: 'J9.random',
  title: 'Carathéodory reduction of random networks keeps Grams, outputs and the min-norm loss with ≤ N(N+1) neurons',
  kind: 'identity',
  source: SOURCE,
  statement:
    'For every network with positively homogeneous σ (ReLU, leaky ReLU, |x|, identity), β ∈ {0, 0.5, 1}, the reduction returns a network ' +
    'whose hidden widths lie between rank K_ℓ and dim span{(zzᵀ, σ(z)σ(z)ᵀ)} ≤ N(N+1), with the same Grams K_ℓ, K^σ_ℓ and outputs, and ' +
    'loss L_λ(W) − λΣ‖W̃_ℓ‖² (the min-norm loss; equal to L_λ(W) at a min-norm point). Random networks with hidden widths up to ' +
    '2N(N+1) + 4.',
  params: reductionNetParams,
  runs: { quick: 10, ci: 40, full: 400 },
  impl: { reduce: reduceOk, sigmas: HOMOGENEOUS },
  tolerance: TOL_TEXT,
  evaluate(p, ctx, impl) {
    const net = reductionNet(p, impl.sigmas[p.act % impl.sigmas.length], ctx.rng);
    const r = impl.reduce(net);
    const { tol, guard } = rebuildTolerance(r.smallestKeptRatio);
    if (guard) return { outcomes: [], guard };
    return reductionOutcomes(net, r, p.N, tol);
  },
  variants,
});

const trained = defineClaim<TrainedReductionParams, ReduceImpl>({
  id: 'J9.trained',
  title: 'Carathéodory reduction of trained wide networks keeps Grams, outputs and loss',
  kind: 'identity',
  source: SOURCE,
  statement:
    'A depth-2 ReLU network (β = 0.5, λ = 1e-3) trained by L-BFGS on Gaussian data X (3 × N) and targets Y (2 × N) at width N(N+1) + extra ' +
    'is reduced to at most N(N+1) (and at least rank K₁) neurons with the same Grams and outputs, and loss L_λ − λ‖W̃‖² (≈ L_λ at the trained ' +
    'point). (The tight example is not used here: its K^σ₁ is singular by design, Y_N has a zero eigenvalue, and a trained point leaves that ' +
    'direction at ~1e-6, so the rebuild is ill-conditioned there.)',
  params: trainedReductionParams,
  runs: { quick: 2, ci: 4, full: 12 },
  impl: { reduce: reduceOk, sigmas: [relu] },
  tolerance: TOL_TEXT + ' Training: 1 start, 600 L-BFGS iterations (any W works: the identity holds at every point).',
  evaluate(p, ctx, impl) {
    const net = trainedReductionNet(p, impl.sigmas[0], ctx.rng);
    const r = impl.reduce(net);
    const { tol, guard } = rebuildTolerance(r.smallestKeptRatio);
    if (guard) return { outcomes: [], guard };
    const out = reductionOutcomes(net, r, p.N, tol);
    out.push({ label: 'loss after ≤ loss before (a reduction never costs)', value: r.lossAfter, op: '<=', bound: loss(net) * (1 + tol) });
    out.push({ label: 'min-norm loss of the trained net equals loss after', actual: r.lossAfter, expected: loss(minNormNetwork(net)), atol: 0, rtol: tol });
    return out;
  },
  variants,
});

interface SpanImpl {
  dim: (sigma: L2Activation, N: number) => number;
}
const SPAN_SIGMAS = HOMOGENEOUS;

const span = defineClaim<{ N: number; act: number }, SpanImpl>({
  id: 'J9.span',
  title: 'dim span{(zzᵀ, σ(z)σ(z)ᵀ)}: N(N+1) for ReLU and leaky ReLU, N² for |x|, N(N+1)/2 for the identity',
  kind: 'identity',
  source: [
    { paper: 'Jacot, Golikov, Hongler, Gabriel 2022 (arXiv 2205.15809)', ref: 'Lemma 10 (pairs of symmetric N × N matrices span N(N+1) dimensions)' },
    { paper: 'shared/math/l2-feature-learning.md', ref: '§4, span dimensions' },
  ],
  statement:
    'The cone vectors [vech(uuᵀ); vech(σ(u)σ(u)ᵀ)] of 3N(N+1) + 24 random Gaussian directions u span N(N+1) dimensions for ReLU and leaky ReLU, ' +
    'N² for |x| (the diagonals of uuᵀ and |u||u|ᵀ coincide) and N(N+1)/2 for the identity (both halves equal).',
  params: fc.record({ N: fc.integer({ min: 1, max: 6 }), act: fc.integer({ min: 0, max: 3 }) }),
  runs: { quick: 12, ci: 48, full: 200 },
  impl: { dim: spanBound },
  tolerance:
    'An integer: the numerical rank (singular values > max(m,n)·ε·s_max, core SVD) of a generic Gaussian-draw matrix, whose nonzero singular ' +
    'values are O(1); exact comparison (atol 0).',
  evaluate({ N, act }, ctx: { rng: Rng }, impl) {
    const sigma = SPAN_SIGMAS[act];
    const dirs = coneNeurons(gaussianMatrix(3 * N * (N + 1) + 24, N, ctx.rng.split('u'))).u;
    return [{ label: `dim span, ${sigma.name}, N = ${N}`, actual: spanDimension(dirs, sigma), expected: impl.dim(sigma, N), atol: 0, rtol: 0 }];
  },
  variants: [
    { name: 'relu-like-abs', why: 'the |x| count N² used for every σ', impl: { dim: (_s: L2Activation, N: number) => N * N } },
    { name: 'all-N-N-plus-1', why: 'N(N+1) for every σ (the identity and |x| degeneracies ignored)', impl: { dim: (_s: L2Activation, N: number) => N * (N + 1) } },
  ],
});

export default [random, trained, span];


