/**
 * Convergence-rate fit: log|ē_n| = c − p·log n by weighted least squares, with a bootstrap over replicates.
 *
 * Weights. With ē the mean error of R replicates and s its standard error, the delta method gives
 * Var(log|ē|) ≈ (s/ē)², so w = (ē/s)². Only levels with |ē| > 2s enter the fit (others are at the
 * noise floor), which keeps the relative error of ē below 1/2 and the linearisation meaningful.
 *
 * Misfit. When χ²/(k−2) > 1 the slope's standard error is scaled by √(χ²/(k−2)) (the PDG scale
 * factor): curvature in the log-log plot (a wrong limit, a pre-asymptotic regime) widens the interval
 * instead of producing a confident wrong order.
 *
 * Bootstrap. B resamples of the replicates within each level (percentile interval, 95%); the
 * decision standard error is the larger of the scaled WLS one and the bootstrap standard deviation.
 *
 * @module
 */
import type { Rng } from '../core/random.ts';
import { mean, quantile, stderr, weightedLineFit } from '../core/stats.ts';

/** The replicate errors E_n − E_∞ of one level. */
export interface LevelErrors {
  n: number;
  errors: Float64Array;
}

/** A fitted convergence order. */
export interface RateFit {
  /** p̂ (minus the log-log slope). */
  order: number;
  /** WLS standard error of p̂, scaled for misfit. */
  wlsStderr: number;
  /** Standard deviation of p̂ over bootstrap resamples. */
  bootstrapStderr: number;
  /** max(wlsStderr, bootstrapStderr): what decisions use. */
  stderr: number;
  /** Bootstrap 95% percentile interval. */
  ci95: [number, number];
  /** χ² of the weighted fit and its degrees of freedom. */
  chi2: number;
  dof: number;
  /** Sizes that entered the fit. */
  ns: number[];
}

function fitOnce(ns: readonly number[], means: readonly number[], ses: readonly number[]) {
  const x = ns.map((n) => Math.log(n));
  const y = means.map((m) => Math.log(Math.abs(m)));
  const w = means.map((m, i) => (m / ses[i]) ** 2);
  return weightedLineFit(x, y, w);
}

/** Number of bootstrap resamples (the percentile interval's Monte Carlo error at 95% is ~0.01 in level). */
export const BOOTSTRAP_RESAMPLES = 400;

/** Options of {@link fitRate}. */
export interface FitRateOptions {
  /** Bootstrap resamples (default {@link BOOTSTRAP_RESAMPLES}). */
  resamples?: number;
}

/**
 * Fits the order on `levels` (at least 2; the caller enforces the policy's minimum of 3) and
 * bootstraps it with `rng`.
 */
export function fitRate(levels: readonly LevelErrors[], rng: Rng, options: FitRateOptions = {}): RateFit {
  const { resamples = BOOTSTRAP_RESAMPLES } = options;
  if (levels.length < 2) throw new RangeError(`a rate fit needs at least 2 levels, got ${levels.length}`);
  const ns = levels.map((l) => l.n);
  const means = levels.map((l) => mean(l.errors));
  const ses = levels.map((l) => stderr(l.errors));
  const fit = fitOnce(ns, means, ses);
  const dof = levels.length - 2;
  const scale = dof > 0 ? Math.max(1, Math.sqrt(fit.chi2 / dof)) : 1;
  const wlsStderr = fit.slopeStderr * scale;

  const orders: number[] = [];
  const bm = new Array<number>(levels.length);
  const bs = new Array<number>(levels.length);
  for (let b = 0; b < resamples; b++) {
    let ok = true;
    for (let i = 0; i < levels.length; i++) {
      const e = levels[i].errors;
      const R = e.length;
      const draw = new Float64Array(R);
      for (let r = 0; r < R; r++) draw[r] = e[rng.int(R)];
      bm[i] = mean(draw);
      bs[i] = stderr(draw);
      if (!(bs[i] > 0) || bm[i] === 0) ok = false; // degenerate resample (all copies of one value)
    }
    if (ok) orders.push(-fitOnce(ns, bm, bs).slope);
  }
  let bootstrapStderr = NaN;
  let ci95: [number, number] = [NaN, NaN];
  if (orders.length >= 20) {
    const m = mean(orders);
    bootstrapStderr = Math.sqrt(orders.reduce((s, o) => s + (o - m) ** 2, 0) / (orders.length - 1));
    ci95 = [quantile(orders, 0.025), quantile(orders, 0.975)];
  }
  return {
    order: -fit.slope,
    wlsStderr,
    bootstrapStderr,
    stderr: Number.isFinite(bootstrapStderr) ? Math.max(wlsStderr, bootstrapStderr) : wlsStderr,
    ci95,
    chi2: fit.chi2,
    dof,
    ns,
  };
}
