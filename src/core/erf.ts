/**
 * The error function and its complements in Float64: erf, erfc and the scaled erfcx(x) = e^{x²} erfc(x).
 *
 * Algorithm: W. J. Cody, *Rational Chebyshev approximations for the error function*, Math. Comp. 23
 * (1969) 631–638, as in Cody's SPECFUN routine CALERF (netlib, 1990 revision). Three rational
 * approximations, each accurate to ≳ 18 digits in exact arithmetic:
 * - |x| ≤ 0.46875: erf(x) = x·P₃(x²)/Q₃(x²);
 * - 0.46875 < |x| ≤ 4: erfc(|x|) = e^{−x²}·P₈(|x|)/Q₈(|x|);
 * - |x| > 4: erfc(|x|) = e^{−x²}/|x| · (1/√π − x^{−2}·P₅(x^{−2})/Q₅(x^{−2})).
 *
 * The factor e^{−x²} is formed as e^{−y²}·e^{−(x−y)(x+y)} with y = ⌊16x⌋/16, so that y² is exact and
 * the rounding of x² (which would cost a relative error ≈ x²·ε, i.e. 700 ulps at x = 26) never enters.
 * Measured against the decimal.js reference (`src/reference/erf.ts`): relative error ≤ a few ε on the
 * whole line, including erfc down to the underflow threshold x ≈ 26.5 (see `properties/core-scalar.test.ts`).
 *
 * @module
 */
import { DimensionError } from './matrix.ts';

/** 1/√π. */
const INV_SQRT_PI = 0.56418958354775628695;
/** Below this |x|, erf(x) = 2x/√π to working precision (Cody's XSMALL). */
const XSMALL = 1.11e-16;
/** erfc(x) underflows to 0 beyond this (Cody's XBIG for IEEE double). */
const XBIG = 26.543;
/** Beyond this, 1 − 1/(2x²) = 1 in double precision and erfcx(x) = 1/(x√π) (Cody's XHUGE). */
const XHUGE = 6.71e7;
/** erfcx(x) underflows to 0 beyond this (Cody's XMAX). */
const XMAX = 2.53e307;
/** erfcx(x) overflows for x below this (solution of 2e^{x²} = max double; Cody's XNEG). */
const XNEG = -26.628;

// Cody's coefficients (CALERF, IEEE double precision set).
const A0 = 3.1611237438705656;
const A1 = 113.864154151050156;
const A2 = 377.485237685302021;
const A3 = 3209.37758913846947;
const A4 = 0.185777706184603153;
const B0 = 23.6012909523441209;
const B1 = 244.024637934444173;
const B2 = 1282.61652607737228;
const B3 = 2844.23683343917062;

const C = [
  0.564188496988670089, 8.88314979438837594, 66.1191906371416295, 298.635138197400131, 881.95222124176909,
  1712.04761263407058, 2051.07837782607147, 1230.33935479799725, 2.15311535474403846e-8,
] as const;
const D = [
  15.7449261107098347, 117.693950891312499, 537.181101862009858, 1621.38957456669019, 3290.79923573345963,
  4362.61909014324716, 3439.36767414372164, 1230.33935480374942,
] as const;
const P = [
  0.305326634961232344, 0.360344899949804439, 0.125781726111229246, 0.0160837851487422766,
  6.58749161529837803e-4, 0.0163153871373020978,
] as const;
const Q = [
  2.56852019228982242, 1.87295284992346047, 0.527905102951428412, 0.0605183413124413191,
  0.00233520497626869185,
] as const;

function checkArg(x: number, fn: string): void {
  // x !== x is the NaN test that costs nothing in the hot path.
  if (x !== x) throw new DimensionError(`${fn}: argument x is NaN`);
}

/** erf(x)/x·... for |x| ≤ 0.46875: returns erf(x). */
function erfSmall(x: number, y: number): number {
  const ysq = y > XSMALL ? y * y : 0;
  let num = A4 * ysq;
  let den = ysq;
  num = (num + A0) * ysq;
  den = (den + B0) * ysq;
  num = (num + A1) * ysq;
  den = (den + B1) * ysq;
  num = (num + A2) * ysq;
  den = (den + B2) * ysq;
  return (x * (num + A3)) / (den + B3);
}

