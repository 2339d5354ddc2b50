/**
 * G3 (log-likelihood). log p(Y|X) computed from the n × n covariance equals the d × d (Woodbury /
 * determinant-lemma) form, for every finite n and d.
 */
import { defineClaim, fc, logUniform } from '../../src/index.ts';
import { conditionBound, logLikelihoodDSide, logLikelihoodNSide, sampleGaussianInstance } from '../../src/models/glm/finiteGaussian.ts';
import { EPS } from '../../src/core/index.ts';


export default defineClaim({
  id: 'G3.logp',
  title: 'log p(Y|X): the n×n form equals the d×d form',
  kind: 'identity',
  source: { paper: 'shared/math/deep-gaussian-equivalence.md', ref: '§6, log p(Y|X) = log N(Y; 0, C), C = s XXᵀ/d + σ² I_n; the same value from the d×d Woodbury/Cholesky form' },
  statement:
    'For X ∈ R^{n×d}, Y ∈ R^n, s > 0 and σ² > 0: −½(n log 2π + log det C + YᵀC⁻¹Y) with C = (s/d)XXᵀ + σ²I_n equals ' +
    '−½(n log 2π + n log σ² + log det M + σ⁻²(YᵀY − (s/(dσ²)) bᵀM⁻¹b)) with M = I_d + (s/(dσ²))XᵀX and b = XᵀY.',
  params: fc.record({ n: fc.integer({ min: 1, max: 40 }), d: fc.integer({ min: 1, max: 40 }), s: logUniform(-1, 1), sigma2: logUniform(-2, 1) }),
  runs: { quick: 100, ci: 300, full: 2000 },
  impl: { nSide: logLikelihoodNSide, dSide: logLikelihoodDSide },
  tolerance:
    'Each side is Cholesky + triangular solves. With κ ≤ 1 + s‖X‖_F²/(dσ²) bounding cond(C) and cond(M): the Cholesky backward ' +
    'error ‖ΔA‖ ≤ (k+1)kε‖A‖ (Higham Thm 10.3) moves log det by ≤ k(k+1)ε·κ and the quadratic form by a relative (3k+1)kε·κ ' +
    '(Higham Thm 10.4), k = n or d; forming the Gram adds ≤ max(n,d)ε·κ relative. So |Δ| ≤ 2·[(m+1)mε κ + (3m+1)mε κ·|q| + mεκ·(|q| + m)] ' +
    'with m = max(n, d), q = the larger quadratic form, summed over the two sides; atol is that bound (rtol 0).',
  evaluate({ n, d, s, sigma2 }, ctx, impl) {
    const { X, Y } = sampleGaussianInstance({ n, d, s, sigma2 }, ctx.rng);
    const a = impl.nSide(X, Y, { s, sigma2 });
    const b = impl.dSide(X, Y, { s, sigma2 });
    const kappa = conditionBound(X, s, sigma2);
    const m = Math.max(n, d);
    // The quadratic form is bounded by 2|log p| + n|log 2πσ²| + |log det|, all O(|a|); use |a| + n as its scale.
    const q = Math.abs(a) + n * (1 + Math.abs(Math.log(2 * Math.PI * sigma2)));
    const tol = 2 * ((m + 1) * m * EPS * kappa + (3 * m + 1) * m * EPS * kappa * q + m * EPS * kappa * (q + m));
    return [{ label: 'log p: n-side − d-side', actual: a, expected: b, atol: tol, rtol: 0 }];
  },
  variants: [
    {
      name: 'dropped-n-log-sigma2',
      why: 'the determinant lemma without the n log σ² term (log det C = log det M)',
      impl: {
        dSide: (X, Y, v) => logLikelihoodDSide(X, Y, v) + 0.5 * X.rows * Math.log(v.sigma2),
      },
    },
    {
      name: 'woodbury-sigma-not-sigma2',
      why: 'Woodbury written with σ instead of σ² in M = I + (s/(dσ²))XᵀX (a std/variance slip)',
      impl: {
        dSide: (X, Y, { s, sigma2 }) => logLikelihoodDSide(X, Y, { s: s * Math.sqrt(sigma2), sigma2 }),
      },
    },
    {
      name: 'missing-1-over-d',
      why: 'covariance s·XXᵀ instead of s·XXᵀ/d on the n side (the 1/d normalisation of the inputs dropped)',
      impl: {
        nSide: (X, Y, { s, sigma2 }) => logLikelihoodNSide(X, Y, { s: s * X.cols, sigma2 }),
      },
    },
  ],
});
