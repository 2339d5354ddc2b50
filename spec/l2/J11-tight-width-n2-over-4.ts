/**
 * J11. The tight example needs N²/4 neurons (Jacot et al. 2022, Prop. 14; the MSE fixture with its lower bound is derived in
 * `shared/math/l2-feature-learning.md` §5): with λ = 1e-3, X = I_N, Y = Y_N, β = 0, depth 2, ReLU, the best-of-restarts
 * L-BFGS loss reaches LB(λ) = λN² − λ²N(N−1) at width N²/4 and stays above it at width N²/4 − 1.
 *
 * Also exports the figure of the best loss minus LB against the width.
 */
import { defineClaim, defineFigure, fc, type Outcome, type Profile, renderChart } from '../../src/index.ts';
import { Rng } from '../../src/core/index.ts';
import { reduceNetwork, reduceNetworkSharp } from '../../src/models/l2/reduction.ts';
import { tightLowerBound, tightProblem, trainBestOf, type BestOfRestarts } from '../../src/models/l2/tightExample.ts';

const LAMBDA = 1e-3;
const SOURCE = [
  { paper: 'Jacot, Golikov, Hongler, Gabriel 2022 (arXiv 2205.15809)', ref: 'Prop. 14 (Rank_σ = N²/4 at the global minimum; ≥ N²/4 neurons needed for small λ)' },
  { paper: 'shared/math/l2-feature-learning.md', ref: '§5, derived fixture LB(λ) = λN² − λ²N(N−1)' },
];

/** Sizes and optimiser budget per profile: restarts × L-BFGS iterations (strong-Wolfe line search, gradTol 1e-12). */
const PLAN: Record<Profile, { Ns: number[]; restarts: Record<number, number>; maxIterations: number }> = {
  quick: { Ns: [4], restarts: { 4: 16 }, maxIterations: 3000 },
  ci: { Ns: [4, 6], restarts: { 4: 16, 6: 32 }, maxIterations: 3000 },
  full: { Ns: [4, 6, 8], restarts: { 4: 16, 6: 32, 8: 48 }, maxIterations: 3000 },
};

interface TightImpl {
  /** The lower bound LB(N, λ). */
  lowerBound: (N: number, lambda: number) => number;
  /** The claimed minimal width. */
  width: (N: number) => number;
}

/**
 * Training is a deterministic function of the stream key, sizes and budget, so the claim and its variants (which share the
 * draws) reuse one result per (key, N, width, budget) instead of retraining.
 */
const memo = new Map<string, BestOfRestarts>();
function train(rng: Rng, N: number, w: number, opts: { restarts: number; maxIterations: number }): BestOfRestarts {
  const key = `${rng.key}|${N}|${w}|${opts.restarts}|${opts.maxIterations}`;
  let r = memo.get(key);
  if (!r) {
    r = trainBestOf(tightProblem(N, LAMBDA), [N, w, N], rng, opts);
    memo.set(key, r);
  }
  return r;
}

/** Relative gap below which the best loss "reaches" LB, and above which a width "stays above" it. */
const REACH = 1e-8;
const ABOVE = 1e-6;

