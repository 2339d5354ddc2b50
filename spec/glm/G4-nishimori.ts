/**
 * G4. The Nishimori identity in the Gaussian-prior, Gaussian-channel GLM: E[v·⟨v⟩] = E‖⟨v⟩‖².
 */
import { defineClaim } from '../../src/index.ts';
import { sampleGaussianInstance } from '../../src/models/glm/finiteGaussian.ts';
import { posteriorMeanRidge } from '../../src/models/glm/posteriorMean.ts';

const ALPHA = 2;
const DIM = 50;
const S = 0.5;
const SIGMA2 = 0.2;

export default defineClaim({
  id: 'G4',
  title: 'Nishimori: E[v·⟨v⟩] = E‖⟨v⟩‖² (Monte Carlo)',
  kind: 'expectation',
  source: [
    { paper: 'shared/math/deep-gaussian-equivalence.md', ref: '§6, Nishimori: E[v·⟨v⟩] = E‖⟨v⟩‖² (in expectation only)' },
    { paper: 'Barbier, Krzakala, Macris, Miolane, Zdeborová 2019 (arXiv 1708.03395)', ref: 'the Nishimori identity of Bayes-optimal inference' },
  ],
  statement:
    `In the Bayes-optimal setting (the student's prior and channel are the teacher's), for v ~ N(0, I_d), X with i.i.d. N(0, 1) entries, ` +
    `Y = √s Xv/√d + σz and ⟨v⟩ = E[v | Y, X] (= ridge at λ = σ²/s, G3.posterior): E[(v·⟨v⟩ − ‖⟨v⟩‖²)/d] = 0. Checked at d = ${DIM}, ` +
    `n = ${ALPHA * DIM}, s = ${S}, σ² = ${SIGMA2}. The identity holds only in expectation, so it is tested statistically.`,
  quantity: '(v·⟨v⟩ − ‖⟨v⟩‖²)/d',
  replicates: { quick: 250, ci: 400, full: 4000 },
  impl: {
    posteriorMean: (X: Parameters<typeof posteriorMeanRidge>[0], Y: Float64Array, s: number, sigma2: number) => posteriorMeanRidge(X, Y, { s, sigma2 }),
    /** The cross term v·⟨v⟩. */
    cross: (v: Float64Array, vhat: Float64Array) => v.reduce((acc, x, i) => acc + x * vhat[i], 0),
  },
  sample(ctx, impl) {
    const { X, Y, v } = sampleGaussianInstance({ n: ALPHA * DIM, d: DIM, s: S, sigma2: SIGMA2 }, ctx.rng);
    const vhat = impl.posteriorMean(X, Y, S, SIGMA2);
    let b = 0;
    for (let i = 0; i < DIM; i++) b += vhat[i] * vhat[i];
    return (impl.cross(v, vhat) - b) / DIM;
  },
  expected: () => 0,
  minEffect: 0.02,
  tolerance:
    'Student t on R independent replicates at the claim\'s Bonferroni share of α_total. Measured per-replicate sd ≈ 0.056 at d = 50, so at ' +
    'R = 400 the standard error is ≈ 0.0028 and the detectable violation (t_{1−α/2} + t_{0.8})·se ≈ 0.014 < minEffect = 0.02, one sixth of ' +
    'the smallest wrong-λ effect (|E| ≈ 0.11 for λ = σ² or λ = 1, measured): a posterior mean that is not Bayes-optimal is rejected.',
  variants: [
    {
      name: 'lambda-sigma2',
      why: 'ridge at λ = σ² instead of D = σ²/s is not the posterior mean when s ≠ 1: the identity fails (E ≈ −0.11)',
      impl: { posteriorMean: (X, Y, s, sigma2) => posteriorMeanRidge(X, Y, { s, sigma2, lambda: sigma2 }) },
    },
    {
      name: 'lambda-prior-variance',
      why: 'ridge at λ = 1 (the prior variance) instead of D: a mismatched student (E ≈ +0.12)',
      impl: { posteriorMean: (X, Y, s, sigma2) => posteriorMeanRidge(X, Y, { s, sigma2, lambda: 1 }) },
    },
    {
      name: 'teacher-norm',
      why: 'E‖v‖² in place of E[v·⟨v⟩]: the overlap with the teacher confused with the teacher\'s norm (E = MMSE ≠ 0)',
      impl: { cross: (v: Float64Array) => v.reduce((acc, x) => acc + x * x, 0) },
    },
  ],
});
