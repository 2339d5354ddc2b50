/**
 * Runs an identity / optimisation / empirical claim as a fast-check property.
 *
 * Every run draws the claim's parameters together with an integer seed for the claim's internal
 * stream, so a counterexample is stored and replayed as values. An outcome passes when
 * |actual − expected| ≤ atol + rtol·|expected| (closeness) or when its inequality holds.
 *
 * NaN handling. A NaN outcome or a throw in the claim itself is an `error` (never verified); in a
 * wrong variant a NaN outcome counts as a failed check (the variant's formula produced no number),
 * a throw as an `error` (not a kill).
 *
 * @module
 */
import fc from 'fast-check';
import { Rng } from '../core/random.ts';
import type { BoundOutcome, CloseOutcome, Evaluation, Outcome } from './outcome.ts';
import type { Profile } from './profile.ts';
import type { Verdict } from './verdict.ts';

/** A failing outcome, with everything needed to read it: x, expected, delta, tol. */
export interface FailedOutcome {
  label: string;
  actual?: number;
  expected?: number;
  delta?: number;
  tol?: number;
  value?: number;
  op?: string;
  bound?: number;
}

/** The stored result of one property run (a cell of results.jsonl). */
export interface PropertyRunResult {
  verdict: Verdict;
  reason: string;
  numRuns: number;
  guarded: number;
  /** Worst |actual − expected| / tol over passing closeness outcomes (≤ 1 means inside the tolerance). */
  worstRatio: number;
  /** The closeness outcome that attained `worstRatio`: its label, |Δ| and tolerance (null when no closeness outcome with tol > 0 was checked; absent in older records). */
  worst?: { label: string; delta: number; tol: number } | null;
  fcSeed: number;
  path: string | null;
  counterexample: { params: unknown; seed: number } | null;
  failure: FailedOutcome | null;
  error: string | null;
}

function isClose(o: Outcome): o is CloseOutcome {
  return 'expected' in o;
}

/** The worst passing closeness outcome so far: |Δ|/tol, and the outcome that attained it. */
export interface WorstRatio {
  worst: number;
  at?: { label: string; delta: number; tol: number } | null;
}

/** Checks one outcome: `null` when it passes, else the failure record. `ratio` receives |Δ|/tol for closeness outcomes. */
export function checkOutcome(o: Outcome, ratio: WorstRatio): FailedOutcome | null {
  if (isClose(o)) {
    const delta = Math.abs(o.actual - o.expected);
    const tol = o.atol + o.rtol * Math.abs(o.expected);
    if (delta <= tol) {
      if (tol > 0 && (!ratio.at || delta / tol > ratio.worst)) {
        ratio.worst = delta / tol;
        ratio.at = { label: o.label, delta, tol };
      }
      return null;
    }
    return { label: o.label, actual: o.actual, expected: o.expected, delta, tol };
  }
  const b = o as BoundOutcome;
  const ok = b.op === '<=' ? b.value <= b.bound : b.op === '>=' ? b.value >= b.bound : b.op === '<' ? b.value < b.bound : b.value > b.bound;
  return ok ? null : { label: b.label, value: b.value, op: b.op, bound: b.bound };
}

function hasNaN(o: Outcome): boolean {
  return isClose(o) ? Number.isNaN(o.actual) || Number.isNaN(o.expected) : Number.isNaN(o.value) || Number.isNaN(o.bound);
}

function normalise(e: Evaluation): { outcomes: Outcome[]; guard?: string } {
  return Array.isArray(e) ? { outcomes: e } : e;
}

/** One line describing a failed outcome: x, expected, delta, tol. */
export function describeFailure(f: FailedOutcome): string {
  if (f.expected !== undefined) {
    return `${f.label}: actual ${f.actual}, expected ${f.expected}, |Δ| = ${f.delta?.toExponential(3)} > tol ${f.tol?.toExponential(3)}`;
  }
  return `${f.label}: ${f.value} ${f.op} ${f.bound} does not hold`;
}

/** Options of one property run. */
export interface PropertyRunOptions {
  fcSeed: number;
  numRuns: number;
  profile: Profile;
  /** Replay path from an earlier failure. */
  path?: string;
  /** Counterexamples to replay first: [params, seed] pairs. */
  examples?: Array<[unknown, number]>;
  /** True for the claim itself (NaN/throw = error, shrink on failure); false for a wrong variant (stop at the first failure). */
  isBase: boolean;
}

