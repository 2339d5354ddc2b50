/**
 * lemmata's public API (`import { defineClaim, fc, logUniform } from 'lemmata'`): everything a claim
 * file needs. What is exported here is public and follows semantic versioning; everything else is
 * internal. The models are at `lemmata/models` and the Float64 core at `lemmata/core`.
 *
 * @packageDocumentation
 * @public
 */

// fast-check itself, so that a claim file needs no separate install.
export { default as fc } from 'fast-check';

// The claim API.
export { defineClaim, validateClaim, CLAIM_KINDS, forProfile, implFor, sourceLine } from './harness/claim.ts';
export type {
  BoundOutcome,
  Claim,
  ClaimCommon,
  CloseOutcome,
  ControlVariate,
  Correction,
  Evaluation,
  ExpectationClaim,
  ExtrapolationClaim,
  KindName,
  Ladder,
  LimitClaim,
  Outcome,
  PerProfile,
  PropertyClaim,
  PropertyContext,
  PropertyExample,
  RateClaim,
  SampleContext,
  Source,
  Variant,
} from './harness/claim.ts';
export type { SpecContext, SpecExport } from './harness/registry.ts';
export type { Profile } from './harness/profile.ts';

// Figures for the report.
export { defineFigure, type Figure } from './harness/figure.ts';
export { renderChart, type ChartOptions, type Series } from './harness/plot.ts';

// Domain arbitraries and designs.
export { logUniform } from './harness/arbitraries.ts';
export { extrapolationPlan, extrapolationReplicates, extrapolationVariance, type ExtrapolationDesignInput, type ExtrapolationPlan } from './harness/extrapolationDesign.ts';

// The seeded random streams.
export { Rng, deriveSeed32 } from './core/random.ts';

// Errors.
export { LemmataError, InputError } from './core/lemmataError.ts';
export { ClaimDefinitionError } from './harness/errors.ts';
