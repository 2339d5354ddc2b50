/**
 * Comparisons of Float64 results against high-precision references, for tests and reports.
 *
 * @module
 */
import type { Decimal } from 'decimal.js';
import { decimalContext, decimalFromFloat64, type DecimalCtor } from './decimal.ts';
import { EPS } from '../core/constants.ts';


/**
 * \( |\hat y - y| / |y| \) with ŷ a Float64 (converted exactly) and y the reference, computed in 40
 * digits and returned as a number. 0 when both are 0; +∞ when only y is 0; ŷ non-finite gives +∞.
 */
export function relativeError(approx: number, exact: Decimal): number {
  if (!Number.isFinite(approx)) return Infinity;
  const D = decimalContext({ precision: 40 });
  const y = new D(exact);
  const d = decimalFromFloat64(approx, { D }).minus(y).abs();
  if (y.isZero()) return d.isZero() ? 0 : Infinity;
  return d.div(y.abs()).toNumber();
}

/** \( |\hat y - y| \) (exact conversion of ŷ, 40 digits), as a number. */
export function absoluteError(approx: number, exact: Decimal): number {
  if (!Number.isFinite(approx)) return Infinity;
  const D = decimalContext({ precision: 40 });
  return decimalFromFloat64(approx, { D }).minus(new D(exact)).abs().toNumber();
}

/** Relative error in units of ε = 2⁻⁵² (the spacing of doubles in [1, 2)). */
export function relativeErrorEps(approx: number, exact: Decimal): number {
  return relativeError(approx, exact) / EPS;
}

/** |a − b| / |b| for two Decimals, as a number (0 if both are 0, +∞ if only b is). */
export function relativeDifference(a: Decimal, b: Decimal): number {
  const D = decimalContext({ precision: Math.max(40, (a.constructor as DecimalCtor).precision, (b.constructor as DecimalCtor).precision) });
  const x = new D(a);
  const y = new D(b);
  const d = x.minus(y).abs();
  if (y.isZero()) return d.isZero() ? 0 : Infinity;
  return d.div(y.abs()).toNumber();
}
