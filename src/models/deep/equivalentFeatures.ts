/**
 * One-step Gaussian equivalence of random features (shared/math/deep-gaussian-equivalence.md §2, §7.2;
 * Goldt, Loureiro, Reeves, Krzakala, Mézard, Zdeborová 2022 (Gaussian equivalence of random features);
 * Cui, Krzakala, Zdeborová 2023, arXiv 2302.00375, eq. (6)).
 *
 * Real features \( \Phi = \varphi(XW^\top/\sqrt d) \) (n × k) versus equivalent features
 * \( \Phi_{\rm eq} = \kappa_0 + \kappa_1 XW^\top/\sqrt d + \sqrt\varepsilon\,\Xi \), Ξ with fresh i.i.d. N(0, 1) entries,
 * κ0, κ1, ε the layer coefficients at the pre-activation variance r = σ_W² (for x ~ N(0, I_d)).
 * With a known W and an unknown readout a ~ N(0, I_k), labels Y = Φa/√k + √Δ Z have
 * \( I(a; Y\mid X, W) = \tfrac12\log\det(I_n + \Phi\Phi^\top/(k\Delta)) = \tfrac12\log\det(I_k + \Phi^\top\Phi/(k\Delta)) \)
 * (Sylvester), computed from a Cholesky factor of the k × k matrix.
 *
 * @module
 */
import { cholesky, choleskyLogDet } from '../../core/cholesky.ts';
import { matmul } from '../../core/gemm.ts';
import { DimensionError, type Matrix } from '../../core/matrix.ts';
import type { Rng } from '../../core/random.ts';
import { gram } from '../../core/syrk.ts';
import type { Activation } from './activation.ts';
import type { EquivalenceCoefficients } from './layerwiseEquivalentFeatures.ts';

/** The pre-activations \( H = XW^\top/\sqrt d \) (n × k). @throws {DimensionError} if X and W disagree on d. */
export function preActivations(X: Matrix, W: Matrix): Matrix {
  if (X.cols !== W.cols) throw new DimensionError(`X has ${X.cols} columns but W has ${W.cols}: both must have d columns`);
  return matmul(X, W, { transB: true, alpha: 1 / Math.sqrt(X.cols) });
}

/** Options of {@link realFeatures}. */
export interface RealFeaturesOptions {
  /** The constant subtracted from every feature, e.g. κ0 to centre them (default 0). */
  center?: number;
}

/** Real features φ(H) − center (a new matrix). */
export function realFeatures(H: Matrix, act: Activation, options: RealFeaturesOptions = {}): Matrix {
  const { center = 0 } = options;
  const out: Matrix = { rows: H.rows, cols: H.cols, data: new Float64Array(H.rows * H.cols), offset: 0, stride: H.cols };
  for (let i = 0; i < H.rows; i++) {
    for (let j = 0; j < H.cols; j++) out.data[i * out.stride + j] = act.f(H.data[H.offset + i * H.stride + j]) - center;
  }
  return out;
}

/**
 * Equivalent features κ0 + κ1 H + √ε Ξ, Ξ drawn from `rng` (a new matrix).
 *
 * @throws {RangeError} if ε < 0 or a coefficient is not finite.
 */
export function equivalentFeatures(H: Matrix, coefficients: EquivalenceCoefficients, rng: Rng): Matrix {
  const { kappa0, kappa1, eps } = coefficients;
  if (![kappa0, kappa1, eps].every(Number.isFinite) || eps < 0) throw new RangeError(`coefficients must be finite with eps ≥ 0, got κ0 = ${kappa0}, κ1 = ${kappa1}, ε = ${eps}`);
  const se = Math.sqrt(eps);
  const data = new Float64Array(H.rows * H.cols);
  for (let i = 0; i < H.rows; i++) {
    for (let j = 0; j < H.cols; j++) data[i * H.cols + j] = kappa0 + kappa1 * H.data[H.offset + i * H.stride + j] + se * rng.normal();
  }
  return { rows: H.rows, cols: H.cols, data, offset: 0, stride: H.cols };
}

/**
 * Per-sample mutual information of the random-features model with known features F (n × k):
 * \( \frac1n\cdot\tfrac12\log\det(I_k + F^\top F/(k\Delta)) \).
 *
 * @throws {RangeError} if Δ is not positive and finite.
 */
export function featureInformationPerSample(F: Matrix, delta: number): number {
  if (!Number.isFinite(delta) || !(delta > 0)) throw new RangeError(`delta (the label-noise variance) must be positive and finite, got ${delta}`);
  const k = F.cols;
  const G = gram(F);
  const scale = 1 / (k * delta);
  for (let i = 0; i < k; i++) {
    const row = G.offset + i * G.stride;
    for (let j = 0; j < k; j++) G.data[row + j] *= scale;
    G.data[row + i] += 1;
  }
  return (0.5 * choleskyLogDet(cholesky(G).L)) / F.rows;
}
