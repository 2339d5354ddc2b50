/**
 * One teacher of the "escape from trivialisation" observation: at sample size n (noiseless labels, Δ = 0), the
 * instance's linear floor (the best linear predictor's error, `linearFloor.ts`), the clean test error of ridge at
 * λ = D = ε_tot/s (the effective GLM's Bayes-optimal estimator), and of networks of the teacher's architecture trained
 * from `restarts` prior draws (`trainDeepNetwork.ts`).
 *
 * Draws (from `rng`): the teacher, n training inputs, testRatio·d test inputs (`drawInstance`), then the floor's inputs
 * on `rng.split('floor')` and each restart on `rng.split('train', r)`.
 *
 * @module
 */
import type { Rng } from '../../../core/random.ts';
import { effectiveGlm, type DeepArchitecture } from '../effectiveGlm.ts';
import { linearFloor } from './linearFloor.ts';
import { cleanError, drawInstance, ridgePredictions } from './posteriorInstance.ts';
import { trainDeepNetwork, trainedOutputs, type TrainOptions } from './trainDeepNetwork.ts';

/** What one teacher at one n gives. */
export interface EscapeResult {
  n: number;
  /** The instance's linear floor E S² − ‖E[Sx]‖² (unbiased estimate from `floorInputs` inputs). */
  floor: number;
  /** Ridge(λ = D) clean test error. */
  ridge: number;
  /** Per restart: final training loss (mean squared error) and clean test error. */
  restarts: Array<{ trainLoss: number; test: number; iterations: number }>;
  /** Test error of the restart with the lowest training loss (the "trained network"). */
  trained: number;
  /** The lowest test error over restarts (the most favourable to the network). */
  trainedMin: number;
}

/** Runs one teacher at sample size n. */
export function escapeReplicate(o: { arch: DeepArchitecture; d: number; n: number; restarts: number; train: TrainOptions; testRatio?: number; floorInputs?: number }, rng: Rng): EscapeResult {
  if (!Number.isInteger(o.restarts) || o.restarts < 1) throw new RangeError(`restarts must be a positive integer, got ${o.restarts}`);
  const g = effectiveGlm(o.arch);
  const inst = drawInstance({ arch: o.arch, d: o.d, alpha: o.n / o.d, delta: 0, testRatio: o.testRatio ?? 256 }, rng);
  const floor = linearFloor(inst.teacher, o.floorInputs ?? 20000, rng.split('floor')).floor;
  const ridge = cleanError(inst.Stest, ridgePredictions(inst, g.epsTot / g.s));
  const restarts = [];
  for (let r = 0; r < o.restarts; r++) {
    const t = trainDeepNetwork(inst.net, { X: inst.X, y: inst.Y }, rng.split('train', r), o.train);
    restarts.push({ trainLoss: t.trainLoss, test: cleanError(inst.Stest, trainedOutputs(inst.net, t.params, inst.Xtest)), iterations: t.iterations });
  }
  const best = restarts.reduce((a, b) => (b.trainLoss < a.trainLoss ? b : a));
  return { n: o.n, floor, ridge, restarts, trained: best.test, trainedMin: Math.min(...restarts.map((r) => r.test)) };
}
