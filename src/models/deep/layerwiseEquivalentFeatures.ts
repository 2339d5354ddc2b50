/**
 * Layer-wise Gaussian-equivalent features of a deep random network with known inner weights (Camilli, Tieplova,
 * Bergamin, Barbier 2025, arXiv 2505.03577: the layers are replaced one at a time by their Gaussian equivalents;
 * Cui, Krzakala, Zdeborová 2023, arXiv 2302.00375, eq. (6); shared/math/deep-gaussian-equivalence.md §2–3, §7.2).
 *
 * Real features: \( X^{(0)} = X,\ X^{(l)} = \varphi_l(X^{(l-1)}W^{(l)\top}/\sqrt{d_{l-1}}) - c_l \).
 * Equivalent features, with the same X and W and fresh i.i.d. N(0, 1) matrices Ξ_l (n × d_l):
 * \[ E^{(0)} = X,\qquad E^{(l)} = \kappa_{0,l} + \kappa_{1,l}\,E^{(l-1)}W^{(l)\top}/\sqrt{d_{l-1}} + \sqrt{\varepsilon_l}\,\Xi_l, \]
 * κ0_l, κ1_l, ε_l the coefficients of layer l **at its propagated variance** r_l = σ_l² q_{l−1} (`effectiveGlm.ts`),
 * so that each layer's noise passes through the later layers' weights and gains, as in the proof. The per-entry
 * variance of E^{(l)} is κ1_l² r_l + ε_l = q_l, the same as the real features'.
 *
 * `noise: 'output'` builds the classic wrong variant in which the noise skips the later layers' gains: the noiseless
 * linear chain plus \( \sqrt{\sum_l\varepsilon_l}\,\Xi \) added once at the output (the feature-level form of
 * ε_tot = Σ_l ε_l without the factors Π_{j>l} σ_j² κ1_j²).
 *
 * @module
 */
import { matmul } from '../../core/gemm.ts';
import { DimensionError, type Matrix } from '../../core/matrix.ts';
import type { Rng } from '../../core/random.ts';

/** The coefficients of one layer that the equivalent features use. */
export interface EquivalenceCoefficients {
  /** κ0 = E φ(h), h ~ N(0, r): the constant part. */
  kappa0: number;
  /** κ1 = E[h φ(h)]/r: the linear gain. */
  kappa1: number;
  /** ε = E φ² − κ0² − r κ1² ≥ 0: the variance of the Gaussian noise. */
  eps: number;
}

/** Options of {@link layerwiseEquivalentFeatures}. */
export interface LayerwiseOptions {
  /** `layerwise` (default, the equivalence) or `output` (wrong variant: the noise skips the later gains). */
  noise?: 'layerwise' | 'output';
}

/** The network of {@link layerwiseEquivalentFeatures}: its inner weights and each layer's coefficients. */
export interface LayerwiseNetwork {
  /** W^{(1)}, …, W^{(L)}, W^{(l)} of size d_l × d_{l−1} (d_0 = d). */
  weights: readonly Matrix[];
  /** The coefficients of layer l at its propagated variance r_l, one per weight matrix. */
  coefs: readonly EquivalenceCoefficients[];
}

function checkCoefficients(c: EquivalenceCoefficients, l: number): void {
  if (![c.kappa0, c.kappa1, c.eps].every(Number.isFinite) || c.eps < 0) throw new RangeError(`coefficients of layer ${l + 1} must be finite with eps ≥ 0, got κ0 = ${c.kappa0}, κ1 = ${c.kappa1}, ε = ${c.eps}`);
}

/**
 * The equivalent features E^{(L)} (n × d_L) for inputs X (n × d) and weights W^{(1)}, …, W^{(L)} (d_l × d_{l−1}), with
 * the noise matrices drawn from `rng` layer by layer.
 *
 * @throws {DimensionError} if the weights do not chain (W^{(1)} has d columns, W^{(l)} has d_{l−1} columns) or the
 *   coefficient list has the wrong length; {@link RangeError} for a non-finite coefficient or ε < 0.
 */
export function layerwiseEquivalentFeatures(X: Matrix, network: LayerwiseNetwork, rng: Rng, opts: LayerwiseOptions = {}): Matrix {
  const { weights, coefs } = network;
  if (weights.length === 0) throw new DimensionError('weights must list at least one layer');
  if (coefs.length !== weights.length) throw new DimensionError(`coefs has ${coefs.length} entries for ${weights.length} layers`);
  const mode = opts.noise ?? 'layerwise';
  if (mode !== 'layerwise' && mode !== 'output') throw new DimensionError(`noise must be 'layerwise' or 'output', got '${String(mode)}'`);
  coefs.forEach(checkCoefficients);
  let H = X;
  let skipped = 0;
  for (let l = 0; l < weights.length; l++) {
    const W = weights[l];
    if (W.cols !== H.cols) throw new DimensionError(`W^(${l + 1}) has ${W.cols} columns but its input has ${H.cols} features`);
    const P = matmul(H, W, { transB: true, alpha: 1 / Math.sqrt(W.cols) });
    const { kappa0, kappa1, eps } = coefs[l];
    const addNoise = mode === 'layerwise' || l === weights.length - 1;
    const sd = Math.sqrt(mode === 'layerwise' ? eps : skipped + eps);
    if (mode === 'output') skipped += eps;
    const data = P.data;
    for (let i = 0; i < data.length; i++) data[i] = kappa0 + kappa1 * data[i] + (addNoise ? sd * rng.normal() : 0);
    H = P;
  }
  return H;
}
