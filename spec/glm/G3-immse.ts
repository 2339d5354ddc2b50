/**
 * G3 (I-MMSE). The derivative of the mutual information in the signal-to-noise ratio 1/σ² is half the
 * MMSE of the channel input: ∂I/∂(1/σ²) = ½ tr((I + K/σ²)⁻¹K), checked by a central finite difference.
 */
import { defineClaim, fc, logUniform } from '../../src/index.ts';
import { conditionBound } from '../../src/models/glm/finiteGaussian.ts';
import { immseDerivative, mutualInformationDSide } from '../../src/models/glm/posteriorMean.ts';
import { cholesky, choleskySolve, EPS, frobenius, gaussianMatrix, gram, type Matrix } from '../../src/core/index.ts';


/** ½ tr((I + snr K)⁻¹): the MMSE of v rather than of the channel input (wrong variant). */
function unweightedTrace(X: Matrix, s: number, sigma2: number): number {
  const d = X.cols;
  const A = gram(X, { of: 'columns' });
  for (let i = 0; i < d; i++) for (let j = 0; j < d; j++) A.data[i * d + j] = (A.data[i * d + j] * s) / (d * sigma2) + (i === j ? 1 : 0);
  const { L } = cholesky(A);
  let tr = 0;
  for (let i = 0; i < d; i++) {
    const e = new Float64Array(d);
    e[i] = 1;
    tr += choleskySolve(L, e)[i];
  }
  return 0.5 * tr;
}

export default defineClaim({
  id: 'G3.immse',
  title: 'I-MMSE: ∂I/∂(1/σ²) = ½ tr((I + K/σ²)⁻¹K), by finite difference',
  kind: 'identity',
  source: [
    { paper: 'shared/math/deep-gaussian-equivalence.md', ref: '§6, I-MMSE: ∂I/∂(1/σ²) = ½ tr((I + K/σ²)⁻¹K), K = s XXᵀ/d' },
    { paper: 'Guo, Shamai, Verdú, IEEE Trans. IT 51 (2005)', ref: 'Thm 2 (I-MMSE for the vector Gaussian channel)' },
  ],
  statement:
    'For every X ∈ R^{n×d}, s > 0 and σ² > 0, with I(snr) = ½ log det(I + snr·K), K = s XᵀX/d: dI/dsnr at snr = 1/σ² equals ' +
    '½ tr((I + K/σ²)⁻¹K), the MMSE of the channel input √s Xv/√d divided by 2. The derivative is taken by a central difference with ' +
    'the step that balances truncation and rounding.',
  params: fc.record({ n: fc.integer({ min: 1, max: 30 }), d: fc.integer({ min: 1, max: 30 }), s: logUniform(-1, 1), sigma2: logUniform(-2, 1) }),
  runs: { quick: 100, ci: 300, full: 2000 },
  impl: { I: mutualInformationDSide, J: immseDerivative },
  tolerance:
    'Truncation: |I‴(t)| = Σ λ_i³/(1 + tλ_i)³ ≤ T₃ = d·min(Λ, 2/snr)³ on [snr − h, snr + h] (h ≤ snr/2), Λ = s‖X‖_F²/d ≥ λ_max(K); the ' +
    'central difference errs by ≤ h²T₃/6. Rounding: each I has error δ ≤ ½((m+1)m + m)εκ (Cholesky log-det, as in G3.mi), giving ≤ δ/h. ' +
    'h = min(snr/2, (3δ/T₃)^{1/3}) minimises the sum. The trace carries ≤ (3m+1)mεκ·|J| (Cholesky solve). atol = 2× the sum.',
  evaluate({ n, d, s, sigma2 }, ctx, impl) {
    const X = gaussianMatrix(n, d, ctx.rng);
    const snr = 1 / sigma2;
    const m = Math.max(n, d);
    const f = frobenius(X);
    const Lam = (s * f * f) / d;
    const kappa = conditionBound(X, s, sigma2 / 1.5); // κ at snr·1.5 bounds κ on the whole stencil
    const delta = 0.5 * ((m + 1) * m + m) * EPS * kappa;
    const T3 = d * Math.min(Lam, 2 / snr) ** 3;
    const h = Math.min(snr / 2, Math.cbrt((3 * delta) / T3));
    const fd = (impl.I(X, s, 1 / (snr + h)) - impl.I(X, s, 1 / (snr - h))) / (2 * h);
    const J = impl.J(X, s, sigma2);
    const atol = 2 * ((h * h * T3) / 6 + delta / h + (3 * m + 1) * m * EPS * kappa * Math.abs(J));
    return [{ label: 'central difference of I vs ½tr((I+K/σ²)⁻¹K)', actual: fd, expected: J, atol, rtol: 0 }];
  },
  variants: [
    {
      name: 'no-half',
      why: 'tr((I + K/σ²)⁻¹K) without the ½ (real vs complex channel convention)',
      impl: { J: (X, s, sigma2) => 2 * immseDerivative(X, s, sigma2) },
    },
    {
      name: 'mmse-of-v',
      why: '½ tr((I + K/σ²)⁻¹): the MMSE of v instead of the MMSE of the channel input (the K weight dropped)',
      impl: { J: unweightedTrace },
    },
    {
      name: 'derivative-in-sigma2',
      why: 'the derivative taken in σ² instead of 1/σ²: dI/dσ² = −J/σ⁴',
      impl: { J: (X, s, sigma2) => -immseDerivative(X, s, sigma2) / (sigma2 * sigma2) },
    },
  ],
});
