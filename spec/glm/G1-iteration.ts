/**
 * G1 (iteration). The damped replica iteration q̂ = α/(m + D), m = 1/(1 + q̂) converges to the closed-form MMSE.
 */
import { defineClaim, fc, logUniform } from '../../src/index.ts';
import { type FixedPointResult, fixedPointScalar } from '../../src/core/index.ts';
import { gaussianOverlapIteration, mmseGaussian } from '../../src/models/glm/gaussianChannel.ts';

const EPS = 2 ** -52;
const iterate = (F: (m: number) => number) => fixedPointScalar(F, 1, { damping: 0.5, atol: 0, rtol: 1e-15, maxIterations: 100_000 });

export default defineClaim({
  id: 'G1.iteration',
  title: 'The damped replica iteration converges to the closed-form MMSE',
  kind: 'identity',
  source: [
    { paper: 'Barbier, Krzakala, Macris, Miolane, Zdeborová 2019 (arXiv 1708.03395)', ref: 'RS fixed-point equations, Gaussian prior and channel' },
    { paper: 'shared/math/deep-gaussian-equivalence.md', ref: '§5, q̂ = α/(m + D), q = q̂/(1 + q̂)' },
  ],
  statement:
    'For every α > 0 and D > 0 the damped iteration m ← (1 − η)m + η/(1 + α/(m + D)) (η = ½, from m = 1) converges, and its limit ' +
    'is the closed-form root m(α, D) of m² + (α + D − 1)m − D = 0.',
  params: fc.record({ alpha: logUniform(-1, 1), D: logUniform(-3, 1) }),
  runs: { quick: 100, ci: 500, full: 5000 },
  impl: { m: mmseGaussian, iterate: gaussianOverlapIteration as (alpha: number, D: number) => FixedPointResult<number> },
  tolerance:
    'The undamped map F(m) = (m + D)/(m + D + α) is increasing with F′(m) = α/(m + D + α)², decreasing in m, and the iterates ' +
    'decrease monotonically from 1 to m*, so on their range the damped map contracts with ρ = 1 − η(1 − F′(m*)). Hence ' +
    '|x − m*| ≤ |F(x) − x|/(1 − F′(m*)) for the last iterate; each evaluation of F adds ≤ 4ε·m rounding, amplified by the same ' +
    'factor; the closed form has relative error ≤ 8ε. atol = (residual + 4ε·m)/(1 − F′(m)) + 8ε·m; the variants miss by ≥ 1e-4.',
  evaluate({ alpha, D }, _ctx, impl) {
    const m = impl.m(alpha, D);
    const it = impl.iterate(alpha, D);
    const slope = alpha / ((m + D + alpha) * (m + D + alpha));
    const atol = (it.residual + 4 * EPS * m) / (1 - slope) + 8 * EPS * m;
    return [
      { label: 'iteration limit = closed form', actual: it.x, expected: m, atol, rtol: 0 },
      { label: 'iteration converged', value: it.converged ? 1 : 0, op: '>=', bound: 1 },
    ];
  },
  variants: [
    {
      name: 'qhat-over-D',
      why: 'q̂ = α/D: the posterior variance m dropped from the effective noise m + D',
      impl: { iterate: (alpha: number, D: number) => iterate(() => 1 / (1 + alpha / D)) },
    },
    {
      name: 'q-for-m',
      why: 'the update sets m ← q̂/(1 + q̂), confusing the overlap q with the MMSE m = 1 − q',
      impl: { iterate: (alpha: number, D: number) => iterate((m) => alpha / (m + D) / (1 + alpha / (m + D))) },
    },
    {
      name: 'alpha-per-param',
      why: 'q̂ = 1/(m + D): the sample ratio α dropped (α = n/d treated as 1)',
      impl: { iterate: (_alpha: number, D: number) => iterate((m) => (m + D) / (m + D + 1)) },
    },
  ],
});
