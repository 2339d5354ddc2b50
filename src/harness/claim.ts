/**
 * The claim API: a lemma written as data.
 *
 * A claim names its source (paper, equation), its kind (which fixes how it is checked, see
 * `shared/verification-policy.md`), the formulas under test as an overridable `impl` record, and
 * the wrong variants that the same check must reject. A variant overrides entries of `impl`
 * (a dropped term, a wrong constant, a wrong exponent), so it runs through exactly the checker the
 * claim runs through, on the same random draws.
 *
 * @module
 */
import type * as fc from 'fast-check';
import type { Rng } from '../core/random.ts';
import type { Profile } from './profile.ts';

/** How a claim is decided. */
export type ClaimKind = 'identity' | 'limit' | 'expectation' | 'optimisation' | 'empirical';

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

/** A closeness check: passes when |actual − expected| ≤ atol + rtol·|expected|. */
export interface CloseOutcome {
  label: string;
  actual: number;
  expected: number;
  atol: number;
  rtol: number;
}

/** An inequality check: passes when `value op bound`. */
export interface BoundOutcome {
  label: string;
  value: number;
  op: '<=' | '>=' | '<' | '>';
  bound: number;
}

/** One checked statement produced by a property evaluation. */
export type Outcome = CloseOutcome | BoundOutcome;

/** What a property evaluation returns: its outcomes, or a guard that skips an ill-conditioned draw (reported, not hidden). */
export type Evaluation = Outcome[] | { outcomes: Outcome[]; guard?: string };

/** Context of one property evaluation. */
export interface PropertyContext {
  /** A stream seeded by the integer drawn alongside the parameters (so a counterexample replays from its values). */
  rng: Rng;
  profile: Profile;
}

/** Context of one Monte Carlo cell. */
export interface SampleContext {
  /** The stream of this cell: (root seed, claim id, n, replicate). Variants reuse it (common random numbers). */
  rng: Rng;
  profile: Profile;
  /** Replicate index. */
  replicate: number;
}

interface ClaimCommon<I> {
  /** Unique id, e.g. `G1` or `D6.tanh`. Globs in the CLI match it. */
  id: string;
  title: string;
  source: Source | Source[];
  /** The lemma in words (and TeX), as it would read in the paper. */
  statement: string;
  /** The formulas under test; variants override entries of it. */
  impl: I;
  variants: Variant<I>[];
}

/**
 * Identity, optimisation and empirical claims: a fast-check property whose every run must pass.
 *
 * `params` must draw JSON data (numbers, strings, arrays, plain objects) so that a counterexample
 * is stored as values; build matrices inside `evaluate` from integer seeds via `ctx.rng`.
 */
export interface PropertyClaim<P = unknown, I = unknown> extends ClaimCommon<I> {
  kind: 'identity' | 'optimisation' | 'empirical';
  params: fc.Arbitrary<P>;
  /** Number of fast-check runs. */
  runs: PerProfile<number>;
  /** How the tolerances in the outcomes were derived (float64 bound, optimiser budget, …). */
  tolerance: string;
  evaluate(p: P, ctx: PropertyContext, impl: I): Evaluation;
}

/** A claimed convergence order. */
export interface RateClaim {
  /** The order p in |E_n − E_∞| ~ n^{-p}. */
  order: number;
  /** `atLeast`: refuted when the CI's upper end is below p − δ; `exactly`: two-sided |p̂ − p| ≤ δ. */
  sense: 'atLeast' | 'exactly';
  /** Allowed deviation δ of the fitted order. */
  delta: number;
  derivation: string;
}

/** A geometric ladder n_k = n0·factor^k, k < levels, with `replicates` independent draws per level. */
export interface Ladder {
  n0: number;
  levels: number;
  replicates: number;
  /** Growth factor between levels (default 2). */
  factor?: number;
}

/** A limit E_n → E_∞, checked on a ladder of sizes with a fitted rate. */
export interface LimitClaim<I = unknown> extends ClaimCommon<I> {
  kind: 'limit';
  /** What is sampled, e.g. `E[MMSE_d]`. */
  quantity: string;
  /** The name of the size, e.g. `d`. */
  size: string;
  ladder: PerProfile<Ladder>;
  /** One replicate of the finite-size quantity at size n. */
  sample(n: number, ctx: SampleContext, impl: I): number;
  /** The limit E_∞. */
  limit(impl: I): number;
  /** The claimed order, if the theorem gives one; otherwise the order is measured and reported. */
  rate?: RateClaim;
  /** Absolute error below which the error is float64 noise rather than signal (ends the ladder). */
  floatFloor?: number;
  /**
   * The smallest deviation |E_∞ − limit| the check must resolve. Required when no rate is claimed: a
   * noise-floor level then ends the ladder and verifies the limit only when its resolution
   * t_{1−α/2}·se is at most `minEffect` (otherwise the ladder goes on, and ends `inconclusive`).
   */
  minEffect?: number;
  /** How the tolerances (δ, floors) were derived. */
  tolerance: string;
}

/** A Monte Carlo expectation E X = value, decided by a calibrated test within the suite's false-alarm budget. */
export interface ExpectationClaim<I = unknown> extends ClaimCommon<I> {
  kind: 'expectation';
  /** What is sampled, e.g. `v·⟨v⟩ − ‖⟨v⟩‖²`. */
  quantity: string;
  replicates: PerProfile<number>;
  sample(ctx: SampleContext, impl: I): number;
  expected(impl: I): number;
  /** The smallest violation |E X − value| the check must detect with power ≥ 0.8 (else `inconclusive`). */
  minEffect: number;
  tolerance: string;
}

/** Any claim. */
export type Claim = PropertyClaim<any, any> | LimitClaim<any> | ExpectationClaim<any>; // eslint-disable-line @typescript-eslint/no-explicit-any