/** e^{y²}·erfc(y) for 0.46875 < y ≤ 4 (the rational part, without the exponential). */
function erfcxMid(y: number): number {
  let num = C[8] * y;
  let den = y;
  for (let i = 0; i < 7; i++) {
    num = (num + C[i]) * y;
    den = (den + D[i]) * y;
  }
  return (num + C[7]) / (den + D[7]);
}

/** e^{y²}·erfc(y) for 4 < y < XHUGE. */
function erfcxLarge(y: number): number {
  const ysq = 1 / (y * y);
  let num = P[5] * ysq;
  let den = ysq;
  for (let i = 0; i < 4; i++) {
    num = (num + P[i]) * ysq;
    den = (den + Q[i]) * ysq;
  }
  const r = (ysq * (num + P[4])) / (den + Q[4]);
  return (INV_SQRT_PI - r) / y;
}

/**
 * e^{−y²} for y ≥ 0 without the rounding error of y²: with s = ⌊16y⌋/16 (so s² is exact),
 * \( e^{-y^2} = e^{-s^2} e^{-(y-s)(y+s)} \).
 */
export function expNegSquare(y: number): number {
  const s = Math.trunc(y * 16) / 16;
  const del = (y - s) * (y + s);
  return Math.exp(-s * s) * Math.exp(-del);
}

/**
 * The error function \( \operatorname{erf}(x) = \frac{2}{\sqrt\pi}\int_0^x e^{-t^2}\,dt \).
 *
 * Cody (1969) rational Chebyshev approximations (see the module comment). Relative error ≤ a few ε;
 * erf(±∞) = ±1.
 *
 * @throws {DimensionError} if x is NaN.
 */
export function erf(x: number): number {
  checkArg(x, 'erf');
  const y = Math.abs(x);
  if (y <= 0.46875) return erfSmall(x, y);
  if (y >= 6) return x > 0 ? 1 : -1; // erfc(6) = 2.2e-17 < ε/2: erf rounds to ±1
  const c = y <= 4 ? erfcxMid(y) * expNegSquare(y) : erfcxLarge(y) * expNegSquare(y);
  const r = 0.5 - c + 0.5;
  return x < 0 ? -r : r;
}

/**
 * The complementary error function \( \operatorname{erfc}(x) = 1 - \operatorname{erf}(x) =
 * \frac{2}{\sqrt\pi}\int_x^\infty e^{-t^2}\,dt \), accurate relatively in the right tail down to
 * underflow (x ≈ 26.5); erfc(x) ∈ (1, 2] for x < 0.
 *
 * Cody (1969), see the module comment.
 *
 * @throws {DimensionError} if x is NaN.
 */
export function erfc(x: number): number {
  checkArg(x, 'erfc');
  const y = Math.abs(x);
  if (y <= 0.46875) return 1 - erfSmall(x, y);
  let c: number;
  if (y <= 4) c = erfcxMid(y) * expNegSquare(y);
  else if (y >= XBIG) c = 0;
  else c = erfcxLarge(y) * expNegSquare(y);
  return x < 0 ? 2 - c : c;
}

/**
 * The scaled complementary error function \( \operatorname{erfcx}(x) = e^{x^2}\operatorname{erfc}(x) \),
 * which behaves like \( 1/(x\sqrt\pi) \) as x → +∞ and never underflows there; for x < 0 it is
 * \( 2e^{x^2} - \operatorname{erfcx}(-x) \) and overflows to +∞ below x ≈ −26.628.
 *
 * Cody (1969), see the module comment.
 *
 * @throws {DimensionError} if x is NaN.
 */
export function erfcx(x: number): number {
  checkArg(x, 'erfcx');
  const y = Math.abs(x);
  let r: number;
  if (y <= 0.46875) {
    r = (1 - erfSmall(x, y)) * Math.exp(x * x);
    return r;
  }
  if (x < XNEG) return Infinity;
  if (y <= 4) r = erfcxMid(y);
  else if (y >= XMAX) r = 0;
  else if (y >= XHUGE) r = INV_SQRT_PI / y;
  else r = erfcxLarge(y);
  if (x < 0) {
    // 2e^{x²} − erfcx(|x|), with e^{x²} split like expNegSquare.
    const s = Math.trunc(x * 16) / 16;
    const del = (x - s) * (x + s);
    const e = Math.exp(s * s) * Math.exp(del);
    r = e + e - r;
  }
  return r;
}
