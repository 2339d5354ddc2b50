/**
 * Replica-symmetric formulas of the GLM with Gaussian prior v ~ N(0, I_d) and the probit (noisy
 * sign) channel \( y = \operatorname{sign}(v\cdot x/\sqrt d + \sqrt D\,z) \), D ≥ 0 (D = 0 is the
 * noiseless sign channel), n/d → α.
 *
 * Source: Barbier, Krzakala, Macris, Miolane, Zdeborová, *Optimal errors and phase transitions in
 * high-dimensional generalized linear models*, PNAS 2019 (arXiv 1708.03395), the RS potential and its
 * fixed-point equations specialised to a Gaussian prior; the closed forms as pinned in
 * `shared/math/deep-gaussian-equivalence.md` §5.
 *
 * Conventions. The overlap is q = E‖⟨v⟩‖²/d, the MMSE m = 1 − q. Every formula below is written in
 * m (not q) so that m keeps full relative accuracy when q → 1 (large α): 1 − q + D = m + D.
 *
 * @module
 */
import { binaryEntropy } from '../../core/entropy.ts';
import { erf } from '../../core/erf.ts';
import { fixedPointScalar, type FixedPointResult } from '../../core/fixedPoint.ts';
import { logNormalCdf, logNormalPdf, normalCdf } from '../../core/normal.ts';
import { GlmParameterError } from './gaussianChannel.ts';
import { normalExpectation } from './normalExpectation.ts';

/** Validates α > 0 and D ≥ 0 (the probit channel allows the noiseless D = 0). */
export function checkAlphaDProbit(alpha: number, D: number): void {
  if (!Number.isFinite(alpha) || !(alpha > 0)) throw new GlmParameterError(`alpha (the sample ratio n/d) must be positive and finite, got ${alpha}`);
  if (!Number.isFinite(D) || !(D >= 0)) throw new GlmParameterError(`D (the noise variance of the probit channel) must be finite and ≥ 0, got ${D}`);
}

function checkM(m: number): void {
  if (!(m > 0 && m <= 1)) throw new GlmParameterError(`m (the MMSE 1 − q) must lie in (0, 1], got ${m}`);
}

/**
 * The probit output integrand \( \frac{N(a)^2}{\Phi(a)\Phi(-a)} \) (N the standard normal density),
 * in log space: \( \exp(2\log N(a) - \log\Phi(a) - \log\Phi(-a)) \), finite for every real a
 * (≈ |a|·N(a)·√… in the tails instead of 0/0).
 */
export function probitOutputIntegrand(a: number): number {
  return Math.exp(2 * logNormalPdf(a) - logNormalCdf(a) - logNormalCdf(-a));
}

/** Options of {@link probitQhat} and {@link probitMmseMap}. */
export interface ProbitQhatOptions {
  /** The output integrand of a (default {@link probitOutputIntegrand}; wrong variants swap it). */
  integrand?: (a: number) => number;
}

/**
 * The conjugate overlap of the probit channel as a function of the MMSE m = 1 − q:
 * \( \hat q = \frac{\alpha}{m + D}\,\mathbb E_\xi\Big[\frac{N(a)^2}{\Phi(a)\Phi(-a)}\Big] \),
 * \( a = \sqrt{q}\,\xi/\sqrt{m + D} \), ξ ~ N(0, 1), i.e. a ~ N(0, q/(m + D)).
 * Source: deep-gaussian-equivalence.md §5 (probit channel); Barbier et al. 2019.
 */
export function probitQhat(m: number, alpha: number, D: number, options: ProbitQhatOptions = {}): number {
  const { integrand = probitOutputIntegrand } = options;
  checkAlphaDProbit(alpha, D);
  checkM(m);
  const r = (1 - m) / (m + D);
  return (alpha / (m + D)) * normalExpectation(integrand, r).value;
}

/** The state-evolution / replica map of the MMSE, \( m \mapsto 1/(1 + \hat q(m)) \) (Gaussian prior: q = q̂/(1 + q̂)). */
export function probitMmseMap(m: number, alpha: number, D: number, options: ProbitQhatOptions = {}): number {
  const qhat = probitQhat(m, alpha, D, options);
  const next = 1 / (1 + qhat);
  // At α ≈ 1e308 the MMSE ~ 1/q̂ falls below the smallest double: refuse rather than iterate on m = 0.
  if (!(next > 0)) throw new GlmParameterError(`probit fixed point at alpha = ${alpha}, D = ${D}: the MMSE 1/(1 + q̂) underflows Float64 (q̂ = ${qhat.toPrecision(3)}); alpha is too large for this calculator`);
  return next;
}

