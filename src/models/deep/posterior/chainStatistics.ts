/**
 * Monte Carlo error of Markov-chain averages: batch means and Geyer's initial-sequence estimator of the
 * effective sample size.
 *
 * - Batch means (Flegal & Jones, *Batch means and spectral variance estimators in MCMC*, Ann. Statist. 38
 *   (2010)): split T draws into B consecutive batches of b = ⌊T/B⌋; the variance of the chain average is
 *   estimated by \( \widehat{\mathrm{Var}}(\bar x) = \frac{1}{B(B-1)}\sum_j (\bar x_j - \bar x)^2 \).
 * - Initial positive and monotone sequence (Geyer, *Practical Markov chain Monte Carlo*, Statist. Sci. 7
 *   (1992), §3.3): with autocovariances γ_t, Γ_m = γ_{2m} + γ_{2m+1} is positive and decreasing for a
 *   reversible chain; sum it up to the first non-positive Γ_m, forcing monotonicity:
 *   \( \tau = \big(-\gamma_0 + 2\sum_{m\le M}\Gamma_m\big)/\gamma_0 \), ESS = T/τ.
 *
 * @module
 */
import { InputError } from '../../../core/lemmataError.ts';

/** Thrown for too short a chain or invalid batch counts. Exit code 2. */
export class ChainStatisticsError extends InputError {
  override name = 'ChainStatisticsError';
}

/**
 * Batch-means estimate of the variance of the mean of `x[0..T)` (uses the first B·⌊T/B⌋ draws for the
 * batches and all T for nothing else).
 *
 * @throws {ChainStatisticsError} if B < 2 or T < B.
 */
export function batchMeansVariance(x: ArrayLike<number>, batches: number): number {
  const T = x.length;
  if (!Number.isInteger(batches) || batches < 2) throw new ChainStatisticsError(`batches must be an integer ≥ 2, got ${batches}`);
  if (T < batches) throw new ChainStatisticsError(`a chain of ${T} draws cannot be split into ${batches} batches`);
  const b = Math.floor(T / batches);
  const means = new Float64Array(batches);
  let all = 0;
  for (let j = 0; j < batches; j++) {
    let s = 0;
    for (let t = j * b; t < (j + 1) * b; t++) s += x[t];
    means[j] = s / b;
    all += means[j];
  }
  all /= batches;
  let v = 0;
  for (let j = 0; j < batches; j++) v += (means[j] - all) ** 2;
  return v / (batches * (batches - 1));
}

/**
 * Geyer's initial positive monotone sequence estimate of the integrated autocorrelation time τ and of
 * ESS = T/τ of `x` (τ is clamped below at 1/T, so ESS ≤ T²; a constant chain has ESS = T).
 *
 * @throws {ChainStatisticsError} if T < 4.
 */
export function initialSequenceEss(x: ArrayLike<number>): { ess: number; tau: number } {
  const T = x.length;
  if (T < 4) throw new ChainStatisticsError(`ESS needs at least 4 draws, got ${T}`);
  let m = 0;
  for (let t = 0; t < T; t++) m += x[t];
  m /= T;
  const gamma = (lag: number) => {
    let s = 0;
    for (let t = 0; t + lag < T; t++) s += (x[t] - m) * (x[t + lag] - m);
    return s / T;
  };
  const g0 = gamma(0);
  if (!(g0 > 0)) return { ess: T, tau: 1 };
  let sum = 0;
  let prev = Infinity;
  for (let k = 0; 2 * k + 1 < T; k++) {
    let G = gamma(2 * k) + gamma(2 * k + 1);
    if (G <= 0) break;
    if (G > prev) G = prev;
    sum += G;
    prev = G;
  }
  const tau = Math.max((-g0 + 2 * sum) / g0, 1 / T);
  return { ess: T / tau, tau };
}