/** Thrown for a malformed claim definition (caught at load time, never at verdict time). */
export class ClaimDefinitionError extends Error {
  override name = 'ClaimDefinitionError';
}

const ID_RE = /^[A-Za-z][A-Za-z0-9._-]*$/;

function checkPerProfile<T>(v: PerProfile<T>, what: string, id: string, ok: (x: T) => boolean): void {
  const vals: T[] = typeof v === 'object' && v !== null && 'quick' in (v as object) ? Object.values(v as object) : [v as T];
  for (const x of vals) if (!ok(x)) throw new ClaimDefinitionError(`claim ${id}: invalid ${what} ${JSON.stringify(x)}`);
}

/** Validates and returns a claim; every spec file builds its claims through this. */
export function defineClaim<P, I>(c: PropertyClaim<P, I>): PropertyClaim<P, I>;
export function defineClaim<I>(c: LimitClaim<I>): LimitClaim<I>;
export function defineClaim<I>(c: ExpectationClaim<I>): ExpectationClaim<I>;
export function defineClaim(c: Claim): Claim {
  if (typeof c.id !== 'string' || !ID_RE.test(c.id)) throw new ClaimDefinitionError(`invalid claim id ${JSON.stringify(c.id)}: letters, digits, '.', '_' and '-' only`);
  for (const k of ['title', 'statement'] as const) {
    if (typeof c[k] !== 'string' || c[k].trim() === '') throw new ClaimDefinitionError(`claim ${c.id}: missing ${k}`);
  }
  const sources = Array.isArray(c.source) ? c.source : [c.source];
  if (sources.length === 0 || sources.some((s) => !s || !s.paper || !s.ref)) throw new ClaimDefinitionError(`claim ${c.id}: every source needs a paper and a ref`);
  if (!Array.isArray(c.variants) || c.variants.length === 0) {
    throw new ClaimDefinitionError(`claim ${c.id}: needs at least one wrong variant (a check that cannot fail proves nothing)`);
  }
  const names = new Set<string>();
  for (const v of c.variants) {
    if (!v.name || !ID_RE.test(v.name)) throw new ClaimDefinitionError(`claim ${c.id}: invalid variant name ${JSON.stringify(v.name)}`);
    if (names.has(v.name)) throw new ClaimDefinitionError(`claim ${c.id}: duplicate variant ${v.name}`);
    names.add(v.name);
    if (!v.why) throw new ClaimDefinitionError(`claim ${c.id}: variant ${v.name} needs a 'why'`);
    if (!v.impl || Object.keys(v.impl).length === 0) throw new ClaimDefinitionError(`claim ${c.id}: variant ${v.name} overrides nothing`);
    for (const key of Object.keys(v.impl)) {
      if (!(key in (c.impl as object))) throw new ClaimDefinitionError(`claim ${c.id}: variant ${v.name} overrides '${key}', which is not in impl`);
    }
  }
  if (typeof c.tolerance !== 'string' || c.tolerance.trim() === '') throw new ClaimDefinitionError(`claim ${c.id}: state how the tolerance was derived`);
  switch (c.kind) {
    case 'identity':
    case 'optimisation':
    case 'empirical':
      checkPerProfile(c.runs, 'runs', c.id, (x) => Number.isInteger(x) && x >= 1);
      if (typeof c.evaluate !== 'function') throw new ClaimDefinitionError(`claim ${c.id}: missing evaluate`);
      break;
    case 'limit':
      checkPerProfile(c.ladder, 'ladder', c.id, (l) => Number.isInteger(l.n0) && l.n0 >= 1 && Number.isInteger(l.levels) && l.levels >= 4 && Number.isInteger(l.replicates) && l.replicates >= 2 && (l.factor === undefined || l.factor > 1));
      if (c.rate && !(c.rate.order > 0 && c.rate.delta > 0)) throw new ClaimDefinitionError(`claim ${c.id}: rate needs order > 0 and delta > 0`);
      if (!c.rate && !(typeof c.minEffect === 'number' && c.minEffect > 0)) {
        throw new ClaimDefinitionError(`claim ${c.id}: a limit without a claimed rate must state minEffect > 0, the smallest deviation of the limit it must resolve`);
      }
      break;
    case 'expectation':
      checkPerProfile(c.replicates, 'replicates', c.id, (x) => Number.isInteger(x) && x >= 3);
      if (!(c.minEffect > 0)) throw new ClaimDefinitionError(`claim ${c.id}: minEffect must be positive`);
      break;
    default:
      throw new ClaimDefinitionError(`claim ${(c as Claim).id}: unknown kind ${JSON.stringify((c as Claim).kind)}`);
  }
  return c;
}

/** The value of a per-profile setting for `profile`. */
export function forProfile<T>(v: PerProfile<T>, profile: Profile): T {
  if (typeof v === 'object' && v !== null && 'quick' in (v as object) && 'ci' in (v as object) && 'full' in (v as object)) {
    return (v as { quick: T; ci: T; full: T })[profile];
  }
  return v as T;
}

/** The sources of a claim as one line. */
export function sourceLine(c: Claim): string {
  const s = Array.isArray(c.source) ? c.source : [c.source];
  return s.map((x) => `${x.paper}, ${x.ref}`).join('; ');
}

/** The impl of a claim with a variant's overrides applied (the base impl when `variant` is undefined). */
export function implFor<I>(c: { impl: I; variants: Variant<I>[] }, variant?: string): I {
  if (variant === undefined) return c.impl;
  const v = c.variants.find((x) => x.name === variant);
  if (!v) throw new ClaimDefinitionError(`unknown variant ${variant}`);
  return { ...c.impl, ...v.impl };
}