const claim = defineClaim<null, TightImpl>({
  id: 'J11',
  title: 'Tight example: the best-of-restarts loss reaches λN² − λ²N(N−1) at width N²/4, not below',
  kind: 'optimisation',
  source: SOURCE,
  statement:
    'With λ = 1e-3, X = I_N, Y = Y_N (the complete bipartite K_{N/2,N/2}), β = 0, depth 2 and ReLU, every network has ' +
    'L_λ ≥ LB(λ) = λN² − λ²N(N−1); the best of R L-BFGS restarts reaches LB (relative gap ≤ 1e-8) at width N²/4, and at width ' +
    'N²/4 − 1 it stays above LB (relative gap ≥ 1e-6). N = 4, 6 at ci (R = 16, 32), 8 at full (R = 48); 3000 iterations per restart. ' +
    'This is optimisation evidence with the budget stated: a miss at N²/4 could be the optimiser (measured hit rate per restart: ' +
    '~40% at N = 4, ~15% at N = 6, ~0–25% at N = 8), a gap at N²/4 − 1 is what Prop. 14 predicts.',
  params: fc.constant(null),
  runs: 1,
  impl: { lowerBound: tightLowerBound, width: (N: number) => (N * N) / 4 },
  tolerance:
    'Optimiser budget: R restarts (16 at N = 4, 32 at N = 6, 48 at N = 8) × ≤ 3000 L-BFGS iterations (memory 10, strong Wolfe, ' +
    'gradTol 1e-12), He initialisation. "Reaches": (L − LB)/LB ≤ 1e-8, far above the float64 evaluation error of L (~10·ε·N²) and ' +
    'below the measured gaps at width N²/4 − 1 (1.5e-4 to 3e-4 absolute, i.e. ≥ 1e-3 relative) by five decades. "Stays above": ' +
    '(L − LB)/LB ≥ 1e-6, two decades above the reach threshold. The lower bound itself (every restart has L ≥ LB) is checked with ' +
    'relative slack 1e-12 (rounding of L).',
  evaluate(_p, ctx, impl) {
    const plan = PLAN[ctx.profile];
    const out: Outcome[] = [];
    for (const N of plan.Ns) {
      const lb = impl.lowerBound(N, LAMBDA);
      const w = impl.width(N);
      const opts = { restarts: plan.restarts[N], maxIterations: plan.maxIterations };
      const at = train(ctx.rng.split('width', N, w), N, w, opts);
      const below = train(ctx.rng.split('width', N, w - 1), N, w - 1, opts);
      out.push({ label: `N = ${N}, width ${w}: (best L − LB)/LB`, value: (at.loss - lb) / lb, op: '<=', bound: REACH });
      out.push({ label: `N = ${N}, width ${w - 1}: (best L − LB)/LB`, value: (below.loss - lb) / lb, op: '>=', bound: ABOVE });
      const worst = Math.min(...at.losses, ...below.losses);
      out.push({ label: `N = ${N}: every restart has L ≥ LB`, value: worst, op: '>=', bound: lb * (1 - 1e-12) });
    }
    return out;
  },
  variants: [
    { name: 'lambda-not-lambda-squared', why: 'LB = λN² − λN(N−1) (λ for λ² in the correction): far below every loss', impl: { lowerBound: (N: number, l: number) => l * N * N - l * N * (N - 1) } },
    { name: 'no-correction', why: 'LB = λN² (the soft-threshold correction dropped): above the loss the optimum reaches', impl: { lowerBound: (N: number, l: number) => l * N * N } },
    { name: 'width-off-by-one', why: 'the minimal width claimed as N²/4 − 1: the best loss there stays above LB', impl: { width: (N: number) => (N * N) / 4 - 1 } },
  ],
});

export default claim;

/** Trained widths of the figure's second panel, from N²/4 to beyond N(N+1) (where the paper's reduction must cut). */
const REDUCE_WIDTHS: Record<number, number[]> = { 4: [4, 8, 12, 16, 20, 24], 6: [9, 16, 24, 32, 40, 48] };

/**
 * The figure: best-of-restarts loss minus LB against the width, N = 4 and 6 (log scale; gaps at the float floor are drawn at
 * 1e-16), and below it the widths that the paper's reduction and the sharp reduction (ours) reach from trained networks.
 */
