/**
 * One replicate of the deep-classification experiment (shared/math/deep-gaussian-equivalence.md §4, §7.4;
 * Cui, Krzakala, Zdeborová 2023, arXiv 2302.00375): a deep random teacher labels n = αd Gaussian inputs with
 * Y = sign(S + √Δ Z); Bayes-optimal GAMP for the **equivalent probit GLM** y = sign(v·x/√d + √D ζ),
 * D = (ε_tot + Δ)/s (`models/glm/gamp.ts`), estimates v; its 0-1 test error on fresh noisy labels,
 * \[ \Pr[\operatorname{sign}(\hat v\cdot x) \ne Y] \;\to\; \tfrac1\pi\arccos\sqrt{s q/(s+\varepsilon_{\rm tot}+\Delta)}
 *    = \tfrac1\pi\arccos\sqrt{q/(1+D)}, \]
 * q the overlap of the probit fixed point at (α, D).
 *
 * @module
 */
import type { Rng } from '../../core/random.ts';
import { matvec } from '../../core/gemv.ts';
import { gampProbit } from '../glm/gamp.ts';
import type { DeepArchitecture } from './effectiveGlm.ts';
import { sampleTeacherTask, teacherData, teacherLabels } from './deepTeacher.ts';

/** Settings of one classification replicate. */
export interface DeepClassificationSettings {
  arch: DeepArchitecture;
  d: number;
  alpha: number;
  /** Label-noise variance Δ ≥ 0 inside the sign. */
  delta: number;
  /** D of the equivalent probit GLM used by GAMP. */
  D: number;
  /** Test inputs per input dimension (default 4). */
  testRatio?: number;
  /** GAMP iteration cap (default 100). */
  maxIterations?: number;
}

/** The 0-1 test error of one replicate and GAMP's diagnostics. */
export interface DeepClassificationResult {
  error: number;
  iterations: number;
  converged: boolean;
}

/**
 * Runs one replicate with `rng` (teacher, training inputs, label noise, test inputs, test noise).
 *
 * @throws {RangeError} if α ≤ 0, Δ < 0 or testRatio ≤ 0; errors of GAMP and of the samplers.
 */
export function deepClassificationReplicate(o: DeepClassificationSettings, rng: Rng): DeepClassificationResult {
  const { teacher, train, Y, nTest } = sampleTeacherTask(o, 'sign', rng);
  const g = gampProbit(train.X, Y, o.D, { maxIterations: o.maxIterations ?? 100 });
  const test = teacherData(teacher, nTest, rng);
  const Yt = teacherLabels(test.S, { delta: o.delta, channel: 'sign' }, rng);
  const pred = matvec(test.X, g.estimate);
  let wrong = 0;
  for (let i = 0; i < nTest; i++) if ((pred[i] >= 0 ? 1 : -1) !== Yt[i]) wrong++;
  return { error: wrong / nTest, iterations: g.iterations, converged: g.converged };
}
