/**
 * A posterior chain of the deep model (readout integrated out) and the Monte Carlo estimates built from it:
 * the posterior mean of S on fresh and on training inputs, its Monte Carlo variance (batch means), the
 * teacher-free posterior variance, acceptance, step size and effective sample sizes.
 *
 * Start at the teacher (Nishimori). In the Bayes-optimal setting the teacher's inner weights W* are an exact
 * draw from the posterior p(W | Y, X) (the data were generated from them), so a chain started at W* with any
 * π-invariant kernel is stationary from its first step: every draw is marginally an exact posterior sample and
 * no burn-in is needed for unbiasedness. The warm-up below exists only to tune the step size; its draws are
 * discarded because an adapted kernel is not a fixed invariant kernel. After it the step size is frozen and
 * every kept iteration is an exactly invariant Metropolis-adjusted HMC step.
 *
 * Why the discarded warm-up also matters for the error estimate: with T kept draws Ŝ_t and their average Ŝ_T,
 * \( \mathbb E(S^* - \hat S_T)^2 = \mathrm{MMSE} + \mathrm{Var}(\hat S_T) - 2\,\mathrm{Cov}(S^* - \langle S\rangle, \hat S_T) \);
 * the covariance comes from draws still correlated with the start W*, and vanishes once the warm-up is much
 * longer than the autocorrelation time, leaving the Monte Carlo variance Var(Ŝ_T), which batch means estimate
 * and the caller subtracts.
 *
 * @module
 */
import { DimensionError, type Matrix } from '../../../core/matrix.ts';
import type { Rng } from '../../../core/random.ts';
import { batchMeansVariance, initialSequenceEss } from './chainStatistics.ts';
import { DualAveraging, HmcError, hmcBuffers, hmcState, hmcStep } from './hmc.ts';
import type { DeepPosteriorModel } from './posteriorModel.ts';

/** Settings of a chain. */
export interface ChainSettings {
  /** Warm-up iterations (step-size adaptation; discarded). */
  warmup: number;
  /** Kept iterations T. */
  samples: number;
  /** Leapfrog steps per iteration. */
  leapfrog: number;
  /** Target mean acceptance of the warm-up's dual averaging (default 0.8). */
  targetAccept?: number;
  /** Initial step size of the adaptation (default 0.05), or the fixed step size when `adapt` is false. */
  stepSize?: number;
  /** Adapt the step size during the warm-up (default true). */
  adapt?: boolean;
  /** Relative jitter of the step size per iteration (default 0.1). */
  jitter?: number;
  /** Batches for the batch-means variance (default 10). */
  batches?: number;
  /** Keep the per-draw test predictions (T × m) in the result (default false). */
  keepTraces?: boolean;
}

/** What a chain returns. */
export interface ChainResult {
  /** Posterior mean ⟨S(x)⟩ at the test inputs (average over kept draws of Ŝ(x; W_t)). */
  testMean: Float64Array;
  /** Batch-means variance of each entry of testMean (the Monte Carlo error of the average). */
  testMcVar: Float64Array;
  /** Teacher-free posterior variance Var(S(x) | Y, X) = E_W[σ_a² fᵀB⁻¹f/k] + Var_W Ŝ(x; W) at each test input. */
  testPostVar: Float64Array;
  /** Posterior mean of the in-sample outputs S_μ. */
  inSampleMean: Float64Array;
  /** Σ_μ of the batch-means variances of inSampleMean. */
  inSampleMcVarSum: number;
  /** Teacher-free Σ_μ Var(S_μ | Y, X). */
  inSamplePostVarSum: number;
  /** Mean acceptance probability of the kept iterations. */
  acceptRate: number;
  /** Frozen step size (before jitter). */
  stepSize: number;
  /** Gradient evaluations, warm-up included. */
  gradients: number;
  /** Initial-sequence ESS of the test predictions: median and minimum over test inputs. */
  ess: { median: number; min: number };
  /** Per-draw test predictions, row t = draw t (only with keepTraces). */
  traces?: Float64Array;
  /** Wall time of the chain in milliseconds. */
  ms: number;
}

function checkSettings(o: ChainSettings): void {
  for (const k of ['warmup', 'samples', 'leapfrog'] as const) {
    const v = o[k];
    if (!Number.isInteger(v) || v < (k === 'warmup' ? 0 : 1)) throw new HmcError(`${k} must be a ${k === 'warmup' ? 'non-negative' : 'positive'} integer, got ${v}`);
  }
  const B = o.batches ?? 10;
  if (!Number.isInteger(B) || B < 2 || B > o.samples) throw new HmcError(`batches must be an integer in [2, samples = ${o.samples}], got ${B}`);
}

