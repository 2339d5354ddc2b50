/**
 * The run engine: executes the cells of the selected claims (and of their wrong variants), stores
 * each finished cell, then judges every claim from the stored cells alone.
 *
 * Because verdicts are computed from records only, and every cell draws from its own stream
 * (root seed, claim id, n, replicate), a resumed run, a sharded run merged, and a single run give
 * the same summary bit for bit.
 *
 * The runner knows no kind: it asks the claim's kind module (`kinds/table.ts`) to judge the claim and
 * each wrong variant, on the claim's own draws (common random numbers).
 *
 * @module
 */
import { budgetFor, type Budget } from './budget.ts';
import { errorText } from './cells.ts';
import { sourceLine } from './kinds/common.ts';
import { MissingCellError, type CellProgress, type Judgement, type KindRun } from './kinds/kind.ts';
import { kindOf, type Claim } from './kinds/table.ts';
import type { CounterexampleDb } from './counterexamples.ts';
import type { Profile } from './profile.ts';
import { computeInParallel } from './parallel.ts';
import type { RegistrySource } from './registrySource.ts';
import { replayLine } from './replayLine.ts';
import type { ResultStore } from './resultStore.ts';
import type { ClaimSummary, VariantSummary, Verdict } from './verdict.ts';

/** Progress of a run, for the CLI's display. */
export interface ProgressEvent extends Omit<CellProgress, 'phase'> {
  /** `level`/`replicate` for Monte Carlo cells, `property` for fast-check runs, `done` when a claim is judged. */
  phase: CellProgress['phase'] | 'done';
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
  /** A budget fixed by the caller (audit mode: the user's claims get their own); default: split over `registry`. */
  budget?: Budget;
  counterexamples?: CounterexampleDb;
  /** Store failures of claims in the counterexample database. */
  record?: boolean;
  /** Only judge from stored records; never compute (used by `report --merge`). */
  judgeOnly?: boolean;
  /** A fast-check replay path (replay of one property claim). */
  path?: string;
  /** How the replay command of a claim is written (audit mode names the claim file). */
  replayPrefix?: string;
  onProgress?: (e: ProgressEvent) => void;
  /** Worker processes for the cells (`verify --jobs N`; default 1: in this process). Needs `source`. */
  jobs?: number;
  /** Where the registry comes from, so that worker processes can rebuild it. */
  source?: RegistrySource;
  /** Every cell's progress as the kinds report it (work units of the claim's planned work). */
  onCell?: (e: CellProgress, work: number) => void;
  /** With `jobs` > 1: report figures the workers render alongside the cells (see `parallel.ts`). */
  figures?: { ids: readonly string[]; onRendered(id: string, svg: string | null, error?: string): void };
}

/** The outcome of a run. */
export interface RunResult {
  seed: number;
  profile: Profile;
  budget: Budget;
  summaries: ClaimSummary[];
}

/** The summary of a claim before anything is judged (verdict, reason given). */
function baseSummary(c: Claim, o: RunOptions, verdict: Verdict, reason: string): ClaimSummary {
  const s: ClaimSummary = {
    id: c.id,
    title: c.title,
    kind: c.kind,
    statement: c.statement,
    source: sourceLine(c),
    sources: (Array.isArray(c.source) ? c.source : [c.source]).map((x) => ({ paper: x.paper, ref: x.ref })),
    verdict,
    reason,
    numbers: { claimed: { label: '', value: null }, observed: { label: '', value: null, se: null }, gapSe: null },
    fittedRate: null,
    rateCI: null,
    claimedRate: null,
    levels: [],
    variants: c.variants.map((v) => ({ name: v.name, why: v.why, verdict: 'error', reason: 'not run', killed: false })),
    replay: replayLine({ id: c.id, seed: o.seed, profile: o.profile, prefix: o.replayPrefix }),
    tolerance: c.tolerance,
    details: {},
    ...kindOf(c).staticFields?.(c),
  };
  return withNumbers(c, s);
}

/** The summary with its named numbers filled in by the claim's kind (a kind that throws leaves them empty: the verdict still stands). */
function withNumbers(c: Claim, s: ClaimSummary): ClaimSummary {
  try {
    s.numbers = kindOf(c).numbers(s);
  } catch (e) {
    s.numbers = { claimed: { label: 'claim', value: null }, observed: { label: 'observed', value: null, se: null, text: `not available: ${errorText(e)}` }, gapSe: null };
  }
  return s;
}

