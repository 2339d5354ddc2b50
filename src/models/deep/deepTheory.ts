/**
 * Asymptotic (replica) predictions for a deep random network through its effective GLM
 * (shared/math/deep-gaussian-equivalence.md §3–5; Cui, Krzakala, Zdeborová 2023, arXiv 2302.00375;
 * Camilli, Tieplova, Bergamin, Barbier 2025, arXiv 2505.03577).
 *
 * With the effective GLM Y ~ P_out(· | √s v·x/√d + √ε_tot ζ) and label noise Δ, every Bayes-optimal quantity
 * is that of the Gaussian-prior GLM at noise-to-signal ratio D = (ε_tot + Δ)/s:
 * - Gaussian channel: m = MMSE(α, D) (closed form), overlap q = 1 − m;
 * - sign channel: the probit RS fixed point at (α, D);
 * - clean error E(S − ŷ)² = s·m + ε_tot; noisy-label error = clean + Δ;
 * - mutual information per sample (Δ > 0) = i(α, D)/α (per-dimension MI of the GLM divided by α);
 * - sign channel 0-1 error (1/π) arccos √(s q/(s + ε_tot + Δ)) = (1/π) arccos √(q/(1 + D)).
 *
 * @module
 */
import type { Decimal } from 'decimal.js';
import { decimalContext, GUARD_DIGITS, precisionOf, toDecimal, type PrecisionOptions } from '../../reference/decimal.ts';
import { miGaussian, mmseGaussian } from '../../models/glm/gaussianChannel.ts';
import { gaussianChannelDecimal } from '../../models/glm/gaussianChannelDecimal.ts';
import { probitClassError, probitFixedPoint, probitMutualInformation } from '../../models/glm/probitChannel.ts';
import { probitChannelDecimal } from '../../models/glm/probitChannelDecimal.ts';
import { effectiveGlm, effectiveGlmDecimal, type DeepArchitecture } from './effectiveGlm.ts';
import type { LayerCoefficients } from './layerCoefficients.ts';

/** Output channel of the deep teacher. */
export type DeepChannel = 'gaussian' | 'sign';

/** Parameters of a deep theory evaluation. */
export interface DeepTheoryParams {
  /** α = n/d > 0 (n samples per **input** dimension). */
  alpha: number;
  /** Label-noise variance Δ ≥ 0. */
  delta: number;
  channel?: DeepChannel;
}

/** Deep predictions (Float64). */
export interface DeepTheory {
  layers: LayerCoefficients[];
  s: number;
  epsTot: number;
  D: number;
  overlap: number;
  mmse: number;
  genErrorClean: number;
  genErrorNoisy: number;
  miPerSample?: number;
  classError?: number;
}

function checkParams(p: DeepTheoryParams): DeepChannel {
  if (!Number.isFinite(p.alpha) || !(p.alpha > 0)) throw new RangeError(`alpha (the sample ratio n/d) must be positive and finite, got ${p.alpha}`);
  if (!Number.isFinite(p.delta) || p.delta < 0) throw new RangeError(`noise (the label-noise variance Δ) must be finite and ≥ 0, got ${p.delta}`);
  const ch = p.channel ?? 'gaussian';
  if (ch !== 'gaussian' && ch !== 'sign') throw new RangeError(`channel must be 'gaussian' or 'sign', got '${String(ch)}'`);
  return ch;
}

/**
 * The deep predictions in Float64 (see the module comment).
 *
 * @throws {RangeError} for α ≤ 0, Δ < 0 or an unknown channel; errors of the recursion for a bad architecture.
 */
