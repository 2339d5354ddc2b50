/**
 * Mutual information of a deep **linear** teacher against its effective GLM, exactly at finite size
 * (shared/math/deep-gaussian-equivalence.md §7.1; the deep linear case of Camilli, Tieplova, Bergamin, Barbier
 * 2025, arXiv 2505.03577).
 *
 * With φ_l = identity, S = v·x/√d where v = W^{(1)⊤}⋯W^{(L)⊤}a/√(d_1⋯d_L). Conditioning layer by layer from the
 * readout down, v | c ~ N(0, s c I_d) **exactly**, with s = σ_a² Π σ_l² and c = Π_{l=1}^{L} χ²_{d_l}/d_l
 * independent scaled chi-squares. For Y = v·x/√d + √Δ Z and the eigenvalues λ_i of XᵀX/d:
 * \[ I_{\rm deep} = \mathbb E_c\Big[\tfrac12\sum_i\log\big(1+\tfrac{s c\lambda_i}{\Delta}\big)\Big] + I(c; Y\mid X),\qquad
 *    I_{\rm GLM} = \tfrac12\sum_i\log\big(1+\tfrac{s\lambda_i}{\Delta}\big). \]
 * In the eigenbasis of XXᵀ the label components are independent, y_i ~ N(0, scλ_i + Δ) (the others N(0, Δ) and
 * independent of c), so everything is computed from (λ, y): the law of log c on a uniform grid (discrete
 * convolution of the log-χ² densities; trapezoid weights, spectrally accurate for these smooth densities), and
 * I(c; Y | X) estimated without bias by the pointwise information log p(Y | X, c) − log p(Y | X) at the true c.
 *
 * @module
 */
import { lgamma } from '../../core/beta.ts';
import type { Rng } from '../../core/random.ts';
import { wishartSpectrumOverD } from '../glm/wishartSpectrum.ts';

/** A grid for t = log c: nodes t_j = j·h (|j| ≤ J) and log-weights log(h·density(t_j)), normalised to sum 1. */
export interface LogGainGrid {
  t: Float64Array;
  logW: Float64Array;
}

/** Options of {@link logGainGrid}. */
export interface LogGainGridOptions {
  /** Number of grid nodes (odd; default 161). */
  points?: number;
}

/**
 * The law of \( \log c \), \( c = \prod_l \chi^2_{k_l}/k_l \), on a uniform grid: the density of u = log(χ²_k/k) is
 * \( \log f(u) = \tfrac k2(\log k + u) - \tfrac k2 e^u - \tfrac k2\log 2 - \log\Gamma(k/2) \); the sum over layers by
 * discrete convolution. The grid spans ±14 standard deviations of log c (√(Σ 2/k_l)) with `points` nodes.
 *
 * @throws {RangeError} if a k_l is not a positive integer.
 */
export function logGainGrid(ks: readonly number[], options: LogGainGridOptions = {}): LogGainGrid {
  const { points = 161 } = options;
  for (const k of ks) if (!Number.isInteger(k) || k < 1) throw new RangeError(`chi-square degrees of freedom must be positive integers, got ${k}`);
  const sd = Math.sqrt(ks.reduce((a, k) => a + 2 / k, 0));
  const J = (points - 1) >> 1;
  const h = (14 * sd) / J;
  const N = 2 * J + 1;
  const t = new Float64Array(N);
  for (let j = 0; j < N; j++) t[j] = (j - J) * h;
  const single = (k: number) => {
    const out = new Float64Array(N);
    const c0 = (k / 2) * Math.log(k) - (k / 2) * Math.LN2 - lgamma(k / 2);
    for (let j = 0; j < N; j++) out[j] = h * Math.exp(c0 + (k / 2) * t[j] - (k / 2) * Math.exp(t[j]));
    return out;
  };
  let w = single(ks[0]);
  for (let l = 1; l < ks.length; l++) {
    const f = single(ks[l]);
    const g = new Float64Array(N);
    for (let j = 0; j < N; j++) {
      let acc = 0;
      const lo = Math.max(0, j - J);
      const hi = Math.min(N - 1, j + J);
      for (let i = lo; i <= hi; i++) acc += w[i] * f[j - i + J];
      g[j] = acc;
    }
    w = g;
  }
  let total = 0;
  for (let j = 0; j < N; j++) total += w[j];
  const logW = new Float64Array(N);
  for (let j = 0; j < N; j++) logW[j] = Math.log(w[j] / total);
  return { t, logW };
}

/** The two informations of one instance and their gap (nats, totals, not per sample). */
export interface DeepLinearInformation {
  /** E_c[½Σ log(1 + scλ_i/Δ)] (exact given λ, up to the grid). */
  conditional: number;
  /** Pointwise log p(Y|X, c) − log p(Y|X): an unbiased estimate of I(c; Y | X). */
  gainInformation: number;
  /** I_GLM = ½Σ log(1 + sλ_i/Δ). */
  glm: number;
  /** I_deep − I_GLM. */
  gap: number;
  /** The nonzero eigenvalues λ_i of XᵀX/d of the instance (so that I_GLM can be re-evaluated at another s). */
  lambda: Float64Array;
}

/** I_GLM = ½Σ log(1 + sλ_i/Δ). */
export function glmInformation(lambda: Float64Array, s: number, delta: number): number {
  let glm = 0;
  for (let i = 0; i < lambda.length; i++) glm += 0.5 * Math.log1p((s * lambda[i]) / delta);
  return glm;
}

