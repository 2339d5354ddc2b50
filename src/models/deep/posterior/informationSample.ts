/**
 * One replicate of the information claims: for a drawn instance (teacher, inputs X, noise), the deep network's
 * (1/n) I(θ; Y | X) by thermodynamic integration, the exact finite-n sandwich for the same X, and the effective
 * GLM's own information (1/n) I(v; Y | X) = ½ log det(I + s XXᵀ/(d(ε_tot + Δ)))/n (the "v only" convention of §4, a
 * wrong value for the deep network).
 *
 * @module
 */
import type { Rng } from '../../../core/random.ts';
import { effectiveGlm, type DeepArchitecture } from '../effectiveGlm.ts';
import { mutualInformationDSide } from '../../glm/posteriorMean.ts';
import { informationBounds, type InformationBounds } from './informationBounds.ts';
import type { ChainSettings } from './posteriorChain.ts';
import { drawInstance } from './posteriorInstance.ts';
import { thermodynamicIntegration } from './thermodynamicIntegration.ts';

/** Settings of an information replicate. */
export interface InformationSettings {
  arch: DeepArchitecture;
  alpha: number;
  delta: number;
  /** Gauss–Legendre nodes of the SNR integral. */
  nodes: number;
  chain: ChainSettings;
  /** Prior draws of the inner weights for the sandwich: groups × perGroup (0 groups: no bounds). */
  bounds: { groups: number; perGroup: number };
}

/** The estimates of one instance, per sample. */
export interface InformationReplicate {
  /** (1/n) I(θ; Y | X) by thermodynamic integration (teacher-free MMSEs). */
  info: number;
  /** The teacher-based twin (diagnostic). */
  infoTeacher: number;
  bounds: InformationBounds | null;
  /** The effective GLM's (1/n) I(v; Y | X) on the same X. */
  vOnly: number;
  ms: number;
}

/** Draws an instance at size d (`rng`, in order: teacher, inputs, labels, one test input) and estimates its information. */
export function informationReplicate(o: InformationSettings, d: number, rng: Rng): InformationReplicate {
  const t0 = performance.now();
  const inst = drawInstance({ arch: o.arch, d, alpha: o.alpha, delta: o.delta, testRatio: 1 / d }, rng);
  const ti = thermodynamicIntegration(inst, { nodes: o.nodes, chain: o.chain }, rng.split('ti'));
  const n = inst.X.rows;
  const bounds = o.bounds.groups > 0 ? informationBounds(inst.net, inst.X, { delta: o.delta, groups: o.bounds.groups, perGroup: o.bounds.perGroup }, rng.split('bounds')) : null;
  const g = effectiveGlm(o.arch);
  const vOnly = mutualInformationDSide(inst.X, g.s, g.epsTot + o.delta) / n;
  return { info: ti.info, infoTeacher: ti.infoTeacher, bounds, vOnly, ms: performance.now() - t0 };
}
