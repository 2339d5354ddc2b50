/**
 * The run engine: executes the cells of the selected claims (and of their wrong variants), stores
 * each finished cell, then judges every claim from the stored cells alone.
 *
 * Because verdicts are computed from records only, and every cell draws from its own stream
 * (root seed, claim id, n, replicate), a resumed run, a sharded run merged, and a single run give
 * the same summary bit for bit.
 *
 * Wrong variants run on the claim's own draws (common random numbers). A Monte Carlo cell of a
 * variant reuses the claim's cell when the variant overrides no `impl` entry that the claim's
 * sampler reads (recorded per cell), so variants that change only a limit formula cost nothing.
 *
 * @module
 */
import { Rng, deriveSeed32 } from '../core/random.ts';
import { budgetFor, type Budget } from './budget.ts';
import { runProperty, type PropertyRunResult } from './checkProperty.ts';
import { forProfile, implFor, sourceLine, type Claim, type ExpectationClaim, type Ladder, type LimitClaim, type PropertyClaim } from './claim.ts';
import type { CounterexampleDb } from './counterexamples.ts';
import { judgeExpectation } from './judgeExpectation.ts';
import { defaultFloatFloor, endsLadder, judgeLimit, levelStats } from './judgeLimit.ts';
import type { Profile } from './profile.ts';
import { ResultStore, type SampleRecord } from './resultStore.ts';
import type { ClaimSummary, VariantSummary, Verdict } from './verdict.ts';

/** Progress of a run, for the CLI's display. */
export interface ProgressEvent {
  claim: string;
  variant: string | null;
  /** `level`/`replicate` for Monte Carlo cells, `property` for fast-check runs, `done` when a claim is judged. */
  phase: 'level' | 'property' | 'done';
  n?: number;
  level?: number;
  levels?: number;
  replicate?: number;
  replicates?: number;
  /** Fraction of the planned work done, in [0, 1] (planned work is an upper bound: ladders may stop early). */
  fraction: number;
  elapsedMs: number;
  /** Estimated remaining time from the work done so far (cost of a cell taken ∝ n²). */
  etaMs: number | null;
  summary?: ClaimSummary;
}

/** What a run needs. */
export interface RunOptions {
  seed: number;
  profile: Profile;
  /** Every claim of the registry (the false-alarm budget is split over all of them). */
  registry: readonly Claim[];
  /** The claims to run. */
  selected: readonly Claim[];
  store: ResultStore;
  alphaTotal?: number;
  counterexamples?: CounterexampleDb;
  /** Store failures of claims in the counterexample database. */
  record?: boolean;
  /** Only judge from stored records; never compute (used by `report --merge`). */
  judgeOnly?: boolean;
  onProgress?: (e: ProgressEvent) => void;
}

/** The outcome of a run. */
export interface RunResult {
  seed: number;
  profile: Profile;
  budget: Budget;
  summaries: ClaimSummary[];
}

/** Sizes of a ladder: n_k = round(n0·factor^k). */
export function ladderSizes(l: Ladder): number[] {
  const f = l.factor ?? 2;
  const out: number[] = [];
  for (let k = 0; k < l.levels; k++) out.push(Math.round(l.n0 * f ** k));
  return out;
}

/** The command that replays a claim (or one of its variants) alone. */
export function replayCommand(id: string, seed: number, profile: Profile, variant?: string | null, path?: string | null): string {
  return `npx lemmata replay ${id} --seed ${seed} --profile ${profile}${variant ? ` --variant ${variant}` : ''}${path ? ` --path ${path}` : ''}`;
}

class MissingCellError extends Error {}

function trackedImpl<I extends object>(impl: I, reads: Set<string>): I {
  return new Proxy(impl, {
    get(target, prop, receiver) {
      if (typeof prop === 'string') reads.add(prop);
      return Reflect.get(target, prop, receiver) as unknown;
    },
  });
}

function errMsg(e: unknown): string {
  return e instanceof Error ? `${e.name}: ${e.message}` : String(e);
}

