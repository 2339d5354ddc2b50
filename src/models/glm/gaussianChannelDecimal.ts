/**
 * High-precision (decimal.js) versions of the Gaussian-channel replica formulas of
 * `gaussianChannel.ts` and of the ridge replica solution of `ridgeReplica.ts`: the references that the
 * Float64 formulas are checked against (claim G8) and the `--precision` mode of `lemmata theory glm`.
 *
 * Same formulas (deep-gaussian-equivalence.md §5; Cui et al. 2023 eqs. 19–20), evaluated at P + 10
 * guard digits and rounded to P significant digits. Number arguments are converted exactly (their
 * binary value), so a Float64 formula and its reference see the same input.
 *
 * @module
 */
import type { Decimal } from 'decimal.js';
import { decimalContext, GUARD_DIGITS, log1pDecimal, precisionOf, toDecimal, type DecimalCtor, type PrecisionOptions } from '../../reference/decimal.ts';
import { GlmParameterError } from './gaussianChannel.ts';

/** The Gaussian-channel quantities in high precision. */
export interface GaussianChannelDecimal {
  mmse: Decimal;
  overlap: Decimal;
  qhat: Decimal;
  /** Mutual information per input dimension (nats). */
  miPerDim: Decimal;
  /** Mutual information per sample, i/α. */
  miPerSample: Decimal;
  /** Noisy-label Bayes error m + D. */
  genErrorNoisy: Decimal;
  /** Free entropy per sample, −i/α − ½ log(2πeD). */
  freeEntropy: Decimal;
}

function args(alpha: Decimal.Value, D: Decimal.Value, W: DecimalCtor): { a: Decimal; d: Decimal } {
  let a: Decimal;
  let d: Decimal;
  try {
    a = toDecimal(alpha, W, 'alpha');
  } catch (e) {
    throw new GlmParameterError(`alpha (the sample ratio n/d) must be positive and finite: ${(e as Error).message}`);
  }
  try {
    d = toDecimal(D, W, 'D');
  } catch (e) {
    throw new GlmParameterError(`D (the noise-to-signal ratio) must be positive and finite: ${(e as Error).message}`);
  }
  if (!a.gt(0)) throw new GlmParameterError(`alpha (the sample ratio n/d) must be positive, got ${a.toString()}`);
  if (!d.gt(0)) throw new GlmParameterError(`D (the noise-to-signal ratio) must be positive for the Gaussian channel, got ${d.toString()}`);
  return { a, d };
}

/** The positive root of \( x^2 + b x - c = 0 \) (c > 0) without cancellation: 2c/(b + √(b²+4c)) for b > 0. */
function positiveRoot(b: Decimal, c: Decimal, W: DecimalCtor): Decimal {
  const root = W.sqrt(b.times(b).plus(c.times(4)));
  return b.gt(0) ? c.times(2).div(b.plus(root)) : root.minus(b).div(2);
}

/**
 * The MMSE \( m = \tfrac12[1-\alpha-D+\sqrt{(\alpha+D-1)^2+4D}] \) in high precision (positive root of
 * m² + (α + D − 1)m − D = 0, cancellation-free form for α + D > 1). Source: §5.
 *
 * @throws {GlmParameterError} for α ≤ 0, D ≤ 0 or non-finite input.
 */
export function mmseGaussianDecimal(alpha: Decimal.Value, D: Decimal.Value, opts?: PrecisionOptions): Decimal {
  const P = precisionOf(opts);
  const W = decimalContext({ precision: P + GUARD_DIGITS });
  const { a, d } = args(alpha, D, W);
  return new (decimalContext({ precision: P }))(positiveRoot(a.plus(d).minus(1), d, W)).toSignificantDigits(P);
}

/**
 * Every Gaussian-channel quantity in high precision: m, q, q̂ = α/(m+D), the MI per dimension
 * \( \tfrac12\log(1+\hat q) + \tfrac\alpha2\log(1+m/D) - \tfrac12\hat q m \) and per sample, the noisy error
 * m + D and the free entropy. Source: §5 (and §8 for the free-entropy constant).
 *
 * @throws {GlmParameterError} for α ≤ 0, D ≤ 0 or non-finite input.
 */
