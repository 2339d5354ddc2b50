/**
 * The one-sided Kolmogorov–Smirnov (Smirnov) test of a sample against U(0, 1) for an excess of small values:
 * \[ D_n^+ = \sup_x \bigl(F_n(x) - x\bigr) = \max_{1\le i\le n} \bigl(i/n - u_{(i)}\bigr), \]
 * large when the sample has too many small values (p-values of an anti-conservative test).
 *
 * Its exact null tail for a continuous F (Birnbaum & Tingey 1951, Ann. Math. Statist. 22:592, eq. (3)):
 * \[ P(D_n^+ \ge d) = d \sum_{j=0}^{\lfloor n(1-d) \rfloor} \binom{n}{j} \Bigl(1 - d - \tfrac{j}{n}\Bigr)^{n-j} \Bigl(d + \tfrac{j}{n}\Bigr)^{j-1}, \quad 0 < d \le 1. \]
 * Each term is evaluated in logs (lgamma), so n in the thousands is fine. An atom of the sample at 1 (a test that
 * was not made, reported as p = 1) only lowers F_n below 1, so the test stays valid (conservative) for such samples.
 *
 * @module
 */
import { lgamma } from './beta.ts';
import { StatsError } from './stats.ts';

/** \( D_n^+ = \max_i (i/n - u_{(i)}) \) (0 when every value is large). */
export function smirnovPlus(sample: ArrayLike<number>): number {
  const n = sample.length;
  if (n === 0) throw new StatsError('smirnovPlus of an empty sample');
  const u = Float64Array.from(sample);
  for (let i = 0; i < n; i++) if (!(u[i] >= 0 && u[i] <= 1)) throw new StatsError(`smirnovPlus: value ${i} is ${u[i]}, not in [0, 1]`);
  u.sort();
  let d = 0;
  for (let i = 0; i < n; i++) d = Math.max(d, (i + 1) / n - u[i]);
  return d;
}

/** Exact \( P(D_n^+ \ge d) \) under U(0, 1) (Birnbaum–Tingey). */
export function smirnovPlusPValue(d: number, n: number): number {
  if (!(Number.isInteger(n) && n >= 1)) throw new StatsError(`smirnovPlusPValue: n must be a positive integer, got ${n}`);
  if (Number.isNaN(d)) throw new StatsError('smirnovPlusPValue of NaN');
  if (d <= 0) return 1;
  if (d > 1) return 0;
  const lnFactN = lgamma(n + 1);
  let sum = 0;
  const jMax = Math.floor(n * (1 - d) + 1e-12);
  for (let j = 0; j <= jMax; j++) {
    const a = 1 - d - j / n;
    const b = d + j / n;
    if (a <= 0 && n - j > 0) continue; // (0)^{n−j} = 0
    const logTerm = lnFactN - lgamma(j + 1) - lgamma(n - j + 1) + (n - j) * (a > 0 ? Math.log(a) : 0) + (j - 1) * Math.log(b);
    sum += Math.exp(logTerm);
  }
  return Math.min(1, Math.max(0, d * sum));
}
