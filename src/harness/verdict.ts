/**
 * Verdicts and the per-claim summary schema (the `--json` output; documented in the README).
 *
 * @module
 */

/** The outcome of checking a claim or a variant. `error`: it threw or produced NaN; never counted as verified. */
export type Verdict = 'verified' | 'refuted' | 'inconclusive' | 'error';

/** One rung of a limit claim's ladder. */
export interface LevelSummary {
  n: number;
  replicates: number;
  /** Mean of E_n − E_∞ over replicates (limit claims) or of the sample (expectation claims). */
  mean: number;
  stderr: number;
  /** True when this level's error is indistinguishable from 0 (it ended the ladder and is not fitted). */
  floor: boolean;
  /** Mean of the raw finite-size quantity E_n. */
  value: number;
}

/** A variant's verdict in the kill matrix: it is killed when `refuted`. */
export interface VariantSummary {
  name: string;
  why: string;
  verdict: Verdict;
  reason: string;
  killed: boolean;
}

/** What a claim states: a value, a bound, a limit or an order (`kinds/*.ts` name it for their kind). */
export interface ClaimedNumber {
  /** What the number is, e.g. `E_∞`, `order`, `E X`, `|Δ|/tol`. */
  label: string;
  /** The claimed value, when it is one number. */
  value: number | null;
  /** The claim in words when the value alone does not say it, e.g. `≥ 0.9 − 0.1`, `≤ 1 on every run`. */
  text?: string;
}

/** What was measured, with its standard error (null for deterministic checks). */
export interface ObservedNumber {
  /** What the number is, e.g. `fitted E_∞`, `fitted order`, `mean`, `worst |Δ|/tol`. */
  label: string;
  value: number | null;
  /** Standard error of `value` (null when the check is deterministic or nothing was measured). */
  se: number | null;
  /** The observation in words when there is no single number (e.g. `every check held exactly`). */
  text?: string;
}

/**
 * The named numbers of a claim's verdict, the same shape for every kind (schema 2 of `summary.json`;
 * each kind module's `numbers` fills it in). Reports print these and never branch on the kind.
 */
export interface ClaimNumbers {
  claimed: ClaimedNumber;
  observed: ObservedNumber;
  /** (observed − claimed)/se, signed; null when there is no standard error. */
  gapSe: number | null;
  /** The unit of claimed and observed values, when they have one (e.g. `nats`, `|Δ|/tol`). */
  unit?: string;
  /** Where or on what the observation was made, e.g. `d = 512, R = 300` or `1000 runs`. */
  at?: string;
}

/** The result of one claim. */
export interface ClaimSummary {
  id: string;
  title: string;
  /** The name of the claim's kind (`kinds/table.ts`). */
  kind: string;
  /** The lemma in words, as the claim states it. */
  statement: string;
  /** The sources as one line (`paper, ref; paper, ref`). */
  source: string;
  /** The sources, one entry per paper. */
  sources: Array<{ paper: string; ref: string }>;
  verdict: Verdict;
  reason: string;
  /** Claimed against observed, with the standard error and the gap in standard errors. */
  numbers: ClaimNumbers;
  /** Fitted order p̂ in |E_n − E_∞| ~ n^{-p} (limit claims). */
  fittedRate: number | null;
  /** Bootstrap 95% percentile interval of p̂. */
  rateCI: [number, number] | null;
  /** The claimed order, if any. */
  claimedRate: number | null;
  levels: LevelSummary[];
  variants: VariantSummary[];
  /** The one-line command that replays this claim. */
  replay: string;
  /** How the tolerances were derived (the claim's `tolerance` text). */
  tolerance: string;
  /** Kind-specific detail (counterexample, runs, guards, power statement, fit diagnostics). */
  details: Record<string, unknown>;
}

/**
 * The gate policy, decided once for `verify`, `audit`, `report --merge` and the test suite.
 *
 * - default: a claim passes when it is not refuted, not an error, and every wrong variant is refuted.
 *   `inconclusive` passes: it says the evidence at the sizes run cannot decide, which is not a failure of
 *   the lemma, and the report lists it with the resolution reached.
 * - `strict` (`--strict`; what `npm test` uses for the built-in claims, which are designed to decide at `ci`):
 *   `inconclusive` fails too.
 */
export interface GatePolicy {
  strict: boolean;
}

/** The default policy: inconclusive passes. */
export const DEFAULT_GATE: GatePolicy = Object.freeze({ strict: false });

/** True when the claim passes the gate under `policy`. */
export function gatePasses(s: ClaimSummary, policy: GatePolicy = DEFAULT_GATE): boolean {
  if (s.verdict === 'refuted' || s.verdict === 'error') return false;
  if (policy.strict && s.verdict !== 'verified') return false;
  return s.variants.every((v) => v.killed);
}

/** Why a claim fails the gate under `policy` (null when it passes): one line per reason. */
export function gateFailures(s: ClaimSummary, policy: GatePolicy = DEFAULT_GATE): string[] {
  const out: string[] = [];
  if (s.verdict === 'refuted' || s.verdict === 'error' || (policy.strict && s.verdict !== 'verified')) out.push(`${s.id}: ${s.verdict} — ${s.reason}`);
  for (const v of s.variants) if (!v.killed) out.push(`${s.id}/${v.name}: wrong variant survived (${v.verdict}) — ${v.reason}`);
  return out;
}
