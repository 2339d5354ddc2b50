/**
 * The posterior of the deep teacher–student model over its inner weights, with the readout integrated out
 * (shared/math/deep-gaussian-equivalence.md §1; Cui, Krzakala, Zdeborová 2023, arXiv 2302.00375, eq. (1)).
 *
 * Model. Standardised inner weights Ω_l ∈ R^{d_l×d_{l−1}} with i.i.d. N(0, 1) entries, W_l = σ_l Ω_l;
 * \( H_0 = X,\; Z_l = \sigma_l H_{l-1}\Omega_l^\top/\sqrt{d_{l-1}},\; H_l = \varphi_l(Z_l) - c_l \), F = H_L (n × k);
 * readout a ~ N(0, σ_a² I_k), S = Fa/√k, Y = S + √Δ z. Given the inner weights, Y is Gaussian,
 * \( Y\mid X, W \sim \mathcal N(0, K_W + \Delta I_n) \), \( K_W = \sigma_a^2 FF^\top/k \), and in the k × k form
 * (matrix determinant lemma and Woodbury), with \( c = \sigma_a^2/(k\Delta) \), \( B = I_k + cF^\top F \), b = FᵀY, u = B⁻¹b:
 * \[ -\log p(Y\mid X, W) = \tfrac n2\log 2\pi\Delta + \tfrac12\log\det B + \tfrac1{2\Delta}\big(Y^\top Y - c\,b^\top u\big). \]
 * The potential of the chain is \( U(\Omega) = \tfrac12\|\Omega\|^2 - \log p(Y\mid X, W) \) (the N(0, 1) prior's
 * normaliser dropped), and its gradient with respect to F is
 * \[ \partial U/\partial F = c\,FB^{-1} - \tfrac c\Delta\, r\,u^\top, \qquad r = Y - cFu = \Delta (K_W + \Delta I)^{-1} Y, \]
 * back-propagated by hand through the layers: \( \partial U/\partial Z_l = \partial U/\partial H_l \odot \varphi_l'(Z_l) \),
 * \( \partial U/\partial\Omega_l = \tfrac{\sigma_l}{\sqrt{d_{l-1}}}(\partial U/\partial Z_l)^\top H_{l-1} + \Omega_l \),
 * \( \partial U/\partial H_{l-1} = \tfrac{\sigma_l}{\sqrt{d_{l-1}}}(\partial U/\partial Z_l)\,\Omega_l \).
 *
 * Given W the posterior of the readout is Gaussian, \( a\mid W, Y \sim \mathcal N(\sqrt k\,c\,u,\ \sigma_a^2 B^{-1}) \), so the
 * posterior mean and variance of S(x) = f(x)·a/√k at any input are
 * \( \hat S(x; W) = c\,f(x)^\top u \) and \( \sigma_a^2 f(x)^\top B^{-1} f(x)/k \) (Rao–Blackwellisation over a).
 *
 * All products go through the public kernels of `src/core` (gemm, syrk, cholesky, trsm, gemv), on buffers
 * allocated once per model.
 *
 * @module
 */
import { choleskyInPlace, choleskyLogDet } from '../../../core/cholesky.ts';
import { gemm } from '../../../core/gemm.ts';
import { dot, gemv } from '../../../core/gemv.ts';
import { DimensionError, zeros, type Matrix } from '../../../core/matrix.ts';
import { syrk } from '../../../core/syrk.ts';
import { trsm, trsv } from '../../../core/trsm.ts';
import type { LayerActivation } from '../activation.ts';
import { InputError } from '../../../core/lemmataError.ts';

/** Thrown for an invalid posterior model (architecture, data or noise). Exit code 2. */
export class PosteriorModelError extends InputError {
  override name = 'PosteriorModelError';
}