/** Judges a claim or a variant, turning a throw into an `error` judgement (a missing cell is rethrown). */
function safeJudge(c: Claim, variant: string | null, run: KindRun): Judgement {
  try {
    return kindOf(c).judge(c, variant, run);
  } catch (e) {
    if (e instanceof MissingCellError) throw e;
    return { verdict: 'error', reason: `harness failure: ${errorText(e)}` };
  }
}

/** Judges one claim and all its wrong variants (the one variant loop of the harness). */
function judgeClaim(c: Claim, o: RunOptions, run: KindRun): ClaimSummary {
  const base = safeJudge(c, null, run);
  const variants: VariantSummary[] = c.variants.map((v) => {
    const r = safeJudge(c, v.name, run);
    return { name: v.name, why: v.why, verdict: r.verdict, reason: r.reason, killed: r.verdict === 'refuted' };
  });
  const { replayPath, ...fields } = base.fields ?? {};
  const s = { ...baseSummary(c, o, base.verdict, base.reason), ...fields, variants };
  if (replayPath) s.replay = replayLine({ id: c.id, seed: o.seed, profile: o.profile, path: replayPath, prefix: o.replayPrefix });
  return withNumbers(c, s);
}

/** A progress reporter for {@link RunOptions.onProgress}: each claim is one unit, split over its cells in proportion to their planned cost. */
export function progressAccountant(o: Pick<RunOptions, 'selected' | 'profile' | 'onProgress'>): (e: Omit<ProgressEvent, 'fraction' | 'elapsedMs' | 'etaMs'>, work: number) => void {
  const t0 = performance.now();
  const planned = Math.max(1, o.selected.length);
  const perClaim = new Map(o.selected.map((c) => [c.id, kindOf(c).plannedWork(c, o.profile)]));
  const doneByClaim = new Map<string, number>();
  let done = 0;
  return (e, work) => {
    const before = doneByClaim.get(e.claim) ?? 0;
    // A claim counts fully when judged; its cells fill at most 0.999 of it before (planned work is an upper bound).
    const after = e.phase === 'done' ? 1 : Math.min(0.999, before + work / (perClaim.get(e.claim) || 1));
    doneByClaim.set(e.claim, after);
    done += after - before;
    if (!o.onProgress) return;
    const elapsedMs = performance.now() - t0;
    const fraction = done / planned;
    o.onProgress({ ...e, fraction, elapsedMs, etaMs: fraction > 0 ? (elapsedMs * (1 - fraction)) / fraction : null });
  };
}

/** Runs the selected claims and returns their summaries (sorted by id). */
export async function runClaims(o: RunOptions): Promise<RunResult> {
  const budget = o.budget ?? budgetFor(o.registry, { alphaTotal: o.alphaTotal });
  const emit = progressAccountant(o);
  const run: KindRun = {
    seed: o.seed,
    profile: o.profile,
    store: o.store,
    alphaPerTest: budget.alphaPerTest,
    judgeOnly: !!o.judgeOnly,
    counterexamples: o.counterexamples,
    record: !!o.record,
    path: o.path,
    progress: (e, work) => {
      o.onCell?.(e, work);
      emit(e, work);
    },
  };

  // In parallel: the workers compute every cell first; this process then judges from the records alone.
  if ((o.jobs ?? 1) > 1 && o.source && !o.judgeOnly && !o.path && o.selected.length > 1) {
    await computeInParallel({
      jobs: o.jobs!,
      source: o.source,
      seed: o.seed,
      profile: o.profile,
      budget,
      selected: o.selected,
      store: o.store,
      counterexamples: o.counterexamples,
      record: !!o.record,
      progress: run.progress,
      figures: o.figures,
    });
    run.judgeOnly = true;
  }

  const summaries: ClaimSummary[] = [];
  for (const c of o.selected) {
    let s: ClaimSummary;
    try {
      s = judgeClaim(c, o, run);
    } catch (e) {
      s = baseSummary(c, o, 'error', e instanceof MissingCellError ? `missing cell in the merged records: ${e.message}` : `harness failure: ${errorText(e)}`);
    }
    summaries.push(s);
    emit({ claim: c.id, variant: null, phase: 'done', summary: s }, 0);
    // Let the event loop breathe (signals, progress output) between claims.
    await new Promise((r) => setImmediate(r));
  }
  summaries.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  return { seed: o.seed, profile: o.profile, budget, summaries };
}
