/**
 * The architectures the deep claims and the figure use, and a sampler of random architectures from a
 * seeded stream (for properties that draw the architecture).
 *
 * - `tanh2x2`: φ(x) = tanh(2x), L = 2, unit variances — Cui, Krzakala, Zdeborová 2023 (arXiv 2302.00375),
 *   the notebooks of HugoCui/Bayes_extensive; widths γ = 1.4 by default.
 * - `erf3`: φ = erf, L = 3, unit variances.
 *
 * @module
 */
import type { Rng } from '../../core/random.ts';
import { BUILTIN_ACTIVATIONS, builtinLayer, scaledActivation, type LayerActivation } from './activation.ts';
import type { DeepArchitecture } from './effectiveGlm.ts';

/** tanh(2x) as a layer. */
export const TANH2: LayerActivation = { activation: scaledActivation(BUILTIN_ACTIVATIONS.tanh, 2), center: false };

/** Options of {@link tanh2x2} and {@link erf3}. */
export interface NamedArchitectureOptions {
  /** Width ratio γ = d_l/d of every hidden layer (default 1.4 for {@link tanh2x2}, 1 for {@link erf3}). */
  gamma?: number;
}

/** Cui et al.'s notebook architecture: tanh(2x) × 2, unit variances, widths γ (default 1.4). */
export function tanh2x2(options: NamedArchitectureOptions = {}): DeepArchitecture {
  const { gamma = 1.4 } = options;
  return { layers: [TANH2, TANH2], widths: [gamma, gamma] };
}

/** erf × 3, unit variances, widths γ (default 1). */
export function erf3(options: NamedArchitectureOptions = {}): DeepArchitecture {
  const { gamma = 1 } = options;
  return { layers: [builtinLayer('erf'), builtinLayer('erf'), builtinLayer('erf')], widths: [gamma, gamma, gamma] };
}

/** Names of the activations a random architecture draws from. */
export const RANDOM_ACTIVATIONS = ['tanh', 'erf', 'sign', 'linear', 'crelu', 'tanh2'] as const;

/** A layer by name from {@link RANDOM_ACTIVATIONS}. */
export function namedLayer(name: (typeof RANDOM_ACTIVATIONS)[number]): LayerActivation {
  return name === 'tanh2' ? TANH2 : builtinLayer(name);
}

/** A plain-data description of an architecture (what fast-check draws and stores). */
export interface ArchitectureSpec {
  acts: Array<(typeof RANDOM_ACTIVATIONS)[number]>;
  weightVars: number[];
  readoutVar: number;
  widths: number[];
}

/** Builds the architecture of a plain-data spec. */
export function fromSpec(s: ArchitectureSpec): DeepArchitecture {
  return { layers: s.acts.map(namedLayer), weightVars: s.weightVars, readoutVar: s.readoutVar, widths: s.widths };
}

/** Options of {@link randomArchitectureSpec}. */
export interface RandomArchitectureOptions {
  /** Smallest depth L (number of hidden layers; default 1). */
  minDepth?: number;
  /** Largest depth L (default 3). */
  maxDepth?: number;
  /** The activations drawn from (default all of {@link RANDOM_ACTIVATIONS}). */
  acts?: ReadonlyArray<(typeof RANDOM_ACTIVATIONS)[number]>;
}

/**
 * A random architecture from `rng`: depth uniform in [minDepth, maxDepth], activations uniform over
 * `acts`, σ_l² log-uniform in [1/2, 2], σ_a² = 1, widths γ_l uniform in [0.5, 2].
 */
export function randomArchitectureSpec(rng: Rng, options: RandomArchitectureOptions = {}): ArchitectureSpec {
  const { minDepth = 1, maxDepth = 3, acts = RANDOM_ACTIVATIONS } = options;
  const L = minDepth + rng.int(maxDepth - minDepth + 1);
  const out: ArchitectureSpec = { acts: [], weightVars: [], readoutVar: 1, widths: [] };
  for (let l = 0; l < L; l++) {
    out.acts.push(acts[rng.int(acts.length)]);
    out.weightVars.push(2 ** (2 * rng.uniform() - 1));
    out.widths.push(0.5 + 1.5 * rng.uniform());
  }
  return out;
}
