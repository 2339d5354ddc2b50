/**
 * The deep posterior sampler (HMC over the inner weights, readout integrated out) and the converse estimators.
 *
 * @packageDocumentation
 * @public
 */

export * from './chainStatistics.ts';
export * from './converseLimits.ts';
export * from './converseSample.ts';
export * from './deepLinearPosterior.ts';
export * from './escapeReplicate.ts';
export * from './gaussLegendre.ts';
export * from './hmc.ts';
export * from './informationBounds.ts';
export * from './informationSample.ts';
export * from './linearFloor.ts';
export * from './posteriorChain.ts';
export * from './posteriorInstance.ts';
export * from './posteriorModel.ts';
export * from './randomFeaturesError.ts';
export * from './thermodynamicIntegration.ts';
export * from './trainDeepNetwork.ts';
