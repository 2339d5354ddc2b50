/**
 * The reformulation of the L2 loss in the representations (Jacot, Golikov, Hongler, Gabriel 2022,
 * arXiv 2205.15809, Prop. 1 and Props. 3, 5; `shared/math/l2-feature-learning.md` §2–§3):
 *
 * \( W_\ell = Z_\ell (Z^\sigma_{\ell-1})^+ + \tilde W_\ell \), \( \tilde W_\ell = W_\ell (I - P_\ell) \),
 * \( P_\ell = Z^\sigma_{\ell-1}(Z^\sigma_{\ell-1})^+ \) (projector on the column space of Z^σ_{ℓ−1}, acting from the right);
 * \( \|W_\ell\|_F^2 = \|Z_\ell(Z^\sigma_{\ell-1})^+\|_F^2 + \|\tilde W_\ell\|_F^2 \);
 * \( \mathcal L^r_\lambda(Z) = C(Z_L) + \lambda\sum_\ell \|Z_\ell(Z^\sigma_{\ell-1})^+\|_F^2 \);
 * trace form \( \|Z_\ell(Z^\sigma_{\ell-1})^+\|_F^2 = \operatorname{Tr}[K_\ell (K^\sigma_{\ell-1})^+] \);
 * covariance form \( \mathcal L^k_\lambda = C(Z_L) + \lambda\sum_\ell \operatorname{Tr}[K_\ell (K^\sigma_{\ell-1})^+] \).
 *
 * Pseudo-inverses of representations come from the SVD of Z^σ itself (core `pinv`), never from its
 * Gram (which squares the condition number). The covariance form sees only Grams, so there the
 * pseudo-inverse of K^σ is taken from the SVD of the Gram: its accuracy is ε·κ(Z^σ)², which is what
 * the identity checks' tolerance ~10ε(s_max/s_min)² accounts for (§7).
 *
 * @module
 */
import { matmul } from '../../core/gemm.ts';
import { zeros, transpose, type Matrix } from '../../core/matrix.ts';
import { pinv, projector, type PinvOptions } from '../../core/pinv.ts';
import { gram } from '../../core/syrk.ts';
import { appendBiasRow, forward, frobenius2, mseCost, NetworkError, postActivation, validateNetwork, withWeights, type Forward, type ForwardPassOptions, type L2Network } from './network.ts';

/** A pseudo-inverse with its conditioning (from core `pinv`). */
export interface LayerPinv {
  /** (Z^σ_{ℓ−1})⁺, N × (n_{ℓ−1} + 1). */
  pinv: Matrix;
  /** Numerical rank of Z^σ_{ℓ−1}. */
  rank: number;
  /** s_r/s_1 of Z^σ_{ℓ−1} (kept part); its inverse is the condition number that enters the tolerances. */
  smallestKeptRatio: number;
}

/**
 * \( (Z^\sigma_{\ell-1})^+ \) for ℓ = 1..L (index ℓ − 1), from the SVD of each Z^σ_{ℓ−1} (core `pinv`, relative cutoff `opts.rtol`).
 */
export function inputPinvs(fw: Forward, opts: PinvOptions = {}): LayerPinv[] {
  return fw.Zs.map((zs) => {
    const p = pinv(zs, opts);
    return { pinv: p.pinv, rank: p.rank, smallestKeptRatio: p.smallestKeptRatio };
  });
}

/**
 * \( P_\ell = Z^\sigma_{\ell-1}(Z^\sigma_{\ell-1})^+ \): the orthogonal projector on the column space of
 * Z^σ_{ℓ−1}, (n_{ℓ−1} + 1) × (n_{ℓ−1} + 1), acting on W_ℓ from the right (Prop. 1).
 */
export function columnProjector(zsPrev: Matrix, opts: PinvOptions = {}): Matrix {
  return projector(zsPrev, opts);
}

/** \( \Pi_\ell = (Z^\sigma_{\ell-1})^+ Z^\sigma_{\ell-1} \): the N × N projector on the row space of Z^σ_{ℓ−1}. */
export function rowProjector(zsPrev: Matrix, opts: PinvOptions = {}): Matrix {
  return projector(transpose(zsPrev), opts);
}

