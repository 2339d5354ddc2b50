/**
 * Binary entropy in nats.
 *
 * @module
 */
import { DimensionError } from './errors.ts';

/**
 * Binary entropy in nats, \( h_2(p) = -p\log p - (1-p)\log(1-p) \), h₂(0) = h₂(1) = 0.
 * (Cover & Thomas, *Elements of Information Theory*, 2nd ed., eq. 2.5, with natural logarithms;
 * used in the probit mutual information of Barbier et al., PNAS 2019.)
 *
 * Stable at both ends: with q = 1 − p (exact for p ≥ ½ by Sterbenz's lemma) the formula is evaluated
 * for the smaller of p and q as \( -m\log m - (1-m)\,\mathrm{log1p}(-m) \), so h₂(p) ≈ p(1 − log p)
 * keeps full relative accuracy for tiny p and for p within a few ulps of 1.
 *
 * @throws {DimensionError} if p is NaN or outside [0, 1].
 */
export function binaryEntropy(p: number): number {
  if (!(p >= 0 && p <= 1)) throw new DimensionError(`binaryEntropy: probability p must lie in [0, 1], got ${p}`);
  const m = p <= 0.5 ? p : 1 - p;
  if (m === 0) return 0;
  return -m * Math.log(m) - (1 - m) * Math.log1p(-m);
}

/** Alias of {@link binaryEntropy} under the paper's name h₂ (nats). */
export const h2 = binaryEntropy;
