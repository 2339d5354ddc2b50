/**
 * The claim API: a lemma written as data.
 *
 * A claim names its source (paper, equation), its kind (which fixes how it is checked, see
 * `shared/verification-policy.md` and `kinds/`), the formulas under test as an overridable `impl`
 * record, and the wrong variants that the same check must reject. A variant overrides entries of `impl`
 * (a dropped term, a wrong constant, a wrong exponent), so it runs through exactly the checker the
 * claim runs through, on the same random draws.
 *
 * @module
 */
import { ClaimDefinitionError } from './errors.ts';
import { validateCommon, type CommonValidation } from './kinds/common.ts';
import type { ExpectationClaim } from './kinds/expectation.ts';
import type { ExtrapolationClaim } from './kinds/extrapolation.ts';
import type { LimitClaim } from './kinds/limit.ts';
import type { PropertyClaim } from './kinds/property.ts';
import { isKindName, kindOf, KINDS, type Claim } from './kinds/table.ts';

export { ClaimDefinitionError } from './errors.ts';
export type { ClaimCommon, PerProfile, SampleContext, Source, Variant } from './kinds/common.ts';
export { forProfile, implFor, sourceLine } from './kinds/common.ts';
export type { ExpectationClaim } from './kinds/expectation.ts';
export type { ControlVariate, Correction, ExtrapolationClaim } from './kinds/extrapolation.ts';
export type { Ladder, LimitClaim, RateClaim } from './kinds/limit.ts';
export type { PropertyClaim, PropertyContext, PropertyExample } from './kinds/property.ts';
export type { Claim, KindName } from './kinds/table.ts';
export type { BoundOutcome, CloseOutcome, Evaluation, Outcome } from './outcome.ts';

/** The kind names, for messages. */
export const CLAIM_KINDS = Object.keys(KINDS) as ReadonlyArray<keyof typeof KINDS>;

/** Validates any claim object (common fields, then its kind's own); the error names the claim and the field. */
export function validateClaim(c: unknown, o: CommonValidation = {}): Claim {
  if (!c || typeof c !== 'object' || Array.isArray(c)) throw new ClaimDefinitionError(`a claim must be an object, got ${Array.isArray(c) ? 'an array' : typeof c}`);
  const kind = (c as { kind?: unknown }).kind;
  const id = (c as { id?: unknown }).id;
  if (!isKindName(kind)) throw new ClaimDefinitionError(`claim ${typeof id === 'string' ? id : JSON.stringify(id)}: unknown kind ${JSON.stringify(kind)} (kinds: ${CLAIM_KINDS.join(', ')})`);
  validateCommon(c as Claim, o);
  kindOf(c as Claim).validate(c as Claim);
  return c as Claim;
}

/**
 * Validates and returns a claim; every spec file builds its claims through this. A claim without wrong
 * variants passes here (an audited derivation may have none yet); the built-in registry refuses it at load.
 */
export function defineClaim<P, I>(c: PropertyClaim<P, I>): PropertyClaim<P, I>;
export function defineClaim<I>(c: LimitClaim<I>): LimitClaim<I>;
export function defineClaim<I>(c: ExpectationClaim<I>): ExpectationClaim<I>;
export function defineClaim<I>(c: ExtrapolationClaim<I>): ExtrapolationClaim<I>;
export function defineClaim(c: Claim): Claim {
  return validateClaim(c, { allowNoVariants: true });
}
