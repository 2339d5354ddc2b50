/**
 * Asymptotic (replica) predictions for a deep random network through its effective GLM
 * (shared/math/deep-gaussian-equivalence.md §3–5; Cui, Krzakala, Zdeborová 2023, arXiv 2302.00375;
 * Camilli, Tieplova, Bergamin, Barbier 2025, arXiv 2505.03577).
 *
 * With the effective GLM Y ~ P_out(· | √s v·x/√d + √ε_tot ζ) and label noise Δ, every Bayes-optimal quantity
 * is that of the Gaussian-prior GLM at noise-to-signal ratio D = (ε_tot + Δ)/s:
 * - Gaussian channel: m = MMSE(α, D) (closed form), overlap q = 1 − m;
 * - sign channel: the probit RS fixed point at (α, D);
 * - clean error E(S − ŷ)² = s·m + ε_tot; Gaussian channel: noisy-label error = clean + Δ;
 * - sign channel: 0-1 error on the (noisy) labels (1/π) arccos √(s q/(s + ε_tot + Δ)) = (1/π) arccos √(q/(1 + D)), and
 *   the label-flip-free 0-1 error against sign(S), (1/π) arccos √(s q/(s + ε_tot)).
 *
 * Information (§4, corrected; issue 9). The free entropy −H(Y|X)/n is what the deep model and its effective GLM
 * share; their conditional entropies differ (ζ is noise in the GLM, a function of θ in the deep model):
 * - `glmMiPerSample` = lim (1/n) I(v; Y | X) of the effective GLM: i_GLM(α, D)/α (i per input dimension, §5);
 * - `miPerSample` = lim (1/n) I(θ; Y | X) of the deep network = H(Y|X)/n − H(Y|θ,X)/n:
 *   Gaussian channel \( i/\alpha + \tfrac12\log(1 + \varepsilon_{\rm tot}/\Delta) \) (+∞ at Δ = 0);
 *   sign channel \( i/\alpha + \mathbb E h_2(\Phi(u/\sqrt D)) - \mathbb E h_2(\Phi(S/\sqrt\Delta)) \), u ~ N(0, 1),
 *   S ~ N(0, σ_a² q_L) (the last term is 0 at Δ = 0, so the information stays finite, ≤ ln 2);
 * - `freeEntropy` = lim (1/n) E ln p(Y | X) = −H(Y|X)/n: Gaussian channel (density)
 *   \( -i/\alpha - \tfrac12\log(2\pi e(\varepsilon_{\rm tot} + \Delta)) \); sign channel (probability mass)
 *   \( -i/\alpha - \mathbb E h_2(\Phi(u/\sqrt D)) \).
 * The sign-channel entropies are written through G(r) = ln 2 − E h₂(Φ(√r g)) (`probitEntropyGap`), which has no
 * cancellation when r is small.
 *
 * No linear signal: if s ≤ {@link NO_SIGNAL_TOL}·σ_a² q_L (e.g. κ1 = 0 in some layer, φ = x³ − 3x), s is reported
 * as 0 and D as ∞: the labels carry no linear information about the input, the effective GLM is pure noise, the
 * Bayes-optimal estimator predicts 0, and its clean error is the prior variance σ_a² q_L.
 *
 * Ridge (Cui et al. eqs. 19–20, `ridgeReplica.ts`). Gaussian channel: the clean and noisy test errors at each
 * requested λ, and at the optimal λ = D, where ridge is the GLM posterior mean and its error is the Bayes-optimal one.
 * Sign channel (`ridgeSign.ts`): ridge on the ±1 labels behaves as on a linear teacher with μ1 = √(2/π)√(s/(s + ε_tot + Δ));
 * the 0-1 errors of sign(ŷ) (on the labels and label-flip-free) and the square loss at each λ, and at the optimal
 * λ = (1 − μ1²)/μ1² (above the Bayes-optimal 0-1 error: ridge is not the Bayes classifier).
 *
 * @module
 */
