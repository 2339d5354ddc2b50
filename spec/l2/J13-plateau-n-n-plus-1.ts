/**
 * J13. The width plateau (Jacot et al. 2022, Props. 6–7): the minimal loss is non-increasing in the width (padding with dead
 * neurons changes nothing) and constant for widths ≥ N(N+1). Exercised where N(N+1) is reachable: N = 3 (N(N+1) = 12), widths
 * 1 … 16, certified best-of-R runs. The wrong variant "the plateau starts at width N" is refuted on the tight dataset N = 6,
 * where N²/4 = 9 neurons are needed (Prop. 14).
 */
import { defineClaim, fc, type Outcome, type Profile } from '../../src/index.ts';
import { fromRows, identity, type Matrix, type Rng, singularValues } from '../../src/core/index.ts';
import { relu } from '../../src/models/l2/activation.ts';
import { certifyMinimum, KKT_ACCEPT, type MinimumCertificate } from '../../src/models/l2/certificate.ts';
import { loadLpSolver } from '../../src/models/l2/lpTest.ts';
import type { L2Problem } from '../../src/models/l2/network.ts';
import { tightProblem, trainBestOf, type BestOfRestarts } from '../../src/models/l2/tightExample.ts';

const solver = await loadLpSolver();

/** Optimiser budget per profile: R independent starts per width, each L-BFGS ≤ 3000 iterations plus ≤ 12 perturbed restarts. */
const PLAN: Record<Profile, { restarts: number; tightWidths: number[] }> = {
  quick: { restarts: 4, tightWidths: [6, 9] },
  ci: { restarts: 6, tightWidths: [6, 9, 12] },
  full: { restarts: 12, tightWidths: [6, 7, 8, 9, 10, 12] },
};
const ITERATIONS = 3000;
const KICKS = 12;

/**
 * "Equal" and "non-increasing" are decided to τ = 1e-8 relative: far above the rounding of L (~10ε), and 2·10³ times the
 * measured spread of the certified plateau values at N = 3 (≤ 4e-12 relative, seeds 5 and 7), while the gap the wrong variant
 * must show at N = 6 (width 6 against 9) measured 1.09e-2 relative.
 */
const TAU = 1e-8;

/** Dataset A: N = 3, X = I₃, β = 0, λ = 1e-2, Y the PSD tridiagonal matrix below (eigenvalues 2 − √2, 2, 2 + √2). */
function datasetA(): L2Problem {
  return { activation: relu, beta: 0, lambda: 1e-2, X: identity(3), Y: fromRows([[2, 1, 0], [1, 2, 1], [0, 1, 2]]) };
}

/**
 * The lower bound of every depth-2 ReLU net with X = I, β = 0 (J10.nuclear-bound, ‖W‖² ≥ 2‖f(I)‖_*):
 * \( L_\lambda \ge \min_f \tfrac1N\|f - Y\|_F^2 + 2\lambda\|f\|_* = \tfrac1N\sum_i \min(s_i, \lambda N)^2 + 2\lambda\sum_i (s_i - \lambda N)_+ \)
 * (soft-thresholding the singular values s_i of Y at λN).
 */
function nuclearLowerBound(Y: Matrix, lambda: number): number {
  const N = Y.cols;
  let v = 0;
  for (const s of singularValues(Y)) v += Math.min(s, lambda * N) ** 2 / N + 2 * lambda * Math.max(0, s - lambda * N);
  return v;
}

interface PlateauImpl {
  /** The width from which the minimal loss is claimed constant. */
  plateauStart: (N: number) => number;
  /** Whether the loss is claimed to decrease strictly (by more than τ) at every width below the plateau. */
  strictBefore: boolean;
}

interface WidthResult {
  width: number;
  /** Loss of the lowest-loss certified run (NaN when none certified). */
  loss: number;
  cert: MinimumCertificate | null;
  runs: BestOfRestarts[];
}

