/**
 * The standard normal distribution in Float64: density, CDF Φ, log Φ and the quantile Φ⁻¹, all
 * accurate relatively far into the tails.
 *
 * Φ(x) = ½ erfc(−x/√2). Forming −x/√2 in floating point and calling erfc would cost a relative
 * error ≈ x²·ε (the condition number of erfc at y is 2y²), i.e. 1.6e-13 at x = −38. Instead, for
 * x < −0.6629 (|x|/√2 > 0.46875), \( \Phi(x) = \tfrac12\operatorname{erfcx}(-x/\sqrt2)\,e^{-x^2/2} \):
 * erfcx is well conditioned (relative condition ≈ 1), and e^{−x²/2} is formed from x exactly
 * (split x = s + t with s = ⌊16x⌋/16, s² exact). This keeps Φ(−38) ≈ 2.9e-316 (subnormal) accurate
 * to the subnormal resolution, and every normal-range Φ(x) to a few ε.
 *
 * @module
 */
import { erf, erfcx } from './erf.ts';
import { HALF_LOG_2PI, INV_SQRT_2PI } from './constants.ts';
import { DimensionError } from './errors.ts';

/** |x|/√2 ≤ 0.46875 ⇔ |x| ≤ 0.6629126073623883: the range where Cody uses the erf series. */
const SMALL = 0.6629126073623883;

function checkArg(x: number, fn: string, name = 'x'): void {
  if (x !== x) throw new DimensionError(`${fn}: argument ${name} is NaN`);
}

/** e^{−700}, a normal double: the subnormal range starts at e^{−708.4}. */
const EXP_M700 = Math.exp(-700);

/**
 * c·e^{−y²/2} for y ≥ 0 and 0 < c ≲ 1, with y² split so that its rounding never enters (see module
 * comment), and with the factor e^{−700} applied last when the result may be subnormal, so that the
 * only rounding into the subnormal range is the final one.
 */
function scaledExpNegHalfSquare(c: number, y: number): number {
  const s = Math.trunc(y * 16) / 16;
  const t = (y - s) * (y + s);
  const hs = 0.5 * s * s; // exact: 16s is an integer < 2^26 for y < 2^22 (beyond, the result is 0 anyway)
  if (hs > 700) return c * Math.exp(700 - hs) * Math.exp(-0.5 * t) * EXP_M700;
  return c * Math.exp(-hs) * Math.exp(-0.5 * t);
}

/**
 * Standard normal density \( \varphi(x) = e^{-x^2/2}/\sqrt{2\pi} \), accurate relatively for all x
 * (no rounding of x² enters the exponent).
 *
 * @throws {DimensionError} if x is NaN.
 */
export function normalPdf(x: number): number {
  checkArg(x, 'normalPdf');
  if (x === Infinity || x === -Infinity) return 0;
  return scaledExpNegHalfSquare(INV_SQRT_2PI, Math.abs(x));
}

/** Φ(x) for x < −SMALL: ½·erfcx(|x|/√2)·e^{−x²/2}. */
function lowerTail(y: number): number {
  // y = |x| > SMALL
  return scaledExpNegHalfSquare(0.5 * erfcx(y * Math.SQRT1_2), y);
}

/**
 * Standard normal CDF \( \Phi(x) = \tfrac12\operatorname{erfc}(-x/\sqrt2) \), relative error ≤ a few ε
 * for every x whose Φ is a normal double (x ≳ −37.5); Φ(−∞) = 0, Φ(+∞) = 1.
 * Source: Cody (1969) erfc/erfcx (`erf.ts`), with the tail split described in the module comment.
 *
 * @throws {DimensionError} if x is NaN.
 */
export function normalCdf(x: number): number {
  checkArg(x, 'normalCdf');
  if (x === -Infinity) return 0;
  if (x === Infinity) return 1;
  if (x < -SMALL) return lowerTail(-x);
  if (x <= SMALL) return 0.5 + 0.5 * erf(x * Math.SQRT1_2);
  return 1 - lowerTail(x);
}

/**
 * Upper tail \( 1-\Phi(x) = \Phi(-x) \), relative accuracy as {@link normalCdf} for large x.
 *
 * @throws {DimensionError} if x is NaN.
 */
export function normalSf(x: number): number {
  checkArg(x, 'normalSf');
  return normalCdf(-x);
}

/**
 * \( \log\Phi(x) \), accurate relatively on the whole line:
 * - x < 0: \( \log\Phi(x) = \log(\tfrac12\operatorname{erfcx}(-x/\sqrt2)) - x^2/2 \), a sum of two
 *   negative terms (no cancellation), finite far beyond the underflow of Φ (≈ −x²/2 for x → −∞);
 * - x ≥ 0: \( \log\Phi(x) = \operatorname{log1p}(-\Phi(-x)) \) (≈ −Φ(−x) for x → +∞).
 *
 * @throws {DimensionError} if x is NaN.
 */
export function logNormalCdf(x: number): number {
  checkArg(x, 'logNormalCdf');
  if (x === -Infinity) return -Infinity;
  if (x < -SMALL) return Math.log(0.5 * erfcx(-x * Math.SQRT1_2)) - 0.5 * x * x;
  if (x < 0) return Math.log(0.5 + 0.5 * erf(x * Math.SQRT1_2));
  return Math.log1p(-normalCdf(-x));
}