import type { Decimal } from 'decimal.js';
import { decimalContext, GUARD_DIGITS, log1pDecimal, precisionOf, toDecimal, type DecimalCtor, type PrecisionOptions } from '../../reference/decimal.ts';
import { LOG_2PI_E, miGaussian, mmseGaussian, overlapGaussian } from '../../models/glm/gaussianChannel.ts';
import { gaussianChannelDecimal, ridgeReplicaDecimal } from '../../models/glm/gaussianChannelDecimal.ts';
import { probitEntropyGap, probitFixedPoint, probitMutualInformation } from '../../models/glm/probitChannel.ts';
import { probitChannelDecimal, probitEntropyGapDecimal } from '../../models/glm/probitChannelDecimal.ts';
import { ridgeFromVariance, ridgeVariance } from '../../models/glm/ridgeReplica.ts';
import { ridgeSign, ridgeSignOptimalLambda } from '../../models/glm/ridgeSign.ts';
import { effectiveGlm, effectiveGlmDecimal, type DeepArchitecture, type EffectiveGlm, type EffectiveGlmDecimal } from './effectiveGlm.ts';
import type { LayerCoefficients } from './layerCoefficients.ts';

/** Output channel of the deep teacher. */
export type DeepChannel = 'gaussian' | 'sign';

/**
 * s ≤ NO_SIGNAL_TOL·σ_a² q_L is reported as s = 0 (Float64). Derivation: the quadrature gives κ1_l with absolute error
 * ≲ 1e-14·√(q_l/r_l), so an exactly vanishing κ1 leaves σ_l² κ1_l² ≲ 1e-28·q_l/q_{l−1} and s/(σ_a² q_L) ≲ 1e-28 per
 * such layer; 1e-20 keeps 8 orders of headroom above that, while any linear part of relative size 1e-10 survives.
 */
export const NO_SIGNAL_TOL = 1e-20;

/** The sentence printed when s = 0. */
export const NO_SIGNAL_SENTENCE =
  'no linear signal (s = 0, D = ∞): κ1 vanishes in some layer, so the labels carry no linear information about the input; the effective GLM is pure noise, the Bayes-optimal estimator predicts 0, and its clean error is the prior variance σ_a² q_L.';

/** Parameters of a deep theory evaluation. */
export interface DeepTheoryParams {
  /** α = n/d > 0 (n samples per **input** dimension). */
  alpha: number;
  /** Label-noise variance Δ ≥ 0. */
  delta: number;
  channel?: DeepChannel;
  /** Ridge penalties λ > 0 at which to report the ridge test errors. */
  ridgeLambdas?: readonly number[];
}

/** Ridge test errors at one penalty. */
export interface RidgeErrors {
  lambda: number;
  /** E(S − ŷ)²: the noisy error minus Δ. */
  errorClean: number;
  /** E(Y − ŷ)² on a fresh noisy label. */
  errorNoisy: number;
}

/** Deep predictions (Float64). Infinite values (D, optimalLambda when s = 0; miPerSample at Δ = 0, Gaussian channel) are Infinity. */
export interface DeepTheory {
  layers: LayerCoefficients[];
  s: number;
  epsTot: number;
  /** σ_a² q_L, the variance of the readout S (= s + ε_tot). */
  outputVar: number;
  D: number;
  /** False when s ≤ NO_SIGNAL_TOL·σ_a² q_L (s reported as 0, D = ∞). */
  linearSignal: boolean;
  overlap: number;
  mmse: number;
  genErrorClean: number;
  /** Gaussian channel: the noisy-label error genErrorClean + Δ. */
  genErrorNoisy?: number;
  /** Sign channel: 0-1 error on the labels. */
  classError?: number;
  /** Sign channel: 0-1 error against the label-flip-free sign(S). */
  classErrorClean?: number;
  glmMiPerSample: number;
  miPerSample: number;
  freeEntropy: number;
  /** Gaussian channel: ridge at each requested λ. */
  ridge?: RidgeErrors[];
  /** argmin_λ of the ridge error: D (Gaussian channel), (1 − μ1²)/μ1² (sign channel). */
  optimalLambda?: number;
  /** Gaussian channel: ridge errors at λ = D (equal to the Bayes-optimal ones). */
  ridgeOptimal?: { errorClean: number; errorNoisy: number };
  /** Sign channel: ridge on the ±1 labels at each requested λ. */
  ridgeSign?: RidgeSignErrors[];
  /** Sign channel: ridge on the ±1 labels at the optimal λ. */
  ridgeSignOptimal?: RidgeSignErrors;
}

