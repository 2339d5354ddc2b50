/**
 * G3 (posterior mean). In the Gaussian-prior, Gaussian-channel GLM the posterior mean is ridge regression at λ = D.
 */
import { defineClaim, fc, logUniform } from '../../src/index.ts';
import { EPS, frobenius } from '../../src/core/index.ts';
import { conditionBound, sampleGaussianInstance } from '../../src/models/glm/finiteGaussian.ts';
import { posteriorMeanConditional, posteriorMeanRidge } from '../../src/models/glm/posteriorMean.ts';

const norm = (x: Float64Array) => Math.sqrt(x.reduce((a, b) => a + b * b, 0));

export default defineClaim({
  id: 'G3.posterior',
  title: 'The posterior mean equals ridge regression at λ = D',
  kind: 'identity',
  source: { paper: 'shared/math/deep-gaussian-equivalence.md', ref: '§6, E[v|Y,X] = (XᵀX/d + D I)⁻¹ XᵀY/√(s d), D = σ²/s' },
  statement:
    'For every X ∈ R^{n×d}, Y ∈ R^n, s > 0, σ² > 0: the Gaussian-conditioning posterior mean √(s/d)·Xᵀ((s/d)XXᵀ + σ²I_n)⁻¹Y ' +
    '(n × n form) equals the ridge estimator (XᵀX/d + D I_d)⁻¹XᵀY/√(s d) at λ = D = σ²/s (d × d form).',
  params: fc.record({ n: fc.integer({ min: 1, max: 40 }), d: fc.integer({ min: 1, max: 40 }), s: logUniform(-1, 1), sigma2: logUniform(-2, 1) }),
  runs: { quick: 100, ci: 300, full: 2000 },
  impl: { ridge: posteriorMeanRidge, conditional: posteriorMeanConditional },
  tolerance:
    'Both sides are SPD solves whose condition numbers are bounded by κ = 1 + s‖X‖_F²/(dσ²) (conditionBound). With m = max(n, d): ' +
    'Cholesky solve backward error ≤ (3m+1)mε‖A‖ (Higham Thm 10.4) gives a forward error ≤ (3m+1)mεκ times the solution; forming the ' +
    'Gram matrices and XᵀY adds ≤ mε relative, propagated through ‖A⁻¹‖ ≤ 1/D resp. ‖C⁻¹‖ ≤ 1/σ², i.e. ≤ 2mε·S with ' +
    'S = √(s/d)‖X‖_F‖Y‖/σ² (the same scale on both sides). atol on ‖ridge − conditional‖₂ = 2·[(3m+1)mκ + 4m]·ε·(‖ridge‖ + S), c = 2.',
  evaluate({ n, d, s, sigma2 }, ctx, impl) {
    const { X, Y } = sampleGaussianInstance({ n, d, s, sigma2 }, ctx.rng);
    const a = impl.ridge(X, Y, { s, sigma2 });
    const b = impl.conditional(X, Y, { s, sigma2 });
    const diff = new Float64Array(d);
    for (let i = 0; i < d; i++) diff[i] = a[i] - b[i];
    const m = Math.max(n, d);
    const kappa = conditionBound(X, s, sigma2);
    const S = (Math.sqrt(s / d) * frobenius(X) * norm(Y)) / sigma2;
    const atol = 2 * ((3 * m + 1) * m * kappa + 4 * m) * EPS * (norm(a) + S);
    return [{ label: '‖ridge(λ=D) − E[v|Y,X]‖₂', actual: norm(diff), expected: 0, atol, rtol: 0 }];
  },
  variants: [
    {
      name: 'lambda-prior-variance',
      why: 'ridge with λ = 1 (the prior variance) instead of the noise-to-signal ratio D',
      impl: { ridge: (X, Y, v) => posteriorMeanRidge(X, Y, { ...v, lambda: 1 }) },
    },
    {
      name: 'lambda-sigma2',
      why: 'ridge with λ = σ² instead of D = σ²/s (the signal variance s forgotten)',
      impl: { ridge: (X, Y, v) => posteriorMeanRidge(X, Y, { ...v, lambda: v.sigma2 }) },
    },
    {
      name: 'missing-sqrt-s',
      why: 'the right-hand side XᵀY/√d without the 1/√s of the teacher scale',
      impl: { ridge: (X, Y, v) => posteriorMeanRidge(X, Y, v).map((x) => x * Math.sqrt(v.s)) },
    },
  ],
});
