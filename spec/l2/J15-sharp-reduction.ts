/**
 * J15. The sharper reduction (*ours, not the paper's*; `shared/math/l2-feature-learning.md` §4, "derived sharper variants";
 * `lemmata reduce --sharp`). Everything after hidden layer ℓ sees Z_ℓ only through K^σ_ℓ, and the layer's own regulariser is
 * the scalar Σ_k a_k c_k with c_k = u_k(K^σ_{ℓ−1})⁺u_kᵀ. Carathéodory on v′_k = [vech(σ(u_k)σ(u_k)ᵀ); c_k] therefore keeps K^σ_ℓ,
 * the outputs and the loss (not K_ℓ) with at most N(N+1)/2 + 1 neurons per hidden layer. Compared with the paper's reduction
 * (J9, ≤ N(N+1) neurons) on the networks of J9: the same arbitraries and the same construction, random and trained.
 */
import { defineClaim, type Evaluation, type Outcome } from '../../src/index.ts';
import { type Matrix, zeros } from '../../src/core/index.ts';
import { relu } from '../../src/models/l2/activation.ts';
import type { L2Network } from '../../src/models/l2/network.ts';
import { residualNorm2 } from '../../src/models/l2/reformulation.ts';
import { caratheodory, coneNeurons, coneVectors, reduceLayerSharp, reduceNetwork, type LayerReducer, type NetworkReduction } from '../../src/models/l2/reduction.ts';
import { HOMOGENEOUS } from './_draws.ts';
import { rebuildTolerance, reductionNet, reductionNetParams, trainedReductionNet, trainedReductionParams, type ReductionNetParams, type TrainedReductionParams } from './_reductionDraws.ts';

const SOURCE = [
  { paper: 'shared/math/l2-feature-learning.md (ours, not the paper\'s)', ref: '§4, derived sharper variant: elimination on [vech(σ(u)σ(u)ᵀ); u(K^σ_{ℓ−1})⁺uᵀ]' },
  { paper: 'Jacot, Golikov, Hongler, Gabriel 2022 (arXiv 2205.15809)', ref: 'Prop. 3 (trace form Tr[K_ℓ(K^σ_{ℓ−1})⁺]), Lemma 10 (the reduction it sharpens)' },
];

interface SharpImpl {
  /** The layer reducer under test. */
  reducer: LayerReducer;
  /** The claimed width bound per hidden layer. */
  widthBound: (N: number) => number;
  /** Whether K_ℓ (the pre-activation Gram) is also claimed to be kept. */
  keepsK: boolean;
}

/** Wrong reducer: Carathéodory on vech(σ(u)σ(u)ᵀ) alone, the cost row dropped (keeps K^σ, not the loss). */
const costRowDropped: LayerReducer = (z, sigma) => {
  const cn = coneNeurons(z);
  const N = z.cols;
  if (cn.a.length === 0) return zeros(1, N);
  const V = coneVectors(cn.u, sigma);
  const h = (N * (N + 1)) / 2;
  const lower: Matrix = { rows: h, cols: V.cols, data: V.data.subarray(h * V.cols), offset: 0, stride: V.cols };
  const res = caratheodory(lower, cn.a);
  const out = zeros(Math.max(1, res.support.length), N);
  res.support.forEach((k, r) => {
    for (let i = 0; i < N; i++) out.data[r * N + i] = Math.sqrt(res.a[r]) * cn.u.data[k * N + i];
  });
  return out;
};

const variants = [
  {
    name: 'cost-row-dropped',
    why: 'elimination on vech(σ(u)σ(u)ᵀ) alone (≤ N(N+1)/2 neurons): K^σ is kept but the layer cost Σa_k c_k, hence the loss, is not',
    impl: { reducer: costRowDropped },
  },
  { name: 'keeps-K-too', why: 'the sharp reduction claimed to keep K_ℓ as well (it keeps only K^σ_ℓ: the pre-activation Gram changes)', impl: { keepsK: true } },
  {
    name: 'width-N-N-plus-1-over-2',
    why: 'the bound N(N+1)/2 (the +1 of the cost coordinate dropped): the elimination ends at dim span{v′} = N(N+1)/2 + 1 on wide layers',
    impl: { widthBound: (N: number) => (N * (N + 1)) / 2 },
  },
];

const IMPL: SharpImpl = { reducer: reduceLayerSharp, widthBound: (N: number) => (N * (N + 1)) / 2 + 1, keepsK: false };

/**
 * The evaluation shared by the random and trained networks: the sharp and the paper's reduction of the same network, at the
 * tolerance of the worse-conditioned rebuild of the two (`rebuildTolerance`), or guarded.
 */
function sharpAgainstPaper(net: L2Network, N: number, impl: SharpImpl): Evaluation {
  const sharp = reduceNetwork(net, { reducer: impl.reducer });
  const paper = reduceNetwork(net);
  const { tol, guard } = rebuildTolerance(Math.min(sharp.smallestKeptRatio, paper.smallestKeptRatio));
  if (guard) return { outcomes: [], guard };
  return outcomes({ net, sharp, paper, N, tol }, impl);
}

