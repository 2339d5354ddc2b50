/**
 * Ridge regression on sign labels (the sign channel of the effective GLM) and the 0-1 error of its sign.
 *
 * Labels y = sign(√s u + σ ξ), u = v·x/√d, σ² = ε_tot + Δ, ξ ~ N(0, 1). Ridge ŵ = (XᵀX/d + λI)⁻¹Xᵀy/√d is linear in y,
 * and for Gaussian inputs its asymptotic overlaps depend on the teacher only through the first two moments of
 * (u, y): y = μ1 u + z with μ1 = E[y u] and z uncorrelated with u, E z² = 1 − μ1² (the Gaussian equivalence of linear
 * estimators on single-index targets; e.g. Gerace, Loureiro, Krzakala, Mézard, Zdeborová, ICML 2020, §3; checked here
 * against finite-d Monte Carlo by the claim G10). With
 * \[ \mu_1 = \mathbb E[\operatorname{sign}(\sqrt s\,u + \sigma\xi)\,u] = \sqrt{\tfrac2\pi}\,\frac{\sqrt s}{\sqrt{s + \sigma^2}}, \]
 * ridge behaves as on the linear teacher (s' = μ1², noise 1 − μ1²) of `ridgeReplica.ts` (Cui et al. 2023, eqs. 19–20),
 * which gives m = ŵ·v/d and q = ‖ŵ‖²/d. The prediction sign(ŷ), ŷ = ŵ·x/√d, is jointly Gaussian with the readout, so
 * \[ \text{0-1 error} = \tfrac1\pi\arccos\frac{\sqrt s\,m}{\sqrt{(s + \varepsilon_{\rm tot} + \Delta)\,q}},\qquad
 *    \text{label-flip-free} = \tfrac1\pi\arccos\frac{\sqrt s\,m}{\sqrt{(s + \varepsilon_{\rm tot})\,q}}, \]
 * and the square loss on the ±1 labels is 1 − 2μ1 m + q. The cosine m/√q is largest at λ = (1 − μ1²)/μ1² (there ridge is
 * the posterior mean of the equivalent Gaussian problem, which no rescaled ridge beats in square loss), so that λ
 * minimises both errors.
 *
 * @module
 */
import { GlmParameterError } from './gaussianChannel.ts';
import { checkRidgeArgs, ridgeFromVariance, ridgeVariance, type EffectiveTeacher } from './ridgeReplica.ts';

/** Ridge on sign labels at one penalty. */
export interface RidgeSign {
  lambda: number;
  /** μ1 = E[y u]. */
  mu1: number;
  /** ŵ·v/d and ‖ŵ‖²/d. */
  m: number;
  q: number;
  /** E(y − ŷ)² on ±1 labels. */
  errorSquare: number;
  /** 0-1 error of sign(ŷ) on the labels. */
  classError: number;
  /** 0-1 error of sign(ŷ) against sign(S) (no label flips). */
  classErrorClean: number;
}

/** μ1 = √(2/π)·√s/√(s + ε_tot + Δ), the linear part of the sign labels. */
export function signLinearPart(t: EffectiveTeacher): number {
  return Math.sqrt(2 / Math.PI) * Math.sqrt(t.s / (t.s + t.epsTot + t.Delta));
}

/** The penalty λ = (1 − μ1²)/μ1² that minimises the 0-1 and square errors of ridge on sign labels. */
export function ridgeSignOptimalLambda(t: EffectiveTeacher): number {
  const mu = signLinearPart(t);
  return (1 - mu * mu) / (mu * mu);
}

/**
 * Ridge on sign labels at penalty λ (module comment).
 *
 * @throws {GlmParameterError} for α ≤ 0, λ ≤ 0, s ≤ 0, ε_tot < 0, Δ < 0 or non-finite input.
 */
export function ridgeSign(alpha: number, lambda: number, t: EffectiveTeacher): RidgeSign {
  checkRidgeArgs(alpha, lambda, t);
  const mu1 = signLinearPart(t);
  if (!(mu1 > 0)) throw new GlmParameterError(`the linear part μ1 of the sign labels must be positive, got ${mu1}`);
  const V = ridgeVariance(alpha, lambda);
  const r = ridgeFromVariance(V, { alpha, lambda, teacher: { s: mu1 * mu1, epsTot: 1 - mu1 * mu1, Delta: 0 } });
  // The cosine of ŷ with u, m/√q, from q/m² = 1 + κA/((1 − κ)m²) (ridgeFromVariance: q = m² + κA/(1 − κ), A = s'λ²V² + 1 − μ1²,
  // m = μ1V̂V, κ = αV²/(1 + V)²), with V² cancelled and (1 + V)V̂ = α: q/m² = 1 + [(λV)² + (1 − μ1²)/μ1²]/(α(1 − κ)). No m or
  // q is formed, so a tiny μ1 (D = 1e308) or a huge λ cannot give 0/0 or 0·∞; an overflow gives cos = 0. κ = α(V/(1 + V))²
  // and no (1 + V)²: at a vanishing penalty with α < 1, V ≈ (1 − α)/λ reaches 1e300 and (1 + V)²·V̂² was ∞·0 = NaN
  // ('theory glm --channel probit --alpha 0.1 --noise 1 --ridge-lambda 1e-300', found by the CLI fuzzer).
  const w = V / (1 + V);
  const kappa = alpha * w * w;
  const ratio = 1 + ((lambda * V) ** 2 + (1 - mu1 * mu1) / (mu1 * mu1)) / (alpha * (1 - kappa));
  const cosU = 1 / Math.sqrt(ratio);
  const cosNoisy = Math.min(1, Math.sqrt(t.s / (t.s + t.epsTot + t.Delta)) * cosU);
  const cosClean = Math.min(1, Math.sqrt(t.s / (t.s + t.epsTot)) * cosU);
  return { lambda, mu1, m: r.m, q: r.q, errorSquare: r.testErrorNoisy, classError: Math.acos(cosNoisy) / Math.PI, classErrorClean: Math.acos(cosClean) / Math.PI };
}
