/**
 * J12 (empirical, reported as such, not as theorems). Scaled-down analogues of Jacot et al. 2022, Fig. 2 and Fig. 1:
 * - J12.plateau: the best regularised train loss plateaus in the width far below N(N+1) (teacher data);
 * - J12.alignment: after training, hidden neurons align along few directions (rays).
 */
import { defineClaim, fc, type Profile } from '../../src/index.ts';
import { gaussianMatrix, type Rng, zeros } from '../../src/core/index.ts';
import { relu } from '../../src/models/l2/activation.ts';
import { forward, randomWeights, type L2Problem } from '../../src/models/l2/network.ts';
import { alignmentOnDataset } from './_j12Alignment.ts';
import { trainBestOf, type BestOfRestarts } from '../../src/models/l2/tightExample.ts';

const PAPER = 'Jacot, Golikov, Hongler, Gabriel 2022 (arXiv 2205.15809)';
const MATH = 'shared/math/l2-feature-learning.md';

const memo = new Map<string, BestOfRestarts>();
function train(key: string, p: L2Problem, ws: number[], rng: Rng, opts: { restarts: number; maxIterations: number }): BestOfRestarts {
  const k = `${key}|${rng.key}|${ws.join('-')}|${opts.restarts}|${opts.maxIterations}`;
  let r = memo.get(k);
  if (!r) {
    r = trainBestOf(p, ws, rng, opts);
    memo.set(k, r);
  }
  return r;
}

// ---------------------------------------------------------------- Fig. 2: plateau in the width

const WIDTHS = [1, 2, 4, 10, 32];
const PLATEAU_BUDGET: Record<Profile, { restarts: number; maxIterations: number }> = {
  quick: { restarts: 2, maxIterations: 1000 },
  ci: { restarts: 3, maxIterations: 2000 },
  full: { restarts: 5, maxIterations: 5000 },
};

interface PlateauImpl {
  /** Claimed: L(1)/L(10) ≥ `before` (a steep drop up to the teacher's width). */
  before: number;
  /** Claimed: L(10)/L(32) ≤ `after` (flat beyond it). */
  after: number;
}

const plateau = defineClaim<null, PlateauImpl>({
  id: 'J12.plateau',
  title: 'Empirical (Fig. 2, scaled down): the regularised train loss plateaus in the width far below N(N+1)',
  kind: 'empirical',
  source: [
    { paper: PAPER, ref: 'Fig. 2 (train loss against width; plateau far below N²)' },
    { paper: MATH, ref: '§6, the scaled-down analogue (N = 60, n₀ = 5, teacher width 10, λ = 1e-4)' },
  ],
  statement:
    'Empirical observation on one reproducible run (not a theorem): Gaussian X (5 × 60), targets from a depth-3 ReLU teacher of width 10 ' +
    '(β = 1), student depth 3 with both hidden widths w, λ = 1e-4, best of 3 L-BFGS restarts × 2000 iterations (ci). The best loss falls ' +
    'by at least 10× from w = 1 to w = 10 and by at most 2× from w = 10 to w = 32: it flattens near the teacher\'s width, two decades ' +
    'below N(N+1) = 3660 (Prop. 7 only guarantees a plateau from N(N+1) on). Measured (three streams): L(1)/L(10) = 52–128, L(10)/L(32) = 1.19–1.42.',
  params: fc.constant(null),
  runs: 1,
  impl: { before: 10, after: 2 },
  tolerance:
    'Empirical: fixed inequalities on the stated run (budget: restarts × L-BFGS iterations per width as stated; He initialisation), ' +
    'not tuned to the measured ratios (52–128× and 1.19–1.42× on three streams): "steep" means ≥ 10×, "flat" ≤ 2×.',
  evaluate(_p, ctx, impl) {
    const N = 60;
    const n0 = 5;
    const rng = ctx.rng;
    const X = gaussianMatrix(n0, N, rng.split('X'));
    const teacher = { activation: relu, beta: 1, lambda: 0, X, Y: zeros(1, N), weights: randomWeights([n0, 10, 10, 1], rng.split('teacher')) };
    const Y = forward(teacher).Z[3];
    const p: L2Problem = { activation: relu, beta: 1, lambda: 1e-4, X, Y };
    const budget = PLATEAU_BUDGET[ctx.profile];
    const L = WIDTHS.map((w) => train('plateau', p, [n0, w, w, 1], rng.split('student', w), budget).loss);
    const at = (w: number) => L[WIDTHS.indexOf(w)];
    return [
      { label: `L(1)/L(10) (losses ${L.map((x) => x.toExponential(2)).join(', ')} at widths ${WIDTHS.join(', ')})`, value: at(1) / at(10), op: '>=', bound: impl.before },
      { label: 'L(10)/L(32)', value: at(10) / at(32), op: '<=', bound: impl.after },
    ];
  },
  variants: [
    {
      name: 'no-plateau',
      why: 'the kernel-regime expectation that the loss keeps falling ≥ 10× per width decade (from 10 to 32 as from 1 to 10)',
      impl: { after: 1 / 10, before: 10 },
    },
  ],
});

