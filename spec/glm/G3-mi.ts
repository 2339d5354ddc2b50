/**
 * G3 (mutual information). I(v; Y | X) from the n × n log-det equals the d × d log-det.
 */
import { defineClaim, fc, logUniform } from '../../src/index.ts';
import { conditionBound } from '../../src/models/glm/finiteGaussian.ts';
import { mutualInformationDSide, mutualInformationNSide } from '../../src/models/glm/posteriorMean.ts';
import { gaussianMatrix } from '../../src/core/index.ts';

const EPS = 2 ** -52;

export default defineClaim({
  id: 'G3.mi',
  title: 'The mutual information: n-side log-det = d-side log-det',
  kind: 'identity',
  source: { paper: 'shared/math/deep-gaussian-equivalence.md', ref: '§6, I(v; Y | X) = ½ log det(I_n + (s/σ²) XXᵀ/d) = ½ Σ log(1 + λ_i/D)' },
  statement:
    'For every X ∈ R^{n×d}, s > 0 and σ² > 0: ½ log det(I_n + (s/σ²)XXᵀ/d) = ½ log det(I_d + (s/σ²)XᵀX/d) (Sylvester), ' +
    'the mutual information I(v; Y | X) of the Gaussian-prior, Gaussian-channel GLM, in nats.',
  params: fc.record({ n: fc.integer({ min: 1, max: 40 }), d: fc.integer({ min: 1, max: 40 }), s: logUniform(-1, 1), sigma2: logUniform(-2, 1) }),
  runs: { quick: 100, ci: 300, full: 2000 },
  impl: { nSide: mutualInformationNSide, dSide: mutualInformationDSide },
  tolerance:
    'Each side is the log-det of an SPD matrix with condition ≤ κ = 1 + s‖X‖_F²/(dσ²): the Cholesky backward error (k+1)kε‖A‖ ' +
    '(Higham Thm 10.3) moves log det by ≤ (k+1)kεκ, and forming the Gram adds ≤ kεκ (k = n or d ≤ m = max(n, d)). With the ½ and both ' +
    'sides: |Δ| ≤ ((m+1)m + m)εκ; atol = 2× that (c = 2).',
  evaluate({ n, d, s, sigma2 }, ctx, impl) {
    const X = gaussianMatrix(n, d, ctx.rng);
    const m = Math.max(n, d);
    const atol = 2 * ((m + 1) * m + m) * EPS * conditionBound(X, s, sigma2);
    return [{ label: 'I n-side − d-side', actual: impl.nSide(X, s, sigma2), expected: impl.dSide(X, s, sigma2), atol, rtol: 0 }];
  },
  variants: [
    {
      name: 'snr-std',
      why: 'the d side with signal-to-noise s/σ (σ read as a variance/std mix-up) instead of s/σ²',
      impl: { dSide: (X, s, sigma2) => mutualInformationDSide(X, s * Math.sqrt(sigma2), sigma2) },
    },
    {
      name: 'gram-over-n',
      why: 'the d side with XᵀX/n instead of XᵀX/d (normalised per sample)',
      impl: { dSide: (X, s, sigma2) => mutualInformationDSide(X, (s * X.cols) / X.rows, sigma2) },
    },
    {
      name: 'without-half',
      why: 'the n side without the ½ of the Gaussian entropy',
      impl: { nSide: (X, s, sigma2) => 2 * mutualInformationNSide(X, s, sigma2) },
    },
  ],
});
