/**
 * The shared machinery of the three property kinds (identity, optimisation, empirical): a fast-check
 * property whose every run must pass. The kinds differ in what their tolerances mean and in how they
 * are reported, not in how they run; each has its own module (`identity.ts`, `optimisation.ts`,
 * `empirical.ts`) built by {@link propertyKind}.
 *
 * @module
 */
import type * as fc from 'fast-check';
import { deriveSeed32, type Rng } from '../../core/random.ts';
import { runProperty, type PropertyRunResult } from '../checkProperty.ts';
import { ClaimDefinitionError } from '../errors.ts';
import type { Evaluation } from '../outcome.ts';
import type { Profile } from '../profile.ts';
import type { FailedOutcome } from '../checkProperty.ts';
import { fmtNum } from '../numbersText.ts';
import type { ClaimNumbers, ClaimSummary } from '../verdict.ts';
import { checkPerProfile, forProfile, implFor, requireFunction, type ClaimCommon, type PerProfile } from './common.ts';
import { MissingCellError, type ClaimKind, type Judgement, type KindRun } from './kind.ts';

/** Context of one property evaluation. */
export interface PropertyContext {
  /** A stream seeded by the integer drawn alongside the parameters (so a counterexample replays from its values). */
  rng: Rng;
  profile: Profile;
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
  /** Number of fast-check runs (drawn; the explicit `examples` run in addition). */
  runs: PerProfile<number>;
  /**
   * Parameter points checked first on every run, for the claim and for every wrong variant (fast-check's `examples`,
   * Hypothesis's `@example`): witnesses where a variant is known to fail, so that its refutation does not hang on
   * whether a handful of random draws lands in the region where it is wrong. `seed` is the integer the evaluation's
   * stream is seeded by (default 0); `why` says what the point witnesses.
   */
  examples?: ReadonlyArray<PropertyExample<P>>;
  evaluate(p: P, ctx: PropertyContext, impl: I): Evaluation;
}

/** One explicit parameter point of a property claim ({@link PropertyClaim.examples}). */
export interface PropertyExample<P> {
  params: P;
  seed?: number;
  why: string;
}

/** The explicit examples of a claim as fast-check `[params, seed]` pairs. */
function explicitExamples(c: PropertyClaim): Array<[unknown, number]> {
  return (c.examples ?? []).map((e) => [e.params, e.seed ?? 0]);
}

/** The fast-check seed of a claim's property (variants share it: same draws). */
export function propertySeed(seed: number, id: string): number {
  return deriveSeed32(seed, id, 'property');
}

/** Runs (or loads) the property of the claim or of one variant. */
function propertyResult(c: PropertyClaim, variant: string | null, run: KindRun): PropertyRunResult {
  const have = run.path === undefined ? run.store.property(c.id, variant) : undefined;
  if (have) return have.result;
  if (run.judgeOnly) throw new MissingCellError(`${c.id}${variant ? `/${variant}` : ''} property run`);
  const explicit = explicitExamples(c);
  // fast-check counts examples inside numRuns: the explicit ones are added to the drawn runs, not taken from them.
  const runs = forProfile(c.runs, run.profile) + explicit.length;
  const fcSeed = propertySeed(run.seed, c.id);
  const t = performance.now();
  const stored = variant === null && run.path === undefined ? (run.counterexamples?.examplesFor(c.id) ?? []) : [];
  const result = runProperty(c, implFor(c, variant), {
    fcSeed,
    numRuns: runs,
    profile: run.profile,
    path: run.path,
    isBase: variant === null,
    examples: [...explicit, ...stored],
  });
  run.store.add({ t: 'prop', claim: c.id, variant, result, ms: Math.round(performance.now() - t) });
  if (variant === null && result.counterexample && run.record && run.counterexamples && result.verdict !== 'verified') {
    run.counterexamples.record({ claim: c.id, params: result.counterexample.params, seed: result.counterexample.seed, note: result.reason });
  }
  run.progress({ claim: c.id, variant, phase: 'property' }, runs);
  return result;
}

/** Options of {@link propertyKind}. */
export interface PropertyKindOptions<K extends PropertyClaim['kind']> {
  name: K;
  decidedBy: string;
  budgetNote: string;
}