// ---------------------------------------------------------------- Fig. 1: alignment along few rays

interface AlignImpl {
  /** Claimed: distinct directions ≤ fraction × live neurons after training (pooled over the datasets). */
  fraction: number;
  /** Which weights the count is taken at: the trained ones, or the initialisation. */
  trained: boolean;
}

const WIDTH_F1: Record<Profile, number> = { quick: 50, ci: 50, full: 50 }; // 30 at quick left too few aligned neurons on 2 of 7 seeds

/**
 * Datasets per run. One dataset is not enough for the claim's 30%: the per-dataset ratio distinct/live ranges over
 * 0.077–0.41 (mean 0.20, sd 0.071; 5 of 40 datasets above 0.3, e.g. the one of LEMMATA_SEED=777 at ci: 16 of 38),
 * and neither more L-BFGS iterations (10000: the same counts; L-BFGS stops on a kink, status 'function', |∇| ≈ 2e-3)
 * nor the best of 3 or 8 restarts removes it (the best-loss network of dataset 35 still has 13 of 39). Pooled over 8
 * datasets (Σ distinct ≤ 0.3·Σ live) the statement fails in 2.1e-4 of bootstrap resamples of the 40 measured
 * datasets (`fixtures/l2/j12-alignment-survey.ts`); full pools 16.
 */
const DATASETS: Record<Profile, number> = { quick: 8, ci: 8, full: 16 };

const alignment = defineClaim<null, AlignImpl>({
  id: 'J12.alignment',
  title: 'Empirical (Fig. 1, scaled down): trained hidden neurons align along few directions',
  kind: 'empirical',
  source: [
    { paper: PAPER, ref: 'Fig. 1 (depth 3, width 50, 3 classes: neurons align along ~3 rays)' },
    { paper: MATH, ref: '§6, count distinct row directions after training' },
  ],
  statement:
    'Empirical observation on reproducible runs: 3 Gaussian clusters of 10 points in R⁵ (centres N(0, 4I), spread 0.3), one-hot ' +
    'targets, depth 3, both hidden widths 50, β = 1, λ = 1e-2, one L-BFGS run of 3000 iterations per dataset. Pooled over 8 datasets ' +
    '(16 at full), the live neurons of the second hidden layer (‖σ(z_k)‖ > 1e-3·max) fall into at most 30% as many directions ' +
    '(cosine > 0.99) as there are live neurons; at the initialisation they do not. Per dataset the ratio varies: measured on 40 ' +
    'datasets, 0.077–0.41 (mean 0.20, sd 0.071), above 0.3 on 5 of them — the statement is about the pool, not every dataset ' +
    '(the pooled ratio exceeds 0.3 in 2.1e-4 of bootstrap resamples of 8); at initialisation it is 0.73–1.0 (mean 0.90).',
  params: fc.constant(null),
  runs: 1,
  impl: { fraction: 0.3, trained: true },
  tolerance:
    'Empirical: a fixed inequality (Σ distinct ≤ 0.3·Σ live over the run\'s datasets); the direction threshold cos > 0.99 and the ' +
    'dead threshold 1e-3·max are fixed in the statement. The 0.3 is the original single-run threshold, unchanged; the pool of 8 ' +
    'datasets is what makes it hold beyond one lucky draw (per-dataset spread and bootstrap in fixtures/l2/j12-alignment-survey.ts).',
  evaluate(_p, ctx, impl) {
    const M = DATASETS[ctx.profile];
    let distinct = 0;
    let live = 0;
    const each: string[] = [];
    for (let m = 0; m < M; m++) {
      const d = alignmentOnDataset(ctx.rng.split('dataset', m), { width: WIDTH_F1[ctx.profile], trained: impl.trained });
      distinct += d.distinct;
      live += d.live;
      each.push(`${d.distinct}/${d.live}`);
    }
    return [
      { label: `layer 2, pooled over ${M} datasets (${each.join(', ')}): distinct directions (${distinct}) ≤ ${impl.fraction}·live (${live})`, value: distinct, op: '<=', bound: impl.fraction * live },
      { label: 'layer 2: some neurons live', value: live, op: '>', bound: 0 },
    ];
  },
  variants: [
    { name: 'at-initialisation', why: 'the count taken at the (random) initialisation: little alignment (ratio 0.73–1.0 per dataset on 40 datasets, mean 0.90)', impl: { trained: false } },
  ],
});

export default [plateau, alignment];
