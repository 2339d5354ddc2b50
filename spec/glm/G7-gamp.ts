/**
 * G7. Bayes-optimal GAMP on the probit GLM: its test error tends to the replica 0-1 error, and its
 * overlap follows state evolution.
 */
import { gaussianMatrix, matvec, Rng } from '../../src/core/index.ts';
import { defineClaim, defineFigure, renderChart } from '../../src/index.ts';
import { mmseGaussian } from '../../src/models/glm/gaussianChannel.ts';
import { gampProbit, probitStateEvolution, probitTestError } from '../../src/models/glm/gamp.ts';
import { probitClassError, probitFixedPoint } from '../../src/models/glm/probitChannel.ts';

const ALPHA = 2;
const D = 0.1;
const T = 2;

/** One probit instance: X (n × d, N(0, 1)), teacher v ~ N(0, I), labels sign(Xv/√d + √D z). */
function probitInstance(d: number, rng: Rng, alpha = ALPHA) {
  const n = Math.round(alpha * d);
  const X = gaussianMatrix(n, d, rng);
  const v = rng.fillNormal(new Float64Array(d));
  const u = matvec(X, v);
  const y = new Float64Array(n);
  const sq = Math.sqrt(D);
  const inv = 1 / Math.sqrt(d);
  for (let i = 0; i < n; i++) y[i] = u[i] * inv + sq * rng.normal() >= 0 ? 1 : -1;
  return { X, v, y };
}

const source = [
  { paper: 'Barbier, Krzakala, Macris, Miolane, Zdeborová 2019 (arXiv 1708.03395)', ref: 'GAMP and its state evolution; Bayes-optimal generalisation error, probit channel' },
  { paper: 'Rangan, Generalized approximate message passing, ISIT 2011', ref: 'Alg. 1 (GAMP), state evolution' },
  { paper: 'shared/math/deep-gaussian-equivalence.md', ref: '§5 (probit: 0-1 error (1/π) arccos √(q/(1 + D))), §7.4' },
];

const error = defineClaim({
  id: 'G7.error',
  title: 'Probit GAMP test error → (1/π) arccos √(q/(1 + D))',
  kind: 'limit',
  source,
  statement:
    `At α = ${ALPHA}, D = ${D}: Bayes-optimal GAMP run to convergence on n = αd probit samples, then sign(v̂·x) on a fresh point has ` +
    'expected 0-1 error (exact over the test point by Sheppard\'s formula, given the instance) converging as d → ∞ to ' +
    '(1/π) arccos √(q/(1 + D)), q the RS probit overlap. No rate is claimed: the order is measured and reported. Finding: the ' +
    'finite-size bias is too small to fit an order at affordable sizes (measured with R = 2000: −0.0028 ± 0.0012 at d = 8, ' +
    '−0.0010 ± 0.0006 at d = 32, consistent with 0 beyond), so the ladder reaches the Monte Carlo floor at its first level.',
  quantity: 'test 0-1 error of sign(v̂_GAMP·x)',
  size: 'd',
  // Smallest deviation the check must resolve: about a quarter of the smallest shipped variant gap (≈ 0.07–0.08),
  // so a noise-floor verdict excludes the listed pitfalls with margin.
  minEffect: 0.02,
  ladder: {
    quick: { n0: 40, levels: 4, replicates: 60 },
    ci: { n0: 40, levels: 4, replicates: 100 },
    full: { n0: 40, levels: 6, replicates: 200 },
  },
  impl: {
    overlap: (alpha: number, d: number) => probitFixedPoint(alpha, d).overlap,
    error: (q: number, d: number) => probitClassError(1 - q, d),
  },
  sample(d, ctx) {
    const { X, v, y } = probitInstance(d, ctx.rng);
    const g = gampProbit(X, y, D, { maxIterations: 100, tol: 1e-10 });
    return probitTestError(v, g.estimate, D);
  },
  limit: (impl) => impl.error(impl.overlap(ALPHA, D), D),
  tolerance:
    'No claimed order: verified when the error reaches the noise floor or decreases with confidence. Measured per-replicate sd of ' +
    'the test error ≈ 0.15/√d (0.021 at d = 50, 0.007 at d = 400), so R = 100 resolves the mean to ±0.0042 at d = 40 (2 se). The ' +
    'variants move the limit by ≥ 0.077, i.e. ≥ 35 se at d = 40: their error is flat in d and the fitted order ≈ 0 ± 0.015, below ' +
    'the stall order 0.1 at the Bonferroni level.',
  variants: [
    {
      name: 'gaussian-channel-overlap',
      why: 'the overlap of the Gaussian channel with the same D (1 − m(α, D)) used for the sign channel (offset −0.082)',
      impl: { overlap: (alpha: number, d: number) => 1 - mmseGaussian(alpha, d) },
    },
    {
      name: 'q-for-m',
      why: 'arccos √(m/(1 + D)): the MMSE m = 1 − q used where the overlap q belongs (offset +0.098)',
      impl: { error: (q: number, d: number) => Math.acos(Math.sqrt((1 - q) / (1 + d))) / Math.PI },
    },
    {
      name: 'arccos-without-sqrt',
      why: '(1/π) arccos(q/(1 + D)): the square root dropped (a correlation confused with its square; offset +0.077)',
      impl: { error: (q: number, d: number) => Math.acos(q / (1 + d)) / Math.PI },
    },
  ],
});

