/**
 * `lemmata/models` — the generalized linear model: replica formulas (Gaussian and probit channels, ridge), their high-precision versions, GAMP, finite-n Gaussian identities.
 *
 * @packageDocumentation
 * @public
 */

export * from './finiteGaussian.ts';
export * from './gamp.ts';
export * from './gaussianChannel.ts';
export * from './gaussianChannelDecimal.ts';
export * from './marchenkoPastur.ts';
export * from './normalExpectation.ts';
export * from './posteriorMean.ts';
export * from './probitChannel.ts';
export * from './probitChannelDecimal.ts';
export * from './ridgeMonteCarlo.ts';
export * from './ridgeReplica.ts';
export * from './ridgeSign.ts';
export * from './spectralMi.ts';
export * from './wishartSpectrum.ts';
