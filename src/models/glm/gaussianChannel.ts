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
import { InputError } from '../../core/lemmataError.ts';
import { fixedPointScalar, type FixedPointResult } from '../../core/fixedPoint.ts';

/** Thrown for parameters outside the model's domain (α ≤ 0, D ≤ 0, NaN, ∞). */
export class GlmParameterError extends InputError {
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
  if (b > 0 && Number.isFinite(b + root)) return (2 * D) / (b + root);
  if (b <= 0) return 0.5 * (-b + root);
  // α + D near the largest double: with h = b/2 formed without overflow, m = (D/h)/(1 + √(1 + (D/h)/h)).
  const h = 0.5 * alpha + 0.5 * D - 0.5;
  const t = D / h;
  return t / (1 + Math.sqrt(1 + t / h));
}

/**
 * ρ = m/D of the Gaussian channel without overflow or underflow at any finite α, D > 0: with h = (α + D − 1)/2
 * (formed as α/2 + D/2 − ½, which cannot overflow), m = D/(h + √(h² + D)) for h > 0, so
 * \( \rho = \frac{1/h}{1 + \sqrt{1 + D/h^2}} \); for h ≤ 0, ρ = (√(h² + D) − h)/D. Used by the extreme-input paths of
 * {@link mmseGaussian} and {@link miGaussian} (α = 1e308 makes m = D/α underflow, while α·m/D ≈ 1 is what the
 * information needs).
 */
export function mmseRatioGaussian(alpha: number, D: number): number {
  checkAlphaD(alpha, D);
  const h = 0.5 * alpha + 0.5 * D - 0.5;
  if (h > 0) {
    const t = D / h / h;
    return 1 / h / (1 + Math.sqrt(1 + t));
  }
  return (Math.hypot(h, Math.sqrt(D)) - h) / D;
}

/**
 * The overlap q = 1 − m as q̂/(1 + q̂), q̂ = α/(m + D): exact at the fixed point (m = 1/(1 + q̂)) and, unlike 1 − m,
 * keeps its relative accuracy when q is tiny (D = 1e10: q ≈ 2e-10, where 1 − m keeps 6 digits).
 */
export function overlapGaussian(alpha: number, D: number): number {
  const m = mmseGaussian(alpha, D);
  const qhat = qhatGaussian(m, alpha, D);
  return Number.isFinite(qhat) ? qhat / (1 + qhat) : 1 - m;
}

/** The quadratic whose positive root is the MMSE: \( Q(m) = m^2 + (\alpha + D - 1)m - D \). */
export function mmseQuadratic(m: number, alpha: number, D: number): number {
  return m * m + (alpha + D - 1) * m - D;
}

/** \( \partial Q/\partial m = 2m + \alpha + D - 1 \): the conditioning of the root (|δm| ≈ |δQ| / |Q'(m)|). */
export function mmseQuadraticSlope(m: number, alpha: number, D: number): number {
  return 2 * m + alpha + D - 1;
}

/** The conjugate overlap \( \hat q = \alpha/(m + D) \) of the Gaussian channel (unit signal variance). Source: §5. */
export function qhatGaussian(m: number, alpha: number, D: number): number {
  return alpha / (m + D);
}

/**
 * The RS mutual information per input dimension (nats) of the Gaussian channel at its fixed point,
 * \( i(\alpha, D) = \tfrac12\log(1+\hat q) + \tfrac\alpha2\log\frac{m+D}{D} - \tfrac12\hat q\,m \),
 * \( \hat q = \alpha/(m+D) \). The output term ½ log((m+D)/D) is I(U; Y | W) (not I(W; Y)).
 * Per sample: i/α. Source: deep-gaussian-equivalence.md §5; Barbier et al. 2019.
 *
 * @throws {GlmParameterError} for α ≤ 0, D ≤ 0 or non-finite input.
 */
export function miGaussian(alpha: number, D: number): number {
  const m = mmseGaussian(alpha, D);
  const qhat = qhatGaussian(m, alpha, D);
  const direct = 0.5 * Math.log1p(qhat) + 0.5 * alpha * Math.log1p(m / D) - 0.5 * qhat * m;
  if (Number.isFinite(direct) && Number.isFinite(qhat) && m > 0 && Number.isFinite(m / D)) return direct;
  // Extreme α or D (issue 10: α = 1e308 gave NaN from ∞·0): the same three terms through ρ = m/D and logarithms of
  // sums, so nothing overflows and m = D·ρ may underflow harmlessly:
  // log(1 + q̂) = log(α + m + D) − log(m + D), log(m + D) = log D + log1p(ρ), q̂m = αρ/(1 + ρ).
  const rho = mmseRatioGaussian(alpha, D);
  const logMD = Math.log(D) + Math.log1p(rho);
  const la = Math.log(alpha);
  const logSum = Math.max(la, logMD) + Math.log1p(Math.exp(-Math.abs(la - logMD)));
  return 0.5 * (logSum - logMD) + 0.5 * alpha * Math.log1p(rho) - 0.5 * alpha * (rho / (1 + rho));
}

/**
 * The Bayes-optimal noisy-label generalisation error of the Gaussian channel,
 * \( \mathbb E(y - \hat y)^2 = m + D \) (the clean error E(v·x/√d − ŷ)² is m). Source: §4–5.
 */
export function genErrorNoisyGaussian(alpha: number, D: number): number {
  return mmseGaussian(alpha, D) + D;
}

/**
 * The RS free entropy per sample with the normalised Gaussian likelihood N(y; v·x/√d, D):
 * \( \tfrac1n\mathbb E\log Z = -i(\alpha,D)/\alpha - \tfrac12\log(2\pi e D) \).
 * Convention: Z = p(Y | X) is a density in Y (not the unnormalised partition function). Source: §8.
 */
export function freeEntropyGaussian(alpha: number, D: number): number {
  // log(2πe) + log D rather than log(2πeD), which overflows for D > 1.05e307.
  return -miGaussian(alpha, D) / alpha - 0.5 * (LOG_2PI_E + Math.log(D));
}

/** log(2πe). */
export const LOG_2PI_E = Math.log(2 * Math.PI) + 1;

/** Options of {@link gaussianOverlapIteration}. */
export interface GaussianIterationOptions {
  /** Damping η ∈ (0, 1] (default 0.5). */
  damping?: number;
  /** Relative residual tolerance on m (default 1e-15). */
  rtol?: number;
  /** Iteration cap (default 100 000). */
  maxIterations?: number;
}

/**
 * The Gaussian-channel fixed point by the damped replica iteration
 * \( m \leftarrow (1-\eta)m + \eta\,\frac{m+D}{m+D+\alpha} \) (i.e. q̂ = α/(m+D), m = 1/(1+q̂)),
 * from m = 1. Independent of the closed form {@link mmseGaussian}: used to check it (claim G1.iteration).
 *
 * @throws {GlmParameterError} for α ≤ 0, D ≤ 0 or non-finite input.
 */
export function gaussianOverlapIteration(alpha: number, D: number, opts: GaussianIterationOptions = {}): FixedPointResult<number> {
  checkAlphaD(alpha, D);
  return fixedPointScalar((m) => (m + D) / (m + D + alpha), 1, {
    damping: opts.damping ?? 0.5,
    atol: 0,
    rtol: opts.rtol ?? 1e-15,
    maxIterations: opts.maxIterations ?? 100_000,
  });
}
