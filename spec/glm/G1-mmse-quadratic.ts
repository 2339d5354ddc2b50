/**
 * G1 (quadratic). The Bayes-optimal MMSE of the Gaussian-channel GLM is the positive root of
 * m² + (α + D − 1) m − D = 0.
 */
import { defineClaim, fc, logUniform } from '../../src/index.ts';
import { mmseGaussian, mmseQuadratic, mmseQuadraticSlope } from '../../src/models/glm/gaussianChannel.ts';

const EPS = 2 ** -52;


export default defineClaim({
  id: 'G1.quadratic',
  title: 'The closed-form MMSE solves its quadratic and lies in (0, 1]',
  kind: 'identity',
  source: [
    { paper: 'Barbier, Krzakala, Macris, Miolane, Zdeborová 2019 (arXiv 1708.03395)', ref: 'Gaussian channel, Gaussian prior: the RS overlap fixed point' },
    { paper: 'shared/math/deep-gaussian-equivalence.md', ref: '§5, m² + (α + D − 1) m − D = 0' },
  ],
  statement:
    'For every α > 0 and D > 0 the MMSE m(α, D) = [1 − α − D + √((α + D − 1)² + 4D)]/2 is the unique positive root of ' +
    'm² + (α + D − 1) m − D = 0, and 0 < m ≤ 1.',
  params: fc.record({ alpha: logUniform(-1, 1), D: logUniform(-3, 1) }),
  runs: { quick: 200, ci: 1000, full: 10000 },
  impl: { m: mmseGaussian },
  tolerance:
    'Each term of Q(m) = m² + (α+D−1)m − D carries a relative rounding error ≤ 3ε, and m itself a relative error ≤ 8ε ' +
    '(one hypot, one sqrt, an add and a division). Hence |Q(m̂)| ≤ 3ε·(m² + |α+D−1|m + D) + 8ε·m·|Q′(m)|; we allow c = 4× that ' +
    '(atol only, since Q(m) = 0). The positivity and m ≤ 1 bounds are exact (m ≤ 1 since Q(1) = α ≥ 0).',
  evaluate({ alpha, D }, _ctx, impl) {
    const m = impl.m(alpha, D);
    const am = Math.abs(m);
    const scale = m * m + Math.abs(alpha + D - 1) * am + D;
    const bound = 4 * (3 * EPS * scale + 8 * EPS * am * Math.abs(mmseQuadraticSlope(m, alpha, D)));
    return [
      { label: 'Q(m) = 0', actual: mmseQuadratic(m, alpha, D), expected: 0, atol: bound, rtol: 0 },
      { label: 'm > 0', value: m, op: '>', bound: 0 },
      { label: 'm ≤ 1', value: m, op: '<=', bound: 1 },
    ];
  },
  variants: [
    {
      name: 'minus-root',
      why: 'the other root of the quadratic (sign of the square root flipped): negative, not an MMSE',
      impl: { m: (alpha: number, D: number) => 0.5 * (1 - alpha - D - Math.hypot(alpha + D - 1, 2 * Math.sqrt(D))) },
    },
    {
      name: 'dropped-D-term',
      why: 'the linear coefficient written (α − 1) instead of (α + D − 1): a dropped term',
      impl: { m: (alpha: number, D: number) => 0.5 * (1 - alpha + Math.hypot(alpha - 1, 2 * Math.sqrt(D))) },
    },
    {
      name: 'noiseless-limit',
      why: 'the D → 0 limit max(0, 1 − α) used at finite D',
      impl: { m: (alpha: number) => Math.max(0, 1 - alpha) },
    },
  ],
});
