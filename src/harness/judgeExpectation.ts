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
 * @module
 */
import { mean, stderr, studentTQuantile } from '../core/stats.ts';
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
}

/** Judges R replicate values against the expected value. */
export function judgeExpectation(e: ExpectationEvidence): ExpectationJudgement {
  const { values, expected, minEffect, alpha } = e;
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
  const details = { alpha, replicates: R, tCritical: tCrit, smallestDetectable: detectable, minEffect, mean: m, expected };
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