/** Ridge on sign labels at one penalty: 0-1 errors of sign(ŷ) and the square loss on the ±1 labels. */
export interface RidgeSignErrors {
  lambda: number;
  classError: number;
  classErrorClean: number;
  errorSquare: number;
}

function checkParams(p: { alpha: number; delta: number; channel?: DeepChannel; ridgeLambdas?: readonly unknown[] }): DeepChannel {
  if (!Number.isFinite(p.alpha) || !(p.alpha > 0)) throw new RangeError(`alpha (the sample ratio n/d) must be positive and finite, got ${p.alpha}`);
  if (!Number.isFinite(p.delta) || p.delta < 0) throw new RangeError(`noise (the label-noise variance Δ) must be finite and ≥ 0, got ${p.delta}`);
  const ch = p.channel ?? 'gaussian';
  if (ch !== 'gaussian' && ch !== 'sign') throw new RangeError(`channel must be 'gaussian' or 'sign', got '${String(ch)}'`);
  for (const l of p.ridgeLambdas ?? []) {
    if (!(Number(l) > 0) || !Number.isFinite(Number(l))) throw new RangeError(`ridge-lambda entries must be finite numbers > 0, got ${String(l)}`);
  }
  return ch;
}

const LN2 = Math.LN2;

/**
 * The deep predictions in Float64 (see the module comment).
 *
 * @throws {RangeError} for α ≤ 0, Δ < 0, an unknown channel, a ridge λ ≤ 0, or D = 0 on the Gaussian channel;
 *   errors of the recursion for a bad architecture.
 */
export function deepTheory(arch: DeepArchitecture, p: DeepTheoryParams): DeepTheory {
  checkParams(p);
  return deepTheoryFromGlm(effectiveGlm(arch), p);
}

/**
 * {@link deepTheory} from an already computed effective GLM (a sweep computes the coefficients once; a single call is
 * a sweep of one point, so both print the same digits).
 */