/** The outcomes of one comparison: sharp against the paper's reduction on the same network `net`. */
function outcomes(o: { net: L2Network; sharp: NetworkReduction; paper: NetworkReduction; N: number; tol: number }, impl: SharpImpl): Outcome[] {
  const { net, sharp, paper, N, tol } = o;
  const out: Outcome[] = [
    { label: 'largest relative change of K^σ_ℓ (sharp)', actual: sharp.maxKsChange, expected: 0, atol: tol, rtol: 0 },
    { label: 'largest relative output change (sharp)', actual: sharp.maxOutputChange, expected: 0, atol: tol, rtol: 0 },
    // At any W the reduced, min-norm network has the min-norm loss L(W) − λΣ‖W̃‖², as the paper's reduction (J9).
    { label: 'sharp loss = loss before − λΣ‖W̃‖²', actual: sharp.lossAfter, expected: sharp.lossBefore - net.lambda * residualNorm2(net), atol: 0, rtol: tol },
    { label: "sharp loss = the paper's reduced loss", actual: sharp.lossAfter, expected: paper.lossAfter, atol: 0, rtol: tol },
  ];
  if (impl.keepsK) out.push({ label: 'largest relative change of K_ℓ (sharp)', actual: sharp.maxKChange, expected: 0, atol: tol, rtol: 0 });
  for (let l = 1; l < sharp.widthsAfter.length - 1; l++) {
    const b = impl.widthBound(N);
    out.push({
      label: `layer ${l}: sharp width ${sharp.widthsAfter[l]} ≤ ${b} (paper's reduction: ${paper.widthsAfter[l]} ≤ N(N+1) = ${N * (N + 1)}; before: ${sharp.widthsBefore[l]})`,
      value: sharp.widthsAfter[l],
      op: '<=',
      bound: b,
    });
  }
  return out;
}

const TOL_TEXT =
  'As J9: tol = 1000·ε·max(κ², 10), κ = 1/min_ℓ(s_r/s_1) of the rebuilt Z′^σ of both reductions (the min-norm rebuild and the forward pass ' +
  'reproduce Z′ to ~10·ε·κ²; the costs c_k = u(K^σ)⁺uᵀ come from the SVD pseudo-inverse, accurate to ε·κ²), on the relative K^σ change, the ' +
  'output change and the two loss identities; draws with tol > 1e-6 are guarded as ill-conditioned. Widths: exact integers.';

const random = defineClaim<ReductionNetParams, SharpImpl>({
  id: 'J15.random',
  title: 'Sharp reduction (ours) of the random networks of J9: K^σ, outputs and loss kept with ≤ N(N+1)/2 + 1 neurons',
  kind: 'identity',
  source: SOURCE,
  statement:
    'For every network with positively homogeneous σ (ReLU, leaky ReLU, |x|, identity), β ∈ {0, 0.5, 1}, the sharp reduction returns hidden ' +
    'widths ≤ N(N+1)/2 + 1 with the same K^σ_ℓ and outputs, and the min-norm loss L_λ(W) − λΣ‖W̃_ℓ‖², the same loss as the paper\'s reduction ' +
    '(≤ N(N+1) neurons, which also keeps K_ℓ). The networks of J9.random: N ∈ [2, 5], 1–2 hidden layers of width up to 2N(N+1) + 4.',
  params: reductionNetParams,
  runs: { quick: 10, ci: 40, full: 400 },
  impl: IMPL,
  tolerance: TOL_TEXT,
  evaluate(p, ctx, impl) {
    return sharpAgainstPaper(reductionNet(p, HOMOGENEOUS[p.act % HOMOGENEOUS.length], ctx.rng), p.N, impl);
  },
  variants,
});

const trained = defineClaim<TrainedReductionParams, SharpImpl>({
  id: 'J15.trained',
  title: 'Sharp reduction (ours) of the trained networks of J9: K^σ, outputs and loss kept with ≤ N(N+1)/2 + 1 neurons',
  kind: 'identity',
  source: SOURCE,
  statement:
    'The trained networks of J9.trained (depth 2, ReLU, β = 0.5, λ = 1e-3, Gaussian X (3 × N) and Y (2 × N), width N(N+1) + extra, 600 L-BFGS ' +
    'iterations) reduced by the sharp reduction: ≤ N(N+1)/2 + 1 neurons, the same K^σ₁ and outputs, and the loss of the paper\'s reduction.',
  params: trainedReductionParams,
  runs: { quick: 2, ci: 4, full: 12 },
  impl: IMPL,
  tolerance: TOL_TEXT + ' Training: 1 start, 600 L-BFGS iterations (any W works: the identities hold at every point).',
  evaluate(p, ctx, impl) {
    return sharpAgainstPaper(trainedReductionNet(p, relu, ctx.rng), p.N, impl);
  },
  variants,
});

export default [random, trained];