const se = defineClaim({
  id: 'G7.se',
  title: `Probit GAMP overlap at iteration ${T} → state evolution q_${T}`,
  kind: 'limit',
  source,
  statement:
    `At α = ${ALPHA}, D = ${D}: after t = ${T} iterations of Bayes-optimal GAMP from v̂ = 0, the overlap ‖v̂_t‖²/d converges as d → ∞ to ` +
    `the state-evolution value q_t (m_0 = 1, m_{t+1} = 1/(1 + q̂(m_t)), q_t = 1 − m_t). The trajectory, not only its fixed point, is checked. ` +
    'No rate is claimed: the order is measured and reported.',
  quantity: `‖v̂_${T}‖²/d`,
  size: 'd',
  // Smallest deviation the check must resolve: about a quarter of the smallest shipped variant gap (≈ 0.07–0.08),
  // so a noise-floor verdict excludes the listed pitfalls with margin.
  minEffect: 0.02,
  ladder: {
    quick: { n0: 50, levels: 4, replicates: 200 },
    ci: { n0: 50, levels: 4, replicates: 300 },
    full: { n0: 50, levels: 6, replicates: 1000 },
  },
  impl: {
    stateEvolution: (alpha: number, d: number, t: number) => probitStateEvolution(alpha, d, t),
    /** Which state-evolution entry the overlap at iteration T is compared with. */
    index: (t: number) => t,
    /** Overlap (q) or MMSE (1 − q) reported by state evolution. */
    read: (q: number) => q,
  },
  sample(d, ctx) {
    const { X, y } = probitInstance(d, ctx.rng);
    const g = gampProbit(X, y, D, { maxIterations: T, tol: 0 });
    return g.overlaps[T];
  },
  limit: (impl) => impl.read(impl.stateEvolution(ALPHA, D, T)[impl.index(T)]),
  tolerance:
    'No claimed order: verified at the noise floor or when decreasing with confidence. Measured per-replicate sd of ‖v̂_2‖²/d ≈ 0.4/√d, ' +
    'so R = 300 gives se ≈ 0.0028 at d = 50 and 0.0010 at d = 400. The variants move the limit by ≥ 0.07 (≥ 25 se at every level), so ' +
    'their error is flat in d with fitted order ≈ 0 ± 0.02, below the stall order 0.1 at the Bonferroni level.',
  variants: [
    {
      name: 'off-by-one',
      why: `GAMP iteration ${T} compared with state evolution q_${T - 1} (an off-by-one in the time index; offset −0.096)`,
      impl: { index: (t: number) => t - 1 },
    },
    {
      name: 'q-for-m',
      why: 'state evolution read as the MMSE m_t = 1 − q_t instead of the overlap q_t (offset −0.27)',
      impl: { read: (q: number) => 1 - q },
    },
    {
      name: 'D-as-std',
      why: 'state evolution run with noise √D instead of the variance D (offset −0.071)',
      impl: { stateEvolution: (alpha: number, d: number, t: number) => probitStateEvolution(alpha, Math.sqrt(d), t) },
    },
  ],
});

export default [error, se];

/** The error curve of G7: the replica 0-1 error against α with GAMP at finite d (mean ± standard error). */
export const figures = [
  defineFigure({
    id: 'glm-probit-error-vs-alpha',
    title: `Probit GLM (D = ${D}): Bayes-optimal 0-1 error against α, replica formula and GAMP`,
    caption:
      'Line: (1/π) arccos √(q/(1 + D)) with q the RS probit overlap (probitChannel.ts). Points: GAMP run to convergence at d = 200 ' +
      '(d = 100 at the quick profile), 12 instances per α, exact test error given the instance (Sheppard), mean ± standard error; ' +
      'streams (root seed, figure id, α, replicate).',
    claims: ['G7.error'],
    render({ seed, profile }) {
      const d = profile === 'quick' ? 100 : 200;
      const theory = [];
      for (let k = 0; k <= 30; k++) {
        const alpha = 0.25 * 32 ** (k / 30);
        theory.push({ x: alpha, y: probitClassError(probitFixedPoint(alpha, D).mmse, D) });
      }
      const points = [];
      for (const alpha of [0.5, 1, 2, 4, 8]) {
        const errs: number[] = [];
        for (let r = 0; r < 12; r++) {
          const { X, v, y } = probitInstance(d, Rng.stream(seed, 'glm-probit-error-vs-alpha', alpha, r), alpha);
          errs.push(probitTestError(v, gampProbit(X, y, D, { maxIterations: 100, tol: 1e-10 }).estimate, D));
        }
        const mean = errs.reduce((a, b) => a + b, 0) / errs.length;
        const sd = Math.sqrt(errs.reduce((a, b) => a + (b - mean) ** 2, 0) / (errs.length - 1));
        points.push({ x: alpha, y: mean, err: sd / Math.sqrt(errs.length) });
      }
      return renderChart(
        [
          { label: 'replica (1/π) arccos √(q/(1+D))', points: theory, line: true },
          { label: `GAMP, d = ${d}`, points },
        ],
        { title: `Probit GLM, D = ${D}: 0-1 error vs α`, xLabel: 'α = n/d', yLabel: '0-1 test error', logX: true },
      );
    },
  }),
];