export function deepTheoryFromGlm(g: EffectiveGlm, p: DeepTheoryParams): DeepTheory {
  const ch = checkParams(p);
  const { alpha, delta } = p;
  const linearSignal = g.s > NO_SIGNAL_TOL * g.outputVar;
  const s = linearSignal ? g.s : 0;
  const eps = g.epsTot;
  const D = linearSignal ? (eps + delta) / s : Infinity;
  if (!(D > 0)) {
    if (ch === 'gaussian') throw new RangeError('D = (ε_tot + Δ)/s is 0: a deep linear network with Δ = 0 is noiseless; give Δ > 0');
  }
  if (D === Infinity && linearSignal) throw new RangeError(`D = (ε_tot + Δ)/s overflows Float64 (ε_tot + Δ = ${eps + delta}, s = ${s}); use --precision`);
  const base = { layers: g.layers, s, epsTot: eps, outputVar: g.outputVar, D, linearSignal };
  if (ch === 'gaussian') {
    const m = linearSignal ? mmseGaussian(alpha, D) : 1;
    const overlap = linearSignal ? overlapGaussian(alpha, D) : 0;
    const glmMi = linearSignal ? miGaussian(alpha, D) / alpha : 0;
    const clean = s * m + eps;
    const ridge = (p.ridgeLambdas ?? []).map((lambda) => {
      const r = ridgeFromVariance(ridgeVariance(alpha, lambda), { alpha, lambda, teacher: { s, epsTot: eps, Delta: delta } });
      return { lambda, errorClean: r.testErrorClean, errorNoisy: r.testErrorNoisy };
    });
    let ridgeOptimal: { errorClean: number; errorNoisy: number };
    if (linearSignal) {
      const r = ridgeFromVariance(ridgeVariance(alpha, D), { alpha, lambda: D, teacher: { s, epsTot: eps, Delta: delta } });
      ridgeOptimal = { errorClean: r.testErrorClean, errorNoisy: r.testErrorNoisy };
    } else ridgeOptimal = { errorClean: eps, errorNoisy: eps + delta }; // λ → ∞: ŷ = 0
    return {
      ...base,
      overlap,
      mmse: m,
      genErrorClean: clean,
      genErrorNoisy: clean + delta,
      glmMiPerSample: glmMi,
      miPerSample: delta > 0 ? glmMi + 0.5 * Math.log1p(eps / delta) : Infinity,
      freeEntropy: -glmMi - 0.5 * (LOG_2PI_E + Math.log(eps + delta)),
      ridge,
      optimalLambda: D,
      ridgeOptimal,
    };
  }
  // Sign channel.
  let m = 1;
  let overlap = 0;
  let glmMi = 0;
  if (linearSignal) {
    const fp = probitFixedPoint(alpha, D);
    if (!fp.iteration.converged) throw new RangeError(`probit fixed point did not converge (${fp.iteration.status}, residual ${fp.iteration.residual})`);
    m = fp.mmse;
    overlap = fp.overlap;
    glmMi = probitMutualInformation({ m, qhat: fp.qhat, alpha, D }) / alpha;
  }
  const gapNoise = probitEntropyGap(1 / D); // H(Y | v, X)/n = ln 2 − G(1/D)
  const gapTheta = delta === 0 ? LN2 : probitEntropyGap(g.outputVar / delta); // H(Y | θ, X)/n = ln 2 − G(σ_a² q_L/Δ)
  const t = { s, epsTot: eps, Delta: delta };
  const signRidgeAt = (lambda: number): RidgeSignErrors => {
    if (!linearSignal) {
      // μ1 = 0: ŷ is noise, uncorrelated with the labels; the square loss is 1 + q with q = κ/(1 − κ) (s' = 0, noise 1).
      if (lambda === Infinity) return { lambda, classError: 0.5, classErrorClean: 0.5, errorSquare: 1 };
      const r = ridgeFromVariance(ridgeVariance(alpha, lambda), { alpha, lambda, teacher: { s: 0, epsTot: 1, Delta: 0 } });
      return { lambda, classError: 0.5, classErrorClean: 0.5, errorSquare: r.testErrorNoisy };
    }
    const r = ridgeSign(alpha, lambda, t);
    return { lambda, classError: r.classError, classErrorClean: r.classErrorClean, errorSquare: r.errorSquare };
  };
  const lamOpt = linearSignal ? ridgeSignOptimalLambda(t) : Infinity;
  return {
    ...base,
    overlap,
    mmse: m,
    genErrorClean: s * m + eps,
    classError: linearSignal ? Math.asin(Math.sqrt((m + D) / (1 + D))) / Math.PI : 0.5,
    classErrorClean: Math.asin(Math.sqrt((s * m + eps) / g.outputVar)) / Math.PI,
    glmMiPerSample: glmMi,
    miPerSample: glmMi + gapTheta - gapNoise,
    freeEntropy: -(glmMi + LN2 - gapNoise),
    ridgeSign: (p.ridgeLambdas ?? []).map(signRidgeAt),
    optimalLambda: lamOpt,
    ridgeSignOptimal: signRidgeAt(lamOpt),
  };
}

/** Ridge test errors at one penalty (high precision). */
export interface RidgeErrorsDecimal {
  lambda: Decimal;
  errorClean: Decimal;
  errorNoisy: Decimal;
}

/** Deep predictions in high precision (Decimals rounded to the requested digits; infinite values are Decimal Infinity). */
export interface DeepTheoryDecimal {
  layers: Array<{ r: Decimal; kappa0: Decimal; kappa1: Decimal; q: Decimal; eps: Decimal; center: Decimal }>;
  s: Decimal;
  epsTot: Decimal;
  outputVar: Decimal;
  D: Decimal;
  linearSignal: boolean;
  overlap: Decimal;
  mmse: Decimal;
  genErrorClean: Decimal;
  genErrorNoisy?: Decimal;
  classError?: Decimal;
  classErrorClean?: Decimal;
  glmMiPerSample: Decimal;
  miPerSample: Decimal;
  freeEntropy: Decimal;
  ridge?: RidgeErrorsDecimal[];
  optimalLambda?: Decimal;
  ridgeOptimal?: { errorClean: Decimal; errorNoisy: Decimal };
  ridgeSign?: RidgeSignErrorsDecimal[];
  ridgeSignOptimal?: RidgeSignErrorsDecimal;
}