function logLik(lambda: Float64Array, y: Float64Array, sc: number, delta: number): number {
  let acc = 0;
  for (let i = 0; i < lambda.length; i++) {
    const v = sc * lambda[i] + delta;
    acc -= 0.5 * (Math.log(v) + (y[i] * y[i]) / v);
  }
  return acc;
}

/** The model parameters of {@link deepLinearInformation}. */
export interface DeepLinearInformationSettings {
  /** Signal strength s > 0 of the deep linear teacher. */
  s: number;
  /** Noise variance Δ > 0 of the Gaussian channel. */
  delta: number;
  /** The grid of t = log c ({@link logGainGrid} of the widths). */
  grid: LogGainGrid;
  /** Signal strength of the GLM side (default s; wrong variants change it). */
  sGlm?: number;
}

/**
 * I_deep and I_GLM of one instance from the nonzero eigenvalues λ of XᵀX/d and `draws` of (c, y) given λ (the true
 * gain and the rotated labels; see the module comment). I(c; Y | X) is the average of the pointwise informations
 * over the draws (each unbiased; averaging K draws divides their variance by K). `sGlm` is the signal strength the
 * GLM side uses (s for the claim).
 *
 * @throws {RangeError} for mismatched lengths or non-positive s, Δ, c.
 */
export function deepLinearInformation(lambda: Float64Array, draws: ReadonlyArray<{ c: number; y: Float64Array }>, settings: DeepLinearInformationSettings): DeepLinearInformation {
  const { s, delta, grid, sGlm = s } = settings;
  if (!(s > 0) || !(delta > 0) || !(sGlm > 0)) throw new RangeError(`s and delta must be positive, got s = ${s}, delta = ${delta}, sGlm = ${sGlm}`);
  if (draws.length === 0) throw new RangeError('at least one (c, y) draw is needed');
  const m = lambda.length;
  const N = grid.t.length;
  // Per grid node j: Σ_i log v_ij and 1/v_ij, v_ij = s e^{t_j} λ_i + Δ.
  const sumLog = new Float64Array(N);
  const inv = new Float64Array(N * m);
  let conditional = 0;
  for (let j = 0; j < N; j++) {
    const sc = s * Math.exp(grid.t[j]);
    let acc = 0;
    let l1p = 0;
    for (let i = 0; i < m; i++) {
      const v = sc * lambda[i] + delta;
      acc += Math.log(v);
      inv[j * m + i] = 1 / v;
      l1p += Math.log1p((sc * lambda[i]) / delta);
    }
    sumLog[j] = acc;
    conditional += Math.exp(grid.logW[j]) * 0.5 * l1p;
  }
  let gainInformation = 0;
  const terms = new Float64Array(N);
  for (const { c, y } of draws) {
    if (y.length !== m) throw new RangeError(`y has length ${y.length} but there are ${m} eigenvalues`);
    if (!(c > 0)) throw new RangeError(`c must be positive, got ${c}`);
    let lmax = -Infinity;
    for (let j = 0; j < N; j++) {
      let q = 0;
      for (let i = 0; i < m; i++) q += y[i] * y[i] * inv[j * m + i];
      terms[j] = grid.logW[j] - 0.5 * (sumLog[j] + q);
      if (terms[j] > lmax) lmax = terms[j];
    }
    let sum = 0;
    for (let j = 0; j < N; j++) sum += Math.exp(terms[j] - lmax);
    gainInformation += logLik(lambda, y, s * c, delta) - (lmax + Math.log(sum));
  }
  gainInformation /= draws.length;
  const glm = glmInformation(lambda, sGlm, delta);
  return { conditional, gainInformation, glm, gap: conditional + gainInformation - glm, lambda };
}

/** Settings of {@link deepLinearReplicate}: the sizes, the model and the number of inner draws. */
export interface DeepLinearReplicateSettings extends DeepLinearInformationSettings {
  /** Input dimension d (the sample count is n = max(1, round(αd))). */
  d: number;
  /** Samples per input dimension α > 0. */
  alpha: number;
  /** Hidden widths d_1, …, d_L (positive integers; c = Π χ²_{d_l}/d_l). */
  widths: readonly number[];
  /** Independent (c, y) draws per spectrum λ (default 16). */
  inner?: number;
}

/**
 * One replicate: λ from the Laguerre model of XᵀX/d (n = αd), then `inner` independent draws of
 * c = Π χ²_{d_l}/d_l and y_i = √(scλ_i + Δ)·g_i given λ. Only the min(n, d) nonzero eigenvalues enter.
 */
export function deepLinearReplicate(settings: DeepLinearReplicateSettings, rng: Rng): DeepLinearInformation {
  const { d, alpha, widths, s, delta, grid, sGlm = s, inner = 16 } = settings;
  const n = Math.max(1, Math.round(alpha * d));
  const all = wishartSpectrumOverD(n, d, rng);
  const lambda = all.slice(all.length - Math.min(n, d));
  const draws: Array<{ c: number; y: Float64Array }> = [];
  for (let k = 0; k < inner; k++) {
    let c = 1;
    for (const w of widths) c *= rng.chiSquare(w) / w;
    const y = new Float64Array(lambda.length);
    for (let i = 0; i < y.length; i++) y[i] = Math.sqrt(s * c * lambda[i] + delta) * rng.normal();
    draws.push({ c, y });
  }
  return deepLinearInformation(lambda, draws, { s, delta, grid, sGlm });
}
