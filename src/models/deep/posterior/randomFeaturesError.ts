/**
 * The Bayes-optimal clean error when the inner weights are known (deep random features: only the readout is
 * learned), in the proportional limit. It is a wrong value for the deep network's Bayes-optimal error (the student
 * does not know W), used as a wrong variant of the converse.
 *
 * Given W the target S = a·f(x)/√k is linear in the features, with a ~ N(0, σ_a² I_k), so the Bayes-optimal
 * estimator is ridge on the features and its clean error has the deterministic equivalent (Gaussian features with
 * the population covariance Σ of g = σ_a f/√k; Bach, *High-dimensional analysis of double descent for linear
 * regression with random projections*, SIAM J. Math. Data Sci. 2024, and Schröder, Cui, Dmitriev, Loureiro 2023,
 * arXiv 2302.00401, for deep random features)
 * \[ \varepsilon = \sum_i \frac{\sigma_i}{1 + n\sigma_i/(\Delta + \varepsilon)},\qquad \sigma_i = \mathrm{eig}(\Sigma), \]
 * which for Σ = (s/d) I_d reduces to the GLM's m² + (α + D − 1)m − D = 0 with ε = s·m. Σ is the Gaussian-equivalent
 * covariance of the last layer (§2 applied layer by layer, coefficients at the propagated r_l):
 * \( \Omega_0 = I_d,\ \Omega_l = \kappa_{1,l}^2\,W_l\Omega_{l-1}W_l^\top/d_{l-1} + \varepsilon_l I_{d_l} \), Σ = σ_a²Ω_L/k,
 * with W drawn once at size d (default 256; the value moves by < 5e-4 between d = 64, 256 and 512 for tanh(2x)×2 and erf×3 at α = 2, Δ = 0.1). The fixed point is solved by bisection on ε ∈ [0, tr Σ].
 *
 * @module
 */
import { symEigvals } from '../../../core/eigen.ts';
import { matmul } from '../../../core/gemm.ts';
import { zeros } from '../../../core/matrix.ts';
import { Rng } from '../../../core/random.ts';
import { gaussianMatrix } from '../../../core/randomMatrix.ts';
import { effectiveGlm, resolveArchitecture, type DeepArchitecture } from '../effectiveGlm.ts';
import { layerWidths } from '../deepTeacher.ts';

/** The fixed point ε = Σ σ_i/(1 + nσ_i/(Δ + ε)) for a spectrum σ and n samples (bisection to 1e-15 relative). */
export function ridgeErrorFromSpectrum(sigma: ArrayLike<number>, n: number, delta: number): number {
  if (!(n > 0)) throw new RangeError(`n must be positive, got ${n}`);
  if (!Number.isFinite(delta) || delta < 0) throw new RangeError(`delta must be finite and ≥ 0, got ${delta}`);
  const F = (e: number) => {
    let s = 0;
    for (let i = 0; i < sigma.length; i++) {
      const v = Math.max(0, sigma[i]);
      s += v / (1 + (n * v) / (delta + e));
    }
    return s - e;
  };
  // F(0) ≥ 0 and F(tr Σ) ≤ 0; F is decreasing in e (each term increases more slowly than e).
  let lo = 0;
  let hi = 0;
  for (let i = 0; i < sigma.length; i++) hi += Math.max(0, sigma[i]);
  if (hi === 0) return 0;
  for (let it = 0; it < 200 && hi - lo > 1e-15 * hi; it++) {
    const mid = 0.5 * (lo + hi);
    if (F(mid) > 0) lo = mid;
    else hi = mid;
  }
  return 0.5 * (lo + hi);
}

/** Options of {@link randomFeaturesError}. */
export interface RandomFeaturesErrorOptions {
  /** Input dimension d of the one draw of W (default 256). */
  d?: number;
  /** Root seed of that draw (default 20260101: the value is a deterministic function of the arguments). */
  seed?: number;
}

/**
 * The random-features (inner weights known) Bayes-optimal clean error at sample ratio α and label noise Δ, from the
 * Gaussian-equivalent feature covariance of one draw of W at input dimension d (default 256, seed fixed so the value
 * is a deterministic function of its arguments).
 */
export function randomFeaturesError(arch: DeepArchitecture, alpha: number, delta: number, options: RandomFeaturesErrorOptions = {}): number {
  const { d = 256, seed = 20260101 } = options;
  const a = resolveArchitecture(arch);
  const g = effectiveGlm(a);
  const widths = layerWidths(a, d);
  const rng = Rng.stream(seed, 'randomFeaturesError', d);
  let Om = zeros(d, d);
  for (let i = 0; i < d; i++) Om.data[i * d + i] = 1;
  let fanIn = d;
  for (let l = 0; l < widths.length; l++) {
    const W = gaussianMatrix(widths[l], fanIn, rng, { scale: Math.sqrt(a.weightVars[l]) });
    const k1 = g.layers[l].kappa1;
    const next = matmul(matmul(W, Om), W, { transB: true, alpha: (k1 * k1) / fanIn });
    for (let i = 0; i < widths[l]; i++) next.data[i * widths[l] + i] += g.layers[l].eps;
    // Symmetrise exactly (the two products round differently).
    const w = widths[l];
    for (let i = 0; i < w; i++) for (let j = 0; j < i; j++) {
      const v = 0.5 * (next.data[i * w + j] + next.data[j * w + i]);
      next.data[i * w + j] = v;
      next.data[j * w + i] = v;
    }
    Om = next;
    fanIn = widths[l];
  }
  const k = fanIn;
  const sigma = symEigvals(Om).map((v) => (a.readoutVar * v) / k);
  return ridgeErrorFromSpectrum(sigma, alpha * d, delta);
}
