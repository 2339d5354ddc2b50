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

/** The result of one claim. */
export interface ClaimSummary {
  id: string;
  title: string;
  /** The name of the claim's kind (`kinds/table.ts`). */
  kind: string;
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
