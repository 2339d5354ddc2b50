/**
 * High-precision erf and erfc in decimal.js (default 50 significant digits).
 *
 * Two independent algorithms, each run with {@link GUARD_DIGITS} guard digits:
 * - |x| < 3: the positive-term series (Abramowitz & Stegun 7.1.6; DLMF 7.6.2)
 *   \( \operatorname{erf}(x) = \frac{2}{\sqrt\pi} e^{-x^2} \sum_{n\ge0} \frac{2^n x^{2n+1}}{1\cdot3\cdots(2n+1)} \),
 *   free of the cancellation of the alternating Taylor series; erfc = 1 − erf with ⌈x²·log₁₀e⌉ extra
 *   digits to pay for the cancellation.
 * - |x| ≥ 3: the continued fraction (A&S 7.1.14; DLMF 7.9.2)
 *   \( \operatorname{erfc}(x) = \frac{e^{-x^2}}{\sqrt\pi}\cfrac{1}{x+\cfrac{1/2}{x+\cfrac{1}{x+\cfrac{3/2}{x+\cdots}}}} \),
 *   evaluated by the modified Lentz method (Press et al., *Numerical Recipes* 3rd ed. §5.2) until the
 *   relative change is below 10^{−(P+guard)}; for x > 0 its convergents alternate around the limit
 *   (an S-fraction), so the stopping rule bounds the error. erf = 1 − erfc.
 *
 * The two agree to the working precision on their overlap (checked in `properties/reference.test.ts`).
 *
 * @module
 */
import type { Decimal } from 'decimal.js';
import {
  decimalContext,
  GUARD_DIGITS,
  piOf,
  precisionOf,
  toDecimal,
  type DecimalCtor,
  type PrecisionOptions,
} from './decimal.ts';
import { DimensionError } from '../core/matrix.ts';

/** Below this |x| the series is used, at or above it the continued fraction. */
export const ERF_SERIES_LIMIT = 3;

/** Iteration cap of the continued fraction (at x = 3 and 1000 digits it needs ≈ 10⁴ terms). */
const MAX_TERMS = 1_000_000;

/**
 * erf(x) by the positive-term series, in the precision of `W` (no guard digits added here).
 * Exported for the overlap test against {@link erfcContinuedFraction}.
 */
export function erfSeries(x: Decimal, W: DecimalCtor): Decimal {
  const X = new W(x);
  if (X.isZero()) return new W(0);
  const x2 = X.times(X);
  const twoX2 = x2.times(2);
  let term = X;
  let sum = X;
  const eps = new W(10).pow(-W.precision);
  for (let n = 1; n < MAX_TERMS; n++) {
    term = term.times(twoX2).div(2 * n + 1);
    sum = sum.plus(term);
    if (term.abs().lte(sum.abs().times(eps))) break;
  }
  return sum.times(W.exp(x2.neg())).times(2).div(W.sqrt(piOf(W)));
}

/**
 * erfc(x) for x > 0 by the continued fraction (modified Lentz), in the precision of `W`.
 * Exported for the overlap test against {@link erfSeries}.
 *
 * @throws {DimensionError} if x ≤ 0 (the fraction is used only for x > 0).
 */
export function erfcContinuedFraction(x: Decimal, W: DecimalCtor): Decimal {
  const X = new W(x);
  if (!X.isPositive() || X.isZero()) throw new DimensionError(`erfcContinuedFraction needs x > 0, got ${X.toString()}`);
  const eps = new W(10).pow(-W.precision);
  const tiny = new W(10).pow(-2 * W.precision - 10);
  // g = x + a1/(x + a2/(x + …)), a_n = n/2; erfc = e^{−x²}/(√π g).
  let f = X;
  let c = X;
  let d = new W(0);
  let converged = false;
  for (let n = 1; n < MAX_TERMS; n++) {
    const a = new W(n).div(2);
    d = X.plus(a.times(d));
    if (d.isZero()) d = tiny;
    c = X.plus(a.div(c));
    if (c.isZero()) c = tiny;
    d = new W(1).div(d);
    const delta = c.times(d);
    f = f.times(delta);
    if (delta.minus(1).abs().lte(eps)) {
      converged = true;
      break;
    }
  }
  if (!converged) throw new DimensionError(`erfc continued fraction did not converge at x = ${X.toString()}`);
  return W.exp(X.times(X).neg()).div(W.sqrt(piOf(W)).times(f));
}

function erfcPositive(y: Decimal, precision: number): Decimal {
  // y > 0, result at `precision` digits plus guard.
  if (y.lt(ERF_SERIES_LIMIT)) {
    // 1 − erf loses log10(1/erfc(y)) < y²·log10(e) digits.
    const extra = Math.ceil(y.toNumber() ** 2 * Math.LOG10E) + 1;
    const W = decimalContext({ precision: precision + GUARD_DIGITS + extra });
    return new W(1).minus(erfSeries(y, W));
  }
  return erfcContinuedFraction(y, decimalContext({ precision: precision + GUARD_DIGITS }));
}

/**
 * High-precision error function \( \operatorname{erf}(x) = \frac{2}{\sqrt\pi}\int_0^x e^{-t^2}dt \).
 * A number argument is converted exactly (its binary value), see `decimalFromFloat64`.
 *
 * @param opts.precision significant digits of the result (default 50).
 * @throws {DimensionError} if x is not finite.
 */
export function erfDecimal(x: Decimal.Value, opts?: PrecisionOptions): Decimal {
  const P = precisionOf(opts);
  const D = decimalContext({ precision: P });
  const W = decimalContext({ precision: P + GUARD_DIGITS });
  const X = toDecimal(x, W, 'x');
  if (X.isZero()) return new D(0);
  const y = X.abs();
  let r: Decimal;
  if (y.lt(ERF_SERIES_LIMIT)) r = erfSeries(y, W);
  else r = new W(1).minus(erfcContinuedFraction(y, W));
  if (X.isNegative()) r = r.neg();
  return new D(r).toSignificantDigits(P);
}

/**
 * High-precision complementary error function erfc(x) = 1 − erf(x), accurate relatively in the
 * right tail (no cancellation). A number argument is converted exactly.
 *
 * @param opts.precision significant digits of the result (default 50).
 * @throws {DimensionError} if x is not finite.
 */
export function erfcDecimal(x: Decimal.Value, opts?: PrecisionOptions): Decimal {
  const P = precisionOf(opts);
  const D = decimalContext({ precision: P });
  const X = toDecimal(x, decimalContext({ precision: P + GUARD_DIGITS }), 'x');
  if (X.isZero()) return new D(1);
  const c = erfcPositive(X.abs(), P);
  const r = X.isNegative() ? new D(2).minus(c) : c;
  return new D(r).toSignificantDigits(P);
}

/**
 * High-precision scaled complementary error function erfcx(x) = e^{x²} erfc(x).
 *
 * @param opts.precision significant digits of the result (default 50).
 * @throws {DimensionError} if x is not finite.
 */
export function erfcxDecimal(x: Decimal.Value, opts?: PrecisionOptions): Decimal {
  const P = precisionOf(opts);
  const D = decimalContext({ precision: P });
  const W = decimalContext({ precision: P + GUARD_DIGITS });
  const X = toDecimal(x, W, 'x');
  const c = erfcDecimal(X, { precision: P + GUARD_DIGITS });
  return new D(W.exp(X.times(X)).times(c)).toSignificantDigits(P);
}
