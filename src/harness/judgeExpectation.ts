/**
 * The verdict of a Monte Carlo expectation claim E X = μ (verification policy, kind 3).
 *
 * Test. With R independent replicates, mean x̄ and standard error s, T = (x̄ − μ)/s is compared with
 * t_{1−α/2, R−1}, α the claim's share of the suite budget: a true claim is refuted with probability
 * ≈ α (exact for Gaussian X, CLT otherwise).
 *
 * Power. The check detects a violation |E X − μ| = ε with probability ≥ 0.8 when
 * ε ≥ ε* = (t_{1−α/2, R−1} + t_{0.8, R−1})·s (normal approximation of the non-central t). If the
 * claim's stated smallest violation `minEffect` is below ε*, an unrejected claim is `inconclusive`
 * (underpowered), never `verified`.
 *
 * One-sided claims. A claim E X ≥ μ (`atLeast`) is refuted when T < −t_{1−α, R−1}, and E X ≤ μ (`atMost`) when
 * T > t_{1−α, R−1}: a true inequality (at worst E X = μ) is refuted with probability ≤ α. Its power is stated against a
 * violation of size `minEffect` on the wrong side: (t_{1−α} + t_{0.8})·s ≤ minEffect.
 *
 * p-value. `details.pValue` is the p-value of the same statistic T: p = 2·P(T_{R−1} > |T|) two-sided,
 * p = P(T_{R−1} < T) for `atLeast` and P(T_{R−1} > T) for `atMost` (with s = 0: 1 when the claim holds exactly,
 * else 0), so that the claim is refuted exactly when p < α. Under a true claim at its boundary p is uniform on
 * (0, 1) (exact for Gaussian X): `lemmata calibrate` tests that.
 *
 * @module
 */
import { mean, stderr, studentTQuantile, studentTSurvival } from '../core/stats.ts';
import type { Verdict } from './verdict.ts';

/** The judged expectation. */
export interface ExpectationJudgement {
  verdict: Verdict;
  reason: string;
  estimate: number | null;
  stderr: number | null;
  details: Record<string, unknown>;
}

const fmt = (x: number, d = 3) => (Number.isFinite(x) ? x.toPrecision(d) : String(x));

/** What {@link judgeExpectation} judges. */
export interface ExpectationEvidence {
  /** The R replicate values. */
  values: ArrayLike<number>;
  /** The claimed E X. */
  expected: number;
  /** The smallest violation to detect with power 0.8. */
  minEffect: number;
  /** The per-test level α_i. */
  alpha: number;
  /** `equal` (default, two-sided), or the one-sided claims E X ≥ expected (`atLeast`) and E X ≤ expected (`atMost`). */
  relation?: ExpectationRelation;
}

/** How a claimed expectation relates to its value. */
export type ExpectationRelation = 'equal' | 'atLeast' | 'atMost';

const REL_TEXT: Record<ExpectationRelation, string> = { equal: '=', atLeast: '≥', atMost: '≤' };

/** Judges R replicate values against the expected value. */
export function judgeExpectation(e: ExpectationEvidence): ExpectationJudgement {
  const { values, expected, minEffect, alpha } = e;
  const relation = e.relation ?? 'equal';
  if (relation !== 'equal') return judgeOneSided(e, relation);
  const R = values.length;
  for (let i = 0; i < R; i++) {
    if (!Number.isFinite(values[i])) return { verdict: 'error', reason: `replicate ${i} is ${values[i]}`, estimate: null, stderr: null, details: {} };
  }
  if (!Number.isFinite(expected)) return { verdict: 'error', reason: `the expected value is ${expected}`, estimate: null, stderr: null, details: {} };
  if (R < 3) return { verdict: 'inconclusive', reason: `only ${R} replicates`, estimate: null, stderr: null, details: {} };
  const m = mean(values);
  const s = stderr(values);
  const diff = m - expected;
  const tCrit = studentTQuantile(1 - alpha / 2, R - 1);
  const detectable = (tCrit + studentTQuantile(0.8, R - 1)) * s;
  // refuted ⇔ |T| > t_{1−α/2} ⇔ pValue < α.
  const pValue = s === 0 ? (diff === 0 ? 1 : 0) : Math.min(1, 2 * studentTSurvival(Math.abs(diff / s), R - 1));
  const details = { alpha, replicates: R, tCritical: tCrit, smallestDetectable: detectable, minEffect, mean: m, expected, pValue };
  const base = { estimate: diff, stderr: s, details };
  if (s === 0) {
    return diff === 0
      ? { ...base, verdict: 'verified', reason: `all ${R} replicates equal the expected value exactly` }
      : { ...base, verdict: 'refuted', reason: `all ${R} replicates equal ${m}, not ${expected}` };
  }
  const t = diff / s;
  if (Math.abs(t) > tCrit) {
    return { ...base, verdict: 'refuted', reason: `mean − expected = ${fmt(diff)} ± ${fmt(s, 2)} (|t| = ${fmt(Math.abs(t))} > ${fmt(tCrit)} at α = ${fmt(alpha, 2)})` };
  }
  if (detectable > minEffect) {
    return { ...base, verdict: 'inconclusive', reason: `underpowered: detects only |Δ| ≥ ${fmt(detectable, 2)} with power 0.8, but the claim asks for ${fmt(minEffect, 2)}; about ${Math.ceil(R * (detectable / minEffect) ** 2)} replicates are needed` };
  }
  return { ...base, verdict: 'verified', reason: `mean − expected = ${fmt(diff)} ± ${fmt(s, 2)} (|t| = ${fmt(Math.abs(t))} ≤ ${fmt(tCrit)}); detects |Δ| ≥ ${fmt(detectable, 2)} with power 0.8` };
}

