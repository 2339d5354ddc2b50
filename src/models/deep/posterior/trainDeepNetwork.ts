/**
 * Training a network of the teacher's architecture by empirical risk minimisation, for the "escape from
 * trivialisation" observation (Camilli, Tieplova, Bergamin, Barbier 2025, arXiv 2505.03577, last sentence of the
 * abstract; Cui, Krzakala, Zdeborová 2023, arXiv 2302.00375, §5 numerics): with n ∝ d² samples a trained deep network
 * beats the effective GLM's error, while with n ∝ d it does not.
 *
 * Student: the teacher's architecture (same activations, widths, centring constants), standardised inner weights
 * Ω_l (W_l = σ_l Ω_l) and a free readout a, output S(x) = a·f(x)/√k. Objective
 * \[ \mathcal L(\Omega, a) = \tfrac1n\sum_\mu (S(x_\mu) - y_\mu)^2 + \tfrac\lambda n\big(\|\Omega\|^2 + \|a\|^2/\sigma_a^2\big) \]
 * (λ a small ridge on the prior's scale), minimised by L-BFGS (`models/l2/lbfgs.ts`) from a draw of the prior. The
 * gradient is written by hand: with r = 2(S − y)/n, ∂/∂a = Fᵀr/√k + 2λa/(nσ_a²), ∂/∂F = r aᵀ/√k, then back-propagated
 * through the layers as in `posteriorModel.ts`.
 *
 * @module
 */
import { gemm } from '../../../core/gemm.ts';
import { gemv } from '../../../core/gemv.ts';
import { zeros, type Matrix } from '../../../core/matrix.ts';
import type { Rng } from '../../../core/random.ts';
import { lbfgs } from '../../l2/lbfgs.ts';
import { weightOffsets, weightViews, type PosteriorNetwork } from './posteriorModel.ts';

/** A trained network: its parameters (Ω then a) and diagnostics. */
export interface TrainedNetwork {
  params: Float64Array;
  trainLoss: number;
  iterations: number;
  status: string;
}

/** Options of {@link trainDeepNetwork}. */
/** The training data of {@link trainDeepNetwork} and {@link trainingObjective}. */
export interface TrainingData {
  /** Inputs, n × d. */
  X: Matrix;
  /** Labels, length n. */
  y: Float64Array;
}

/** Options of {@link trainDeepNetwork}. */
export interface TrainOptions {
  /** L-BFGS iterations (default 1000). */
  maxIterations?: number;
  /** Ridge λ on the prior's scale (default 1e-3). */
  lambda?: number;
}