/** The network of the model: hidden layers (possibly none), their variances and sizes. */
export interface PosteriorNetwork {
  /** One activation per hidden layer, input to output; empty for L = 0 (the GLM itself). */
  layers: LayerActivation[];
  /** σ_l² per hidden layer. */
  weightVars: number[];
  /** σ_a² of the readout. */
  readoutVar: number;
  /** Input dimension d. */
  d: number;
  /** Hidden widths d_1..d_L. */
  widths: number[];
  /** Constants c_l subtracted after φ_l (0 for an odd activation). */
  centers: number[];
}

/** The data the posterior conditions on. */
export interface PosteriorData {
  /** Training inputs, n × d. */
  X: Matrix;
  /** Labels, length n. */
  Y: Float64Array;
  /** Label-noise variance Δ > 0. */
  delta: number;
}

/** A compiled posterior: its dimension, potential with gradient, and predictions. */
export interface DeepPosteriorModel {
  net: PosteriorNetwork;
  /** Number of inner weights (the chain's dimension) Σ_l d_l d_{l−1}. */
  dim: number;
  /** Training-set size n and readout width k = d_L (d for L = 0). */
  n: number;
  k: number;
  /** U(Ω); writes ∂U/∂Ω into `grad` when it is given. Throws nothing for finite Ω (B is SPD). */
  potential(theta: Float64Array, grad?: Float64Array): number;
  /** log p(Y | X, W) at Ω (Gaussian marginal over the readout). */
  logLikelihood(theta: Float64Array): number;
  /**
   * Posterior mean of S given W on the rows of `Xtest` (and on the training inputs: `inSample`), and the
   * readout's posterior variance σ_a² f(x)ᵀB⁻¹f(x)/k at each test input.
   */
  predict(theta: Float64Array, Xtest: Matrix | null): { test: Float64Array; testVar: Float64Array; inSample: Float64Array; inSampleVarSum: number };
  /** The Gram K_W = σ_a² FFᵀ/k of the training inputs (n × n, new matrix). */
  gram(theta: Float64Array): Matrix;
}

/** Flat offsets of Ω_1..Ω_L in a parameter vector. */
export function weightOffsets(net: Pick<PosteriorNetwork, 'd' | 'widths'>): number[] {
  const off = [0];
  let fanIn = net.d;
  for (const w of net.widths) {
    off.push(off[off.length - 1] + w * fanIn);
    fanIn = w;
  }
  return off;
}

/** Views Ω_l (d_l × d_{l−1}) of a flat parameter vector. */
export function weightViews(net: Pick<PosteriorNetwork, 'd' | 'widths'>, theta: Float64Array): Matrix[] {
  const off = weightOffsets(net);
  const out: Matrix[] = [];
  let fanIn = net.d;
  for (let l = 0; l < net.widths.length; l++) {
    out.push({ rows: net.widths[l], cols: fanIn, data: theta, offset: off[l], stride: fanIn });
    fanIn = net.widths[l];
  }
  return out;
}

/**
 * Standardised parameters Ω_l = W_l/σ_l of a teacher's weights, packed into one vector (the Nishimori start).
 *
 * @throws {PosteriorModelError} if the shapes do not match the network.
 */
export function packWeights(net: PosteriorNetwork, weights: readonly Matrix[]): Float64Array {
  if (weights.length !== net.widths.length) throw new PosteriorModelError(`weights has ${weights.length} layers, the network ${net.widths.length}`);
  const off = weightOffsets(net);
  const theta = new Float64Array(off[off.length - 1]);
  let fanIn = net.d;
  for (let l = 0; l < weights.length; l++) {
    const W = weights[l];
    if (W.rows !== net.widths[l] || W.cols !== fanIn) throw new PosteriorModelError(`weights[${l}] is ${W.rows}×${W.cols}, expected ${net.widths[l]}×${fanIn}`);
    const inv = 1 / Math.sqrt(net.weightVars[l]);
    for (let i = 0; i < W.rows; i++) for (let j = 0; j < W.cols; j++) theta[off[l] + i * fanIn + j] = W.data[W.offset + i * W.stride + j] * inv;
    fanIn = W.rows;
  }
  return theta;
}

