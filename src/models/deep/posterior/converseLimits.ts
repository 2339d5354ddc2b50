/**
 * The limit of the deep network's Bayes-optimal clean error, s·m(α, D) + ε_tot, and the wrong values the converse
 * claims must refute: the classic errors of shared/math/deep-gaussian-equivalence.md §8, the noiseless-linear error
 * with ε_tot dropped, the ridge error at a penalty other than D, and the error with the inner weights known.
 *
 * @module
 */
import { effectiveGlm, type DeepArchitecture } from '../effectiveGlm.ts';
import { mmseGaussian } from '../../glm/gaussianChannel.ts';
import { ridgeReplica } from '../../glm/ridgeReplica.ts';
import { randomFeaturesError } from './randomFeaturesError.ts';
import { PITFALLS } from '../pitfalls.ts';

/**
 * |random-features limit − (s·m + ε_tot)| at α = 2, Δ = 0.1 for the two architectures of the converse claims, from
 * {@link randomFeaturesError} at d = 256 (≈ 1 s each, so specs use these values to design and recompute the limit only when
 * judged; the tests recompute them): tanh(2x)×2 (γ = 1.4) 0.0831 vs 0.2829, erf×3 (γ = 1) 0.0330 vs 0.1080.
 */
export const RANDOM_FEATURES_GAP = { tanh2x2: 0.1999, erf3: 0.075 } as const;

/** s and ε_tot of an effective GLM. */
export interface EffectivePair {
  s: number;
  epsTot: number;
}

/**
 * The limit \( E_\infty = s\,m(\alpha, D) + \varepsilon_{\rm tot} \), D = (ε_tot + Δ)/s (Camilli et al. 2025; Cui et al.
 * 2023 eqs. (7)–(9)); m from the closed form of §5.
 */
export function converseLimit(g: EffectivePair, alpha: number, delta: number): number {
  return g.s * mmseGaussian(alpha, (g.epsTot + delta) / g.s) + g.epsTot;
}

/**
 * The named wrong limits of the converse for an architecture at (α, Δ), with what each models. The random-features
 * value needs an eigenvalue problem (≈ 1 s); `randomFeatures: false` leaves it out.
 */
export function converseWrongLimits(arch: DeepArchitecture, alpha: number, delta: number, o: { randomFeatures?: boolean } = {}): Array<{ name: string; why: string; value: number }> {
  const g = effectiveGlm(arch);
  const D = (g.epsTot + delta) / g.s;
  const teacher = { s: g.s, epsTot: g.epsTot, Delta: delta };
  const out = [
    { name: 'eps-tot-dropped', why: 'the noiseless-linear error s·m(α, D) with ε_tot dropped', value: g.s * mmseGaussian(alpha, D) },
    { name: 'noisy-label-error', why: '§8: the noisy-label error s·m + ε_tot + Δ where the clean one is meant', value: converseLimit(g, alpha, delta) + delta },
    { name: 'ridge-lambda-Delta', why: 'the error of ridge at λ = Δ (the label noise alone) instead of λ = D', value: ridgeReplica(alpha, delta, teacher).testErrorClean },
    { name: 'ridge-lambda-Delta-over-s', why: 'the error of ridge at λ = Δ/s (ε_tot left out of the penalty) instead of λ = D', value: ridgeReplica(alpha, delta / g.s, teacher).testErrorClean },
    { name: 'coefficients-at-unit-variance', why: '§8: κ1_l, ε_l at r = σ_l² instead of the propagated r_l', value: converseLimit(PITFALLS['coefficients-at-unit-variance'].effective(arch), alpha, delta) },
    { name: 'unattenuated-eps', why: '§8: ε_tot = σ_a² Σ ε_l without the later layers\' gains', value: converseLimit(PITFALLS['unattenuated-eps'].effective(arch), alpha, delta) },
    { name: 'kappa1-unsquared', why: '§8: s = σ_a² Π σ_l² κ1_l with κ1 not squared', value: converseLimit(PITFALLS['kappa1-unsquared'].effective(arch), alpha, delta) },
  ];
  if (o.randomFeatures ?? true) {
    out.splice(2, 0, { name: 'random-features', why: 'the Bayes-optimal error with the inner weights known (deep random features, only the readout learned)', value: randomFeaturesError(arch, alpha, delta) });
  }
  return out;
}
