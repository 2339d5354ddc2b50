/**
 * What every claim kind shares: the common fields of a claim (id, source, statement, the overridable
 * `impl` record and its wrong variants), per-profile settings, the Monte Carlo cell context, and their
 * validation. Each kind module (`identity.ts`, `limit.ts`, …) builds on this file and nothing else in
 * `kinds/`, so the kinds never import each other.
 *
 * @module
 */
import type { Rng } from '../../core/random.ts';
import { ClaimDefinitionError } from '../errors.ts';
import type { Profile } from '../profile.ts';

/** A value that may differ between the `quick`, `ci` and `full` profiles. */
export type PerProfile<T> = T | { quick: T; ci: T; full: T };

/** Where a claim comes from. */
export interface Source {
  /** Paper, e.g. `Barbier, Krzakala, Macris, Miolane, Zdeborová 2019 (arXiv 1708.03395)`. */
  paper: string;
  /** Section, equation or proposition, e.g. `§5, the Gaussian-channel overlap`. */
  ref: string;
}

/** A wrong variant: the claim with some formulas replaced. Its check must return `refuted`. */
export interface Variant<I> {
  /** Short name, e.g. `dropped-D-term`. */
  name: string;
  /** What was changed and which classic error it models. */
  why: string;
  /** The replaced entries of the claim's `impl`. */
  impl: Partial<I>;
}

/** Context of one Monte Carlo cell. */
export interface SampleContext {
  /** The stream of this cell: (root seed, claim id, n, replicate). Variants reuse it (common random numbers). */
  rng: Rng;
  profile: Profile;
  /** Replicate index. */
  replicate: number;
}

/** The fields every claim has, whatever its kind. */
export interface ClaimCommon<I> {
  /** Unique id, e.g. `G1` or `D6.tanh`. Globs in the CLI match it. */
  id: string;
  title: string;
  source: Source | Source[];
  /** The lemma in words (and TeX), as it would read in the paper. */
  statement: string;
  /** The formulas under test; variants override entries of it. */
  impl: I;
  variants: Variant<I>[];
  /** How the tolerances were derived (float64 bound, confidence level, optimiser budget, …): printed in the report. */
  tolerance: string;
}

/** Allowed characters of claim ids and variant names. */
export const ID_RE = /^[A-Za-z][A-Za-z0-9._-]*$/;

/** True when `v` is a `{ quick, ci, full }` record rather than one value for every profile. */
function isPerProfileRecord<T>(v: PerProfile<T>): v is { quick: T; ci: T; full: T } {
  return typeof v === 'object' && v !== null && !Array.isArray(v) && 'quick' in v && 'ci' in v && 'full' in v;
}

/** The value of a per-profile setting for `profile`. */
export function forProfile<T>(v: PerProfile<T>, profile: Profile): T {
  return isPerProfileRecord(v) ? v[profile] : (v as T);
}

/** Where a per-profile setting sits, for the error of {@link checkPerProfile}. */
export interface PerProfileField {
  /** The claim's id. */
  id: string;
  /** The setting's name (`replicates`, `control.replicates`, …). */
  field: string;
}

/** Checks every profile's value of a per-profile setting; the error names the claim, the field and the bad value. */
export function checkPerProfile<T>(v: PerProfile<T>, ok: (x: T) => boolean, where: PerProfileField): void {
  const { id, field: what } = where;
  if (v === undefined || v === null) throw new ClaimDefinitionError(`claim ${id}: missing ${what}`);
  if (typeof v === 'object' && !Array.isArray(v) && ('quick' in v || 'ci' in v || 'full' in v) && !isPerProfileRecord(v)) {
    throw new ClaimDefinitionError(`claim ${id}: ${what} per profile needs all of quick, ci and full`);
  }
  const vals: T[] = isPerProfileRecord(v) ? [v.quick, v.ci, v.full] : [v as T];
  for (const x of vals) if (!ok(x)) throw new ClaimDefinitionError(`claim ${id}: invalid ${what} ${JSON.stringify(x)}`);
}