/** Builds the module of one property kind. */
export function propertyKind<K extends PropertyClaim['kind']>(o: PropertyKindOptions<K>): ClaimKind<PropertyClaim & { kind: K }> {
  return {
    name: o.name,
    decidedBy: o.decidedBy,
    budgetNote: o.budgetNote,
    acceptsPath: true,
    validate(c) {
      checkPerProfile(c.runs, (x) => Number.isInteger(x) && x >= 1, { id: c.id, field: 'runs' });
      requireFunction(c, 'evaluate');
      if (c.examples !== undefined) {
        if (!Array.isArray(c.examples)) throw new ClaimDefinitionError(`claim ${c.id}: examples must be an array of { params, seed?, why }`);
        c.examples.forEach((e, i) => {
          if (!e || typeof e !== 'object' || !('params' in e)) throw new ClaimDefinitionError(`claim ${c.id}: examples[${i}] must be an object with params`);
          if (typeof e.why !== 'string' || e.why.trim() === '') throw new ClaimDefinitionError(`claim ${c.id}: examples[${i}].why must say what the point witnesses`);
          if (e.seed !== undefined && !(Number.isInteger(e.seed) && e.seed >= 0 && e.seed <= 0x7fffffff)) {
            throw new ClaimDefinitionError(`claim ${c.id}: examples[${i}].seed must be an integer in [0, 2^31), got ${String(e.seed)}`);
          }
        });
      }
      if (!c.params || typeof (c.params as { generate?: unknown }).generate !== 'function') {
        throw new ClaimDefinitionError(`claim ${c.id}: params must be a fast-check arbitrary (e.g. fc.record({...}))`);
      }
    },
    plannedWork: (c, profile) => (forProfile(c.runs, profile) + (c.examples?.length ?? 0)) * (1 + c.variants.length),
    pathProblem(c, path, profile) {
      if (!/^\d{1,9}(:\d{1,9})*$/.test(path)) return `--path must be a fast-check path like 12:0:3 (run index, then shrink steps), got '${path}'`;
      const runs = forProfile(c.runs, profile) + (c.examples?.length ?? 0);
      const first = Number(path.split(':')[0]);
      if (first >= runs) return `--path ${path} does not exist: ${c.id} makes ${runs} run(s) at profile ${profile}, so the run index must be below ${runs}`;
      return null;
    },
    stochasticTests: () => 0,
    judge(c, variant, run): Judgement {
      const r = propertyResult(c, variant, run);
      if (variant !== null) return { verdict: r.verdict, reason: r.reason };
      return {
        verdict: r.verdict,
        reason: r.reason,
        fields: {
          replayPath: r.path,
          details: { runs: r.numRuns, guarded: r.guarded, fcSeed: r.fcSeed, worstRatio: r.worstRatio, worst: r.worst ?? null, counterexample: r.counterexample, failure: r.failure, path: r.path, error: r.error },
        },
      };
    },
    numbers: propertyNumbers,
    describe(s: ClaimSummary) {
      const d = s.details as PropertyDetails;
      const facts: Array<{ label: string; text: string }> = [];
      if (d.runs !== undefined) facts.push({ label: 'Runs', text: `${d.runs} fast-check runs (seed ${d.fcSeed})${d.guarded ? `; ${d.guarded} ill-conditioned draws guarded out` : ''}` });
      if (d.counterexample) facts.push({ label: 'Counterexample', text: `params ${JSON.stringify(d.counterexample.params)}, internal seed ${d.counterexample.seed}${d.path ? `, path ${d.path}` : ''}` });
      return { facts };
    },
  };
}

/** What a property claim's summary details hold. */
interface PropertyDetails {
  runs?: number;
  guarded?: number;
  fcSeed?: number;
  worstRatio?: number;
  worst?: { label: string; delta: number; tol: number } | null;
  counterexample?: { params: unknown; seed: number } | null;
  failure?: FailedOutcome | null;
  path?: string | null;
}

/**
 * The numbers of a property claim. Claimed: every outcome within its derived tolerance (|Δ|/tol ≤ 1) or
 * its stated inequality. Observed: the worst |Δ|/tol over every run (deterministic given the seed: no
 * standard error), or at a counterexample the failing outcome's |Δ| against its tolerance, or its value
 * against its bound.
 */
function propertyNumbers(s: ClaimSummary): ClaimNumbers {
  const d = s.details as PropertyDetails;
  const f = d.failure;
  const where = d.counterexample ? ` at the counterexample ${JSON.stringify(d.counterexample.params)}` : '';
  if (f && f.expected !== undefined) {
    const ratio = f.tol && f.delta !== undefined ? `, ${fmtNum(f.delta / f.tol, { digits: 3 })} × the bound` : '';
    return {
      claimed: { label: `|Δ| in ${f.label}`, value: f.tol ?? null, text: `≤ ${fmtNum(f.tol ?? null)} (its tolerance)` },
      observed: { label: `|Δ| in ${f.label}`, value: f.delta ?? null, se: null },
      gapSe: null,
      at: `actual ${fmtNum(f.actual ?? null, { digits: 10 })} against expected ${fmtNum(f.expected, { digits: 10 })}${ratio}${where}`,
    };
  }
  if (f && f.op !== undefined) {
    return {
      claimed: { label: f.label, value: f.bound ?? null, text: `${f.op} ${fmtNum(f.bound ?? null)}` },
      observed: { label: f.label, value: f.value ?? null, se: null },
      gapSe: null,
      at: where ? where.trim() : undefined,
    };
  }
  // tol is each outcome's derived float64 bound (the claim's tolerance text): |Δ| ≤ tol on every run.
  const claimed = { label: '|Δ|/tol', value: 1, text: '≤ 1 on every run' };
  if (s.verdict === 'error' || d.runs === undefined) return { claimed, observed: { label: 'worst |Δ|/tol', value: null, se: null, text: 'not measured' }, gapSe: null };
  const runs = `${d.runs} runs${d.guarded ? ` (${d.guarded} guarded)` : ''}`;
  if (d.worst === null) {
    // No closeness outcome with a tolerance was checked: the claim is its stated inequalities (or exact equalities).
    return {
      claimed: { label: 'stated checks', value: null, text: 'hold on every run' },
      observed: { label: 'checks', value: null, se: null, text: 'all held' },
      gapSe: null,
      at: runs,
    };
  }
  const w = d.worst;
  return {
    claimed,
    observed: { label: 'worst |Δ|/tol', value: d.worstRatio ?? null, se: null },
    gapSe: null,
    at: w ? `${runs}; worst in ${w.label}: |Δ| = ${fmtNum(w.delta, { digits: 3 })}, tol = ${fmtNum(w.tol, { digits: 3 })}` : runs,
  };
}