const memo = new Map<string, WidthResult>();
/** R independent certified-or-not runs at one width; the claim and its variants share them (same stream key). */
function atWidth(rng: Rng, tag: string, p: L2Problem, width: number, R: number): WidthResult {
  const key = `${rng.key}|${tag}|${width}|${R}`;
  let r = memo.get(key);
  if (!r) {
    const runs = Array.from({ length: R }, (_, i) =>
      trainBestOf(p, [p.X.rows, width, p.Y.rows], rng.split(tag, width).split('start', i), { restarts: 1, maxIterations: ITERATIONS, kicks: KICKS }),
    ).sort((a, b) => a.loss - b.loss);
    r = { width, loss: NaN, cert: null, runs };
    // The lowest-loss run that the certificate accepts (never a gradient-norm test).
    for (const t of runs) {
      const c = certifyMinimum(solver, t.net);
      if (c.certified) {
        r = { width, loss: t.loss, cert: c, runs };
        break;
      }
    }
    memo.set(key, r);
  }
  return r;
}

/** The outcomes of one dataset: certification of every width, monotonicity, the plateau, and the strict-decrease variant. */
function curveOutcomes(name: string, N: number, res: WidthResult[], impl: PlateauImpl): Outcome[] {
  const out: Outcome[] = [];
  for (const r of res) {
    const c = r.cert as MinimumCertificate;
    out.push({ label: `${name}, width ${r.width}: KKT residual / (2λ max|W|) of the best certified run`, value: c.kkt.relResidual, op: '<=', bound: KKT_ACCEPT });
    out.push({ label: `${name}, width ${r.width}: max ‖W̃_ℓ‖ / its certified bound`, value: Math.max(...c.minNorm.map((b) => b.value / b.bound)), op: '<=', bound: 1 });
    out.push({ label: `${name}, width ${r.width}: max balance defect / its certified bound`, value: Math.max(...c.balance.map((b) => b.value / b.bound)), op: '<=', bound: 1 });
  }
  for (let i = 1; i < res.length; i++) {
    const [a, b] = [res[i - 1], res[i]];
    out.push({ label: `${name}: L(${b.width}) ≤ L(${a.width})·(1 + τ)  [${b.loss.toPrecision(12)} vs ${a.loss.toPrecision(12)}]`, value: b.loss, op: '<=', bound: a.loss * (1 + TAU) });
    if (impl.strictBefore && b.width <= impl.plateauStart(N)) {
      out.push({ label: `${name}: strict decrease L(${b.width}) < L(${a.width})·(1 − τ)`, value: b.loss, op: '<', bound: a.loss * (1 - TAU) });
    }
  }
  const flat = res.filter((r) => r.width >= impl.plateauStart(N));
  if (flat.length >= 2) {
    const lo = Math.min(...flat.map((r) => r.loss));
    const hi = Math.max(...flat.map((r) => r.loss));
    out.push({ label: `${name}: plateau from width ${impl.plateauStart(N)}: (max − min)/min over widths ${flat.map((r) => r.width).join(', ')}`, value: (hi - lo) / lo, op: '<=', bound: TAU });
  }
  return out;
}