function checkNetwork(net: PosteriorNetwork): void {
  const L = net.layers.length;
  if (!Number.isInteger(net.d) || net.d < 1) throw new PosteriorModelError(`d (the input dimension) must be a positive integer, got ${net.d}`);
  for (const [name, v] of [['weightVars', net.weightVars], ['widths', net.widths], ['centers', net.centers]] as const) {
    if (!Array.isArray(v) || v.length !== L) throw new PosteriorModelError(`${name} must have one entry per hidden layer (${L}), got ${Array.isArray(v) ? v.length : typeof v}`);
  }
  net.weightVars.forEach((s, l) => {
    if (!Number.isFinite(s) || !(s > 0)) throw new PosteriorModelError(`weightVars[${l}] must be positive and finite, got ${s}`);
  });
  net.widths.forEach((w, l) => {
    if (!Number.isInteger(w) || w < 1) throw new PosteriorModelError(`widths[${l}] must be a positive integer, got ${w}`);
  });
  net.centers.forEach((c, l) => {
    if (!Number.isFinite(c)) throw new PosteriorModelError(`centers[${l}] must be finite, got ${c}`);
  });
  if (!Number.isFinite(net.readoutVar) || !(net.readoutVar > 0)) throw new PosteriorModelError(`readoutVar must be positive and finite, got ${net.readoutVar}`);
  net.layers.forEach((l, i) => {
    if (!l.activation.df) throw new PosteriorModelError(`layer ${i + 1} (${l.activation.name}) has no derivative: Hamiltonian Monte Carlo needs a differentiable activation`);
    if (l.activation.jumps && l.activation.jumps.length > 0) {
      throw new PosteriorModelError(`layer ${i + 1} (${l.activation.name}) jumps: its potential is discontinuous, which leapfrog integration cannot follow`);
    }
  });
}

function checkData(net: PosteriorNetwork, data: PosteriorData): void {
  const { X, Y, delta } = data;
  if (X.cols !== net.d) throw new DimensionError(`X has ${X.cols} columns but the network's input dimension is ${net.d}`);
  if (Y.length !== X.rows) throw new DimensionError(`Y has length ${Y.length} but X has ${X.rows} rows`);
  for (let i = 0; i < Y.length; i++) if (!Number.isFinite(Y[i])) throw new DimensionError(`Y has a non-finite entry ${Y[i]} at ${i}`);
  if (!Number.isFinite(delta) || !(delta > 0)) throw new PosteriorModelError(`delta (the label-noise variance Δ) must be positive and finite, got ${delta}`);
}

/** Copies a (possibly strided) matrix into a contiguous one of the same shape. */
function copyInto(src: Matrix, dst: Matrix): void {
  for (let i = 0; i < src.rows; i++) {
    const s = src.offset + i * src.stride;
    dst.data.set(src.data.subarray(s, s + src.cols), dst.offset + i * dst.stride);
  }
}

/**
 * Compiles the posterior of `net` given `data`: buffers for the forward pass (pre-activations and
 * derivatives of every layer), the k × k factor and the backward pass are allocated here, once.
 *
 * @throws {PosteriorModelError} for a bad network (lengths, variances, a non-differentiable or jumping activation) or Δ ≤ 0;
 *   {@link DimensionError} for data of the wrong shape or with non-finite labels.
 */