/** \( I - P \) for a square projector P (new matrix). */
export function complement(p: Matrix): Matrix {
  const n = p.rows;
  const out = zeros(n, n);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) out.data[i * n + j] = (i === j ? 1 : 0) - p.data[p.offset + i * p.stride + j];
  }
  return out;
}

/** Options of {@link residualWeights}: a precomputed forward pass and the projectors' cutoff. */
export interface ResidualWeightsOptions extends ForwardPassOptions, PinvOptions {}

/**
 * The residual weights \( \tilde W_\ell = W_\ell (I - P_\ell) \) for ℓ = 1..L (index ℓ − 1): the part of W_ℓ
 * that changes no representation (Prop. 1). `fw` defaults to the forward pass of `net`.
 */
export function residualWeights(net: L2Network, options: ResidualWeightsOptions = {}): Matrix[] {
  const { fw = forward(net), ...opts } = options;
  return net.weights.map((w, l) => matmul(w, complement(columnProjector(fw.Zs[l], opts))));
}

/**
 * Minimal-norm weights reproducing the representations of `fw`: \( W_\ell = Z_\ell (Z^\sigma_{\ell-1})^+ \)
 * (Prop. 1), with the rank and s_r/s_1 of each Z^σ_{ℓ−1}.
 */
export function minNormWeights(fw: Forward, opts: PinvOptions = {}): { weights: Matrix[]; pinvs: LayerPinv[] } {
  const pinvs = inputPinvs(fw, opts);
  const weights = pinvs.map((p, l) => matmul(fw.Z[l + 1], p.pinv));
  return { weights, pinvs };
}

/** The network with its weights replaced by the minimal-norm ones \( Z_\ell(Z^\sigma_{\ell-1})^+ \) of its own representations. */
export function minNormNetwork(net: L2Network, opts: PinvOptions = {}): L2Network {
  return withWeights(net, minNormWeights(forward(net), opts).weights);
}

/** \( \sum_\ell \|Z_\ell(Z^\sigma_{\ell-1})^+\|_F^2 \): the representation cost (the regulariser of L^r without λ). */
export function representationCost(fw: Forward, opts: PinvOptions = {}): number {
  let s = 0;
  for (const w of minNormWeights(fw, opts).weights) s += frobenius2(w);
  return s;
}

/**
 * \( \mathcal L^r_\lambda(Z) = C(Z_L) + \lambda\sum_\ell\|Z_\ell(Z^\sigma_{\ell-1})^+\|_F^2 \) (Prop. 1) at the representations
 * of `fw` (targets Y, regularisation λ).
 */
export function representationLoss(fw: Forward, Y: Matrix, lambda: number, opts: PinvOptions = {}): number {
  if (!(lambda >= 0) || !Number.isFinite(lambda)) throw new NetworkError(`lambda must be finite and ≥ 0, got ${lambda}`);
  const L = fw.Z.length - 1;
  return mseCost(fw.Z[L], Y) + lambda * representationCost(fw, opts);
}

/** The Gram pairs of a forward pass. */
export interface Grams {
  /** `K[ℓ]` = K_ℓ = Z_ℓᵀZ_ℓ (N × N), ℓ = 1..L (`K[0]` = XᵀX). */
  K: Matrix[];
  /** `Ks[ℓ]` = K^σ_ℓ = (Z^σ_ℓ)ᵀZ^σ_ℓ = σ(Z_ℓ)ᵀσ(Z_ℓ) + β²11ᵀ, ℓ = 0..L − 1. */
  Ks: Matrix[];
}

/** \( K_\ell = Z_\ell^\top Z_\ell \) and \( K^\sigma_\ell = (Z^\sigma_\ell)^\top Z^\sigma_\ell \) (exactly symmetric, core `gram`). */
export function grams(fw: Forward): Grams {
  return { K: fw.Z.map((z) => gram(z)), Ks: fw.Zs.map((z) => gram(z)) };
}

/** \( \operatorname{Tr}[AB] = \sum_{ij} A_{ij}B_{ji} \) for n × n A and B. */
export function traceProduct(a: Matrix, b: Matrix): number {
  if (a.rows !== b.cols || a.cols !== b.rows) throw new NetworkError(`Tr[AB] needs A (${a.rows}×${a.cols}) and B (${b.rows}×${b.cols}) of transposed shapes`);
  let s = 0;
  for (let i = 0; i < a.rows; i++) {
    for (let j = 0; j < a.cols; j++) s += a.data[a.offset + i * a.stride + j] * b.data[b.offset + j * b.stride + i];
  }
  return s;
}

