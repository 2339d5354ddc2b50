/**
 * The Marchenko–Pastur law of XᵀX/d for X ∈ R^{n×d} with i.i.d. N(0, 1) entries, n/d → α:
 * \( \mu_\alpha = (1-\alpha)_+\,\delta_0 + \frac{\sqrt{(\lambda_+-\lambda)(\lambda-\lambda_-)}}{2\pi\lambda}\,\mathbf 1_{[\lambda_-,\lambda_+]}\,d\lambda \),
 * \( \lambda_\pm = (\sqrt\alpha \pm 1)^2 \)
 * (Marchenko & Pastur, Math. USSR Sb. 1 (1967); Bai & Silverstein, *Spectral Analysis of Large
 * Dimensional Random Matrices*, 2nd ed., Thm 3.6, rescaled from XᵀX/n to XᵀX/d = α·XᵀX/n).
 *
 * Integrals against the continuous part are computed in the form
 * \( \int\lambda\,k(\lambda)\,d\mu_{\rm cont} = \frac1{2\pi}\int_{\lambda_-}^{\lambda_+}\sqrt{(\lambda_+-\lambda)(\lambda-\lambda_-)}\;k(\lambda)\,d\lambda
 *    = \frac{h^2}{2\pi}\int_0^\pi \sin^2\theta\;k(c + h\cos\theta)\,d\theta \),
 * c = 1 + α, h = 2√α, so that the 1/λ of the density is absorbed in the caller's k (e.g. k = 1/(λ+D),
 * or k = log(1+λ/D)/λ, which is analytic at 0). The θ-integrand is smooth and π-periodic after even
 * extension, so the trapezoid rule converges geometrically (Trefethen & Weideman, SIAM Rev. 56 (2014),
 * Thm 3.2) at a rate set by the distance of k's nearest singularity (λ = −D) from the support.
 *
 * @module
 */
import { DimensionError } from '../../core/matrix.ts';
import { EPS } from '../../core/constants.ts';


/** The edges \( \lambda_\pm = (\sqrt\alpha \pm 1)^2 \) of the support of the MP law of XᵀX/d. */
export function marchenkoPasturEdges(alpha: number): { lower: number; upper: number } {
  if (!Number.isFinite(alpha) || !(alpha > 0)) throw new DimensionError(`alpha (the ratio n/d) must be positive and finite, got ${alpha}`);
  const r = Math.sqrt(alpha);
  return { lower: (r - 1) * (r - 1), upper: (r + 1) * (r + 1) };
}

/** Result of {@link marchenkoPasturMoment}. */
export interface MpIntegral {
  value: number;
  /** |I_N − I_{N/2}|: the error of the previous level (geometric convergence: pessimistic for this one). */
  errorEstimate: number;
  /** Rounding bound of the final sum: (N + 2)·ε·Σ|w_j k_j|. */
  roundingBound: number;
  /** Number of θ-intervals N of the final level. */
  intervals: number;
  converged: boolean;
}

/** Options of {@link marchenkoPasturMoment}. */
export interface MarchenkoPasturMomentOptions {
  /** Relative tolerance between two levels, relative to the L¹ size of the sum (default 2ε). */
  relTol?: number;
  /** Largest number of θ-intervals N before giving up (default 2²⁰). */
  maxIntervals?: number;
}

/**
 * \( \int \lambda\,k(\lambda)\,d\mu_{\alpha,\rm cont}(\lambda) \) by the θ-trapezoid rule (module comment),
 * with N = 16, 32, … intervals until two levels agree to `relTol` (relative to the L¹ size of the sum)
 * or to the rounding level 2√N·ε of the sums.
 *
 * @param k the integrand divided by λ, smooth on [λ₋, λ₊] (the endpoints θ = 0, π carry weight 0 and are not evaluated).
 * @throws {DimensionError} for α ≤ 0 or a non-finite k value.
 */
export function marchenkoPasturMoment(k: (lambda: number) => number, alpha: number, options: MarchenkoPasturMomentOptions = {}): MpIntegral {
  const { relTol = 2 * EPS, maxIntervals = 1 << 20 } = options;
  const { lower, upper } = marchenkoPasturEdges(alpha);
  const c = 0.5 * (lower + upper);
  const h = 0.5 * (upper - lower);
  const pref = (h * h) / (2 * Math.PI);
  let N = 8;
  let sum = 0;
  let abs = 0;
  const addNodes = (j0: number, step: number, Nn: number) => {
    for (let j = j0; j < Nn; j += step) {
      const th = (Math.PI * j) / Nn;
      const s = Math.sin(th);
      const v = s * s * k(c + h * Math.cos(th));
      if (!Number.isFinite(v)) throw new DimensionError(`marchenkoPasturMoment: k(${c + h * Math.cos(th)}) is not finite`);
      sum += v;
      abs += Math.abs(v);
    }
  };
  addNodes(1, 1, N);
  let prev = (pref * Math.PI * sum) / N;
  let diff = Infinity;
  while (N < maxIntervals) {
    N *= 2;
    addNodes(1, 2, N);
    const cur = (pref * Math.PI * sum) / N;
    diff = Math.abs(cur - prev);
    prev = cur;
    const scale = (pref * Math.PI * abs) / N;
    // Stop at the tolerance, or when the levels differ by no more than the rounding of the sums (√N·ε·scale).
    if (N >= 32 && diff <= Math.max(relTol, 2 * Math.sqrt(N) * EPS) * scale) return { value: cur, errorEstimate: diff, roundingBound: (N + 2) * EPS * scale, intervals: N, converged: true };
  }
  return { value: prev, errorEstimate: diff, roundingBound: (N + 2) * EPS * ((pref * Math.PI * abs) / N), intervals: N, converged: false };
}

/**
 * The MMSE as an MP integral, \( m = D\,g_{\mu}(-D) = \int\frac{D}{\lambda+D}d\mu_\alpha = 1 - \int\frac{\lambda}{\lambda+D}d\mu_\alpha \)
 * (the atom at 0 contributes D/D = 1 to the first form and 0 to the last). Source: §5 of the math notes.
 */
export function mmseMarchenkoPastur(alpha: number, D: number): MpIntegral {
  if (!Number.isFinite(D) || !(D > 0)) throw new DimensionError(`D must be positive and finite, got ${D}`);
  const r = marchenkoPasturMoment((l) => 1 / (l + D), alpha);
  return { ...r, value: 1 - r.value };
}

/**
 * The mutual information per dimension as an MP integral,
 * \( \lim\tfrac1d I = \tfrac12\int\log(1+\lambda/D)\,d\mu_\alpha \) (§6: I = ½ Σ log(1 + λ_i/D)).
 */
export function miMarchenkoPastur(alpha: number, D: number): MpIntegral {
  if (!Number.isFinite(D) || !(D > 0)) throw new DimensionError(`D must be positive and finite, got ${D}`);
  const r = marchenkoPasturMoment((l) => Math.log1p(l / D) / l, alpha);
  return { ...r, value: 0.5 * r.value, errorEstimate: 0.5 * r.errorEstimate, roundingBound: 0.5 * r.roundingBound };
}
