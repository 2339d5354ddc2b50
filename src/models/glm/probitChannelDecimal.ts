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
 * Fixed point: \( G(m) = 1/(1+\hat q(m)) - m \) is strictly decreasing (the map is increasing with
 * slope < 1). Secant steps from the Float64 fixed point reach the working precision in 2–3 evaluations;
 * the root is then certified by a sign change of G on [m(1 − 10^{−P}), m(1 + 10^{−P})]. Should the
 * certificate fail, Brent's method (`reference/fixedPoint.ts`) runs on a bracket widened from the Float64
 * value until G changes sign. The Float64 value only supplies the start.
 * Integrands are evaluated with P + 3 digits (the quadrature's tolerance is 10^{−(P+5)} of its L¹ size,
 * and the integrands are positive, so P + 3 correct digits per node suffice).
 *
 * @module
 */
import type { Decimal } from 'decimal.js';
import { decimalContext, GUARD_DIGITS, log1pDecimal, precisionOf, toDecimal, type DecimalCtor, type PrecisionOptions } from '../../reference/decimal.ts';
import { brentDecimal } from '../../reference/fixedPoint.ts';
import { erfDecimal } from '../../reference/erf.ts';
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
  const W = decimalContext({ precision: P + GUARD_DIGITS });
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
  const opts = { precision: Wa.precision - GUARD_DIGITS + 3 };
  const p = new Wa(normalCdfDecimal(a.neg(), opts));
  const n = new Wa(normalPdfDecimal(a, opts));
  return n.times(n).div(p.times(new Wa(1).minus(p)));
}

/** h₂(Φ(a)) at a ≥ 0 (nats), on the small side p = Φ(−a): −p ln p − (1−p) log1p(−p). */
function entropyIntegrand(a: Decimal): Decimal {
  const Wa = a.constructor as DecimalCtor;
  const p = new Wa(normalCdfDecimal(a.neg(), { precision: Wa.precision - GUARD_DIGITS + 3 }));
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
  const W = decimalContext({ precision: P + GUARD_DIGITS });
  const { a, d } = checkArgs(alpha, D, W);
  const M = toDecimal(m, W, 'm');
  if (!M.gt(0) || M.gt(1)) throw new GlmParameterError(`m (the MMSE 1 − q) must lie in (0, 1], got ${M.toString()}`);
  const r = new W(1).minus(M).div(M.plus(d));
  return new W(a.div(M.plus(d)).times(normalExpectationDecimal(outputIntegrand, r, P)));
}

/**
 * The root of the decreasing function G near the Float64 estimate m64: secant steps until the step is
 * below 10^{−(P+1)}·m, then a certificate G(m(1 − 10^{−P})) ≥ 0 ≥ G(m(1 + 10^{−P})); if the certificate
 * fails, Brent's method on a bracket widened from m64 until G changes sign.
 */
function solveFixedPoint(G: (m: Decimal) => Decimal, m64: Decimal, P: number, W: DecimalCtor): Decimal {
  const tol = new W(10).pow(-(P + 1));
  let x0 = m64;
  let g0 = G(x0);
  let x1 = W.min(new W(1), m64.times(new W(1).plus(new W(10).pow(-10))));
  let g1 = x1.eq(1) ? new W(-1) : G(x1);
  for (let k = 0; k < 8 && !g1.isZero() && !g1.eq(g0); k++) {
    const x2 = x1.minus(g1.times(x1.minus(x0)).div(g1.minus(g0)));
    if (!x2.gt(0) || x2.gt(1)) break;
    x0 = x1;
    g0 = g1;
    x1 = x2;
    if (x1.minus(x0).abs().lte(tol.times(x1))) break;
    g1 = G(x1);
  }
  const eps = new W(10).pow(-P);
  const lo = x1.times(new W(1).minus(eps));
  const hi = W.min(new W(1), x1.times(new W(1).plus(eps)));
  if (G(lo).gte(0) && (hi.eq(1) || G(hi).lte(0))) return x1;
  // Fallback: Brent on a certified bracket.
  let delta = 1e-9;
  let a = m64.times(1 - delta);
  let b = W.min(new W(1), m64.times(1 + delta));
  let ga = G(a);
  let gb = b.eq(1) ? new W(-1) : G(b);
  while (!(ga.gte(0) && gb.lte(0))) {
    if (delta >= 0.5) throw new GlmParameterError(`probit fixed point: no sign change of G on [${a.toString()}, ${b.toString()}]`);
    delta = Math.min(0.5, delta * 1000);
    if (!ga.gte(0)) {
      a = m64.times(1 - delta);
      ga = G(a);
    }
    if (!gb.lte(0)) {
      b = W.min(new W(1), m64.times(1 + delta));
      gb = b.eq(1) ? new W(-1) : G(b);
    }
  }
  return new W(brentDecimal(G, a, b, { precision: P + 2, tol: new W(10).pow(-(P + 2)) }).root);
}

