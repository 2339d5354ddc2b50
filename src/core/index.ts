/**
 * `lemmata/core`: the Float64 numerical core — dense kernels (GEMM, SYRK, TRSM, Cholesky, QR, symmetric eigen, SVD,
 * NNLS, pseudo-inverse) behind a pluggable backend (plain TypeScript or WASM SIMD), Gaussian expectations,
 * special functions, statistics and the seeded random streams. Public: follows semantic versioning.
 *
 * @packageDocumentation
 * @public
 */

export * from './backend.ts';
export * from './backendTypes.ts';
export * from './beta.ts';
export * from './bidiagonalDc.ts';
export * from './bidiagonalQr.ts';
export * from './brent.ts';
export * from './cholesky.ts';
export * from './clopperPearson.ts';
export * from './constants.ts';
export * from './eigen.ts';
export * from './entropy.ts';
export * from './erf.ts';
export * from './errors.ts';
export * from './fixedPoint.ts';
export * from './gammaInc.ts';
export * from './gaussHermite.ts';
export * from './gaussianExpectation.ts';
export * from './gemm.ts';
export * from './gemv.ts';
export * from './lemmataError.ts';
export * from './matrix.ts';
export * from './nnls.ts';
export * from './normal.ts';
export * from './pinv.ts';
export * from './qr.ts';
export * from './random.ts';
export * from './randomMatrix.ts';
export * from './stats.ts';
export * from './svd.ts';
export * from './syrk.ts';
export * from './tridiagonal.ts';
export * from './tridiagonalDc.ts';
export * from './trsm.ts';
export * from './validate.ts';
export * from './wasmBackend.ts';