export function gaussianChannelDecimal(alpha: Decimal.Value, D: Decimal.Value, opts?: PrecisionOptions): GaussianChannelDecimal {
  const P = precisionOf(opts);
  const W = decimalContext({ precision: P + GUARD_DIGITS });
  const R = decimalContext({ precision: P });
  const round = (x: Decimal) => new R(x).toSignificantDigits(P);
  const { a, d } = args(alpha, D, W);
  const m = positiveRoot(a.plus(d).minus(1), d, W);
  const qhat = a.div(m.plus(d));
  const mi = log1pDecimal(qhat, W).div(2).plus(a.div(2).times(log1pDecimal(m.div(d), W))).minus(qhat.times(m).div(2));
  const twoPiE = W.acos(-1).times(2).times(W.exp(1));
  const freeEntropy = mi.div(a).neg().minus(W.ln(twoPiE.times(d)).div(2));
  return {
    mmse: round(m),
    // q = q̂/(1 + q̂) (exact at the fixed point) keeps the digits of a tiny overlap that 1 − m would lose (D = 1e308).
    overlap: round(qhat.div(qhat.plus(1))),
    qhat: round(qhat),
    miPerDim: round(mi),
    miPerSample: round(mi.div(a)),
    genErrorNoisy: round(m.plus(d)),
    freeEntropy: round(freeEntropy),
  };
}

/** The ridge replica solution in high precision (fields as `RidgeReplica`). */
export interface RidgeReplicaDecimal {
  V: Decimal;
  m: Decimal;
  q: Decimal;
  testErrorNoisy: Decimal;
}

/**
 * Ridge at penalty λ on the effective GLM (s, ε_tot, Δ), Cui et al. 2023 eqs. 19–20, by the same closed
 * form as `ridgeReplica.ts`: V the positive root of λV² + (λ + α − 1)V − 1 = 0, m = √s V̂ V,
 * q from its linear equation, noisy error s + ε_tot + q − 2√s m + Δ.
 *
 * @throws {GlmParameterError} for α ≤ 0, λ ≤ 0, s < 0, ε_tot < 0, Δ < 0 or non-finite input.
 */
export function ridgeReplicaDecimal(
  alpha: Decimal.Value,
  lambda: Decimal.Value,
  teacher: { s: Decimal.Value; epsTot: Decimal.Value; Delta: Decimal.Value },
  opts?: PrecisionOptions,
): RidgeReplicaDecimal {
  const P = precisionOf(opts);
  const W = decimalContext({ precision: P + GUARD_DIGITS });
  const R = decimalContext({ precision: P });
  const round = (x: Decimal) => new R(x).toSignificantDigits(P);
  const num = (x: Decimal.Value, name: string, strict: boolean): Decimal => {
    let v: Decimal;
    try {
      v = toDecimal(x, W, name);
    } catch (e) {
      throw new GlmParameterError((e as Error).message);
    }
    if (strict ? !v.gt(0) : v.isNegative()) throw new GlmParameterError(`${name} must be ${strict ? 'positive' : '≥ 0'}, got ${v.toString()}`);
    return v;
  };
  const a = num(alpha, 'alpha', true);
  const l = num(lambda, 'lambda', true);
  const s = num(teacher.s, 's', false); // s = 0 (no linear signal) is allowed: the error is then (ε_tot + Δ)/(1 − κ)
  const eps = num(teacher.epsTot, 'epsTot', false);
  const Delta = num(teacher.Delta, 'Delta', false);
  // λV² + (λ+α−1)V − 1 = 0  ⇔  V² + bV − 1/λ = 0 with b = (λ+α−1)/λ.
  const V = positiveRoot(l.plus(a).minus(1).div(l), new W(1).div(l), W);
  const rs = W.sqrt(s);
  const onePlusV = V.plus(1);
  const Vhat = a.div(onePlusV);
  const mhat = rs.times(Vhat);
  const m = mhat.times(V);
  const kappa = a.times(V).times(V).div(onePlusV.times(onePlusV));
  const base = s.plus(eps).plus(Delta).minus(rs.times(m).times(2));
  const q = mhat.times(mhat).times(V).times(V).plus(kappa.times(base)).div(new W(1).minus(kappa));
  return { V: round(V), m: round(m), q: round(q), testErrorNoisy: round(base.plus(q)) };
}
