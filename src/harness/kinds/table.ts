/**
 * The table of claim kinds: the one place that lists them. The runner, the budget, the reports,
 * replay and `defineClaim` dispatch through it.
 *
 * @module
 */
import { empiricalKind } from './empirical.ts';
import { expectationKind } from './expectation.ts';
import { extrapolationKind } from './extrapolation.ts';
import { identityKind } from './identity.ts';
import type { ClaimKind } from './kind.ts';
import { limitKind } from './limit.ts';
import { optimisationKind } from './optimisation.ts';

/** Every kind, by the name claims give in their `kind` field. */
export const KINDS = {
  identity: identityKind,
  limit: limitKind,
  expectation: expectationKind,
  extrapolation: extrapolationKind,
  optimisation: optimisationKind,
  empirical: empiricalKind,
} as const;

/** The name of a kind. */
export type KindName = keyof typeof KINDS;

/** Any claim: the union of the claim types of the kinds in the table. */
export type Claim = { [K in KindName]: (typeof KINDS)[K] extends ClaimKind<infer C> ? C : never }[KindName];

/** The module of a claim's kind. */
export function kindOf(c: { kind: string }): ClaimKind<Claim> {
  const k = (KINDS as Record<string, ClaimKind<any>>)[c.kind]; // eslint-disable-line @typescript-eslint/no-explicit-any
  if (!k) throw new Error(`unknown claim kind ${JSON.stringify(c.kind)}`);
  return k as ClaimKind<Claim>;
}

/** Is `name` a known kind? */
export function isKindName(name: unknown): name is KindName {
  return typeof name === 'string' && Object.prototype.hasOwnProperty.call(KINDS, name);
}