/** Predictions and (optionally) the gradient of the objective at `params`, for the rows of X (labels y when training). */
function makeNetwork(net: PosteriorNetwork, rows: number) {
  const L = net.layers.length;
  const k = L === 0 ? net.d : net.widths[L - 1];
  const dimW = weightOffsets(net)[L];
  const gains = net.widths.map((_, l) => Math.sqrt(net.weightVars[l]) / Math.sqrt(l === 0 ? net.d : net.widths[l - 1]));
  const H: Matrix[] = [zeros(0, 0)];
  const Dp: Matrix[] = [zeros(0, 0)];
  const dH: Matrix[] = [zeros(0, 0)];
  for (let l = 0; l < L; l++) {
    H.push(zeros(rows, net.widths[l]));
    Dp.push(zeros(rows, net.widths[l]));
    dH.push(zeros(rows, net.widths[l]));
  }
  const S = new Float64Array(rows);
  const r = new Float64Array(rows);
  const sk = 1 / Math.sqrt(k);
  function outputs(params: Float64Array, X: Matrix, withDerivatives: boolean): Float64Array {
    const views = weightViews(net, params);
    H[0] = X;
    for (let l = 0; l < L; l++) {
      const Z = H[l + 1];
      gemm(H[l], views[l], Z, { transB: true, alpha: gains[l] });
      const { f, df } = net.layers[l].activation;
      const c = net.centers[l];
      const z = Z.data;
      const dd = Dp[l + 1].data;
      for (let i = 0; i < z.length; i++) {
        if (withDerivatives) dd[i] = df!(z[i]);
        z[i] = f(z[i]) - c;
      }
    }
    gemv(H[L], params.subarray(dimW), S, { alpha: sk });
    return S;
  }
  function objective(params: Float64Array, grad: Float64Array, X: Matrix, y: Float64Array, lambda: number): number {
    const n = X.rows;
    outputs(params, X, true);
    let loss = 0;
    for (let i = 0; i < n; i++) {
      const e = S[i] - y[i];
      loss += e * e;
      r[i] = (2 * e) / n;
    }
    loss /= n;
    const a = params.subarray(dimW);
    let reg = 0;
    for (let i = 0; i < dimW; i++) reg += params[i] * params[i];
    for (let i = 0; i < k; i++) reg += (a[i] * a[i]) / net.readoutVar;
    loss += (lambda / n) * reg;
    const ga = grad.subarray(dimW);
    gemv(H[L], r, ga, { trans: true, alpha: sk });
    for (let i = 0; i < k; i++) ga[i] += (2 * lambda * a[i]) / (n * net.readoutVar);
    if (L > 0) {
      const G = dH[L].data;
      for (let i = 0; i < n; i++) for (let j = 0; j < k; j++) G[i * k + j] = r[i] * a[j] * sk;
      const views = weightViews(net, params);
      const gviews = weightViews(net, grad);
      for (let l = L - 1; l >= 0; l--) {
        const dz = dH[l + 1].data;
        const dp = Dp[l + 1].data;
        for (let i = 0; i < dz.length; i++) dz[i] *= dp[i];
        gemm(dH[l + 1], H[l], gviews[l], { transA: true, alpha: gains[l] });
        if (l > 0) gemm(dH[l + 1], views[l], dH[l], { alpha: gains[l] });
      }
      for (let i = 0; i < dimW; i++) grad[i] += (2 * lambda * params[i]) / n;
    }
    return loss;
  }
  return { dim: dimW + k, dimW, k, outputs, objective };
}

/**
 * Minimises the objective from a draw of the prior (Ω ~ N(0, 1), a ~ N(0, σ_a²)) taken from `rng`.
 *
 * @throws {RangeError} if y's length differs from X's rows, or for a negative λ.
 */
export function trainDeepNetwork(net: PosteriorNetwork, data: TrainingData, rng: Rng, o: TrainOptions = {}): TrainedNetwork {
  const { X, y } = data;
  if (y.length !== X.rows) throw new RangeError(`y has length ${y.length} but X has ${X.rows} rows`);
  const lambda = o.lambda ?? 1e-3;
  if (!Number.isFinite(lambda) || lambda < 0) throw new RangeError(`lambda must be finite and ≥ 0, got ${lambda}`);
  const m = makeNetwork(net, X.rows);
  const x0 = rng.fillNormal(new Float64Array(m.dim));
  for (let i = m.dimW; i < m.dim; i++) x0[i] *= Math.sqrt(net.readoutVar);
  const res = lbfgs((p, g) => m.objective(p, g, X, y, lambda), x0, { maxIterations: o.maxIterations ?? 1000, gradTol: 1e-9, fTol: 1e-13 });
  let fit = 0;
  const S = m.outputs(res.x, X, false);
  for (let i = 0; i < y.length; i++) fit += (S[i] - y[i]) ** 2;
  return { params: res.x, trainLoss: fit / y.length, iterations: res.iterations, status: res.status };
}

/**
 * The training objective L(params) of {@link trainDeepNetwork} with its hand-written gradient (written into `grad`), for
 * inputs X and labels y: params are Ω (standardised inner weights) followed by the readout a.
 */
export function trainingObjective(net: PosteriorNetwork, data: TrainingData, o: Required<Pick<TrainOptions, 'lambda'>>): { dim: number; objective: (params: Float64Array, grad: Float64Array) => number } {
  const { X, y } = data;
  const { lambda } = o;
  if (y.length !== X.rows) throw new RangeError(`y has length ${y.length} but X has ${X.rows} rows`);
  const m = makeNetwork(net, X.rows);
  return { dim: m.dim, objective: (p, g) => m.objective(p, g, X, y, lambda) };
}

/** The trained network's outputs on the rows of X (a new array). */
export function trainedOutputs(net: PosteriorNetwork, params: Float64Array, X: Matrix): Float64Array {
  return Float64Array.from(makeNetwork(net, X.rows).outputs(params, X, false));
}
