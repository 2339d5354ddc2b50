/**
 * G5 (mutual information). The expected finite-size mutual information per input dimension converges to
 * the replica formula i(α, D) at order 1: E[(1/d) I_d] = i(α, D) + c/d + o(1/d).
 */
import { defineClaim } from '../../src/index.ts';
import { miGaussian, mmseGaussian } from '../../src/models/glm/gaussianChannel.ts';
import { miControlVariate, sumLog1p } from '../../src/models/glm/spectralMi.ts';
import { wishartSpectrumOverD } from '../../src/models/glm/wishartSpectrum.ts';

const ALPHA = 2;
const D = 0.37;

export default defineClaim({
  id: 'G5.mi',
  title: 'E[(1/d) I(v; Y | X)] → i(α, D) with finite-size order 1',
  kind: 'limit',
  source: [
    { paper: 'Barbier, Krzakala, Macris, Miolane, Zdeborová 2019 (arXiv 1708.03395)', ref: 'the limit of the mutual information, Gaussian prior and channel' },
    { paper: 'shared/math/deep-gaussian-equivalence.md', ref: '§5 (i(α, D)), §6 (I = ½ Σ log(1 + λ_i/D); measured bias ≈ −0.09/d at α = 2, D = 0.37)' },
  ],
  statement:
    `At α = n/d = ${ALPHA} and D = ${D}, the mutual information per input dimension of a Gaussian design, (1/2d) Σ log(1 + λ_i/D) with ` +
    'λ_i the eigenvalues of XᵀX/d, has expectation i(α, D) + O(1/d), i(α, D) = ½log(1 + q̂) + (α/2)log((m + D)/D) − q̂m/2. ' +
    'The spectrum is drawn from the Dumitriu–Edelman bidiagonal model (exactly the law of the eigenvalues of XᵀX); each replicate ' +
    'subtracts a control variate with exactly zero mean built from the first two Wishart moments (spectralMi.ts), which leaves the ' +
    'expectation unchanged and cuts the spread 2.5×.',
  quantity: '(1/2d) Σ log(1 + λ_i/D) − c (control variate, E c = 0)',
  size: 'd',
  ladder: {
    // quick as ci: 4 levels × 250 left "order 1 exactly" inconclusive at quick seed 6 (1.09 ± 0.11; verifying needs 1.96σ ≤ 0.2).
    quick: { n0: 25, levels: 5, replicates: 300 },
    ci: { n0: 25, levels: 5, replicates: 300 },
    full: { n0: 25, levels: 6, replicates: 1200 },
  },
  impl: {
    i: miGaussian,
    /** Normalisation of ½ Σ log(1 + λ_i/D): per input dimension d. */
    perDim: (sumLog: number, _n: number, d: number) => sumLog / (2 * d),
  },
  sample(d, ctx, impl) {
    const n = Math.round(ALPHA * d);
    const lambda = wishartSpectrumOverD(n, d, ctx.rng);
    return impl.perDim(sumLog1p(lambda, D), n, d) - miControlVariate(lambda, { n, d, D });
  },
  limit: (impl) => impl.i(ALPHA, D),
  rate: {
    order: 1,
    sense: 'exactly',
    delta: 0.2,
    derivation:
      'The centring term of a smooth linear spectral statistic Σ f(λ_i) of a Wishart matrix is O(1) (Bai & Silverstein 2004 CLT), ' +
      'so the bias of (1/d)Σ f(λ_i) is O(1/d); δ = 0.2 is the policy default for an exact order.',
  },
  tolerance:
    'Power: per replicate the error has sd ≈ 0.17/d and mean ≈ −0.085/d (measured with the control variate), so log|ē| has sd ≈ ' +
    '0.17/(0.085√R) = 0.12 at R = 300 at every level (the ratio is d-independent, never at the noise floor); over 5 levels spaced ' +
    'by log 2 (Σ(x − x̄)² = 4.8) the slope has sd ≈ 0.052, 95% half-width 0.10 < δ = 0.2. A limit off by ≥ 0.005 (every variant) ' +
    'dominates the 1/d bias from d = 25 on, so the fitted order is ≈ 0, rejected at the Bonferroni level.',
  variants: [
    {
      name: 'output-term-I-W-Y',
      why: 'the RS output term I(W; Y) = ½log((1 + D)/D) instead of I(U; Y | W) = ½log((m + D)/D)',
      impl: {
        i: (alpha: number, noise: number) => miGaussian(alpha, noise) + 0.5 * alpha * (Math.log1p(1 / noise) - Math.log1p(mmseGaussian(alpha, noise) / noise)),
      },
    },
    {
      name: 'per-sample',
      why: 'the log-det normalised per sample (1/n) instead of per input dimension (1/d): off by the factor α',
      impl: { perDim: (sumLog: number, n: number) => sumLog / (2 * n) },
    },
    {
      name: 'D-as-std',
      why: 'D read as a standard deviation: i(α, √D) instead of i(α, D)',
      impl: { i: (alpha: number, noise: number) => miGaussian(alpha, Math.sqrt(noise)) },
    },
  ],
});
