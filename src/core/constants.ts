/**
 * Floating-point and mathematical constants shared by `src/core` (one copy instead of one per file).
 *
 * @module
 */

/** Machine epsilon of float64, \( \varepsilon = 2^{-52} \): the gap between 1 and the next double (IEEE 754 binary64). */
export const EPS = 2 ** -52;

/** Unit roundoff \( u = \varepsilon/2 = 2^{-53} \): \( \mathrm{fl}(x \circ y) = (x \circ y)(1 + \delta) \), \( |\delta| \le u \) (Higham 2002, §2.2). */
export const UNIT_ROUNDOFF = 2 ** -53;

/** \( \sqrt{\varepsilon} = 2^{-26} \). */
export const SQRT_EPS = 2 ** -26;

/** Smallest positive normal double, \( 2^{-1022} \) (LAPACK `dlamch('S')` up to the reciprocal-overflow guard). */
export const SAFE_MIN = 2 ** -1022;

/** \( 1/\sqrt{2\pi} \), the standard normal density at 0. */
export const INV_SQRT_2PI = 0.3989422804014327;

/** \( \tfrac12\log(2\pi) \). */
export const HALF_LOG_2PI = 0.9189385332046728;

/** \( 1/\sqrt{\pi} \). */
export const INV_SQRT_PI = 0.5641895835477563;