/**
 * Runs a chain on `model` from `start` (the teacher's standardised inner weights for a Nishimori start) and
 * averages the predictions at the rows of `Xtest`. Draws only from `rng`.
 *
 * For L = 0 there are no inner weights: the "chain" is the exact Gaussian posterior and every draw is the same.
 *
 * @throws {HmcError} for invalid settings or a non-finite potential at the start; {@link DimensionError} for a start of the wrong length.
 */
export function runPosteriorChain(model: DeepPosteriorModel, start: Float64Array, Xtest: Matrix, o: ChainSettings, rng: Rng): ChainResult {
  checkSettings(o);
  if (start.length !== model.dim) throw new DimensionError(`start has length ${start.length}, the model has ${model.dim} inner weights`);
  const t0 = performance.now();
  const T = o.samples;
  const B = o.batches ?? 10;
  const m = Xtest.rows;
  const n = model.n;
  const state = hmcState(model, start);
  const buf = hmcBuffers(model.dim);
  const adapt = o.adapt ?? true;
  const da = new DualAveraging(o.stepSize ?? 0.05, o.targetAccept ?? 0.8);
  let gradients = 1;
  const moves = model.dim > 0;
  if (moves) {
    for (let it = 0; it < o.warmup; it++) {
      const eps = adapt ? da.current : (o.stepSize ?? 0.05);
      const r = hmcStep(model, state, { stepSize: eps, leapfrog: o.leapfrog, jitter: o.jitter, buffers: buf }, rng);
      gradients += o.leapfrog;
      if (adapt) da.update(r.acceptProb);
    }
  }
  const eps = adapt && o.warmup > 0 ? da.final : (o.stepSize ?? 0.05);
  const traces = new Float64Array(T * m);
  const inTraces = new Float64Array(T * n);
  const testVarMean = new Float64Array(m);
  let inVarSum = 0;
  let accept = 0;
  for (let t = 0; t < T; t++) {
    if (moves) {
      const r = hmcStep(model, state, { stepSize: eps, leapfrog: o.leapfrog, jitter: o.jitter, buffers: buf }, rng);
      gradients += o.leapfrog;
      accept += r.acceptProb;
    } else accept += 1;
    const p = model.predict(state.theta, Xtest);
    traces.set(p.test, t * m);
    inTraces.set(p.inSample, t * n);
    for (let i = 0; i < m; i++) testVarMean[i] += p.testVar[i] / T;
    inVarSum += p.inSampleVarSum / T;
  }
  const column = (tr: Float64Array, w: number, i: number) => {
    const x = new Float64Array(T);
    for (let t = 0; t < T; t++) x[t] = tr[t * w + i];
    return x;
  };
  const meanAndVar = (tr: Float64Array, w: number) => {
    const mean = new Float64Array(w);
    const mc = new Float64Array(w);
    const spread = new Float64Array(w);
    for (let i = 0; i < w; i++) {
      const x = column(tr, w, i);
      let s = 0;
      for (let t = 0; t < T; t++) s += x[t];
      mean[i] = s / T;
      let v = 0;
      for (let t = 0; t < T; t++) v += (x[t] - mean[i]) ** 2;
      spread[i] = T > 1 ? v / (T - 1) : 0;
      mc[i] = moves ? batchMeansVariance(x, B) : 0;
    }
    return { mean, mc, spread };
  };
  const te = meanAndVar(traces, m);
  const ins = meanAndVar(inTraces, n);
  const testPostVar = new Float64Array(m);
  for (let i = 0; i < m; i++) testPostVar[i] = testVarMean[i] + te.spread[i];
  let inMc = 0;
  let inSpread = 0;
  for (let i = 0; i < n; i++) {
    inMc += ins.mc[i];
    inSpread += ins.spread[i];
  }
  const esses: number[] = [];
  if (moves && T >= 4) for (let i = 0; i < m; i++) esses.push(initialSequenceEss(column(traces, m, i)).ess);
  esses.sort((a, b) => a - b);
  return {
    testMean: te.mean,
    testMcVar: te.mc,
    testPostVar,
    inSampleMean: ins.mean,
    inSampleMcVarSum: inMc,
    inSamplePostVarSum: inVarSum + inSpread,
    acceptRate: accept / T,
    stepSize: eps,
    gradients,
    ess: esses.length ? { median: esses[esses.length >> 1], min: esses[0] } : { median: T, min: T },
    ...(o.keepTraces ? { traces } : {}),
    ms: performance.now() - t0,
  };
}
