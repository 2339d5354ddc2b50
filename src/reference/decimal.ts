/**
 * The decimal.js context of the high-precision reference: local `Decimal.clone`s at a requested
 * precision (the global `Decimal` configuration is never touched), exact conversion of Float64 values,
 * and the few constants the reference needs.
 *
 * Precision is a number of significant decimal digits (default {@link DEFAULT_PRECISION} = 50).
 * Reference routines work at the requested precision plus guard digits and round their result to the
 * requested precision.
 *
 * @module
 */
import * as decimalModule from 'decimal.js';
import type { Decimal } from 'decimal.js';
import { DimensionError } from '../core/matrix.ts';

/** Default number of significant digits of the reference. */
export const DEFAULT_PRECISION = 50;

/** Guard digits added by reference routines on top of the requested precision. */
export const GUARD_DIGITS = 10;

/** A decimal.js constructor (a clone with its own precision). */
export type DecimalCtor = Decimal.Constructor;

/** Options shared by the reference routines (and of {@link decimalContext}). */
export interface PrecisionOptions {
  /** Significant decimal digits of the result (an integer in [2, 10⁶]; default 50). */
  precision?: number;
}

// decimal.mjs has only a default export (the class) while decimal.d.ts is CommonJS-shaped, so
// TypeScript's NodeNext view of the default import differs from Node's: resolve it at run time.
function resolveDecimal(): DecimalCtor {
  const m = decimalModule as unknown as { default: DecimalCtor & { default?: DecimalCtor } };
  const c = typeof m.default.clone === 'function' ? m.default : m.default.default;
  if (c === undefined || typeof c.clone !== 'function') throw new Error('decimal.js: cannot find the Decimal class');
  return c;
}
const DecimalBase: DecimalCtor = resolveDecimal();

const contexts = new Map<number, DecimalCtor>();

/**
 * A decimal.js constructor with `precision` significant digits (default {@link DEFAULT_PRECISION}) and
 * round-half-even. Clones are memoised by precision (a clone is immutable once made, so this is invisible to callers).
 *
 * @throws {DimensionError} unless 2 ≤ precision ≤ 10⁶ is an integer.
 */
export function decimalContext(options: PrecisionOptions = {}): DecimalCtor {
  const { precision = DEFAULT_PRECISION } = options;
  if (!Number.isInteger(precision) || precision < 2 || precision > 1e6) {
    throw new DimensionError(`precision must be an integer in [2, 1e6], got ${precision}`);
  }
  let D = contexts.get(precision);
  if (D === undefined) {
    D = DecimalBase.clone({ precision, rounding: DecimalBase.ROUND_HALF_EVEN, toExpNeg: -30, toExpPos: 30 });
    contexts.set(precision, D);
  }
  return D;
}

/** Reads `opts.precision` with its default, validated. */
export function precisionOf(opts?: PrecisionOptions): number {
  const p = opts?.precision ?? DEFAULT_PRECISION;
  decimalContext({ precision: p });
  return p;
}

const f64 = new Float64Array(1);
const u64 = new BigUint64Array(f64.buffer);

/** Options of {@link decimalFromFloat64}. */
export interface DecimalFromFloat64Options {
  /** The decimal.js constructor of the result (default `decimalContext()`, 50 digits). */
  D?: DecimalCtor;
  /** The argument's name in the error message (default `'x'`). */
  name?: string;
}

/**
 * The exact decimal value of a finite Float64 (every binary64 number is a terminating decimal),
 * as a Decimal of constructor `D` (not rounded: the constructor keeps every digit).
 * `new Decimal(0.1)` would instead give the *shortest round-trip* string 0.1, which differs from the
 * double by up to half an ulp; the tails of Φ amplify that by x², hence this routine.
 *
 * @throws {DimensionError} if x is not finite.
 */