/** \( \log\varphi(x) = -x^2/2 - \tfrac12\log 2\pi \). @throws {DimensionError} if x is NaN. */
export function logNormalPdf(x: number): number {
  checkArg(x, 'logNormalPdf');
  return -0.5 * x * x - HALF_LOG_2PI;
}

// Wichura, AS 241 (PPND16), Appl. Statist. 37 (1988) 477–484: |relative error| ≲ 1e-16 in exact arithmetic.
// Coefficients written as the shortest decimals that round to the same doubles as the published 20-digit values.
const A = [
  3.3871328727963665, 133.14166789178438, 1971.5909503065513, 13731.69376550946,
  45921.95393154987, 67265.7709270087, 33430.57558358813, 2509.0809287301227,
] as const;
const B = [
  1, 42.31333070160091, 687.1870074920579, 5394.196021424751, 21213.794301586597,
  39307.89580009271, 28729.085735721943, 5226.495278852854,
] as const;
const C = [
  1.4234371107496835, 4.630337846156546, 5.769497221460691, 3.6478483247632045,
  1.2704582524523684, 0.2417807251774506, 0.022723844989269184, 0.0007745450142783414,
] as const;
const D = [
  1, 2.053191626637759, 1.6763848301838038, 0.6897673349851, 0.14810397642748008,
  0.015198666563616457, 0.0005475938084995345, 1.0507500716444169e-9,
] as const;
const E = [
  6.657904643501103, 5.463784911164114, 1.7848265399172913, 0.29656057182850487,
  0.026532189526576124, 0.0012426609473880784, 0.000027115555687434876, 2.0103343992922881e-7,
] as const;
const F = [
  1, 0.599832206555888, 0.1369298809227358, 0.014875361290850615, 0.0007868691311456133,
  0.000018463183175100548, 1.421511758316446e-7, 2.0442631033899397e-15,
] as const;

function ratio(num: readonly number[], den: readonly number[], r: number): number {
  let n = num[7];
  let d = den[7];
  for (let i = 6; i >= 0; i--) {
    n = n * r + num[i];
    d = d * r + den[i];
  }
  return n / d;
}

/** AS 241 for the lower tail: the x < 0 with Φ(x) = p, given 0 < p ≤ 0.5 (or central q = p − ½). */
function as241(p: number, lowerTailP: number): number {
  const q = p - 0.5;
  if (Math.abs(q) <= 0.425) return q * ratio(A, B, 0.180625 - q * q);
  let r = Math.sqrt(-Math.log(lowerTailP));
  let x: number;
  if (r <= 5) {
    r -= 1.6;
    x = ratio(C, D, r);
  } else {
    r -= 5;
    x = ratio(E, F, r);
  }
  return -x;
}

/**
 * One Halley step on Φ(x) = target for the quantile, with the residual formed in the tail where it
 * is small: e = Φ(x) − p for x ≤ 0, e = (1 − p) − Φ(−x) for x > 0 (the complement q = 1 − p is passed
 * exactly). Step: u = e/φ(x), x ← x − u/(1 + x·u/2) (Halley, since φ′/φ = −x).
 */
function refine(x: number, p: number, q: number): number {
  if (!Number.isFinite(x)) return x;
  const e = x <= 0 ? normalCdf(x) - p : q - normalCdf(-x);
  const u = e / normalPdf(x);
  if (!Number.isFinite(u)) return x;
  return x - u / (1 + 0.5 * x * u);
}

/**
 * The standard normal quantile \( \Phi^{-1}(p) \), p ∈ [0, 1]: Wichura's AS 241 (PPND16) followed by
 * one Halley refinement against {@link normalCdf}, so that Φ(Φ⁻¹(p)) = p to a few ε relatively for
 * p down to the smallest subnormal. Φ⁻¹(0) = −∞, Φ⁻¹(1) = +∞. For p close to 1 the argument itself
 * carries the information 1 − p with absolute precision ε only; use {@link normalQuantileUpper} with
 * q = 1 − p when q is small and known accurately.
 *
 * @throws {DimensionError} if p is NaN or outside [0, 1].
 */
export function normalQuantile(p: number): number {
  if (!(p >= 0 && p <= 1)) throw new DimensionError(`normalQuantile: probability p must lie in [0, 1], got ${p}`);
  if (p === 0) return -Infinity;
  if (p === 1) return Infinity;
  const q = 1 - p;
  const x = p <= 0.5 ? as241(p, p) : -as241(q, q);
  // For p > 0.5, q = 1 − p is exact only when p ≥ 0.5 (Sterbenz), which is the case here.
  return refine(x, p, q);
}

/**
 * The upper quantile \( \Phi^{-1}(1-q) = -\Phi^{-1}(q) \) for q ∈ [0, 1], accurate for tiny q.
 *
 * @throws {DimensionError} if q is NaN or outside [0, 1].
 */
export function normalQuantileUpper(q: number): number {
  if (!(q >= 0 && q <= 1)) throw new DimensionError(`normalQuantileUpper: probability q must lie in [0, 1], got ${q}`);
  return -normalQuantile(q);
}
