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
import { INV_SQRT_PI } from './constants.ts';
import { DomainError } from './errors.ts';

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

// Cody's coefficients (CALERF, IEEE double precision set), each written as the shortest decimal that
// rounds to the same double as the published 18-digit value (which the linter would flag as lossy).
const A0 = 3.1611237438705655;
const A1 = 113.86415415105016;
const A2 = 377.485237685302;
const A3 = 3209.3775891384694;
const A4 = 0.18577770618460315;
const B0 = 23.601290952344122;
const B1 = 244.02463793444417;
const B2 = 1282.6165260773723;
const B3 = 2844.236833439171;

const C = [
  0.5641884969886701, 8.883149794388377, 66.11919063714163, 298.6351381974001, 881.952221241769,
  1712.0476126340707, 2051.0783778260716, 1230.3393547979972, 2.1531153547440383e-8,
] as const;
const D = [
  15.744926110709835, 117.6939508913125, 537.1811018620099, 1621.3895745666903, 3290.7992357334597,
  4362.619090143247, 3439.3676741437216, 1230.3393548037495,
] as const;
const P = [
  0.30532663496123236, 0.36034489994980445, 0.12578172611122926, 0.016083785148742275,
  0.0006587491615298378, 0.016315387137302097,
] as const;
const Q = [
  2.568520192289822, 1.8729528499234604, 0.5279051029514285, 0.06051834131244132,
  0.0023352049762686918,
] as const;

function checkArg(x: number, fn: string): void {
  // x !== x is the NaN test that costs nothing in the hot path.
  if (x !== x) throw new DomainError(`${fn}: argument x is NaN`);
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
 * @throws {DomainError} if x is NaN.
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
 * @throws {DomainError} if x is NaN.
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
 * @throws {DomainError} if x is NaN.
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