/**
 * The trace form \( \operatorname{Tr}[K_\ell (K^\sigma_{\ell-1})^+] \) from the Grams alone (Prop. 3): (K^σ)⁺ from the SVD of
 * the Gram with relative cutoff `opts.rtol` (default N·ε on its eigenvalues). Equals ‖Z_ℓ(Z^σ_{ℓ−1})⁺‖² (up to ε·κ(Z^σ)²)
 * because \( (A^\top A)^+ = A^+ A^{+\top} \).
 */
export function traceTerm(K: Matrix, KsPrev: Matrix, opts: PinvOptions = {}): { value: number; rank: number; smallestKeptRatio: number } {
  if (K.rows !== K.cols || KsPrev.rows !== KsPrev.cols || K.rows !== KsPrev.rows) {
    throw new NetworkError(`K (${K.rows}×${K.cols}) and K^σ (${KsPrev.rows}×${KsPrev.cols}) must be N × N of the same N`);
  }
  const p = pinv(KsPrev, opts);
  return { value: traceProduct(K, p.pinv), rank: p.rank, smallestKeptRatio: p.smallestKeptRatio };
}

/** Options of {@link covarianceLoss}: the regularisation and the pseudo-inverses' cutoff. */
export interface CovarianceLossOptions extends PinvOptions {
  /** Regularisation λ ≥ 0 of the trace terms. */
  lambda: number;
}

/**
 * The covariance form (Props. 3, 5) \( \mathcal L^k_\lambda = C(Z_L) + \lambda\sum_{\ell=1}^{L}\operatorname{Tr}[K_\ell (K^\sigma_{\ell-1})^+] \)
 * at output Z_L with K_L = Z_LᵀZ_L, hidden Grams `K[1..L−1]` and `Ks[0..L−1]` (as in {@link Grams}).
 */
export function covarianceLoss(ZL: Matrix, Y: Matrix, g: Grams, options: CovarianceLossOptions): number {
  const { lambda, ...opts } = options;
  const L = g.Ks.length;
  if (g.K.length < L) throw new NetworkError(`need K_1..K_${L - 1} (got ${g.K.length - 1})`);
  let s = 0;
  for (let l = 1; l <= L; l++) {
    const K = l === L ? gram(ZL) : g.K[l];
    s += traceTerm(K, g.Ks[l - 1], opts).value;
  }
  return mseCost(ZL, Y) + lambda * s;
}

/** Sum of ‖W̃_ℓ‖² over the layers of `net`, at its own representations. */
export function residualNorm2(net: L2Network, opts: PinvOptions = {}): number {
  validateNetwork(net);
  let s = 0;
  for (const w of residualWeights(net, { fw: forward(net), ...opts })) s += frobenius2(w);
  return s;
}

/** The network parameters {@link representationsForward} needs (an {@link L2Network} has both). */
export interface RepresentationActivation {
  /** The activation σ. */
  activation: L2Network['activation'];
  /** The bias input β of every Z^σ_ℓ. */
  beta: number;
}

/**
 * The forward-pass record of free representations: given Z_1..Z_L (`Z[ℓ − 1]` = Z_ℓ, each n_ℓ × N) and the data X,
 * builds \( Z^\sigma_0 = [X;\beta\mathbf 1^\top] \), \( Z^\sigma_\ell = [\sigma(Z_\ell);\beta\mathbf 1^\top] \) without any weights
 * (the variables of \( \mathcal L^r \), Prop. 1).
 *
 * @throws {NetworkError} if a Z_ℓ does not have N columns.
 */
export function representationsForward(X: Matrix, Z: readonly Matrix[], settings: RepresentationActivation): Forward {
  const { activation, beta } = settings;
  const N = X.cols;
  Z.forEach((z, l) => {
    if (z.cols !== N) throw new NetworkError(`Z[${l}] (Z_${l + 1}) has ${z.cols} columns, X has ${N}`);
  });
  const L = Z.length;
  const Zs: Matrix[] = [appendBiasRow(X, beta)];
  for (let l = 0; l < L - 1; l++) Zs.push(postActivation(Z[l], activation, beta));
  return { Z: [X, ...Z], Zs };
}
