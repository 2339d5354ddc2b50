/**
 * High-precision standard normal density, CDF and log-CDF in decimal.js (default 50 digits).
 *
 * Φ(x) = ½ erfc(−x/√2) (A&S 26.2.29) with erfc from `./erf.ts`. The division by √2 is done with
 * ⌈log₁₀(1 + x²)⌉ extra digits, because the relative condition number of erfc at y is ≈ 2y² = x².
 * log Φ(x) = ln Φ(x) for x ≤ 0 and ln(1 − Φ(−x)) via {@link log1pDecimal} for x > 0.
 *
 * @module
 */
import type { Decimal } from 'decimal.js';
import { erfcDecimal } from './erf.ts';
import { decimalContext, GUARD_DIGITS, log1pDecimal, piOf, precisionOf, toDecimal, type PrecisionOptions } from './decimal.ts';

function extraDigits(x: Decimal): number {
  // log10(1 + x²) digits are lost to the condition number of erfc at x/√2.
  const ax = Math.min(x.abs().toNumber(), 1e150);
  return Math.ceil(Math.log10(1 + ax * ax)) + 1;
}

/**
 * High-precision standard normal density \( \varphi(x) = e^{-x^2/2}/\sqrt{2\pi} \).
 * A number argument is converted exactly.
 *
 * @throws {DimensionError} if x is not finite.
 */
export function normalPdfDecimal(x: Decimal.Value, opts?: PrecisionOptions): Decimal {
  const P = precisionOf(opts);
  const W = decimalContext({ precision: P + GUARD_DIGITS });
  const X = toDecimal(x, W, 'x');
  const r = W.exp(X.times(X).div(-2)).div(W.sqrt(piOf(W).times(2)));
  return new (decimalContext({ precision: P }))(r).toSignificantDigits(P);
}

/**
 * High-precision standard normal CDF \( \Phi(x) = \tfrac12\operatorname{erfc}(-x/\sqrt2) \), accurate
 * relatively in both tails. A number argument is converted exactly.
 *
 * @throws {DimensionError} if x is not finite.
 */
export function normalCdfDecimal(x: Decimal.Value, opts?: PrecisionOptions): Decimal {
  const P = precisionOf(opts);
  const X0 = toDecimal(x, decimalContext({ precision: P + GUARD_DIGITS }), 'x');
  const W = decimalContext({ precision: P + GUARD_DIGITS + extraDigits(X0) });
  const y = new W(X0).neg().div(W.sqrt(2));
  const r = erfcDecimal(y, { precision: P + GUARD_DIGITS }).div(2);
  return new (decimalContext({ precision: P }))(r).toSignificantDigits(P);
}

/**
 * High-precision \( \log\Phi(x) \), accurate relatively on the whole line (ln(1 − Φ(−x)) without
 * cancellation for x > 0). A number argument is converted exactly.
 *
 * @throws {DimensionError} if x is not finite.
 */
export function logNormalCdfDecimal(x: Decimal.Value, opts?: PrecisionOptions): Decimal {
  const P = precisionOf(opts);
  const W = decimalContext({ precision: P + GUARD_DIGITS });
  const X = toDecimal(x, W, 'x');
  let r: Decimal;
  if (X.lte(0)) r = W.ln(normalCdfDecimal(X, { precision: P + GUARD_DIGITS }));
  else r = log1pDecimal(normalCdfDecimal(X.neg(), { precision: P + GUARD_DIGITS }).neg(), W);
  return new (decimalContext({ precision: P }))(r).toSignificantDigits(P);
}