export function decimalFromFloat64(x: number, options: DecimalFromFloat64Options = {}): Decimal {
  const { D = decimalContext(), name = 'x' } = options;
  if (!Number.isFinite(x)) throw new DimensionError(`${name} must be finite, got ${x}`);
  if (x === 0) return new D(0);
  f64[0] = x;
  const bits = u64[0];
  const neg = bits >> 63n === 1n;
  const bexp = Number((bits >> 52n) & 0x7ffn);
  const frac = bits & 0xfffffffffffffn;
  // x = ±m·2^e with m an integer.
  const m = bexp === 0 ? frac : frac | 0x10000000000000n;
  const e = bexp === 0 ? -1074 : bexp - 1075;
  let s: string;
  if (e >= 0) s = (m << BigInt(e)).toString();
  else s = `${(m * 5n ** BigInt(-e)).toString()}e${e}`; // m·2^e = m·5^{−e}·10^{e}
  return new D(neg ? `-${s}` : s);
}

/**
 * Converts a number (exactly, see {@link decimalFromFloat64}), a decimal string or a Decimal of any
 * clone to a Decimal of constructor `D`, checking that it is finite.
 *
 * @throws {DimensionError} naming `name` if the value is NaN, infinite or not a number.
 */
export function toDecimal(x: Decimal.Value, D: DecimalCtor, name = 'x'): Decimal {
  if (typeof x === 'number') return decimalFromFloat64(x, { D, name });
  let d: Decimal;
  try {
    d = new D(x);
  } catch {
    throw new DimensionError(`${name} is not a valid number: ${String(x)}`);
  }
  if (!d.isFinite()) throw new DimensionError(`${name} must be finite, got ${d.toString()}`);
  return d;
}

/** π at the precision of `D`. */
export function piOf(D: DecimalCtor): Decimal {
  return D.acos(-1);
}

/**
 * \( \ln(1+u) \) for u > −1 in the precision of `D`, without the cancellation of forming 1 + u:
 * the sum is formed with extra digits log₁₀(1/|u|) so that it is exact to the precision of `D`.
 */
export function log1pDecimal(u: Decimal, D: DecimalCtor): Decimal {
  if (u.isZero()) return new D(0);
  if (u.lte(-1)) throw new DimensionError(`log1p needs u > −1, got ${u.toString()}`);
  const extra = u.abs().lt(1) ? Math.max(0, -u.abs().e) + 2 : 0;
  const W = decimalContext({ precision: D.precision + extra });
  return new D(W.ln(new W(u).plus(1))).toSignificantDigits(D.precision);
}

/** Rounds `x` to `precision` significant digits in the context of that precision. */
export function roundTo(x: Decimal, precision: number): Decimal {
  const D = decimalContext({ precision });
  return new D(x).toSignificantDigits(precision);
}

/** The decimal.js instance type, re-exported for callers of the reference. */
export type { Decimal };

/**
 * tanh x at the precision of D, fast at every magnitude: decimal.js's own tanh takes ~0.4 s at |x| = 5·10⁴ (it
 * expands sinh and cosh), while \( \tanh|x| = 1 - 2/(e^{2|x|}+1) \) needs one exp and loses no digit for |x| ≥ 1
 * (the result is ≥ tanh 1 = 0.76). Beyond |x| > (P + 5)·ln10/2 the correction 2e^{−2|x|} is below 10^{−(P+5)} and
 * ±1 is returned. Below |x| < 1 decimal.js's series is used (fast there, and free of the cancellation of 1 − 2/(…)).
 */
export function tanhDecimal(x: Decimal, D: DecimalCtor): Decimal {
  const a = x.abs();
  if (a.lt(1)) return D.tanh(x);
  const one = new D(1);
  if (a.gt(((D.precision + 5) * Math.LN10) / 2)) return x.isNegative() ? one.neg() : one;
  const t = one.minus(new D(2).div(D.exp(a.times(2)).plus(1)));
  return x.isNegative() ? t.neg() : t;
}