/** Work units of a claim, for the progress fraction (upper bound). */
function plannedWork(c: Claim, profile: Profile): number {
  if (c.kind === 'limit') {
    const l = forProfile(c.ladder, profile);
    const perLadder = ladderSizes(l).reduce((s, n) => s + l.replicates * n * n, 0);
    return perLadder * (1 + c.variants.length);
  }
  if (c.kind === 'expectation') return forProfile(c.replicates, profile) * (1 + c.variants.length);
  return forProfile(c.runs, profile) * (1 + c.variants.length);
}

/** Runs the selected claims and returns their summaries (sorted by id). */
export async function runClaims(o: RunOptions): Promise<RunResult> {
  const budget = budgetFor(o.registry, o.alphaTotal);
  const t0 = performance.now();
  // Each claim is one unit of planned work, split over its cells in proportion to their cost.
  const planned = Math.max(1, o.selected.length);
  const perClaim = new Map(o.selected.map((c) => [c.id, plannedWork(c, o.profile)]));
  let done = 0;
  let claimsDone = 0;
  const progress = (e: Omit<ProgressEvent, 'fraction' | 'elapsedMs' | 'etaMs'>, work: number) => {
    if (e.phase === 'done') done = ++claimsDone;
    else done = Math.min(claimsDone + 0.999, done + work / (perClaim.get(e.claim) || 1));
    if (!o.onProgress) return;
    const elapsedMs = performance.now() - t0;
    const fraction = done / planned;
    o.onProgress({ ...e, fraction, elapsedMs, etaMs: fraction > 0 ? (elapsedMs * (1 - fraction)) / fraction : null });
  };

  const summaries: ClaimSummary[] = [];
  for (const c of o.selected) {
    let s: ClaimSummary;
    try {
      if (c.kind === 'limit') s = runLimit(c, o, budget, progress);
      else if (c.kind === 'expectation') s = runExpectation(c, o, budget, progress);
      else s = runPropertyClaim(c, o, progress);
    } catch (e) {
      s = emptySummary(c, o, 'error', e instanceof MissingCellError ? `missing cell in the merged records: ${e.message}` : `harness failure: ${errMsg(e)}`);
    }
    summaries.push(s);
    progress({ claim: c.id, variant: null, phase: 'done', summary: s }, 0);
    // Let the event loop breathe (signals, progress output) between claims.
    await new Promise((r) => setImmediate(r));
  }
  summaries.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  return { seed: o.seed, profile: o.profile, budget, summaries };
}

function emptySummary(c: Claim, o: RunOptions, verdict: Verdict, reason: string): ClaimSummary {
  return {
    id: c.id,
    title: c.title,
    kind: c.kind,
    source: sourceLine(c),
    verdict,
    reason,
    estimate: null,
    stderr: null,
    fittedRate: null,
    rateCI: null,
    claimedRate: c.kind === 'limit' && c.rate ? c.rate.order : null,
    levels: [],
    variants: c.variants.map((v) => ({ name: v.name, why: v.why, verdict: 'error', reason: 'not run', killed: false })),
    replay: replayCommand(c.id, o.seed, o.profile),
    details: {},
  };
}

type Progress = (e: Omit<ProgressEvent, 'fraction' | 'elapsedMs' | 'etaMs'>, work: number) => void;

// ---------------------------------------------------------------------------------------------
// Property claims (identity, optimisation, empirical)

