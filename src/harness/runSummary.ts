/**
 * The summary document of a run (`summary.json`, and what `--json` prints; schema documented in the
 * README) and its gate.
 *
 * Schema history: 1 — one overloaded `estimate`/`stderr` per claim; 2 — each claim carries its
 * `statement`, structured `sources`, the named `numbers` (claimed, observed ± se, gap in se) and its
 * `tolerance` text at the top level.
 *
 * @module
 */
import type { Budget } from './budget.ts';
import type { Profile } from './profile.ts';
import { DEFAULT_GATE, gatePasses, type ClaimSummary, type GatePolicy } from './verdict.ts';

/** The version of the summary schema written by this build. */
export const SUMMARY_SCHEMA = 2;

/** The summary document (`summary.json`, and what `--json` prints). */
export interface RunSummary {
  tool: 'lemmata';
  schema: typeof SUMMARY_SCHEMA;
  seed: number;
  profile: Profile;
  budget: Budget;
  gate: {
    passed: boolean;
    /** Did `inconclusive` fail the gate (`--strict`)? */
    strict: boolean;
    verified: number;
    refuted: number;
    inconclusive: number;
    errors: number;
    variants: number;
    variantsKilled: number;
    survivingVariants: string[];
  };
  claims: ClaimSummary[];
}

/** What {@link buildSummary} assembles. */
export interface SummaryInput {
  /** The run's root seed. */
  seed: number;
  /** The run's profile. */
  profile: Profile;
  /** The false-alarm budget in force. */
  budget: Budget;
  /** The claims' summaries, in report order. */
  claims: ClaimSummary[];
  /** The gate policy (default {@link DEFAULT_GATE}: inconclusive passes). */
  policy?: GatePolicy;
}

/** Builds the summary document and its gate. */
export function buildSummary(input: SummaryInput): RunSummary {
  const { seed, profile, budget, claims, policy = DEFAULT_GATE } = input;
  const count = (v: string) => claims.filter((c) => c.verdict === v).length;
  const surviving = claims.flatMap((c) => c.variants.filter((v) => !v.killed).map((v) => `${c.id}/${v.name}`));
  return {
    tool: 'lemmata',
    schema: SUMMARY_SCHEMA,
    seed,
    profile,
    budget,
    gate: {
      passed: claims.every((c) => gatePasses(c, policy)),
      strict: policy.strict,
      verified: count('verified'),
      refuted: count('refuted'),
      inconclusive: count('inconclusive'),
      errors: count('error'),
      variants: claims.reduce((s, c) => s + c.variants.length, 0),
      variantsKilled: claims.reduce((s, c) => s + c.variants.filter((v) => v.killed).length, 0),
      survivingVariants: surviving,
    },
    claims,
  };
}

/** The gate in one sentence: `PASS — 3 verified, 0 refuted, …; 9/9 wrong variants refuted`. */
export function gateLine(s: RunSummary): string {
  const g = s.gate;
  return (
    `${g.passed ? 'PASS' : 'FAIL'}${g.strict ? ' (strict)' : ''}: ${g.verified} verified, ${g.refuted} refuted, ${g.inconclusive} inconclusive, ${g.errors} errors; ` +
    `${g.variantsKilled}/${g.variants} wrong variants refuted`
  );
}

/** The false-alarm budget in one sentence. */
export function budgetLine(s: RunSummary): string {
  const b = s.budget;
  return `α_total = ${b.alphaTotal} per run, split by Bonferroni over ${b.tests} stochastic tests of the registry: α_i = ${Number(b.alphaPerTest.toPrecision(3))} per test`;
}
