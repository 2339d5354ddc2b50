/**
 * The interface every claim kind implements. The runner, the budget, the reports and replay know
 * nothing about a particular kind: they dispatch through the table in `table.ts`. Adding a kind means
 * adding one file that exports a {@link ClaimKind} and one entry in that table (CONTRIBUTING.md).
 *
 * @module
 */
import type { CounterexampleDb } from '../counterexamples.ts';
import type { Profile } from '../profile.ts';
import type { ResultStore } from '../resultStore.ts';
import type { ClaimNumbers, ClaimSummary, Verdict } from '../verdict.ts';
import type { ClaimCommon } from './common.ts';

/** A progress report from a kind while it computes cells. */
export interface CellProgress {
  claim: string;
  variant: string | null;
  /** `level`/`replicate` for Monte Carlo cells, `property` for fast-check runs. */
  phase: 'level' | 'property';
  n?: number;
  level?: number;
  levels?: number;
  replicate?: number;
  replicates?: number;
}

/** What a kind needs to run or judge one claim. */
export interface KindRun {
  seed: number;
  profile: Profile;
  store: ResultStore;
  /** The per-test level α_i of the false-alarm budget (budget.ts). */
  alphaPerTest: number;
  /** Only judge from stored records; never compute (`report --merge`): a missing cell throws {@link MissingCellError}. */
  judgeOnly: boolean;
  counterexamples?: CounterexampleDb;
  /** Store failures of claims (not variants) in the counterexample database. */
  record: boolean;
  /** A fast-check replay path (property kinds only; validated by the CLI). */
  path?: string;
  /** Reports `work` units of the claim's planned work as done. */
  progress(e: CellProgress, work: number): void;
}

/** Fields of a claim summary that a kind fills in from the claim's own judgement. */
export type SummaryFields = Partial<Pick<ClaimSummary, 'fittedRate' | 'rateCI' | 'claimedRate' | 'levels' | 'details' | 'replay'>> & {
  /** A fast-check path to append to the replay command. */
  replayPath?: string | null;
};

/** The judgement of a claim or of one of its wrong variants. */
export interface Judgement {
  verdict: Verdict;
  reason: string;
  /** Summary fields (used for the claim itself; ignored for variants). */
  fields?: SummaryFields;
}

/** One kind of claim: how it is validated, planned, budgeted, run, judged and described. */
export interface ClaimKind<C extends ClaimCommon<any> & { kind: string }> { // eslint-disable-line @typescript-eslint/no-explicit-any
  /** The `kind` field of the claims it handles. */
  readonly name: C['kind'];
  /** One sentence: how a claim of this kind is decided (README, report). */
  readonly decidedBy: string;
  /** Validates the kind's own fields (the common ones are checked by `validateCommon`). */
  validate(c: C): void;
  /** Work units of the claim and its variants for the progress fraction (an upper bound). */
  plannedWork(c: C, profile: Profile): number;
  /** Number of stochastic tests the claim adds to the false-alarm budget. */
  stochasticTests(c: C): number;
  /** Why the claim adds that many tests (printed beside the budget). */
  readonly budgetNote: string;
  /** Runs (or loads from the store) the cells of the claim, or of its wrong variant `variant`, and judges them. */
  judge(c: C, variant: string | null, run: KindRun): Judgement;
  /** Fields of a summary known before anything runs (e.g. the claimed rate). */
  staticFields?(c: C): SummaryFields;
  /**
   * The named numbers of the verdict: what was claimed, what was observed with its standard error, and the
   * gap in standard errors. Computed from the summary alone (its `details`, `levels`, …), so it also works
   * on a summary whose judgement failed (then `observed.value` is null).
   */
  numbers(s: ClaimSummary): ClaimNumbers;
  /** Kind-specific facts and an optional table (ladder levels, sizes) for the claim's section of every report, as plain text. */
  describe(s: ClaimSummary): ClaimDescription;
  /** An SVG plot of the claim's evidence (`plots/ID.svg`), or null. */
  plot?(s: ClaimSummary): string | null;
  /** Does `replay --path P` apply (fast-check paths)? */
  readonly acceptsPath: boolean;
  /** Why `path` cannot be replayed for this claim at `profile` (null when it can). */
  pathProblem?(c: C, path: string, profile: Profile): string | null;
}

/** Kind-specific facts of a claim for the reports, as plain text (each renderer escapes and formats it). */
export interface ClaimDescription {
  /** Labelled one-line facts, e.g. `{ label: 'Power', text: 'detects |Δ| ≥ 0.004 with probability 0.8' }`. */
  facts: Array<{ label: string; text: string }>;
  /** A table of the evidence (the ladder's levels, the sizes of an extrapolation). */
  table?: { caption: string; head: string[]; rows: string[][] };
}

/** Thrown when a record needed to judge a claim is missing from the merged stores. */
export class MissingCellError extends Error {
  override name = 'MissingCellError';
}