function runPropertyClaim(c: PropertyClaim, o: RunOptions, progress: Progress): ClaimSummary {
  const runs = forProfile(c.runs, o.profile);
  const fcSeed = deriveSeed32(o.seed, c.id, 'property');
  const get = (variant: string | null): PropertyRunResult => {
    const have = o.store.property(c.id, variant);
    if (have) return have.result;
    if (o.judgeOnly) throw new MissingCellError(`${c.id}${variant ? `/${variant}` : ''} property run`);
    const t = performance.now();
    const result = runProperty(c, implFor(c, variant ?? undefined), {
      fcSeed,
      numRuns: runs,
      profile: o.profile,
      isBase: variant === null,
      examples: variant === null ? o.counterexamples?.examplesFor(c.id) : undefined,
    });
    o.store.add({ t: 'prop', claim: c.id, variant, result, ms: Math.round(performance.now() - t) });
    if (variant === null && result.counterexample && o.record && o.counterexamples && result.verdict !== 'verified') {
      o.counterexamples.record({ claim: c.id, params: result.counterexample.params, seed: result.counterexample.seed, note: result.reason });
    }
    progress({ claim: c.id, variant, phase: 'property' }, runs);
    return result;
  };
  const base = get(null);
  const variants: VariantSummary[] = c.variants.map((v) => {
    const r = get(v.name);
    return { name: v.name, why: v.why, verdict: r.verdict, reason: r.reason, killed: r.verdict === 'refuted' };
  });
  return {
    ...emptySummary(c, o, base.verdict, base.reason),
    estimate: base.verdict === 'verified' ? base.worstRatio : null,
    variants,
    replay: replayCommand(c.id, o.seed, o.profile, null, base.path),
    details: { runs: base.numRuns, guarded: base.guarded, fcSeed, worstRatio: base.worstRatio, counterexample: base.counterexample, failure: base.failure, path: base.path, tolerance: c.tolerance },
  };
}

// ---------------------------------------------------------------------------------------------
// Monte Carlo cells shared by limit and expectation claims

type Sampler = (impl: object, rng: Rng, rep: number, n: number) => number;

function getSample(c: LimitClaim | ExpectationClaim, variant: string | null, n: number, rep: number, o: RunOptions, sampler: Sampler): SampleRecord {
  const overrides = variant === null ? [] : Object.keys(c.variants.find((v) => v.name === variant)!.impl);
  const reads = o.store.reads(c.id);
  const reusable = variant === null || (reads !== undefined && overrides.every((k) => !reads.has(k)));
  if (reusable) {
    const baseRec = o.store.sample(c.id, null, n, rep);
    if (baseRec) return baseRec;
  }
  if (variant !== null && !reusable) {
    const own = o.store.sample(c.id, variant, n, rep);
    if (own) return own;
  }
  if (o.judgeOnly) throw new MissingCellError(`${c.id}${variant && !reusable ? `/${variant}` : ''} n=${n} rep=${rep}`);
  // Compute: as the base cell when the variant would reuse it anyway.
  const asVariant = reusable ? null : variant;
  const impl = implFor(c, asVariant ?? undefined) as object;
  const rng = Rng.stream(o.seed, c.id, n, rep);
  const readSet = new Set<string>();
  const t = performance.now();
  let rec: SampleRecord;
  try {
    const value = sampler(asVariant === null ? trackedImpl(impl, readSet) : impl, rng, rep, n);
    if (typeof value !== 'number') throw new TypeError(`sample returned ${typeof value}, not a number`);
    rec = { t: 'sample', claim: c.id, variant: asVariant, n, rep, value: Number.isFinite(value) ? value : null, ...(Number.isFinite(value) ? {} : { error: `sample is ${value}` }) };
  } catch (e) {
    rec = { t: 'sample', claim: c.id, variant: asVariant, n, rep, value: null, error: errMsg(e) };
  }
  if (asVariant === null) rec.reads = [...readSet].sort();
  rec.ms = Math.round(performance.now() - t);
  o.store.add(rec);
  return rec;
}

// ---------------------------------------------------------------------------------------------
// Limit claims