export const figures = [
  defineFigure({
    id: 'tight-example-gap-vs-width',
    title: 'Tight example: best loss − LB(λ) against the width (λ = 1e-3), and the widths the reductions reach',
    caption:
      'Top: best of 12 L-BFGS restarts (≤ 2000 iterations each; N = 6 only at the ci and full profiles) of the depth-2 ReLU network on X = I_N, Y = Y_N, β = 0, λ = 1e-3, minus the ' +
      'infinite-width lower bound LB(λ) = λN² − λ²N(N−1). The gap drops to the float64 floor exactly at width N²/4 (4 for N = 4, 9 for ' +
      'N = 6), as Prop. 14 predicts; values ≤ 1e-16 are drawn at 1e-16. Bottom: the best of 4 restarts (≤ 2000 iterations) at wider trained widths, ' +
      "reduced by the paper's Carathéodory reduction (solid, guaranteed ≤ N(N+1): 20 and 42) and by the sharp reduction (ours, `reduce --sharp`, " +
      'dashed, guaranteed ≤ N(N+1)/2 + 1: 11 and 22), against the trained width; the dotted lines mark N²/4, the width the global minimum needs. ' +
      'Both keep the loss; neither reaches N²/4 from a wide network, the sharp one comes closer.',
    claims: ['J11'],
    render({ seed, profile }) {
      // quick: N = 4 only (the quick budget is ~10 s); ci/full: N = 4 and 6.
      const Ns = profile === 'quick' ? [4] : [4, 6];
      const colors = ['#1f77b4', '#d62728'];
      const series = Ns.map((N, si) => {
        const lb = tightLowerBound(N, LAMBDA);
        const ws = N === 4 ? [1, 2, 3, 4, 5, 6] : [6, 7, 8, 9, 10, 11];
        const points = ws.map((w) => {
          const r = trainBestOf(tightProblem(N, LAMBDA), [N, w, N], Rng.stream(seed, 'figure-J11', N, w), { restarts: 12, maxIterations: 2000 });
          return { x: w, y: Math.max(r.loss - lb, 1e-16) };
        });
        return { label: `N = ${N} (N²/4 = ${(N * N) / 4})`, points, line: true, color: colors[si] };
      });
      const top = renderChart(series, { title: 'Tight example: best loss − LB vs width', xLabel: 'width n₁', yLabel: 'best L_λ − LB(λ)', logY: true });
      const widthSeries = Ns.flatMap((N, si) => {
        const ws = REDUCE_WIDTHS[N];
        const reduced = ws.map((w) => {
          const r = trainBestOf(tightProblem(N, LAMBDA), [N, w, N], Rng.stream(seed, 'figure-J11-reduce', N, w), { restarts: 4, maxIterations: 2000 });
          return { w, paper: reduceNetwork(r.net).widthsAfter[1], sharp: reduceNetworkSharp(r.net).widthsAfter[1] };
        });
        const q = (N * N) / 4;
        return [
          { label: `N = ${N}: paper's reduction (≤ ${N * (N + 1)})`, points: reduced.map((r) => ({ x: r.w, y: r.paper })), line: true, color: colors[si] },
          { label: `N = ${N}: sharp reduction, ours (≤ ${(N * (N + 1)) / 2 + 1})`, points: reduced.map((r) => ({ x: r.w, y: r.sharp })), line: true, dashed: true, color: colors[si] },
          { label: `N = ${N}: N²/4 = ${q}`, points: [{ x: ws[0], y: q }, { x: ws[ws.length - 1], y: q }], line: true, dashed: true, color: '#888888' },
        ];
      });
      const bottom = renderChart(widthSeries, { title: 'Widths after the reductions (trained networks)', xLabel: 'trained width n₁', yLabel: 'width after reduction' });
      return stackSvg(top, bottom);
    },
  }),
];

/** Two SVG documents stacked vertically in one (each keeps its own size; the second is shifted down by the first's height). */
function stackSvg(a: string, b: string): string {
  const size = (svg: string) => {
    const m = /<svg[^>]*\bwidth="(\d+)"[^>]*\bheight="(\d+)"/.exec(svg);
    return m ? { w: Number(m[1]), h: Number(m[2]) } : { w: 640, h: 420 };
  };
  const sa = size(a);
  const sb = size(b);
  const inner = (svg: string, y: number) => svg.trim().replace('<svg xmlns="http://www.w3.org/2000/svg"', `<svg x="0" y="${y}"`);
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${Math.max(sa.w, sb.w)}" height="${sa.h + sb.h}">${inner(a, 0)}${inner(b, sa.h)}</svg>\n`;
}
