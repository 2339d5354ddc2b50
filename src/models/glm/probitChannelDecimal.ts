/**
 * High-precision (decimal.js) versions of the probit-channel replica formulas of `probitChannel.ts`:
 * the conjugate overlap q̂(m), the fixed point m = 1/(1 + q̂(m)), the mutual information and the 0-1
 * error (deep-gaussian-equivalence.md §5; Barbier et al., PNAS 2019).
 *
 * Quadrature: the reference rule `reference/quadrature.ts` (trapezoid, adaptive, error below
 * 10^{−(P+5)} of the integral's L¹ size) applied to the same exact change of measure as the Float64
 * side (`normalExpectation.ts`): for a ~ N(0, r) with r > 1 the integral is taken in a itself against
 * the N(0, 1) weight, \( \mathbb E F(a) = \mathbb E_g[F(g)\,r^{-1/2}e^{(1-1/r)g^2/2}] \).
 * The integrands are even, so their values are memoised by |x|.
 *
 * Fixed point: Brent's method (`reference/fixedPoint.ts`, `brentDecimal`) on
 * \( G(m) = 1/(1+\hat q(m)) - m \), a strictly decreasing function (the map is increasing with slope
 * < 1), on a bracket around the Float64 fixed point that is widened until G changes sign: the sign
 * change certifies the root, the Float64 value only supplies the bracket.
 *
 * @module
 */
import type { Decimal } from 'decimal.js';
import { decimalContext, GUARD_DIGITS, log1pDecimal, precisionOf, toDecimal, type DecimalCtor, type PrecisionOptions } from '../../reference/decimal.ts';
import { brentDecimal } from '../../reference/fixedPoint.ts';
import { normalCdfDecimal, normalPdfDecimal } from '../../reference/normal.ts';
import { gaussianExpectationDecimal } from '../../reference/quadrature.ts';
import { GlmParameterError } from './gaussianChannel.ts';
import { probitFixedPoint } from './probitChannel.ts';

/** The probit quantities in high precision. */
export interface ProbitChannelDecimal {
  mmse: Decimal;
  overlap: Decimal;
  qhat: Decimal;
  miPerDim: Decimal;
  miPerSample: Decimal;
  classError: Decimal;
  /** Number of evaluations of q̂ by the root finder (bracketing included). */
  evaluations: number;
}

function even(F: (ax: Decimal) => Decimal): (x: Decimal) => Decimal {
  const memo = new Map<string, Decimal>();
  return (x) => {
    const ax = x.abs();
    const key = ax.toString();
    let v = memo.get(key);
    if (v === undefined) {
      v = F(ax);
      memo.set(key, v);
    }
    return v;
  };
}

/**
 * \( \mathbb E_{a\sim N(0,r)} F(a) \) in high precision for an even, O(1)-scaled integrand F (given on
 * a ≥ 0), with the change of measure of the module comment for r > 1; r = 0 gives F(0).
 */
export function normalExpectationDecimal(F: (ax: Decimal) => Decimal, r: Decimal, P: number): Decimal {
  const W = decimalContext(P + GUARD_DIGITS);
  if (r.isZero()) return F(new W(0));
  if (r.lte(1)) return gaussianExpectationDecimal(even(F), r, { precision: P }).value;
  const c = new W(1).minus(new W(1).div(r)).div(2);
  const k = new W(1).div(W.sqrt(r));
  const G = even((g) => {
    const Wg = g.constructor as DecimalCtor;
    return new Wg(F(g)).times(k).times(Wg.exp(c.times(g).times(g)));
  });
  return gaussianExpectationDecimal(G, 1, { precision: P }).value;
}

/** N(a)²/(Φ(a)Φ(−a)) at a ≥ 0, with Φ(−a) from the tail-accurate reference and Φ(a) = 1 − Φ(−a) ≥ ½. */
function outputIntegrand(a: Decimal): Decimal {
  const Wa = a.constructor as DecimalCtor;
  const opts = { precision: Wa.precision };
  const p = new Wa(normalCdfDecimal(a.neg(), opts));
  const n = new Wa(normalPdfDecimal(a, opts));
  return n.times(n).div(p.times(new Wa(1).minus(p)));
}

/** h₂(Φ(a)) at a ≥ 0 (nats), on the small side p = Φ(−a): −p ln p − (1−p) log1p(−p). */
function entropyIntegrand(a: Decimal): Decimal {
  const Wa = a.constructor as DecimalCtor;
  const p = new Wa(normalCdfDecimal(a.neg(), { precision: Wa.precision }));
  if (p.isZero()) return new Wa(0);
  return p.times(Wa.ln(p)).neg().minus(new Wa(1).minus(p).times(log1pDecimal(p.neg(), Wa)));
}

