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
import { erf, erfc, erfcx } from './erf.ts';
import { DimensionError } from './matrix.ts';

/** 1/√(2π). */
export const INV_SQRT_2PI = 0.3989422804014327;
/** ½ log(2π). */
export const HALF_LOG_2PI = 0.9189385332046728;

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
const A = [
  3.387132872796366608, 133.14166789178437745, 1971.5909503065514427, 13731.693765509461125,
  45921.953931549871457, 67265.770927008700853, 33430.575583588128105, 2509.0809287301226727,
] as const;
const B = [
  1, 42.313330701600911252, 687.1870074920579083, 5394.1960214247511077, 21213.794301586595867,
  39307.89580009271061, 28729.085735721942674, 5226.495278852854561,
] as const;
const C = [
  1.42343711074968357734, 4.6303378461565452959, 5.7694972214606914055, 3.64784832476320460504,
  1.27045825245236838258, 0.24178072517745061177, 0.0227238449892691845833, 7.7454501427834140764e-4,
] as const;
const D = [
  1, 2.05319162663775882187, 1.6763848301838038494, 0.68976733498510000455, 0.14810397642748007459,
  0.0151986665636164571966, 5.475938084995344946e-4, 1.05075007164441684324e-9,
] as const;
const E = [
  6.6579046435011037772, 5.4637849111641143699, 1.7848265399172913358, 0.29656057182850489123,
  0.026532189526576123093, 0.0012426609473880784386, 2.71155556874348757815e-5, 2.01033439929228813265e-7,
] as const;
const F = [
  1, 0.59983220655588793769, 0.13692988092273580531, 0.0148753612908506148525, 7.868691311456132591e-4,
  1.8463183175100546818e-5, 1.4215117583164458887e-7, 2.04426310338993978564e-15,
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