/** What the property runner needs of a claim: its parameter arbitrary and its evaluation. */
export interface PropertySpec<P, I> {
  params: fc.Arbitrary<P>;
  evaluate(p: P, ctx: { rng: Rng; profile: Profile }, impl: I): Evaluation;
}

/** Runs the property and returns its verdict and evidence. */
export function runProperty<P, I>(claim: PropertySpec<P, I>, impl: I, o: PropertyRunOptions): PropertyRunResult {
  let guarded = 0;
  let failing = false;
  const ratio: WorstRatio = { worst: 0, at: null };
  let lastFailure: FailedOutcome | null = null;
  let lastError: string | null = null;
  let lastNaN = false;

  const evaluateOnce = (p: P, seed: number): boolean => {
    lastFailure = null;
    lastError = null;
    lastNaN = false;
    let ev: { outcomes: Outcome[]; guard?: string };
    try {
      ev = normalise(claim.evaluate(p, { rng: Rng.stream(seed, 'property'), profile: o.profile }, impl));
    } catch (err) {
      lastError = err instanceof Error ? `${err.name}: ${err.message}` : String(err);
      return false;
    }
    if (ev.guard !== undefined) {
      if (!failing) guarded++;
      return true;
    }
    if (ev.outcomes.length === 0) {
      lastError = 'evaluate returned no outcome (a check that asserts nothing)';
      return false;
    }
    for (const out of ev.outcomes) {
      if (hasNaN(out)) {
        lastNaN = true;
        lastFailure = { label: out.label, ...(isClose(out) ? { actual: out.actual, expected: out.expected } : { value: out.value, op: out.op, bound: out.bound }) };
        return false;
      }
      const f = checkOutcome(out, failing ? { worst: 0 } : ratio);
      if (f) {
        lastFailure = f;
        return false;
      }
    }
    return true;
  };

  const arb = fc.tuple(claim.params, fc.integer({ min: 0, max: 0x7fffffff }));
  const prop = fc.property(arb, ([p, seed]) => {
    const ok = evaluateOnce(p, seed);
    if (!ok) failing = true;
    return ok;
  });
  const details = fc.check(prop, {
    seed: o.fcSeed | 0,
    numRuns: o.numRuns,
    ...(o.path ? { path: o.path } : {}),
    ...(o.examples && o.examples.length ? { examples: o.examples.map((e) => [e] as [[P, number]]) } : {}),
    endOnFailure: !o.isBase,
  });

  const base = { numRuns: details.numRuns, guarded, worstRatio: ratio.worst, worst: ratio.at ?? null, fcSeed: o.fcSeed };
  if (!details.failed) {
    if (details.numRuns < o.numRuns && !o.path) {
      return { ...base, verdict: 'inconclusive', reason: `only ${details.numRuns} of ${o.numRuns} runs executed`, path: null, counterexample: null, failure: null, error: null };
    }
    if (guarded * 2 > details.numRuns) {
      return { ...base, verdict: 'inconclusive', reason: `${guarded} of ${details.numRuns} draws were guarded out as ill-conditioned`, path: null, counterexample: null, failure: null, error: null };
    }
    return {
      ...base,
      verdict: 'verified',
      reason: `${details.numRuns} runs passed; worst |Δ|/tol = ${ratio.worst.toPrecision(3)}${guarded ? `; ${guarded} ill-conditioned draws guarded` : ''}`,
      path: null,
      counterexample: null,
      failure: null,
      error: null,
    };
  }
  const ce = details.counterexample ? { params: details.counterexample[0][0], seed: details.counterexample[0][1] } : null;
  // Re-evaluate the final (shrunk) counterexample so the failure shown is the one stored.
  if (ce) evaluateOnce(ce.params as P, ce.seed);
  const failure = lastFailure as FailedOutcome | null;
  // evaluate's throws are caught above; fast-check's own errorInstance only says 'returned false'.
  const error = lastError as string | null;
  const path = details.counterexamplePath ?? null;
  if (error !== null) {
    return { ...base, verdict: 'error', reason: `threw on ${JSON.stringify(ce?.params)}: ${error}`, path, counterexample: ce, failure: null, error };
  }
  if (lastNaN && o.isBase) {
    return { ...base, verdict: 'error', reason: `NaN in ${failure ? failure.label : 'an outcome'} at ${JSON.stringify(ce?.params)}`, path, counterexample: ce, failure, error: null };
  }
  return {
    ...base,
    verdict: 'refuted',
    reason: `${failure ? describeFailure(failure) : 'check failed'} at params ${JSON.stringify(ce?.params)}, seed ${ce?.seed}`,
    path,
    counterexample: ce,
    failure,
    error: null,
  };
}