/** {@link RidgeSignErrors} in high precision. */
export interface RidgeSignErrorsDecimal {
  lambda: Decimal;
  classError: Decimal;
  classErrorClean: Decimal;
  errorSquare: Decimal;
}

/** Parameters of {@link deepTheoryDecimal}: α, Δ and λ may be decimal strings (taken exactly). */
export interface DeepTheoryDecimalParams {
  alpha: Decimal.Value;
  delta: Decimal.Value;
  channel?: DeepChannel;
  ridgeLambdas?: readonly Decimal.Value[];
}

/**
 * {@link deepTheory} in high precision: coefficients by `effectiveGlmDecimal`, the GLM side by
 * `gaussianChannelDecimal` / `probitChannelDecimal` (issue 4). The probit channel takes seconds. α and Δ may be
 * decimal strings (taken exactly: '0.1' is one tenth, while the number 0.1 is its binary approximation).
 */
export function deepTheoryDecimal(arch: DeepArchitecture, p: DeepTheoryDecimalParams, opts: PrecisionOptions = {}): DeepTheoryDecimal {
  checkParams({ alpha: Number(p.alpha), delta: Number(p.delta), channel: p.channel, ridgeLambdas: p.ridgeLambdas });
  const P = precisionOf(opts);
  return deepTheoryDecimalFromGlm(effectiveGlmDecimal(arch, { precision: P + GUARD_DIGITS }), p, opts);
}

/**
 * {@link deepTheoryDecimal} from an effective GLM computed at P + GUARD_DIGITS digits (once per sweep). s ≤
 * 10^{−(2P+10)}·σ_a² q_L counts as no linear signal: the reference's κ1 carries absolute error ≲ 10^{−(P+15)}·√(q/r),
 * so a vanishing κ1 leaves s/(σ_a² q_L) ≲ 10^{−2(P+15)}, twenty orders below the threshold.
 */
