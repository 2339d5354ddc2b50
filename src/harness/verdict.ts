/**
 * Verdicts and the per-claim summary schema (the `--json` output; documented in the README).
 *
 * @module
 */
import type { ClaimKind } from './claim.ts';

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

/** The result of one claim. */
export interface ClaimSummary {
  id: string;
  title: string;
  kind: ClaimKind;
  source: string;
  verdict: Verdict;
  reason: string;
  /** Identity: worst |actual − expected|/tol over runs; limit: error at the finest level; expectation: mean − expected. */
  estimate: number | null;
  stderr: number | null;
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
  /** Kind-specific detail (counterexample, runs, guards, power statement, fit diagnostics). */
  details: Record<string, unknown>;
}

/** True when the claim passes the gate: not refuted, not an error, and every variant killed. */
export function gatePasses(s: ClaimSummary): boolean {
  return s.verdict !== 'refuted' && s.verdict !== 'error' && s.variants.every((v) => v.killed);
}
