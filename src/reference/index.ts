/**
 * `lemmata/reference`: the high-precision reference (decimal.js) the Float64 core is checked against — erf, normal
 * functions, Gaussian quadrature, Hermite coefficients, fixed points, Cholesky, and activation expressions compiled to
 * both precisions. Public: follows semantic versioning.
 *
 * @packageDocumentation
 * @public
 */

export * from './cholesky.ts';
export * from './compare.ts';
export * from './decimal.ts';
export * from './erf.ts';
export * from './expression.ts';
export * from './fixedPoint.ts';
export * from './hermite.ts';
export * from './normal.ts';
export * from './quadrature.ts';
