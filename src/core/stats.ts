/**
 * Sample statistics and the few distributions the verdicts need: Student t, Kolmogorov,
 * weighted least squares for rate fits.
 *
 * @module
 */
import { betaInc } from './beta.ts';
import { chiSquareSurvival } from './gammaInc.ts';
import { normalCdf, normalQuantile } from './normal.ts';
import { InputError } from './lemmataError.ts';

/** Thrown for statistically meaningless input (too few samples, NaN, non-positive weights). Exit code 2. */
export class StatsError extends InputError {
  override name = 'StatsError';
}

function assertFiniteArray(x: ArrayLike<number>, what: string): void {
  for (let i = 0; i < x.length; i++) {
    if (!Number.isFinite(x[i])) throw new StatsError(`${what} has a non-finite entry ${x[i]} at index ${i}`);
  }
}

/** Arithmetic mean, by Kahan–Neumaier summation (the replicate count can reach 10⁵). */
export function mean(x: ArrayLike<number>): number {
  if (x.length === 0) throw new StatsError('mean of an empty sample');
  assertFiniteArray(x, 'sample');
  let s = 0;
  let c = 0;
  for (let i = 0; i < x.length; i++) {
    const t = s + x[i];
    c += Math.abs(s) >= Math.abs(x[i]) ? s - t + x[i] : x[i] - t + s;
    s = t;
  }
  return (s + c) / x.length;
}

/** Unbiased sample variance \( s^2 = \frac{1}{R-1}\sum (x_i - \bar x)^2 \) (two-pass). */
export function variance(x: ArrayLike<number>): number {
  if (x.length < 2) throw new StatsError(`variance needs at least 2 samples, got ${x.length}`);
  const m = mean(x);
  let s = 0;
  for (let i = 0; i < x.length; i++) s += (x[i] - m) * (x[i] - m);
  return s / (x.length - 1);
}

/** Standard error of the mean \( s/\sqrt{R} \). */
export function stderr(x: ArrayLike<number>): number {
  return Math.sqrt(variance(x) / x.length);
}

/**
 * Student t CDF with ν > 0 degrees of freedom:
 * \( F(t) = 1 - \tfrac12 I_{\nu/(\nu+t^2)}(\nu/2, 1/2) \) for t ≥ 0 (symmetric otherwise).
 * ν = ∞ gives the normal CDF.
 */
export function studentTCdf(t: number, nu: number): number {
  if (!(nu > 0)) throw new StatsError(`degrees of freedom must be positive, got ${nu}`);
  if (Number.isNaN(t)) throw new StatsError('studentTCdf of NaN');
  if (nu === Infinity) return normalCdf(t);
  if (t === Infinity) return 1;
  if (t === -Infinity) return 0;
  const tail = 0.5 * betaInc(nu / 2, 0.5, nu / (nu + t * t));
  return t >= 0 ? 1 - tail : tail;
}

/** Upper tail P(T > t), accurate for small tails. */
export function studentTSurvival(t: number, nu: number): number {
  if (nu === Infinity) return normalCdf(-t);
  // t < 0, not t ≤ 0: at t = ±0 the reflection −t is again ≤ 0 and recursed forever (a t statistic of exactly 0, e.g. a
  // sample whose mean equals the claimed value, overflowed the stack); t = 0 falls through to I_1(ν/2, ½)/2 = ½.
  if (t < 0) return 1 - studentTSurvival(-t, nu);
  if (Number.isNaN(t)) throw new StatsError('studentTSurvival of NaN');
  return 0.5 * betaInc(nu / 2, 0.5, nu / (nu + t * t));
}

/**
 * Upper tail of Fisher's F distribution with (d₁, d₂) degrees of freedom:
 * \[ \Pr[F_{d_1,d_2} > x] = I_{d_2/(d_2 + d_1 x)}\!\left(\tfrac{d_2}{2}, \tfrac{d_1}{2}\right), \]
 * the regularised incomplete beta function (Abramowitz & Stegun 26.6.2); d₂ = ∞ gives Pr[χ²_{d₁} > d₁x].
 */
export function fSurvival(x: number, d1: number, d2: number): number {
  if (Number.isNaN(x) || !(d1 > 0) || !(d2 > 0)) throw new StatsError(`fSurvival(${x}; ${d1}, ${d2}): needs a number and positive degrees of freedom`);
  if (x <= 0) return 1;
  if (d2 === Infinity) return chiSquareSurvival(d1 * x, d1);
  return betaInc(d2 / 2, d1 / 2, d2 / (d2 + d1 * x));
}

/**
 * Student t quantile: the t with P(T ≤ t) = p, by bisection on the survival function in log
 * space (monotone, so it cannot fail), then accurate to ~1e-12 relative. ν = ∞ gives Φ⁻¹(p).
 */