function checkArgs(alpha: Decimal.Value, D: Decimal.Value, W: DecimalCtor): { a: Decimal; d: Decimal } {
  let a: Decimal;
  let d: Decimal;
  try {
    a = toDecimal(alpha, W, 'alpha');
    d = toDecimal(D, W, 'D');
  } catch (e) {
    throw new GlmParameterError(`alpha and D must be finite numbers: ${(e as Error).message}`);
  }
  if (!a.gt(0)) throw new GlmParameterError(`alpha (the sample ratio n/d) must be positive, got ${a.toString()}`);
  if (d.isNegative()) throw new GlmParameterError(`D (the noise variance of the probit channel) must be ≥ 0, got ${d.toString()}`);
  return { a, d };
}

/**
 * \( \hat q(m) = \frac{\alpha}{m+D}\,\mathbb E_{a\sim N(0,(1-m)/(m+D))}\frac{N(a)^2}{\Phi(a)\Phi(-a)} \) in high precision.
 *
 * @throws {GlmParameterError} for α ≤ 0, D < 0, m ∉ (0, 1].
 */
export function probitQhatDecimal(m: Decimal.Value, alpha: Decimal.Value, D: Decimal.Value, opts?: PrecisionOptions): Decimal {
  const P = precisionOf(opts);
  const W = decimalContext(P + GUARD_DIGITS);
  const { a, d } = checkArgs(alpha, D, W);
  const M = toDecimal(m, W, 'm');
  if (!M.gt(0) || M.gt(1)) throw new GlmParameterError(`m (the MMSE 1 − q) must lie in (0, 1], got ${M.toString()}`);
  const r = new W(1).minus(M).div(M.plus(d));
  return new W(a.div(M.plus(d)).times(normalExpectationDecimal(outputIntegrand, r, P)));
}

/**
 * Every probit quantity in high precision: the RS fixed point m (Brent on a certified bracket, module
 * comment), q = 1 − m, q̂, the MI per dimension
 * \( \tfrac12\log(1+\hat q) - \tfrac12\hat q m + \alpha[\mathbb E h_2(\Phi(\sqrt q W/\sqrt{m+D})) - \mathbb E h_2(\Phi(Z/\sqrt D))] \)
 * and per sample, and the 0-1 error \( \frac1\pi\arcsin\sqrt{(m+D)/(1+D)} \).
 *
 * @throws {GlmParameterError} for α ≤ 0, D < 0 or non-finite input.
 */
export function probitChannelDecimal(alpha: Decimal.Value, D: Decimal.Value, opts?: PrecisionOptions): ProbitChannelDecimal {
  const P = precisionOf(opts);
  const W = decimalContext(P + GUARD_DIGITS);
  const R = decimalContext(P);
  const round = (x: Decimal) => new R(x).toSignificantDigits(P);
  const { a, d } = checkArgs(alpha, D, W);
  let evaluations = 0;
  const G = (m: Decimal): Decimal => {
    evaluations++;
    const Wm = decimalContext(P + GUARD_DIGITS);
    return new Wm(1).div(probitQhatDecimal(m, a, d, { precision: P + 2 }).plus(1)).minus(m);
  };
  const m64 = probitFixedPoint(a.toNumber(), d.toNumber()).mmse;
  let delta = 1e-9;
  let lo = new W(m64).times(1 - delta);
  let hi = W.min(new W(1), new W(m64).times(1 + delta));
  let glo = G(lo);
  let ghi = hi.eq(1) ? new W(-1) : G(hi);
  while (!(glo.gte(0) && ghi.lte(0))) {
    if (delta >= 0.5) throw new GlmParameterError(`probit fixed point: no sign change of G on [${lo.toString()}, ${hi.toString()}]`);
    delta = Math.min(0.5, delta * 1000);
    if (!glo.gte(0)) {
      lo = new W(m64).times(1 - delta);
      glo = G(lo);
    }
    if (!ghi.lte(0)) {
      hi = W.min(new W(1), new W(m64).times(1 + delta));
      ghi = hi.eq(1) ? new W(-1) : G(hi);
    }
  }
  const root = brentDecimal(G, lo, hi, { precision: P + 2, tol: new W(10).pow(-(P + 2)) });
  const m = new W(root.root);
  const qhat = probitQhatDecimal(m, a, d, { precision: P + 2 });
  const outH = normalExpectationDecimal(entropyIntegrand, new W(1).minus(m).div(m.plus(d)), P + 2);
  const noiseH = d.isZero() ? new W(0) : normalExpectationDecimal(entropyIntegrand, new W(1).div(d), P + 2);
  const mi = log1pDecimal(qhat, W).div(2).minus(qhat.times(m).div(2)).plus(a.times(new W(outH).minus(noiseH)));
  const classError = W.asin(W.sqrt(m.plus(d).div(d.plus(1)))).div(W.acos(-1));
  return {
    mmse: round(m),
    overlap: round(new W(1).minus(m)),
    qhat: round(qhat),
    miPerDim: round(mi),
    miPerSample: round(mi.div(a)),
    classError: round(classError),
    evaluations,
  };
}