/** The one-sided test of E X ≥ μ or E X ≤ μ. */
function judgeOneSided(e: ExpectationEvidence, relation: 'atLeast' | 'atMost'): ExpectationJudgement {
  const { values, expected, minEffect, alpha } = e;
  const R = values.length;
  for (let i = 0; i < R; i++) {
    if (!Number.isFinite(values[i])) return { verdict: 'error', reason: `replicate ${i} is ${values[i]}`, estimate: null, stderr: null, details: {} };
  }
  if (!Number.isFinite(expected)) return { verdict: 'error', reason: `the bound is ${expected}`, estimate: null, stderr: null, details: {} };
  if (R < 3) return { verdict: 'inconclusive', reason: `only ${R} replicates`, estimate: null, stderr: null, details: {} };
  const m = mean(values);
  const s = stderr(values);
  const diff = m - expected;
  // Signed so that a violation is negative: E X − μ for atLeast, μ − E X for atMost.
  const margin = relation === 'atLeast' ? diff : -diff;
  const tCrit = studentTQuantile(1 - alpha, R - 1);
  const detectable = (tCrit + studentTQuantile(0.8, R - 1)) * s;
  // refuted ⇔ T < −t_{1−α} (T = margin/s) ⇔ P(T_{R−1} < T) = P(T_{R−1} > −T) < α.
  const pValue = s === 0 ? (margin >= 0 ? 1 : 0) : studentTSurvival(-margin / s, R - 1);
  const details = { alpha, replicates: R, relation, tCritical: tCrit, smallestDetectable: detectable, minEffect, mean: m, expected, pValue };
  const base = { estimate: diff, stderr: s, details };
  const claim = `E X ${REL_TEXT[relation]} ${fmt(expected, 4)}`;
  if (s === 0) {
    return margin >= 0
      ? { ...base, verdict: 'verified', reason: `all ${R} replicates equal ${fmt(m, 6)}, so ${claim} holds exactly` }
      : { ...base, verdict: 'refuted', reason: `all ${R} replicates equal ${fmt(m, 6)}, violating ${claim}` };
  }
  const t = margin / s;
  if (t < -tCrit) {
    return { ...base, verdict: 'refuted', reason: `${claim} violated: mean ${fmt(m, 5)} ± ${fmt(s, 2)} (one-sided t = ${fmt(t)} < −${fmt(tCrit)} at α = ${fmt(alpha, 2)})` };
  }
  if (detectable > minEffect) {
    return { ...base, verdict: 'inconclusive', reason: `underpowered: detects only violations ≥ ${fmt(detectable, 2)} with power 0.8, but the claim asks for ${fmt(minEffect, 2)}; about ${Math.ceil(R * (detectable / minEffect) ** 2)} replicates are needed` };
  }
  return { ...base, verdict: 'verified', reason: `${claim}: mean ${fmt(m, 5)} ± ${fmt(s, 2)} (one-sided t = ${fmt(t)} ≥ −${fmt(tCrit)}); detects violations ≥ ${fmt(detectable, 2)} with power 0.8` };
}
