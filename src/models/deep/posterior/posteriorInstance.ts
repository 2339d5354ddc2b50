/**
 * One teacher–student instance of the deep regression model and its Bayes-optimal estimates from a
 * posterior chain (shared/math/deep-gaussian-equivalence.md §1, §4; Camilli, Tieplova, Bergamin, Barbier 2025,
 * arXiv 2505.03577; Cui, Krzakala, Zdeborová 2023, arXiv 2302.00375).
 *
 * Draws (from `rng`, in order): the teacher (inner weights, readout), n = round(αd) training inputs, their
 * labels Y = S + √Δ z, and m = round(testRatio·d) fresh test inputs. The chain runs on the stream
 * `rng.split('hmc')`, started at the teacher's inner weights (Nishimori). Estimates on the fresh inputs:
 *
 * - Bayes-optimal clean error \( E_{\rm BO} = \tfrac1m\sum_x (S^*(x) - \langle S(x)\rangle)^2 \), the chain
 *   average's Monte Carlo variance (batch means) subtracted: \( \tfrac1m\sum_x[(S^* - \hat S_T)^2 - \widehat{\mathrm{Var}}\hat S_T] \);
 * - its teacher-free twin \( \tfrac1m\sum_x \mathrm{Var}(S(x)\mid Y, X) \) (equal in expectation, Nishimori);
 * - the Nishimori statistic \( \tfrac1m\sum_x[S^*\hat S_T - \hat S_T^2 + \widehat{\mathrm{Var}}\hat S_T] \) (mean 0);
 * - on the same instance and test inputs: ridge at λ = D (the effective GLM's posterior mean, and its control
 *   variate), ridge at any other λ, and the posterior mean with the inner weights known (random features:
 *   Ŝ(x; W*), the readout integrated out exactly).
 *
 * @module
 */
import type { Matrix } from '../../../core/matrix.ts';
import type { Rng } from '../../../core/random.ts';
import { sampleTeacherTask, teacherData, type DeepTeacher } from '../deepTeacher.ts';
import type { DeepArchitecture } from '../effectiveGlm.ts';
import { glmPosteriorMean, glmPredict } from '../glmPosteriorMean.ts';
import { runPosteriorChain, type ChainResult, type ChainSettings } from './posteriorChain.ts';
import { deepPosteriorModel, packWeights, type DeepPosteriorModel, type PosteriorNetwork } from './posteriorModel.ts';

/** Settings of an instance. */
export interface InstanceSettings {
  arch: DeepArchitecture;
  d: number;
  alpha: number;
  /** Label-noise variance of the teacher's labels. */
  delta: number;
  /** Test inputs per input dimension (default 8). */
  testRatio?: number;
}

/** A drawn instance: teacher, training set, labels, test set. */
export interface PosteriorInstance {
  teacher: DeepTeacher;
  net: PosteriorNetwork;
  X: Matrix;
  S: Float64Array;
  Y: Float64Array;
  Xtest: Matrix;
  Stest: Float64Array;
  delta: number;
}

/** The posterior network of a teacher (its architecture, sizes and centring constants; no weights). */
export function networkOf(t: DeepTeacher): PosteriorNetwork {
  return { layers: t.arch.layers, weightVars: t.arch.weightVars, readoutVar: t.arch.readoutVar, d: t.d, widths: t.widths, centers: t.centers };
}

/** Draws an instance from `rng` (teacher, training inputs, labels, test inputs, in that order). */
export function drawInstance(o: InstanceSettings, rng: Rng): PosteriorInstance {
  const task = sampleTeacherTask({ arch: o.arch, d: o.d, alpha: o.alpha, delta: o.delta, testRatio: o.testRatio ?? 8 }, 'gaussian', rng);
  const test = teacherData(task.teacher, task.nTest, rng);
  return { teacher: task.teacher, net: networkOf(task.teacher), X: task.train.X, S: task.train.S, Y: task.Y, Xtest: test.X, Stest: test.S, delta: o.delta };
}

/** Clean test error of predictions ŷ against S on the test inputs, (1/m)Σ(S − ŷ)². */
export function cleanError(S: Float64Array, yhat: Float64Array): number {
  let e = 0;
  for (let i = 0; i < S.length; i++) e += (S[i] - yhat[i]) ** 2;
  return e / S.length;
}

/** Ridge on the raw inputs, ŷ = xᵀ(XᵀX/d + λI)⁻¹XᵀY/d (= √s⟨v⟩·x/√d at λ = D: the effective GLM's posterior mean), on the test inputs. */
export function ridgePredictions(inst: Pick<PosteriorInstance, 'X' | 'Y' | 'Xtest'>, lambda: number): Float64Array {
  return glmPredict(inst.Xtest, glmPosteriorMean(inst.X, inst.Y, { s: 1, D: lambda }), 1);
}

/** Options of {@link instanceModel} and {@link instanceChain}. */
export interface StudentOptions {
  /** The student's label-noise variance (default the teacher's Δ, the Bayes-optimal student; wrong variants change it). */
  studentDelta?: number;
}

/** The compiled posterior of an instance, for a student whose noise variance is `studentDelta` (Bayes-optimal: the teacher's Δ). */
export function instanceModel(inst: PosteriorInstance, options: StudentOptions = {}): DeepPosteriorModel {
  const { studentDelta = inst.delta } = options;
  return deepPosteriorModel(inst.net, { X: inst.X, Y: inst.Y, delta: studentDelta });
}

/** The teacher's standardised inner weights: the Nishimori start. */
export function teacherStart(inst: PosteriorInstance): Float64Array {
  return packWeights(inst.net, inst.teacher.weights);
}

/** Estimates of one chain on its instance's fresh inputs. */
export interface ChainEstimates {
  /** Bayes-optimal clean error, Monte Carlo variance subtracted. */
  bo: number;
  /** The subtracted Monte Carlo term (1/m)Σ Var̂(Ŝ_T). */
  mcBias: number;
  /** Teacher-free estimate (1/m)Σ Var(S(x) | Y, X). */
  boTeacherFree: number;
  /** (1/m)Σ[S*Ŝ_T − Ŝ_T² + Var̂(Ŝ_T)]: mean zero (Nishimori). */
  nishimori: number;
}

/** The estimates of `chain` against the instance's teacher outputs on the test inputs. */
export function chainEstimates(inst: Pick<PosteriorInstance, 'Stest'>, chain: ChainResult): ChainEstimates {
  const m = inst.Stest.length;
  let raw = 0;
  let mc = 0;
  let tf = 0;
  let nish = 0;
  for (let i = 0; i < m; i++) {
    const s = inst.Stest[i];
    const h = chain.testMean[i];
    raw += (s - h) ** 2;
    mc += chain.testMcVar[i];
    tf += chain.testPostVar[i];
    nish += s * h - h * h + chain.testMcVar[i];
  }
  return { bo: (raw - mc) / m, mcBias: mc / m, boTeacherFree: tf / m, nishimori: nish / m };
}

/** The posterior mean with the inner weights known (random features): Ŝ(x; W*) = c f(x)ᵀu, exact. */
export function randomFeaturesPredictions(inst: PosteriorInstance): Float64Array {
  return instanceModel(inst).predict(teacherStart(inst), inst.Xtest).test;
}

/** Runs the Nishimori-started chain of an instance on the stream `rng` (use `instanceRng.split('hmc')`). */
export function instanceChain(inst: PosteriorInstance, o: ChainSettings, rng: Rng, options: StudentOptions = {}): ChainResult {
  return runPosteriorChain(instanceModel(inst, options), teacherStart(inst), inst.Xtest, o, rng);
}
