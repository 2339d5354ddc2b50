/**
 * J12 (empirical, reported as such, not as theorems). Scaled-down analogues of Jacot et al. 2022, Fig. 2 and Fig. 1:
 * - J12.plateau: the best regularised train loss plateaus in the width far below N(N+1) (teacher data);
 * - J12.alignment: after training, hidden neurons align along few directions (rays).
 */
import { defineClaim, fc, type Profile } from '../../src/index.ts';
import { gaussianMatrix, type Matrix, type Rng, zeros } from '../../src/core/index.ts';
import { relu } from '../../src/models/l2/activation.ts';
import { forward, randomWeights, withWeights, type L2Problem } from '../../src/models/l2/network.ts';
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
  /** Claimed: distinct directions ≤ fraction × live neurons after training. */
  fraction: number;
  /** Which weights the count is taken at: the trained ones, or the initialisation. */
  trained: boolean;
}

/** Number of distinct directions among the live rows of σ(Z) (cosine > 0.99 joins a direction), and the live count. */
function directions(s: Matrix, rows: number): { distinct: number; live: number } {
  const N = s.cols;
  const norms: number[] = [];
  for (let k = 0; k < rows; k++) {
    let q = 0;
    for (let i = 0; i < N; i++) q += s.data[s.offset + k * s.stride + i] ** 2;
    norms.push(Math.sqrt(q));
  }
  const nmax = Math.max(...norms);
  const reps: Float64Array[] = [];
  let live = 0;
  for (let k = 0; k < rows; k++) {
    if (norms[k] <= 1e-3 * nmax) continue;
    live++;
    const u = new Float64Array(N);
    for (let i = 0; i < N; i++) u[i] = s.data[s.offset + k * s.stride + i] / norms[k];
    if (!reps.some((c) => c.reduce((acc, v, i) => acc + v * u[i], 0) > 0.99)) reps.push(u);
  }
  return { distinct: reps.length, live };
}

const WIDTH_F1: Record<Profile, number> = { quick: 50, ci: 50, full: 50 }; // 30 at quick left too few aligned neurons on 2 of 7 seeds

const alignment = defineClaim<null, AlignImpl>({
  id: 'J12.alignment',
  title: 'Empirical (Fig. 1, scaled down): trained hidden neurons align along few directions',
  kind: 'empirical',
  source: [
    { paper: PAPER, ref: 'Fig. 1 (depth 3, width 50, 3 classes: neurons align along ~3 rays)' },
    { paper: MATH, ref: '§6, count distinct row directions after training' },
  ],
  statement:
    'Empirical observation on one reproducible run: 3 Gaussian clusters of 10 points in R⁵ (centres N(0, 4I), spread 0.3), one-hot ' +
    'targets, depth 3, both hidden widths 50, β = 1, λ = 1e-2, one L-BFGS run of 3000 iterations. In the second hidden ' +
    'layer, the live neurons (‖σ(z_k)‖ > 1e-3·max) fall into at most 30% as many directions (cosine > 0.99) as there are live neurons; ' +
    'at the initialisation they do not. Measured (three streams): 9–10 directions among 42–46 live neurons after training; 39 of 46 at ' +
    'initialisation.',
  params: fc.constant(null),
  runs: 1,
  impl: { fraction: 0.3, trained: true },
  tolerance:
    'Empirical: a fixed inequality (distinct directions ≤ 0.3·live) on the stated run; the direction threshold cos > 0.99 and the ' +
    'dead threshold 1e-3·max are fixed in the statement.',
  evaluate(_p, ctx, impl) {
    const rng = ctx.rng;
    const per = 10;
    const C = 3;
    const N = per * C;
    const n0 = 5;
    const centres = gaussianMatrix(C, n0, rng.split('centres'), { scale: 2 });
    const noise = rng.split('noise');
    const X = zeros(n0, N);
    const Y = zeros(C, N);
    for (let c = 0; c < C; c++) {
      for (let i = 0; i < per; i++) {
        const j = c * per + i;
        Y.data[c * N + j] = 1;
        for (let d = 0; d < n0; d++) X.data[d * N + j] = centres.data[c * n0 + d] + 0.3 * noise.normal();
      }
    }
    const w = WIDTH_F1[ctx.profile];
    const p: L2Problem = { activation: relu, beta: 1, lambda: 1e-2, X, Y };
    const ws = [n0, w, w, C];
    const net = impl.trained ? train('alignment', p, ws, rng.split('student'), { restarts: 1, maxIterations: 3000 }).net : withWeights(p, randomWeights(ws, rng.split('student').split('start', 0)));
    const fw = forward(net);
    const d = directions(fw.Zs[2], w);
    return [
      { label: `layer 2: distinct directions (${d.distinct}) ≤ ${impl.fraction}·live (${d.live})`, value: d.distinct, op: '<=', bound: impl.fraction * d.live },
      { label: 'layer 2: some neurons live', value: d.live, op: '>', bound: 0 },
    ];
  },
  variants: [
    { name: 'at-initialisation', why: 'the count taken at the (random) initialisation: little alignment (39 directions among 46 live neurons at seed 1)', impl: { trained: false } },
  ],
});

export default [plateau, alignment];
