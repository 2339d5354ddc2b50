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
import { sampleTeacherTask, teacherData } from './deepTeacher.ts';
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
  const { teacher, train, Y, nTest } = sampleTeacherTask(o, 'gaussian', rng);
  const w = glmPosteriorMean(train.X, Y, { s: o.s, D: o.D });
  const test = teacherData(teacher, nTest, rng);
  const yhat = glmPredict(test.X, w, o.s);
  let e = 0;
  for (let i = 0; i < nTest; i++) e += (test.S[i] - yhat[i]) ** 2;
  return { clean: e / nTest, n: train.S.length, nTest };
}

/**
 * Per-replicate standard deviation of the clean error times √d, measured: 0.50 for tanh(2x)×2 (α = 2, Δ = 0.1,
 * 4d test inputs; D6 ci run, seed 1: se 0.0022 over 320 replicates at d = 160), 0.39 for erf×3. 0.55 is used for
 * design (2d test inputs add ≈ 2E²/(2d) ≈ 0.08/d to the variance).
 */
export const CLEAN_ERROR_SD_SQRT_D = 0.55;

/**
 * z for designs that must refute every wrong variant reliably, not just with power 0.8: t_{1−α_i/2} ≤ 4.4 (α_i ≥ 1e-5,
 * i.e. a 1e-3 budget over ≤ 100 stochastic tests) plus z_{0.999} = 3.09, so a variant at distance ≥ minEffect survives
 * with probability ≤ 1e-3 (normal approximation).
 */
export const REFUTATION_Z = 7.5;

/**
 * Replicates for a t-test to detect `minEffect` with power 0.8 (default z) or 0.999 (z = {@link REFUTATION_Z}):
 * \( R = \lceil (z\,\sigma/\sqrt d\,/\,\text{minEffect})^2 \rceil \), z = t_{1−α_i/2} + t_{0.8} (default 5.3: α_i down to
 * ≈ 2.5e-6, i.e. a suite budget of 1e-3 over ≤ 400 stochastic tests), clamped to [min, max].
 */
export function replicatesForPower(minEffect: number, d: number, o: { sdSqrtD?: number; z?: number; min?: number; max?: number } = {}): number {
  if (!(minEffect > 0)) throw new RangeError(`minEffect must be positive, got ${minEffect}`);
  const sd = (o.sdSqrtD ?? CLEAN_ERROR_SD_SQRT_D) / Math.sqrt(d);
  const R = Math.ceil((((o.z ?? 5.3) * sd) / minEffect) ** 2);
  return Math.min(o.max ?? 400, Math.max(o.min ?? 40, R));
}

/** The smallest effect R = `maxReplicates` replicates at size d detect with power 0.8 (same design constants). */
export function resolvableEffect(d: number, o: { sdSqrtD?: number; z?: number; maxReplicates?: number } = {}): number {
  return ((o.z ?? 5.3) * (o.sdSqrtD ?? CLEAN_ERROR_SD_SQRT_D)) / Math.sqrt((o.maxReplicates ?? 400) * d);
}
