/**
 * The Clopper–Pearson ("exact") confidence interval for a binomial proportion.
 *
 * With k successes in n trials, the two-sided (1 − γ) interval is
 * \[ p_L = B^{-1}\!\left(\tfrac{\gamma}{2};\, k,\, n-k+1\right), \qquad p_U = B^{-1}\!\left(1-\tfrac{\gamma}{2};\, k+1,\, n-k\right), \]
 * with p_L = 0 when k = 0 and p_U = 1 when k = n, B⁻¹ the quantile of the Beta distribution
 * (Clopper & Pearson 1934, Biometrika 26:404). Its coverage is at least 1 − γ for every p.
 *
 * @module
 */
import { betaInc } from './beta.ts';
import { InputError } from './lemmataError.ts';

/** The quantile of Beta(a, b): the x with I_x(a, b) = q, by bisection to 1e-15 absolute (I is increasing in x). */
export function betaQuantile(q: number, a: number, b: number): number {
  if (!(q >= 0 && q <= 1)) throw new InputError(`betaQuantile needs 0 ≤ q ≤ 1, got ${q}`);
  if (q === 0) return 0;
  if (q === 1) return 1;
  let lo = 0;
  let hi = 1;
  for (let i = 0; i < 200 && hi - lo > 1e-15; i++) {
    const mid = 0.5 * (lo + hi);
    if (betaInc(a, b, mid) < q) lo = mid;
    else hi = mid;
  }
  return 0.5 * (lo + hi);
}

/** Options of {@link clopperPearson}. */
export interface ProportionInterval {
  /** Successes. */
  k: number;
  /** Trials. */
  n: number;
  /** Confidence level 1 − γ (default 0.95). */
  confidence?: number;
}

/** The two-sided Clopper–Pearson interval [p_L, p_U] for k successes in n trials. */
export function clopperPearson(o: ProportionInterval): [number, number] {
  const { k, n } = o;
  const conf = o.confidence ?? 0.95;
  if (!(Number.isInteger(n) && n >= 1)) throw new InputError(`clopperPearson: n must be a positive integer, got ${n}`);
  if (!(Number.isInteger(k) && k >= 0 && k <= n)) throw new InputError(`clopperPearson: k must be an integer in [0, n], got ${k}`);
  if (!(conf > 0 && conf < 1)) throw new InputError(`clopperPearson: confidence must be in (0, 1), got ${conf}`);
  const g = 1 - conf;
  const lo = k === 0 ? 0 : betaQuantile(g / 2, k, n - k + 1);
  const hi = k === n ? 1 : betaQuantile(1 - g / 2, k + 1, n - k);
  return [lo, hi];
}
