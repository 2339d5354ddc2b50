/**
 * `lemmata/models` — deep random networks: the layer-wise Gaussian-equivalence coefficients, the effective GLM, teachers and Monte Carlo replicates of the error identities.
 *
 * @packageDocumentation
 * @public
 */

export * from './activation.ts';
export * from './deepClassification.ts';
export * from './deepLinearInformation.ts';
export * from './deepRegression.ts';
export * from './deepTeacher.ts';
export * from './deepTheory.ts';
export * from './effectiveGlm.ts';
export * from './equivalentFeatures.ts';
export * from './glmPosteriorMean.ts';
export * from './integrationWindow.ts';
export * from './layerCoefficients.ts';
export * from './namedArchitectures.ts';
export * from './pitfalls.ts';
export * from './posterior/index.ts';