/** The sources of a claim as one line. */
export function sourceLine(c: { source: Source | Source[] }): string {
  const s = Array.isArray(c.source) ? c.source : [c.source];
  return s.map((x) => `${x.paper}, ${x.ref}`).join('; ');
}

/** The impl of a claim with the overrides of the wrong variant named `variant` applied (the claim's own impl for null). */
export function implFor<I>(c: { impl: I; variants: Variant<I>[] }, variant: string | null): I {
  if (variant === null) return c.impl;
  const v = c.variants.find((x) => x.name === variant);
  if (!v) throw new ClaimDefinitionError(`unknown variant ${variant}`);
  return { ...c.impl, ...v.impl };
}

/** Options of {@link validateCommon}. */
export interface CommonValidation {
  /** Accept a claim without wrong variants (audit mode: it is reported as "never shown able to fail"). */
  allowNoVariants?: boolean;
}

/** Validates the fields shared by every kind; throws a {@link ClaimDefinitionError} naming the claim and the field. */
export function validateCommon(c: ClaimCommon<unknown> & { kind?: unknown }, o: CommonValidation = {}): void {
  if (typeof c.id !== 'string' || !ID_RE.test(c.id)) throw new ClaimDefinitionError(`invalid claim id ${JSON.stringify(c.id)}: letters, digits, '.', '_' and '-' only`);
  for (const k of ['title', 'statement'] as const) {
    if (typeof c[k] !== 'string' || c[k].trim() === '') throw new ClaimDefinitionError(`claim ${c.id}: missing ${k}`);
  }
  const sources = Array.isArray(c.source) ? c.source : [c.source];
  if (sources.length === 0 || sources.some((s) => !s || typeof s.paper !== 'string' || !s.paper || typeof s.ref !== 'string' || !s.ref)) {
    throw new ClaimDefinitionError(`claim ${c.id}: every source needs a paper and a ref`);
  }
  if (typeof c.impl !== 'object' || c.impl === null) throw new ClaimDefinitionError(`claim ${c.id}: impl must be an object (the formulas under test)`);
  if (!Array.isArray(c.variants)) throw new ClaimDefinitionError(`claim ${c.id}: variants must be an array`);
  if (c.variants.length === 0 && !o.allowNoVariants) {
    throw new ClaimDefinitionError(`claim ${c.id}: needs at least one wrong variant (a check that cannot fail proves nothing)`);
  }
  const names = new Set<string>();
  for (const v of c.variants) {
    if (!v || typeof v.name !== 'string' || !ID_RE.test(v.name)) throw new ClaimDefinitionError(`claim ${c.id}: invalid variant name ${JSON.stringify(v?.name)}`);
    if (names.has(v.name)) throw new ClaimDefinitionError(`claim ${c.id}: duplicate variant ${v.name}`);
    names.add(v.name);
    if (typeof v.why !== 'string' || !v.why) throw new ClaimDefinitionError(`claim ${c.id}: variant ${v.name} needs a 'why'`);
    if (!v.impl || typeof v.impl !== 'object' || Object.keys(v.impl).length === 0) throw new ClaimDefinitionError(`claim ${c.id}: variant ${v.name} overrides nothing`);
    for (const key of Object.keys(v.impl)) {
      if (!(key in (c.impl as object))) throw new ClaimDefinitionError(`claim ${c.id}: variant ${v.name} overrides '${key}', which is not in impl`);
    }
  }
  if (typeof c.tolerance !== 'string' || c.tolerance.trim() === '') throw new ClaimDefinitionError(`claim ${c.id}: state how the tolerance was derived`);
}

/** Throws unless `c[field]` is a function. */
export function requireFunction(c: { id: string }, field: string): void {
  if (typeof (c as unknown as Record<string, unknown>)[field] !== 'function') throw new ClaimDefinitionError(`claim ${c.id}: missing ${field} (a function)`);
}

/** Throws unless `c[field]` is a non-empty string. */
export function requireText(c: { id: string }, field: string): void {
  const v = (c as unknown as Record<string, unknown>)[field];
  if (typeof v !== 'string' || v.trim() === '') throw new ClaimDefinitionError(`claim ${c.id}: missing ${field} (a non-empty string)`);
}