export function deepTheoryDecimalFromGlm(g: EffectiveGlmDecimal, p: DeepTheoryDecimalParams, opts: PrecisionOptions = {}): DeepTheoryDecimal {
  const ch = checkParams({ alpha: Number(p.alpha), delta: Number(p.delta), channel: p.channel, ridgeLambdas: p.ridgeLambdas });
  const P = precisionOf(opts);
  const Wp = P + GUARD_DIGITS;
  const W: DecimalCtor = decimalContext({ precision: Wp });
  const R = decimalContext({ precision: P });
  const round = (x: Decimal) => (x.isFinite() ? new R(x).toSignificantDigits(P) : new R(x));
  const outputVar = new W(g.outputVar);
  const linearSignal = new W(g.s).gt(outputVar.times(new W(10).pow(-(2 * P + 10))));
  const s = linearSignal ? new W(g.s) : new W(0);
  const epsTot = new W(g.epsTot);
  const alpha = toDecimal(p.alpha, W, 'alpha');
  const delta = toDecimal(p.delta, W, 'delta');
  const D = linearSignal ? epsTot.plus(delta).div(s) : new W(Infinity);
  if (D.isZero() && ch === 'gaussian') throw new RangeError('D = (ε_tot + Δ)/s is 0: a deep linear network with Δ = 0 is noiseless; give Δ > 0');
  const ln2 = W.ln(2);
  const base = {
    layers: g.layers.map((c) => ({ r: round(c.r), kappa0: round(c.kappa0), kappa1: round(c.kappa1), q: round(c.q), eps: round(c.eps), center: round(c.center) })),
    s: round(s),
    epsTot: round(epsTot),
    outputVar: round(outputVar),
    D: round(D),
    linearSignal,
  };
  if (ch === 'gaussian') {
    let m = new W(1);
    let overlap = new W(0);
    let glmMi = new W(0);
    if (linearSignal) {
      const glm = gaussianChannelDecimal(alpha, D, { precision: Wp });
      m = new W(glm.mmse);
      overlap = new W(glm.overlap);
      glmMi = new W(glm.miPerSample);
    }
    const clean = s.times(m).plus(epsTot);
    const ridgeAt = (lambda: Decimal) => {
      const r = ridgeReplicaDecimal(alpha, lambda, { s, epsTot, Delta: delta }, { precision: Wp });
      const noisy = new W(r.testErrorNoisy);
      return { errorClean: noisy.minus(delta), errorNoisy: noisy };
    };
    const ridge = (p.ridgeLambdas ?? []).map((l) => {
      const lambda = toDecimal(l, W, 'ridge-lambda');
      const r = ridgeAt(lambda);
      return { lambda: round(lambda), errorClean: round(r.errorClean), errorNoisy: round(r.errorNoisy) };
    });
    const opt = linearSignal ? ridgeAt(D) : { errorClean: epsTot, errorNoisy: epsTot.plus(delta) };
    const twoPiE = W.acos(-1).times(2).times(W.exp(1));
    return {
      ...base,
      overlap: round(overlap),
      mmse: round(m),
      genErrorClean: round(clean),
      genErrorNoisy: round(clean.plus(delta)),
      glmMiPerSample: round(glmMi),
      miPerSample: delta.gt(0) ? round(glmMi.plus(log1pDecimal(epsTot.div(delta), W).div(2))) : new R(Infinity),
      freeEntropy: round(glmMi.neg().minus(W.ln(twoPiE).plus(W.ln(epsTot.plus(delta))).div(2))),
      ridge,
      optimalLambda: round(D),
      ridgeOptimal: { errorClean: round(opt.errorClean), errorNoisy: round(opt.errorNoisy) },
    };
  }
  let m = new W(1);
  let overlap = new W(0);
  let glmMi = new W(0);
  let classError = new W(0.5);
  if (linearSignal) {
    const glm = probitChannelDecimal(alpha, D, { precision: Wp });
    m = new W(glm.mmse);
    overlap = new W(glm.overlap);
    glmMi = new W(glm.miPerSample);
    classError = new W(glm.classError);
  }
  const gapNoise = linearSignal && D.isZero() ? ln2 : linearSignal ? new W(probitEntropyGapDecimal(new W(1).div(D), Wp)) : new W(0);
  const gapTheta = delta.isZero() ? ln2 : new W(probitEntropyGapDecimal(outputVar.div(delta), Wp));
  const clean = s.times(m).plus(epsTot);
  // Ridge on the ±1 labels (ridgeSign.ts): the linear teacher s' = μ1², noise 1 − μ1², then the cosines of sign(ŷ).
  const pi = W.acos(-1);
  const mu1 = W.sqrt(new W(2).div(pi)).times(W.sqrt(s.div(outputVar.plus(delta))));
  const half = new W(0.5);
  const signRidgeAt = (lambda: Decimal): RidgeSignErrorsDecimal => {
    if (!lambda.isFinite()) return { lambda: new R(Infinity), classError: half, classErrorClean: half, errorSquare: new W(1) };
    const r = ridgeReplicaDecimal(alpha, lambda, { s: mu1.times(mu1), epsTot: new W(1).minus(mu1.times(mu1)), Delta: 0 }, { precision: Wp });
    const rm = new W(r.m);
    const rq = new W(r.q);
    const ce = (v: Decimal) => (linearSignal ? W.acos(W.sqrt(s).times(rm).div(W.sqrt(v.times(rq)))).div(pi) : half);
    return { lambda: round(lambda), classError: round(ce(outputVar.plus(delta))), classErrorClean: round(ce(outputVar)), errorSquare: round(new W(r.testErrorNoisy)) };
  };
  const lamOpt = linearSignal ? new W(1).minus(mu1.times(mu1)).div(mu1.times(mu1)) : new W(Infinity);
  return {
    ...base,
    overlap: round(overlap),
    mmse: round(m),
    genErrorClean: round(clean),
    classError: round(classError),
    classErrorClean: round(W.asin(W.sqrt(clean.div(outputVar))).div(W.acos(-1))),
    glmMiPerSample: round(glmMi),
    miPerSample: round(glmMi.plus(gapTheta).minus(gapNoise)),
    freeEntropy: round(glmMi.plus(ln2).minus(gapNoise).neg()),
    ridgeSign: (p.ridgeLambdas ?? []).map((l) => signRidgeAt(toDecimal(l, W, 'ridge-lambda'))),
    optimalLambda: round(lamOpt),
    ridgeSignOptimal: signRidgeAt(lamOpt),
  };
}