const claim = defineClaim<null, PlateauImpl>({
  id: 'J13',
  title: 'The minimal loss is non-increasing in the width and constant from N(N+1) on (N = 3, widths 1 … 16, certified minima)',
  kind: 'optimisation',
  source: [
    { paper: 'Jacot, Golikov, Hongler, Gabriel 2022 (arXiv 2205.15809)', ref: 'Prop. 6 (non-increasing in the width), Prop. 7 (plateau for widths ≥ N(N+1)), Prop. 14 (tight example)' },
    { paper: 'shared/math/l2-feature-learning.md', ref: '§4 (plateau), §2 (certificates: KKT with kink multipliers, min-norm, balance), §5 (tight dataset)' },
  ],
  statement:
    'Let L*(w) be the minimal L_λ over depth-2 ReLU networks of hidden width w. Then L*(w + 1) ≤ L*(w) for every w, and L*(w) = L*(N(N+1)) ' +
    'for w ≥ N(N+1). Evidence (optimisation, budget stated): dataset A, N = 3 (N(N+1) = 12), X = I₃, β = 0, λ = 1e-2, Y = [[2,1,0],[1,2,1],[0,1,2]], ' +
    'widths 1 … 16; dataset B, the tight example N = 6 (X = I₆, Y = Y₆, λ = 1e-3), widths 6, 9, 12 at ci. At each width the value is the lowest ' +
    'loss among R independent runs that is certified as a local minimum (KKT with kink multipliers 0 ≤ μ ≤ δ, W̃ = 0 and neuron balance within the ' +
    'bounds the certified residual allows; never a gradient norm). Checked: the certified values are non-increasing to τ, equal from N(N+1) on to τ, ' +
    'and on dataset A every run stays above the nuclear-norm lower bound while the plateau value reaches it (so the plateau is the infinite-width ' +
    'minimum). Measured: dataset A falls 1.516 → 0.2223 → 0.1191 at widths 1, 2, 3 and is flat (0.1191 = the bound) from 3 to 16; dataset B: ' +
    'L(6) is 1.09e-2 above L(9) = LB(λ) relative.',
  params: fc.constant(null),
  runs: 1,
  impl: { plateauStart: (N: number) => N * (N + 1), strictBefore: false },
  tolerance:
    `Budget per width: R = ${PLAN.quick.restarts}/${PLAN.ci.restarts}/${PLAN.full.restarts} (quick/ci/full) independent He-initialised starts, each L-BFGS ` +
    `(memory 10, strong Wolfe, ≤ ${ITERATIONS} iterations) followed by ≤ ${KICKS} perturbed restarts (relative kicks 1e-4/1e-6; they move ` +
    'pre-activations off kinks where L-BFGS stalls). Certificate: KKT residual ≤ 1e-4·2λ max|W| (certified runs measure 1e-7–6e-6; stalled runs ' +
    '1e-3–1), ‖W̃_ℓ‖ ≤ ‖g*_ℓ‖/(2λ) + 1e3·ε·‖W_ℓ‖/ρ_ℓ, |‖w_in‖² − ‖w_out‖²| ≤ (‖g*_in‖‖w_in‖ + ‖g*_out‖‖w_out‖ + Σ|μz|)/(2λ) + 100ε(…). ' +
    '"Equal" and "non-increasing" to τ = 1e-8 relative: 2·10³ × the measured spread of certified plateau values (≤ 4e-12), ~10⁶ × below the ' +
    'width-6/width-9 gap of dataset B (1.09e-2). Lower bound with relative slack 1e-12 (rounding of L). A width with no certified run is guarded ' +
    '(the claim is then inconclusive, not verified).',
  evaluate(_p, ctx, impl) {
    const plan = PLAN[ctx.profile];
    const A = datasetA();
    const resA = Array.from({ length: 16 }, (_, i) => atWidth(ctx.rng, 'A', A, i + 1, plan.restarts));
    const B = tightProblem(6, 1e-3);
    const resB = plan.tightWidths.map((w) => atWidth(ctx.rng, 'B', B, w, plan.restarts));
    const missing = [...resA.map((r) => ['A', r] as const), ...resB.map((r) => ['B', r] as const)].filter(([, r]) => !r.cert);
    if (missing.length > 0) return { outcomes: [], guard: `no certified run among ${plan.restarts} at ${missing.map(([d, r]) => `dataset ${d} width ${r.width}`).join(', ')}` };
    const out = [...curveOutcomes('A (N = 3)', 3, resA, impl), ...curveOutcomes('B (tight, N = 6)', 6, resB, impl)];
    const lb = nuclearLowerBound(A.Y, A.lambda);
    const worst = Math.min(...resA.flatMap((r) => r.runs.map((t) => t.loss)));
    out.push({ label: `A: every run ≥ the nuclear-norm bound ${lb}`, value: worst, op: '>=', bound: lb * (1 - 1e-12) });
    const top = resA.filter((r) => r.width >= impl.plateauStart(3));
    if (top.length > 0) out.push({ label: 'A: plateau value − bound (relative): the plateau is the infinite-width minimum', value: (Math.max(...top.map((r) => r.loss)) - lb) / lb, op: '<=', bound: TAU });
    return out;
  },
  variants: [
    {
      name: 'plateau-from-N',
      why: '"one neuron per data point suffices": the plateau claimed from width N. True on dataset A, refuted on the tight dataset, where width 6 stays 1e-2 above width 9 = N²/4',
      impl: { plateauStart: (N: number) => N },
    },
    {
      name: 'strictly-decreasing-until-N-N-plus-1',
      why: 'the kernel-regime intuition that every added neuron helps until N(N+1): dataset A is already flat from width 3',
      impl: { strictBefore: true },
    },
  ],
});

export default claim;
