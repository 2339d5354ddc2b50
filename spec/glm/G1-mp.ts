/**
 * G1 (Marchenko–Pastur). The closed-form Gaussian-channel MMSE equals D times the Stieltjes transform
 * of the Marchenko–Pastur law of XᵀX/d at −D, computed by quadrature of the MP density.
 */
import { defineClaim, fc, logUniform } from '../../src/index.ts';
import { mmseGaussian } from '../../src/models/glm/gaussianChannel.ts';
import { marchenkoPasturMoment, mmseMarchenkoPastur, type MpIntegral } from '../../src/models/glm/marchenkoPastur.ts';

const EPS = 2 ** -52;

export default defineClaim({
  id: 'G1.mp',
  title: 'The closed-form MMSE equals D·g_MP(−D), the Marchenko–Pastur Stieltjes transform',
  kind: 'identity',
  source: [
    { paper: 'Barbier, Krzakala, Macris, Miolane, Zdeborová 2019 (arXiv 1708.03395)', ref: 'Gaussian prior and channel: MMSE = lim (1/d) tr(I + XᵀX/(dD))⁻¹' },
    { paper: 'shared/math/deep-gaussian-equivalence.md', ref: '§5, m = D·g(−D) with g the Stieltjes transform of the MP law of XᵀX/d' },
    { paper: 'Bai & Silverstein, Spectral Analysis of Large Dimensional Random Matrices (2010)', ref: 'Thm 3.6 (MP law), rescaled to XᵀX/d' },
  ],
  statement:
    'For every α > 0 and D > 0, m(α, D) = ½[1 − α − D + √((α + D − 1)² + 4D)] equals ∫ D/(λ + D) dμ_α(λ) = 1 − ∫ λ/(λ + D) dμ_α(λ), ' +
    'where μ_α = (1 − α)₊δ₀ + √((λ₊ − λ)(λ − λ₋))/(2πλ) dλ on [λ₋, λ₊], λ± = (√α ± 1)², is the Marchenko–Pastur law of XᵀX/d. ' +
    'The integral is computed by the θ-trapezoid rule on λ = 1 + α + 2√α cos θ (exponentially convergent), independently of the quadratic.',
  params: fc.record({ alpha: logUniform(-1, 1), D: logUniform(-3, 1) }),
  runs: { quick: 100, ci: 400, full: 4000 },
  impl: {
    m: mmseGaussian,
    mp: mmseMarchenkoPastur as (alpha: number, D: number) => MpIntegral,
  },
  tolerance:
    'Closed form: relative error ≤ 8ε (one hypot, one sqrt, an add, a division; see G1.quadratic). Quadrature: the final ' +
    'level sums N ≤ 2^20 terms, so its rounding is ≤ (N + 2)·ε·S with S the L¹ size of the sum (reported by the routine), ' +
    'and its discretisation error is below the difference to the previous level (geometric convergence: each halving of the ' +
    'step squares the error, so |I_N − I| ≪ |I_N − I_{N/2}|). atol = 8ε·m + (N + 2)εS + |I_N − I_{N/2}|; the variants miss by ≥ 1e-6.',
  evaluate({ alpha, D }, _ctx, impl) {
    const m = impl.m(alpha, D);
    const r = impl.mp(alpha, D);
    return [
      { label: 'm(α,D) = D·g_MP(−D)', actual: m, expected: r.value, atol: 8 * EPS * Math.abs(m) + r.roundingBound + r.errorEstimate, rtol: 0 },
      { label: 'quadrature converged', value: r.converged ? 1 : 0, op: '>=', bound: 1 },
    ];
  },
  variants: [
    {
      name: 'spectrum-over-n',
      why: 'the MP law of XᵀX/n (edges (1 ± 1/√α)², no rescaling by α) used for XᵀX/d: equivalent to m(α, αD), a normalisation-convention error',
      impl: {
        mp: (alpha: number, D: number) => {
          const r = marchenkoPasturMoment((l) => 1 / (l + alpha * D), alpha);
          return { ...r, value: 1 - r.value };
        },
      },
    },
    {
      name: 'dropped-D-term',
      why: 'the closed form with linear coefficient (α − 1) instead of (α + D − 1)',
      impl: { m: (alpha: number, D: number) => 0.5 * (1 - alpha + Math.hypot(alpha - 1, 2 * Math.sqrt(D))) },
    },
    {
      name: 'no-atom',
      why: 'the atom (1 − α)₊δ₀ of the MP law forgotten for α < 1: m = ∫ D/(λ + D) dμ_cont only',
      impl: {
        mp: (alpha: number, D: number) => {
          const r = mmseMarchenkoPastur(alpha, D);
          return { ...r, value: r.value - Math.max(0, 1 - alpha) };
        },
      },
    },
  ],
});
