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
import type { ClaimSummary } from '../verdict.ts';
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
  /** Number of fast-check runs. */
  runs: PerProfile<number>;
  evaluate(p: P, ctx: PropertyContext, impl: I): Evaluation;
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
  const runs = forProfile(c.runs, run.profile);
  const fcSeed = propertySeed(run.seed, c.id);
  const t = performance.now();
  const result = runProperty(c, implFor(c, variant), {
    fcSeed,
    numRuns: runs,
    profile: run.profile,
    path: run.path,
    isBase: variant === null,
    examples: variant === null && run.path === undefined ? run.counterexamples?.examplesFor(c.id) : undefined,
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
      checkPerProfile(c.runs, 'runs', c.id, (x) => Number.isInteger(x) && x >= 1);
      requireFunction(c, 'evaluate');
      if (!c.params || typeof (c.params as { generate?: unknown }).generate !== 'function') {
        throw new ClaimDefinitionError(`claim ${c.id}: params must be a fast-check arbitrary (e.g. fc.record({...}))`);
      }
    },
    plannedWork: (c, profile) => forProfile(c.runs, profile) * (1 + c.variants.length),
    stochasticTests: () => 0,
    judge(c, variant, run): Judgement {
      const r = propertyResult(c, variant, run);
      if (variant !== null) return { verdict: r.verdict, reason: r.reason };
      return {
        verdict: r.verdict,
        reason: r.reason,
        fields: {
          estimate: r.verdict === 'verified' ? r.worstRatio : null,
          replayPath: r.path,
          details: { runs: r.numRuns, guarded: r.guarded, fcSeed: r.fcSeed, worstRatio: r.worstRatio, counterexample: r.counterexample, failure: r.failure, path: r.path, tolerance: c.tolerance },
        },
      };
    },
    describe(s: ClaimSummary): string[] {
      return s.details.counterexample ? [`- Counterexample: \`${JSON.stringify(s.details.counterexample)}\``] : [];
    },
  };
}
