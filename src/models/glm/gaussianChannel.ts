/**
 * Replica formulas of the generalized linear model with Gaussian prior and Gaussian channel,
 * y = v·x/√d + √D z, v ~ N(0, I_d), x ~ N(0, I_d), n/d → α.
 *
 * Source: Barbier, Krzakala, Macris, Miolane, Zdeborová, *Optimal errors and phase transitions in
 * high-dimensional generalized linear models*, PNAS 2019 (arXiv 1708.03395); the closed forms as
 * pinned in `shared/math/deep-gaussian-equivalence.md` §5.
 *
 * @module
 */

/** Thrown for parameters outside the model's domain (α ≤ 0, D ≤ 0, NaN, ∞). */
export class GlmParameterError extends Error {
  override name = 'GlmParameterError';
}

/** Validates a sample ratio α > 0 and a noise-to-signal ratio D > 0 (the Gaussian channel needs D > 0). */
export function checkAlphaD(alpha: number, D: number): void {
  if (!Number.isFinite(alpha) || !(alpha > 0)) throw new GlmParameterError(`alpha (the sample ratio n/d) must be positive and finite, got ${alpha}`);
  if (!Number.isFinite(D) || !(D > 0)) throw new GlmParameterError(`D (the noise-to-signal ratio) must be positive and finite for the Gaussian channel, got ${D}`);
}

/**
 * The Bayes-optimal MMSE m = 1 − q of the Gaussian channel: the positive root of
 * \( m^2 + (\alpha + D - 1)m - D = 0 \),
 * \( m = \tfrac12\big[1-\alpha-D+\sqrt{(\alpha+D-1)^2+4D}\big] \).
 * For b = α + D − 1 > 0 the form \( m = 2D/(b+\sqrt{b^2+4D}) \) avoids the cancellation at large α.
 * Source: deep-gaussian-equivalence.md §5 (equivalently m = D·g_MP(−D)).
 */
export function mmseGaussian(alpha: number, D: number): number {
  checkAlphaD(alpha, D);
  const b = alpha + D - 1;
  const root = Math.hypot(b, 2 * Math.sqrt(D));
  return b > 0 ? (2 * D) / (b + root) : 0.5 * (-b + root);
}

/** The quadratic whose positive root is the MMSE: \( Q(m) = m^2 + (\alpha + D - 1)m - D \). */
export function mmseQuadratic(m: number, alpha: number, D: number): number {
  return m * m + (alpha + D - 1) * m - D;
}

/** \( \partial Q/\partial m = 2m + \alpha + D - 1 \): the conditioning of the root (|δm| ≈ |δQ| / |Q'(m)|). */
export function mmseQuadraticSlope(m: number, alpha: number, D: number): number {
  return 2 * m + alpha + D - 1;
}
