/**
 * The replicates of the converse claims: the Bayes-optimal clean test error of the deep network at size d, with a
 * ridge control variate (shared/math/deep-gaussian-equivalence.md §4; Camilli, Tieplova, Bergamin, Barbier 2025).
 *
 * Estimator of E_d = E(S* − ⟨S⟩)² on one instance: the average of its two unbiased estimates on fresh inputs,
 * the teacher-based (1/m)Σ(S* − Ŝ_T)² − Var̂_MC and the teacher-free (1/m)Σ Var(S | Y, X); the Nishimori identity
 * makes their expectations equal at every d (it is checked by D21), and their average has a third of the
 * variance of the teacher-based one alone (measured, tanh(2x)×2, d = 8: per-instance sd 0.055 → 0.033 after the
 * control below).
 *
 * Control variate: ridge(λ = D) on the same instance and test inputs is strongly correlated with it (ρ ≈ 0.9), so a
 * replicate returns \( \hat E - \beta\,E_{\rm ridge} \) and an independent cheap replicate returns \( \beta\,E_{\rm ridge} \);
 * their means add up to an unbiased estimate of E_d for any fixed β. β = 0.6 was chosen from a pilot (fitted slopes
 * 0.57–0.69 for tanh(2x)×2 and erf×3 at d = 8, 16, 32, seed 31; any fixed β keeps the estimate unbiased).
 *
 * @module
 */
import type { Rng } from '../../../core/random.ts';
import type { DeepArchitecture } from '../effectiveGlm.ts';
import type { ChainSettings } from './posteriorChain.ts';
import { chainEstimates, cleanError, drawInstance, instanceChain, ridgePredictions } from './posteriorInstance.ts';

/** The control-variate coefficient β. */
export const CONVERSE_BETA = 0.6;

/** Settings shared by the main and control replicates. */
export interface ConverseSettings {
  arch: DeepArchitecture;
  alpha: number;
  delta: number;
  /** The ridge penalty of the control (the effective GLM's D). */
  lambda: number;
  chain: ChainSettings;
  /** Test inputs per input dimension of the main replicate (default 16). */
  testRatio?: number;
}

/** One main replicate at size d: the Bayes-optimal error estimate minus β·ridge error, with its parts. */
export function converseReplicate(o: ConverseSettings, d: number, rng: Rng): { value: number; bo: number; boTeacherFree: number; ridge: number; acceptRate: number; essMedian: number; gradients: number; ms: number } {
  const inst = drawInstance({ arch: o.arch, d, alpha: o.alpha, delta: o.delta, testRatio: o.testRatio ?? 16 }, rng);
  const ch = instanceChain(inst, o.chain, rng.split('hmc'));
  const e = chainEstimates(inst, ch);
  const ridge = cleanError(inst.Stest, ridgePredictions(inst, o.lambda));
  const est = 0.5 * (e.bo + e.boTeacherFree);
  return { value: est - CONVERSE_BETA * ridge, bo: e.bo, boTeacherFree: e.boTeacherFree, ridge, acceptRate: ch.acceptRate, essMedian: ch.ess.median, gradients: ch.gradients, ms: ch.ms };
}

/** Options of {@link converseControl}. */
export interface ConverseControlOptions {
  /** Independent instances averaged in one control replicate (default 20). */
  batch?: number;
}

/**
 * One control replicate at size d: β times the mean ridge(λ = D) clean error of `batch` independent instances
 * (2d test inputs each: the test average is unbiased for the population error whatever its size).
 */
export function converseControl(o: ConverseSettings, d: number, rng: Rng, options: ConverseControlOptions = {}): number {
  const { batch = 20 } = options;
  let s = 0;
  for (let b = 0; b < batch; b++) {
    const inst = drawInstance({ arch: o.arch, d, alpha: o.alpha, delta: o.delta, testRatio: 2 }, rng);
    s += cleanError(inst.Stest, ridgePredictions(inst, o.lambda));
  }
  return (CONVERSE_BETA * s) / batch;
}