/** Options of {@link probitFixedPoint}. */
export interface ProbitFixedPointOptions {
  /** Damping η ∈ (0, 1] of \( m \leftarrow (1-\eta)m + \eta/(1+\hat q(m)) \) (default 1). */
  damping?: number;
  /** Relative tolerance on the residual |F(m) − m| / m (default 1e-15). */
  rtol?: number;
  /** Iteration cap (default 10 000). */
  maxIterations?: number;
  /** The output integrand of q̂ (default {@link probitOutputIntegrand}; replaceable to test wrong variants). */
  integrand?: (a: number) => number;
}

/** The RS fixed point of the probit channel with its convergence diagnostics. */
export interface ProbitFixedPoint {
  /** The MMSE m = 1 − q. */
  mmse: number;
  /** The overlap q = 1 − m. */
  overlap: number;
  /** The conjugate overlap q̂ at the fixed point. */
  qhat: number;
  /** Diagnostics of the damped iteration (residual, estimated contraction rate, status). */
  iteration: FixedPointResult<number>;
}

/**
 * The RS overlap of the probit channel by damped iteration of \( m \leftarrow 1/(1+\hat q(m)) \)
 * from m = 1 (q = 0, the uninformative start of state evolution).
 * Source: Barbier et al. 2019 (the RS fixed-point equations, Gaussian prior); §5 of the math notes.
 *
 * @throws {GlmParameterError} for α ≤ 0, D < 0 or non-finite input.
 */
