/**
 * G2. The replica-symmetric mutual information of the Gaussian-channel GLM equals the Marchenko–Pastur
 * log-det integral ½∫log(1 + λ/D) dμ_α.
 */
import { defineClaim, fc, logUniform } from '../../src/index.ts';
import { miGaussian, mmseGaussian } from '../../src/models/glm/gaussianChannel.ts';
import { miMarchenkoPastur, type MpIntegral } from '../../src/models/glm/marchenkoPastur.ts';

const EPS = 2 ** -52;

export default defineClaim({
  id: 'G2',
  title: 'RS mutual information = Marchenko–Pastur log-det integral',
  kind: 'identity',
  source: [
    { paper: 'Barbier, Krzakala, Macris, Miolane, Zdeborová 2019 (arXiv 1708.03395)', ref: 'the RS formula for the mutual information, Gaussian prior and channel' },
    { paper: 'shared/math/deep-gaussian-equivalence.md', ref: '§5 (i(α, D), output term I(U; Y | W)) and §6 (I = ½ Σ log(1 + λ_i/D))' },
  ],
  statement:
    'For every α > 0 and D > 0, with m the MMSE and q̂ = α/(m + D): ½ log(1 + q̂) + (α/2) log((m + D)/D) − q̂m/2 = ½ ∫ log(1 + λ/D) dμ_α(λ), ' +
    'μ_α the Marchenko–Pastur law of XᵀX/d, i.e. the RS mutual information per input dimension is the limit of (1/d) I(v; Y | X) = ' +
    '(1/2d) log det(I + XᵀX/(dD)). Its output term is I(U; Y | W) = ½ log((m + D)/D); I(W; Y) = ½ log((1 + D)/D) is wrong.',
  params: fc.record({ alpha: logUniform(-1, 1), D: logUniform(-3, 1) }),
  runs: { quick: 100, ci: 400, full: 4000 },
  impl: {
    i: miGaussian,
    mp: miMarchenkoPastur as (alpha: number, D: number) => MpIntegral,
  },
  tolerance:
    'RS side: the three terms t₁ = ½log(1+q̂), t₂ = (α/2)log(1+m/D), t₃ = q̂m/2 are each computed with relative error ≤ 4ε and summed ' +
    '(≤ 2ε more); the error of m (≤ 8ε relative) enters only at second order because the RS potential is stationary in m at the ' +
    'fixed point. So |Δ| ≤ 8ε·(|t₁| + |t₂| + |t₃|). MP side: rounding ≤ (N + 2)εS and discretisation ≤ |I_N − I_{N/2}| (geometric ' +
    'convergence), both reported by the routine. atol is their sum; every variant misses by ≥ 1e-5.',
  evaluate({ alpha, D }, _ctx, impl) {
    const m = mmseGaussian(alpha, D);
    const qhat = alpha / (m + D);
    const scale = Math.abs(0.5 * Math.log1p(qhat)) + Math.abs(0.5 * alpha * Math.log1p(m / D)) + Math.abs(0.5 * qhat * m);
    const r = impl.mp(alpha, D);
    return [
      { label: 'i_RS(α,D) = ½∫log(1+λ/D)dμ_α', actual: impl.i(alpha, D), expected: r.value, atol: 8 * EPS * scale + r.roundingBound + r.errorEstimate, rtol: 0 },
      { label: 'quadrature converged', value: r.converged ? 1 : 0, op: '>=', bound: 1 },
    ];
  },
  variants: [
    {
      name: 'output-term-I-W-Y',
      why: 'the output term written I(W; Y) = ½ log((1 + D)/D) instead of I(U; Y | W) = ½ log((m + D)/D) (the classic error of §5)',
      impl: {
        i: (alpha: number, D: number) => {
          const m = mmseGaussian(alpha, D);
          const qhat = alpha / (m + D);
          return 0.5 * Math.log1p(qhat) + 0.5 * alpha * Math.log1p(1 / D) - 0.5 * qhat * m;
        },
      },
    },
    {
      name: 'per-sample',
      why: 'the MI per sample i/α reported where the MI per input dimension is meant (they differ by the factor α, §8)',
      impl: { i: (alpha: number, D: number) => miGaussian(alpha, D) / alpha },
    },
    {
      name: 'log-det-without-half',
      why: 'I = log det(I + XᵀX/(dD)) without the ½ of the Gaussian entropy',
      impl: {
        mp: (alpha: number, D: number) => {
          const r = miMarchenkoPastur(alpha, D);
          return { ...r, value: 2 * r.value };
        },
      },
    },
  ],
});