function runLimit(c: LimitClaim, o: RunOptions, budget: Budget, progress: Progress): ClaimSummary {
  const ladder = forProfile(c.ladder, o.profile);
  const ns = ladderSizes(ladder);
  const sampler: Sampler = (impl, rng, rep, n) => c.sample(n, { rng, profile: o.profile, replicate: rep }, impl);

  const runLadder = (variant: string | null) => {
    const impl = implFor(c, variant ?? undefined);
    let limit: number;
    try {
      limit = c.limit(impl);
    } catch (e) {
      return { judgement: null, error: `limit threw: ${errMsg(e)}` };
    }
    const floatFloor = c.floatFloor ?? defaultFloatFloor(limit);
    const levels: Array<{ n: number; values: number[] }> = [];
    for (let k = 0; k < ns.length; k++) {
      const n = ns[k];
      const values: number[] = [];
      for (let rep = 0; rep < ladder.replicates; rep++) {
        const rec = getSample(c, variant, n, rep, o, sampler);
        if (rec.value === null) return { judgement: null, error: `sample at n = ${n}, replicate ${rep}: ${rec.error}` };
        values.push(rec.value);
        progress({ claim: c.id, variant, phase: 'level', n, level: k, levels: ns.length, replicate: rep, replicates: ladder.replicates }, n * n);
      }
      levels.push({ n, values });
      // The noise floor ends the ladder (without a claimed rate: only at the required resolution).
      if (Number.isFinite(limit) && endsLadder(levelStats(n, values, limit, floatFloor), budget.alphaPerTest, !!c.rate, c.minEffect)) break;
    }
    const judgement = judgeLimit(levels, limit, c.rate, budget.alphaPerTest, Rng.stream(o.seed, c.id, variant ?? '', 'bootstrap'), floatFloor, c.minEffect);
    return { judgement, error: null };
  };

  const base = runLadder(null);
  const variants: VariantSummary[] = c.variants.map((v) => {
    const r = runLadder(v.name);
    if (!r.judgement) return { name: v.name, why: v.why, verdict: 'error', reason: r.error ?? 'error', killed: false };
    return { name: v.name, why: v.why, verdict: r.judgement.verdict, reason: r.judgement.reason, killed: r.judgement.verdict === 'refuted' };
  });
  if (!base.judgement) return { ...emptySummary(c, o, 'error', base.error ?? 'error'), variants };
  const j = base.judgement;
  return {
    ...emptySummary(c, o, j.verdict, j.reason),
    estimate: j.estimate,
    stderr: j.stderr,
    fittedRate: j.fit ? j.fit.order : null,
    rateCI: j.fit && Number.isFinite(j.fit.ci95[0]) ? j.fit.ci95 : null,
    levels: j.levels,
    variants,
    details: { ...j.details, quantity: c.quantity, size: c.size, limit: c.limit(c.impl), ladder, rate: c.rate ?? null, tolerance: c.tolerance },
  };
}

// ---------------------------------------------------------------------------------------------
// Expectation claims

function runExpectation(c: ExpectationClaim, o: RunOptions, budget: Budget, progress: Progress): ClaimSummary {
  const R = forProfile(c.replicates, o.profile);
  const sampler: Sampler = (impl, rng, rep) => c.sample({ rng, profile: o.profile, replicate: rep }, impl);
  const runOne = (variant: string | null) => {
    const impl = implFor(c, variant ?? undefined);
    const values: number[] = [];
    for (let rep = 0; rep < R; rep++) {
      const rec = getSample(c, variant, 0, rep, o, sampler);
      if (rec.value === null) return { j: null, error: `replicate ${rep}: ${rec.error}` };
      values.push(rec.value);
      progress({ claim: c.id, variant, phase: 'level', replicate: rep, replicates: R }, 1);
    }
    let expected: number;
    try {
      expected = c.expected(impl);
    } catch (e) {
      return { j: null, error: `expected threw: ${errMsg(e)}` };
    }
    return { j: judgeExpectation(values, expected, c.minEffect, budget.alphaPerTest), error: null };
  };
  const base = runOne(null);
  const variants: VariantSummary[] = c.variants.map((v) => {
    const r = runOne(v.name);
    if (!r.j) return { name: v.name, why: v.why, verdict: 'error', reason: r.error ?? 'error', killed: false };
    return { name: v.name, why: v.why, verdict: r.j.verdict, reason: r.j.reason, killed: r.j.verdict === 'refuted' };
  });
  if (!base.j) return { ...emptySummary(c, o, 'error', base.error ?? 'error'), variants };
  return {
    ...emptySummary(c, o, base.j.verdict, base.j.reason),
    estimate: base.j.estimate,
    stderr: base.j.stderr,
    variants,
    details: { ...base.j.details, quantity: c.quantity, tolerance: c.tolerance },
  };
}
