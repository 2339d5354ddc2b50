/**
 * One replicate of the deep-regression experiment (shared/math/deep-gaussian-equivalence.md §7.3;
 * Cui, Krzakala, Zdeborová 2023, arXiv 2302.00375, Fig. 2): sample a deep teacher, n = αd noisy labels,
 * fit the Bayes-optimal estimator of the effective GLM (the GLM posterior mean = ridge at λ = D), and
 * measure its clean test error on fresh inputs,
 * \[ E_{\rm clean} = \tfrac1{n_{\rm test}}\sum_\mu \big(S_\mu - \sqrt s\,\langle v\rangle\cdot x_\mu/\sqrt d\big)^2
 *    \;\to\; s\,m(\alpha, D) + \varepsilon_{\rm tot}, \qquad D = (\varepsilon_{\rm tot}+\Delta)/s. \]
 * (The noisy-label error adds Δ.)
 *
 * @module
 */
import type { Rng } from '../../core/random.ts';
import type { DeepArchitecture } from './effectiveGlm.ts';
import { sampleDeepTeacher, teacherData, teacherLabels } from './deepTeacher.ts';
import { glmPosteriorMean, glmPredict } from './glmPosteriorMean.ts';

/** Settings of one replicate. */
export interface DeepRegressionSettings {
  arch: DeepArchitecture;
  /** Input dimension d. */
  d: number;
  /** Sample ratio α = n/d (n = round(αd)). */
  alpha: number;
  /** Label-noise variance Δ ≥ 0. */
  delta: number;
  /** s and D of the effective GLM used by the estimator (ridge penalty λ = D). */
  s: number;
  D: number;
  /** Test inputs per input dimension (n_test = round(testRatio·d), default 4). */
  testRatio?: number;
}

/** The clean (and noisy) test error of one replicate. */
export interface DeepRegressionResult {
  clean: number;
  n: number;
  nTest: number;
}

/**
 * Runs one replicate with `rng` (teacher, training inputs, label noise, test inputs, in that order).
 *
 * @throws {RangeError} if α ≤ 0, Δ < 0 or testRatio ≤ 0; errors of the samplers for a bad d or architecture.
 */
export function deepRegressionReplicate(o: DeepRegressionSettings, rng: Rng): DeepRegressionResult {
  if (!Number.isFinite(o.alpha) || !(o.alpha > 0)) throw new RangeError(`alpha (the sample ratio n/d) must be positive and finite, got ${o.alpha}`);
  const testRatio = o.testRatio ?? 4;
  if (!Number.isFinite(testRatio) || !(testRatio > 0)) throw new RangeError(`testRatio must be positive and finite, got ${testRatio}`);
  const n = Math.max(1, Math.round(o.alpha * o.d));
  const nTest = Math.max(1, Math.round(testRatio * o.d));
  const teacher = sampleDeepTeacher(o.arch, o.d, rng);
  const train = teacherData(teacher, n, rng);
  const Y = teacherLabels(train.S, o.delta, 'gaussian', rng);
  const w = glmPosteriorMean(train.X, Y, o.s, o.D);
  const test = teacherData(teacher, nTest, rng);
  const yhat = glmPredict(test.X, w, o.s);
  let e = 0;
  for (let i = 0; i < nTest; i++) e += (test.S[i] - yhat[i]) ** 2;
  return { clean: e / nTest, n, nTest };
}