export function deepTheory(arch: DeepArchitecture, p: DeepTheoryParams): DeepTheory {
  const ch = checkParams(p);
  const g = effectiveGlm(arch);
  const D = (g.epsTot + p.delta) / g.s;
  if (!(D > 0)) throw new RangeError('D = (ε_tot + Δ)/s is 0: a deep linear network with Δ = 0 is noiseless; give Δ > 0');
  const base = { layers: g.layers, s: g.s, epsTot: g.epsTot, D };
  if (ch === 'gaussian') {
    const m = mmseGaussian(p.alpha, D);
    const clean = g.s * m + g.epsTot;
    return { ...base, overlap: 1 - m, mmse: m, genErrorClean: clean, genErrorNoisy: clean + p.delta, ...(p.delta > 0 ? { miPerSample: miGaussian(p.alpha, D) / p.alpha } : {}) };
  }
  const fp = probitFixedPoint(p.alpha, D);
  const m = fp.mmse;
  const clean = g.s * m + g.epsTot;
  return {
    ...base,
    overlap: 1 - m,
    mmse: m,
    genErrorClean: clean,
    genErrorNoisy: clean + p.delta,
    ...(p.delta > 0 ? { miPerSample: probitMutualInformation(m, fp.qhat, p.alpha, D) / p.alpha } : {}),
    classError: probitClassError(m, D),
  };
}

/** Deep predictions in high precision (Decimals rounded to the requested digits). */
export interface DeepTheoryDecimal {
  layers: Array<{ r: Decimal; kappa0: Decimal; kappa1: Decimal; q: Decimal; eps: Decimal; center: Decimal }>;
  s: Decimal;
  epsTot: Decimal;
  D: Decimal;
  overlap: Decimal;
  mmse: Decimal;
  genErrorClean: Decimal;
  genErrorNoisy: Decimal;
  miPerSample?: Decimal;
  classError?: Decimal;
}

/**
 * {@link deepTheory} in high precision: coefficients by `effectiveGlmDecimal`, the GLM side by
 * `gaussianChannelDecimal` / `probitChannelDecimal` (issue 4). The probit channel takes seconds. α and Δ may be
 * decimal strings (taken exactly: '0.1' is one tenth, while the number 0.1 is its binary approximation).
 */
export function deepTheoryDecimal(arch: DeepArchitecture, p: { alpha: Decimal.Value; delta: Decimal.Value; channel?: DeepChannel }, opts: PrecisionOptions = {}): DeepTheoryDecimal {
  const ch = checkParams({ alpha: Number(p.alpha), delta: Number(p.delta), channel: p.channel });
  const P = precisionOf(opts);
  const W = decimalContext(P + GUARD_DIGITS);
  const R = decimalContext(P);
  const round = (x: Decimal) => new R(x).toSignificantDigits(P);
  const g = effectiveGlmDecimal(arch, { precision: P + GUARD_DIGITS });
  const s = new W(g.s);
  const epsTot = new W(g.epsTot);
  const delta = toDecimal(p.delta, W, 'delta');
  const D = epsTot.plus(delta).div(s);
  if (D.isZero()) throw new RangeError('D = (ε_tot + Δ)/s is 0: a deep linear network with Δ = 0 is noiseless; give Δ > 0');
  const glm = ch === 'gaussian' ? gaussianChannelDecimal(p.alpha, D, { precision: P + GUARD_DIGITS }) : probitChannelDecimal(p.alpha, D, { precision: P + GUARD_DIGITS });
  const m = new W(glm.mmse);
  const clean = s.times(m).plus(epsTot);
  const out: DeepTheoryDecimal = {
    layers: g.layers.map((c) => ({ r: round(c.r), kappa0: round(c.kappa0), kappa1: round(c.kappa1), q: round(c.q), eps: round(c.eps), center: round(c.center) })),
    s: round(s),
    epsTot: round(epsTot),
    D: round(D),
    overlap: round(new W(1).minus(m)),
    mmse: round(m),
    genErrorClean: round(clean),
    genErrorNoisy: round(clean.plus(delta)),
  };
  if (delta.gt(0)) out.miPerSample = round(new W(glm.miPerSample));
  if (ch === 'sign') out.classError = round(new W((glm as { classError: Decimal }).classError));
  return out;
}
