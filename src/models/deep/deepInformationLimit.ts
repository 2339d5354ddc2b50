/**
 * The limit of the deep network's information per sample, lim (1/n) I(θ; Y | X), for the Gaussian and the sign
 * channel (shared/math/deep-gaussian-equivalence.md §4, as corrected; Camilli, Tieplova, Bergamin, Barbier 2025,
 * arXiv 2505.03577, free-entropy matching; GLM formulas of Barbier et al. 2019, arXiv 1708.03395).
 *
 * The deep model and its effective GLM share the law of the labels, hence H(Y | X); their informations differ by the
 * conditional entropies, because ζ is noise in the GLM and a function of θ in the deep network:
 * \[ \tfrac1n I(\theta; Y\mid X) = \tfrac1n I(v; Y\mid X) + \tfrac1n\big[H(Y\mid v, X) - H(Y\mid\theta, X)\big]. \]
 * - Gaussian channel (Δ > 0): H(Y|θ,X) = (n/2)log(2πeΔ), H(Y|v,X) = (n/2)log(2πe(ε_tot + Δ)), so
 *   \( \lim \tfrac1n I(\theta;Y\mid X) = i(\alpha, D)/\alpha + \tfrac12\log(1 + \varepsilon_{\rm tot}/\Delta) \), D = (ε_tot + Δ)/s.
 * - Sign channel (Δ ≥ 0): H(Y|θ,X)/n → E h₂(Φ(S/√Δ)) with S ~ N(0, σ_a² q_L) = N(0, s + ε_tot) (0 at Δ = 0), and
 *   H(Y|v,X)/n = E h₂(Φ(Z/√D)), so \( \lim \tfrac1n I = i_{\rm probit}(\alpha, D)/\alpha + \mathbb E h_2(\Phi(Z/\sqrt D)) - \mathbb E h_2(\Phi(\sqrt{(s+\varepsilon_{\rm tot})/\Delta}\,Z)) \),
 *   at most log 2 (the labels are binary).
 * i(α, D) is the GLM's information per input dimension (`models/glm`), i/α per sample: the effective GLM's
 * I(v; Y | X)/n, the "information of v only".
 *
 * @module
 */
import { miGaussian } from '../glm/gaussianChannel.ts';
import { probitFixedPoint, probitMutualInformation, probitNoiseEntropy } from '../glm/probitChannel.ts';

/** The limit per sample and its parts (nats). */
export interface DeepInformationLimit {
  /** lim (1/n) I(θ; Y | X), the deep network's information. */
  perSample: number;
  /** lim (1/n) I(v; Y | X) of the effective GLM (v only). */
  glmPerSample: number;
  /** lim (1/n) H(Y | θ, X) − (channel constant): the deep conditional entropy term (see each function). */
  conditionalEntropy: number;
  /** lim (1/n) H(Y | v, X) − (the same constant). */
  glmConditionalEntropy: number;
}

function check(g: { s: number; epsTot: number }, alpha: number, delta: number, positiveDelta: boolean): number {
  if (!Number.isFinite(alpha) || !(alpha > 0)) throw new RangeError(`alpha (the sample ratio n/d) must be positive and finite, got ${alpha}`);
  if (!Number.isFinite(delta) || delta < 0 || (positiveDelta && delta === 0)) throw new RangeError(`delta (the label-noise variance Δ) must be finite and ${positiveDelta ? '> 0' : '≥ 0'}, got ${delta}`);
  if (!Number.isFinite(g.s) || !(g.s > 0)) throw new RangeError(`s (the effective signal strength) must be positive and finite, got ${g.s}`);
  if (!Number.isFinite(g.epsTot) || g.epsTot < 0) throw new RangeError(`epsTot (ε_tot) must be finite and ≥ 0, got ${g.epsTot}`);
  return (g.epsTot + delta) / g.s;
}

/**
 * Gaussian channel: perSample = i(α, D)/α + ½ log(1 + ε_tot/Δ); the entropy terms are ½ log Δ and ½ log(ε_tot + Δ)
 * (per sample, without the common ½ log 2πe).
 *
 * @throws {RangeError} for α ≤ 0, Δ ≤ 0, s ≤ 0, ε_tot < 0 or a non-finite input.
 */
export function deepInformationGaussian(g: { s: number; epsTot: number }, alpha: number, delta: number): DeepInformationLimit {
  const D = check(g, alpha, delta, true);
  const glm = miGaussian(alpha, D) / alpha;
  return { perSample: glm + 0.5 * Math.log1p(g.epsTot / delta), glmPerSample: glm, conditionalEntropy: 0.5 * Math.log(delta), glmConditionalEntropy: 0.5 * Math.log(g.epsTot + delta) };
}

/**
 * The deep conditional entropy per sample of the sign channel, \( \mathbb E h_2(\Phi(S/\sqrt\Delta)) \), S ~ N(0, v):
 * 0 at Δ = 0 (the labels are a function of θ and X).
 *
 * @throws {RangeError} if v is not positive and finite or Δ is negative or not finite.
 */
export function signConditionalEntropy(outputVar: number, delta: number): number {
  if (!Number.isFinite(outputVar) || !(outputVar > 0)) throw new RangeError(`outputVar (the variance of S) must be positive and finite, got ${outputVar}`);
  if (!Number.isFinite(delta) || delta < 0) throw new RangeError(`delta (the label-noise variance Δ) must be finite and ≥ 0, got ${delta}`);
  return delta === 0 ? 0 : probitNoiseEntropy(delta / outputVar);
}

/**
 * Sign channel: perSample = i_probit(α, D)/α + E h₂(Φ(Z/√D)) − E h₂(Φ(S/√Δ)), S ~ N(0, s + ε_tot); the entropy
 * terms are E h₂(Φ(S/√Δ)) (deep) and E h₂(Φ(Z/√D)) (GLM). The probit RS fixed point is iterated from m = 1.
 *
 * @throws {RangeError} for α ≤ 0, Δ < 0, s ≤ 0, ε_tot < 0 or a non-finite input.
 */
export function deepInformationSign(g: { s: number; epsTot: number }, alpha: number, delta: number): DeepInformationLimit {
  const D = check(g, alpha, delta, false);
  const fp = probitFixedPoint(alpha, D);
  const glm = probitMutualInformation({ m: fp.mmse, qhat: fp.qhat, alpha, D }) / alpha;
  const hGlm = probitNoiseEntropy(D);
  const hDeep = signConditionalEntropy(g.s + g.epsTot, delta);
  return { perSample: glm + hGlm - hDeep, glmPerSample: glm, conditionalEntropy: hDeep, glmConditionalEntropy: hGlm };
}