export function deepPosteriorModel(net: PosteriorNetwork, data: PosteriorData): DeepPosteriorModel {
  checkNetwork(net);
  checkData(net, data);
  const { X, Y, delta } = data;
  const L = net.layers.length;
  const n = X.rows;
  const k = L === 0 ? net.d : net.widths[L - 1];
  const dim = weightOffsets(net)[L];
  const c = net.readoutVar / (k * delta);
  const gains = net.widths.map((_, l) => Math.sqrt(net.weightVars[l]) / Math.sqrt(l === 0 ? net.d : net.widths[l - 1]));
  const yy = dot(Y, Y);
  // Forward buffers: H[l] (n × d_l, l ≥ 1), derivatives Dp[l] = φ_l′(Z_l); H[0] = X.
  const H: Matrix[] = [X];
  const Dp: Matrix[] = [X];
  for (let l = 0; l < L; l++) {
    H.push(zeros(n, net.widths[l]));
    Dp.push(zeros(n, net.widths[l]));
  }
  const dH: Matrix[] = [X];
  for (let l = 0; l < L; l++) dH.push(zeros(n, net.widths[l]));
  const Bm = zeros(k, k);
  const b = new Float64Array(k);
  const u = new Float64Array(k);
  const Fs = new Float64Array(n);

  /** Z_l and H_l = φ_l(Z_l) − c_l for the rows of `Hin` (forward pass into `Hout`, derivatives into `Dout` when given). */
  function forward(thetaViews: Matrix[], Hin: Matrix[], Dout: Matrix[] | null): Matrix {
    for (let l = 0; l < L; l++) {
      const Z = Hin[l + 1];
      gemm(Hin[l], thetaViews[l], Z, { transB: true, alpha: gains[l] });
      const { f, df } = net.layers[l].activation;
      const cl = net.centers[l];
      const z = Z.data;
      if (Dout) {
        const dd = Dout[l + 1].data;
        for (let i = 0; i < z.length; i++) {
          dd[i] = df!(z[i]);
          z[i] = f(z[i]) - cl;
        }
      } else {
        for (let i = 0; i < z.length; i++) z[i] = f(z[i]) - cl;
      }
    }
    return Hin[L];
  }

  /** B = I + cFᵀF factored in place (lower Cholesky), b = FᵀY, u = B⁻¹b. Returns log det B. */
  function factor(F: Matrix): number {
    syrk(F, Bm, { trans: true, alpha: c, uplo: 'lower' });
    for (let i = 0; i < k; i++) Bm.data[i * k + i] += 1;
    choleskyInPlace(Bm, { symmetry: 'lower' });
    gemv(F, Y, b, { trans: true });
    u.set(b);
    trsv(Bm, u, { uplo: 'lower' });
    trsv(Bm, u, { uplo: 'lower', trans: true });
    return choleskyLogDet(Bm);
  }

  const negLogLik = (logDetB: number) => 0.5 * n * Math.log(2 * Math.PI * delta) + 0.5 * logDetB + (yy - c * dot(b, u)) / (2 * delta);

  function potential(theta: Float64Array, grad?: Float64Array): number {
    if (theta.length !== dim) throw new DimensionError(`theta has length ${theta.length}, the model has ${dim} inner weights`);
    const views = weightViews(net, theta);
    const F = forward(views, H, grad ? Dp : null);
    const logDetB = factor(F);
    let prior = 0;
    for (let i = 0; i < dim; i++) prior += theta[i] * theta[i];
    const U = 0.5 * prior + negLogLik(logDetB);
    if (!grad) return U;
    if (grad.length !== dim) throw new DimensionError(`grad has length ${grad.length}, the model has ${dim} inner weights`);
    if (L === 0) return U;
    // ∂U/∂F = c F B⁻¹ − (c/Δ) r uᵀ with r = Y − cFu: F B⁻¹ = F L⁻ᵀ L⁻¹ by two right-side triangular solves.
    const G = dH[L];
    copyInto(F, G);
    trsm(Bm, G, { side: 'right', uplo: 'lower', trans: true, alpha: c });
    trsm(Bm, G, { side: 'right', uplo: 'lower' });
    gemv(F, u, Fs);
    const gd = G.data;
    const cd = c / delta;
    for (let i = 0; i < n; i++) {
      const ri = cd * (Y[i] - c * Fs[i]);
      const row = i * k;
      for (let j = 0; j < k; j++) gd[row + j] -= ri * u[j];
    }
    const gviews = weightViews(net, grad);
    for (let l = L - 1; l >= 0; l--) {
      const dZ = dH[l + 1];
      const dz = dZ.data;
      const dp = Dp[l + 1].data;
      for (let i = 0; i < dz.length; i++) dz[i] *= dp[i];
      gemm(dZ, H[l], gviews[l], { transA: true, alpha: gains[l] });
      if (l > 0) gemm(dZ, views[l], dH[l], { alpha: gains[l] });
    }
    for (let i = 0; i < dim; i++) grad[i] += theta[i];
    return U;
  }

  function logLikelihood(theta: Float64Array): number {
    if (theta.length !== dim) throw new DimensionError(`theta has length ${theta.length}, the model has ${dim} inner weights`);
    return -negLogLik(factor(forward(weightViews(net, theta), H, null)));
  }

  let testBuffers: { rows: number; H: Matrix[]; T: Matrix } | null = null;
  function predict(theta: Float64Array, Xtest: Matrix | null) {
    if (theta.length !== dim) throw new DimensionError(`theta has length ${theta.length}, the model has ${dim} inner weights`);
    const views = weightViews(net, theta);
    const F = forward(views, H, null);
    factor(F);
    const inSample = new Float64Array(n);
    gemv(F, u, inSample, { alpha: c });
    // Σ_μ σ_a² f_μᵀB⁻¹f_μ/k = σ_a² tr(FB⁻¹Fᵀ)/k = Δ·tr(I − B⁻¹) (posterior variance of the in-sample S given W).
    const Binv = zeros(k, k);
    for (let i = 0; i < k; i++) Binv.data[i * k + i] = 1;
    trsm(Bm, Binv, { uplo: 'lower' });
    let trInv = 0;
    for (let i = 0; i < k * k; i++) trInv += Binv.data[i] * Binv.data[i]; // ‖L⁻¹‖_F² = tr(B⁻¹)
    const inSampleVarSum = delta * (k - trInv);
    if (!Xtest) return { test: new Float64Array(0), testVar: new Float64Array(0), inSample, inSampleVarSum };
    if (Xtest.cols !== net.d) throw new DimensionError(`Xtest has ${Xtest.cols} columns but the network's input dimension is ${net.d}`);
    const m = Xtest.rows;
    if (!testBuffers || testBuffers.rows !== m) {
      const Ht: Matrix[] = [Xtest];
      for (let l = 0; l < L; l++) Ht.push(zeros(m, net.widths[l]));
      testBuffers = { rows: m, H: Ht, T: zeros(m, k) };
    }
    testBuffers.H[0] = Xtest;
    const Ft = forward(views, testBuffers.H, null);
    const test = new Float64Array(m);
    gemv(Ft, u, test, { alpha: c });
    // f(x)ᵀB⁻¹f(x) = ‖L⁻¹f(x)‖²: solve T Lᵀ = F_test (right side, transposed), row norms.
    const T = testBuffers.T;
    copyInto(Ft, T);
    trsm(Bm, T, { side: 'right', uplo: 'lower', trans: true });
    const testVar = new Float64Array(m);
    const sv = net.readoutVar / k;
    for (let i = 0; i < m; i++) {
      let s = 0;
      for (let j = 0; j < k; j++) s += T.data[i * k + j] ** 2;
      testVar[i] = sv * s;
    }
    return { test, testVar, inSample, inSampleVarSum };
  }

  function gramOf(theta: Float64Array): Matrix {
    const F = forward(weightViews(net, theta), H, null);
    const K = zeros(n, n);
    syrk(F, K, { alpha: net.readoutVar / k });
    return K;
  }

  return { net, dim, n, k, potential, logLikelihood, predict, gram: gramOf };
}