export function studentTQuantile(p: number, nu: number): number {
  if (!(p > 0 && p < 1)) throw new StatsError(`quantile level must be in (0, 1), got ${p}`);
  if (!(nu > 0)) throw new StatsError(`degrees of freedom must be positive, got ${nu}`);
  if (nu === Infinity) return normalQuantile(p);
  if (p < 0.5) return -studentTQuantile(1 - p, nu);
  if (p === 0.5) return 0;
  const q = 1 - p; // upper tail
  let lo = 0;
  let hi = Math.max(1, normalQuantile(p));
  while (studentTSurvival(hi, nu) > q) hi *= 2;
  for (let i = 0; i < 200 && hi - lo > 1e-13 * hi; i++) {
    const mid = 0.5 * (lo + hi);
    if (studentTSurvival(mid, nu) > q) lo = mid;
    else hi = mid;
  }
  return 0.5 * (lo + hi);
}

/** Two-sided critical value t_{1−α/2, ν}. */
export function twoSidedCritical(alpha: number, nu: number): number {
  return studentTQuantile(1 - alpha / 2, nu);
}

/**
 * Kolmogorov–Smirnov statistic \( D_n = \sup_x |F_n(x) - F(x)| \) of a sample against a continuous CDF.
 */
export function ksStatistic(sample: ArrayLike<number>, cdf: (x: number) => number): number {
  const xs = Float64Array.from(sample).sort();
  const n = xs.length;
  if (n === 0) throw new StatsError('KS statistic of an empty sample');
  assertFiniteArray(xs, 'sample');
  let d = 0;
  for (let i = 0; i < n; i++) {
    const f = cdf(xs[i]);
    d = Math.max(d, (i + 1) / n - f, f - i / n);
  }
  return d;
}

/**
 * Asymptotic Kolmogorov p-value \( P(\sqrt n D_n > \lambda) = 2\sum_{k\ge1} (-1)^{k-1} e^{-2k^2\lambda^2} \),
 * with Stephens' small-sample correction λ = (√n + 0.12 + 0.11/√n)·D (Stephens 1970; Numerical Recipes §14.3).
 */
export function ksPValue(d: number, n: number): number {
  const sn = Math.sqrt(n);
  const lambda = (sn + 0.12 + 0.11 / sn) * d;
  if (lambda < 0.2) return 1;
  let sum = 0;
  for (let k = 1; k <= 100; k++) {
    const term = Math.exp(-2 * k * k * lambda * lambda);
    sum += (k % 2 === 1 ? 1 : -1) * term;
    if (term < 1e-17) break;
  }
  return Math.min(1, Math.max(0, 2 * sum));
}

/** A weighted straight-line fit y = a + b·x. */
export interface LineFit {
  intercept: number;
  slope: number;
  /** Standard error of the slope from the weights (weights = inverse variances), \( \sqrt{S_w / \Delta} \). */
  slopeStderr: number;
  interceptStderr: number;
  /** Weighted residual sum of squares χ² = Σ w (y − a − b x)²; ~ χ²_{k−2} when the model and weights are right. */
  chi2: number;
  points: number;
}

/**
 * Weighted least squares with known inverse-variance weights w_i:
 * \( \Delta = S_w S_{xx} - S_x^2,\; b = (S_w S_{xy} - S_x S_y)/\Delta,\; \operatorname{se}(b) = \sqrt{S_w/\Delta} \)
 * (Numerical Recipes §15.2, `fit` with known σ_i).
 */
export function weightedLineFit(x: ArrayLike<number>, y: ArrayLike<number>, w: ArrayLike<number>): LineFit {
  const k = x.length;
  if (y.length !== k || w.length !== k) throw new StatsError(`weightedLineFit: lengths differ (${k}, ${y.length}, ${w.length})`);
  if (k < 2) throw new StatsError(`weightedLineFit needs at least 2 points, got ${k}`);
  assertFiniteArray(x, 'x');
  assertFiniteArray(y, 'y');
  let sw = 0;
  let sx = 0;
  let sy = 0;
  for (let i = 0; i < k; i++) {
    if (!(w[i] > 0) || !Number.isFinite(w[i])) throw new StatsError(`weight ${i} must be positive and finite, got ${w[i]}`);
    sw += w[i];
    sx += w[i] * x[i];
    sy += w[i] * y[i];
  }
  // Centre x for stability.
  const xm = sx / sw;
  let stt = 0;
  let sty = 0;
  for (let i = 0; i < k; i++) {
    const t = x[i] - xm;
    stt += w[i] * t * t;
    sty += w[i] * t * y[i];
  }
  if (!(stt > 0)) throw new StatsError('weightedLineFit: all x are equal');
  const slope = sty / stt;
  const intercept = (sy - sx * slope) / sw;
  let chi2 = 0;
  for (let i = 0; i < k; i++) {
    const r = y[i] - intercept - slope * x[i];
    chi2 += w[i] * r * r;
  }
  return {
    intercept,
    slope,
    slopeStderr: Math.sqrt(1 / stt),
    interceptStderr: Math.sqrt((1 + (sx * sx) / (sw * stt)) / sw),
    chi2,
    points: k,
  };
}

/** Percentile of a sample (linear interpolation between order statistics, type 7). */
export function quantile(sample: ArrayLike<number>, p: number): number {
  if (sample.length === 0) throw new StatsError('quantile of an empty sample');
  const xs = Float64Array.from(sample).sort();
  const h = (xs.length - 1) * p;
  const lo = Math.floor(h);
  const hi = Math.min(xs.length - 1, lo + 1);
  return xs[lo] + (h - lo) * (xs[hi] - xs[lo]);
}