export function probitFixedPoint(alpha: number, D: number, opts: ProbitFixedPointOptions = {}): ProbitFixedPoint {
  checkAlphaDProbit(alpha, D);
  const rtol = opts.rtol ?? 1e-15;
  const integrand = opts.integrand ?? probitOutputIntegrand;
  let iteration: FixedPointResult<number>;
  try {
    iteration = fixedPointScalar((m) => probitMmseMap(m, alpha, D, { integrand }), 1, {
      damping: opts.damping ?? 1,
      atol: 0,
      rtol,
      maxIterations: opts.maxIterations ?? 10_000,
    });
  } catch (e) {
    // An iterate of 0 (the MMSE below the smallest double, α ≈ 1e300 and more) is a range limit, not a bug: say so.
    if (e instanceof GlmParameterError && /^m \(the MMSE/.test(e.message)) {
      throw new GlmParameterError(`probit fixed point at alpha = ${alpha}, D = ${D}: the MMSE falls below the smallest double; alpha is too large for this calculator`);
    }
    throw e;
  }
  const m = iteration.x;
  const qhat = probitQhat(m, alpha, D, { integrand });
  // q = q̂/(1 + q̂) at the fixed point; unlike 1 − m it keeps its relative accuracy when q is tiny (D = 1e10: 1 − m kept 6 digits).
  return { mmse: m, overlap: qhat / (1 + qhat), qhat, iteration };
}

/**
 * The 0-1 generalisation error of the Bayes-optimal classifier,
 * \( \frac1\pi\arccos\sqrt{q/(1+D)} = \frac1\pi\arcsin\sqrt{(m + D)/(1 + D)} \)
 * (the arcsin form keeps relative accuracy as q → 1). Source: §5 of the math notes.
 */
export function probitClassError(m: number, D: number): number {
  checkM(m);
  if (!Number.isFinite(D) || !(D >= 0)) throw new GlmParameterError(`D must be finite and ≥ 0, got ${D}`);
  return Math.asin(Math.sqrt((m + D) / (1 + D))) / Math.PI;
}

/** \( h_2(\Phi(a)) \) in nats, evaluated on the small side Φ(−|a|) (h₂ is symmetric). */
export function binaryEntropyOfProbit(a: number): number {
  return binaryEntropy(normalCdf(-Math.abs(a)));
}

/**
 * The output entropy term \( \mathbb E_W h_2(\Phi(\sqrt q\,W/\sqrt{m + D})) \) (nats), W ~ N(0, 1).
 */
export function probitOutputEntropy(m: number, D: number): number {
  checkM(m);
  return normalExpectation(binaryEntropyOfProbit, (1 - m) / (m + D)).value;
}

/**
 * The noise entropy \( \mathbb E_Z h_2(\Phi(Z/\sqrt D)) \) (nats), Z ~ N(0, 1); 0 for D = 0
 * (the sign channel is deterministic).
 */
export function probitNoiseEntropy(D: number): number {
  if (!Number.isFinite(D) || !(D >= 0)) throw new GlmParameterError(`D must be finite and ≥ 0, got ${D}`);
  if (D === 0) return 0;
  return normalExpectation(binaryEntropyOfProbit, 1 / D).value;
}

/** ln 2. */
const LN2 = Math.LN2;

/**
 * \( \ln 2 - h_2(\Phi(a)) \ge 0 \) (nats) without cancellation near a = 0: with u = erf(|a|/√2) = 2Φ(|a|) − 1,
 * \( \ln 2 - h_2(\tfrac{1+u}2) = \tfrac12\sum_{k\ge1}\frac{u^{2k}}{k(2k-1)} \) (a series of positive terms) for u < ½,
 * and ln 2 − h₂(Φ(−|a|)) directly beyond (h₂ ≤ h₂(¼) = 0.56 there, so the subtraction loses under one digit).
 */
export function probitEntropyDeficit(a: number): number {
  const u = erf(Math.abs(a) / Math.SQRT2);
  if (u >= 0.5) return LN2 - binaryEntropyOfProbit(a);
  const u2 = u * u;
  let term = u2;
  let sum = 0;
  for (let k = 1; k < 60; k++) {
    const t = term / (k * (2 * k - 1));
    sum += t;
    if (t <= 1e-17 * sum) break;
    term *= u2;
  }
  return 0.5 * sum;
}

/**
 * \( G(r) = \mathbb E_{x\sim N(0,r)}[\ln 2 - h_2(\Phi(x))] \) for r ∈ [0, ∞] (nats): 0 at r = 0, ln 2 at r = ∞,
 * ≈ r/π for small r. The conditional entropies of a sign label are ln 2 − G: for y = sign(z + √D ξ), z ~ N(0, v),
 * H(y | z) = E h₂(Φ(z/√D)) = ln 2 − G(v/D).
 * Small r: the cancellation-free integrand {@link probitEntropyDeficit}; r > 1: ln 2 − E h₂(Φ(x)) (then G ≥ G(1) ≈ 0.3,
 * and E h₂(Φ(x)) decays, as the change of measure of `normalExpectation` requires).
 */
export function probitEntropyGap(r: number): number {
  if (!(r >= 0)) throw new GlmParameterError(`the variance r of the entropy gap must be ≥ 0, got ${r}`);
  if (r === Infinity) return LN2;
  if (r <= 1) return normalExpectation(probitEntropyDeficit, r).value;
  return LN2 - normalExpectation(binaryEntropyOfProbit, r).value;
}

/** The point (m, q̂) and the channel (α, D) of {@link probitMutualInformation}. */
export interface ProbitMiPoint {
  /** The MMSE m = 1 − q ∈ (0, 1]. */
  m: number;
  /** The conjugate overlap q̂ ≥ 0 (at the fixed point, {@link probitQhat}(m)). */
  qhat: number;
  /** Samples per input dimension α > 0. */
  alpha: number;
  /** Noise-to-signal ratio D ≥ 0 of the probit channel. */
  D: number;
}

/**
 * The RS mutual information per input dimension (nats) at a point (m, q̂):
 * \( i = \tfrac12\log(1+\hat q) - \tfrac12\hat q\,m + \alpha\big[\mathbb E_W h_2(\Phi(\sqrt q W/\sqrt{m+D})) - \mathbb E_Z h_2(\Phi(Z/\sqrt D))\big] \),
 * with m = 1 − q. At the fixed point it is lim (1/d) I(v; Y | X). Per sample: i/α.
 * Source: deep-gaussian-equivalence.md §5; Barbier et al. 2019.
 *
 * Evaluated as ½ log1p(q̂) − ½q̂m + α[G(1/D) − G(q/(m + D))] with {@link probitEntropyGap} (the two entropies are
 * ln 2 − G): at D = 1e308 both entropies are ln 2 − O(1/D) and their difference O(1/D) is lost to cancellation
 * (issue 10: 6.4e-23 printed for 6e-309), while G(1/D) ≈ 1/(πD) keeps it.
 */
export function probitMutualInformation(point: ProbitMiPoint): number {
  const { m, qhat, alpha, D } = point;
  checkAlphaDProbit(alpha, D);
  checkM(m);
  const noise = D === 0 ? LN2 : probitEntropyGap(1 / D);
  return 0.5 * Math.log1p(qhat) - 0.5 * qhat * m + alpha * (noise - probitEntropyGap((1 - m) / (m + D)));
}
