/**
 * The named wrong conventions of the deep effective GLM (shared/math/deep-gaussian-equivalence.md §8), as plain
 * functions of an architecture, for overlays (`lemmata theory deep --compare NAME`, Cui, Krzakala, Zdeborová 2023,
 * arXiv 2302.00375, Fig. 2 shows the unit-variance one). One copy for every user: the calculators' overlays, the wrong
 * variants of the claims D6–D8, D13 and the converse D22 (`converseLimits.ts`).
 *
 * @module
 */
import { effectiveFromLayers, propagate, resolveArchitecture, type DeepArchitecture } from './effectiveGlm.ts';
import { layerCoefficients } from './layerCoefficients.ts';

/** One wrong convention: a replacement of (s, ε_tot), and whether the noisy error is reported where the clean one is meant. */
export interface Pitfall {
  /** What is wrong, in one line. */
  why: string;
  /** (s, ε_tot) under the wrong convention. */
  effective: (arch: DeepArchitecture) => { s: number; epsTot: number };
  /** The pitfall reports the noisy-label error s·m + ε_tot + Δ as the clean one. */
  noisyAsClean?: boolean;
}

const correct = (arch: DeepArchitecture) => {
  const a = resolveArchitecture(arch);
  return effectiveFromLayers(propagate(a), a.weightVars, a.readoutVar);
};

/** The pitfalls by name (the names of the D6 variants). */
export const PITFALLS: Readonly<Record<string, Pitfall>> = {
  'coefficients-at-unit-variance': {
    why: 'κ1_l, ε_l evaluated at r = σ_l² (as if q_{l−1} = 1) instead of the propagated r_l = σ_l² q_{l−1}',
    effective: (arch) => {
      const a = resolveArchitecture(arch);
      let l = 0;
      const layers = propagate(a, { coefficients: (layer) => layerCoefficients(layer, a.weightVars[l++]) });
      return effectiveFromLayers(layers, a.weightVars, a.readoutVar);
    },
  },
  'unattenuated-eps': {
    why: "ε_tot = σ_a² Σ ε_l without the later layers' gains σ_j² κ1_j²",
    effective: (arch) => {
      const a = resolveArchitecture(arch);
      const layers = propagate(a);
      return { s: effectiveFromLayers(layers, a.weightVars, a.readoutVar).s, epsTot: a.readoutVar * layers.reduce((x, c) => x + c.eps, 0) };
    },
  },
  'kappa1-unsquared': {
    why: 's = σ_a² Π σ_l² κ1_l with κ1 not squared',
    effective: (arch) => {
      const a = resolveArchitecture(arch);
      const layers = propagate(a);
      return { s: layers.reduce((x, c, l) => x * a.weightVars[l] * c.kappa1, a.readoutVar), epsTot: effectiveFromLayers(layers, a.weightVars, a.readoutVar).epsTot };
    },
  },
  'noisy-label-error': {
    why: 'the noisy-label error s·m + ε_tot + Δ where the clean one is meant',
    effective: correct,
    noisyAsClean: true,
  },
};