/** ln 2 − h₂(Φ(a)) at a ≥ 0, cancellation-free (the series of `probitEntropyDeficit` for u = erf(a/√2) < ½). */
function deficitIntegrand(a: Decimal): Decimal {
  const Wa = a.constructor as DecimalCtor;
  const u = new Wa(erfDecimal(a.div(Wa.sqrt(2)), { precision: Wa.precision - GUARD_DIGITS + 3 }));
  if (u.gte(0.5)) return Wa.ln(2).minus(entropyIntegrand(a));
  if (u.isZero()) return new Wa(0);
  const u2 = u.times(u);
  const stop = new Wa(10).pow(-(Wa.precision + 2));
  let term = u2;
  let sum = new Wa(0);
  for (let k = 1; k < 10_000; k++) {
    const t = term.div(k * (2 * k - 1));
    sum = sum.plus(t);
    if (t.lte(sum.times(stop))) break;
    term = term.times(u2);
  }
  return sum.div(2);
}

/**
 * \( G(r) = \mathbb E_{x\sim N(0,r)}[\ln 2 - h_2(\Phi(x))] \) in high precision (r = ∞ allowed: ln 2), as
 * `probitEntropyGap` of `probitChannel.ts`: the cancellation-free integrand for r ≤ 1, ln 2 − E h₂(Φ(x)) beyond.
 */
export function probitEntropyGapDecimal(r: Decimal, P: number): Decimal {
  const W = decimalContext({ precision: P + GUARD_DIGITS });
  if (!r.isFinite()) return W.ln(2);
  if (r.lte(1)) return new W(normalExpectationDecimal(deficitIntegrand, r, P));
  return W.ln(2).minus(normalExpectationDecimal(entropyIntegrand, r, P));
}

/**
 * Every probit quantity in high precision: the RS fixed point (module comment; solved in q when q < ½, so that a tiny
 * overlap keeps its digits — at D = 1e308, m = 1 − 1e-308 is 1 at any reasonable precision — and in m otherwise),
 * q̂, the MI per dimension
 * \( \tfrac12\log(1+\hat q) - \tfrac12\hat q m + \alpha[G(1/D) - G(q/(m+D))] \) (the entropy difference of
 * `probitMutualInformation` written through the gap G = ln 2 − E h₂, free of cancellation)
 * and per sample, and the 0-1 error \( \frac1\pi\arcsin\sqrt{(m+D)/(1+D)} \).
 *
 * @throws {GlmParameterError} for α ≤ 0, D < 0 or non-finite input.
 */
export function probitChannelDecimal(alpha: Decimal.Value, D: Decimal.Value, opts?: PrecisionOptions): ProbitChannelDecimal {
  const P = precisionOf(opts);
  const W = decimalContext({ precision: P + GUARD_DIGITS });
  const R = decimalContext({ precision: P });
  const round = (x: Decimal) => new R(x).toSignificantDigits(P);
  const { a, d } = checkArgs(alpha, D, W);
  const one = new W(1);
  let evaluations = 0;
  const qhatAt = (q: Decimal, m: Decimal): Decimal => new W(a.div(m.plus(d)).times(normalExpectationDecimal(outputIntegrand, q.div(m.plus(d)), P + 2)));
  const fp64 = probitFixedPoint(a.toNumber(), d.toNumber());
  let m: Decimal;
  let q: Decimal;
  if (fp64.overlap < 0.5) {
    const F = (x: Decimal): Decimal => {
      evaluations++;
      const qh = qhatAt(x, one.minus(x));
      return qh.div(qh.plus(1)).minus(x);
    };
    q = solveFixedPoint(F, new W(fp64.overlap), P, W);
    m = one.minus(q);
  } else {
    const G = (x: Decimal): Decimal => {
      evaluations++;
      return one.div(qhatAt(one.minus(x), x).plus(1)).minus(x);
    };
    m = solveFixedPoint(G, new W(fp64.mmse), P, W);
    q = one.minus(m);
  }
  const qhat = qhatAt(q, m);
  const gapNoise = d.isZero() ? W.ln(2) : probitEntropyGapDecimal(one.div(d), P + 2);
  const gapOut = probitEntropyGapDecimal(q.div(m.plus(d)), P + 2);
  const mi = log1pDecimal(qhat, W).div(2).minus(qhat.times(m).div(2)).plus(a.times(new W(gapNoise).minus(gapOut)));
  const classError = W.asin(W.sqrt(m.plus(d).div(d.plus(1)))).div(W.acos(-1));
  return {
    mmse: round(m),
    overlap: round(q),
    qhat: round(qhat),
    miPerDim: round(mi),
    miPerSample: round(mi.div(a)),
    classError: round(classError),
    evaluations,
  };
}
