/**
 * Fully connected L2-regularised networks in the conventions of Jacot, Golikov, Hongler, Gabriel,
 * *Feature Learning in L2-regularized DNNs: Attraction/Repulsion and Sparsity*, NeurIPS 2022
 * (arXiv 2205.15809), §2; pinned in `shared/math/l2-feature-learning.md` §1.
 *
 * - Data \( X \in \mathbb R^{n_0\times N} \) (one column per point), targets \( Y \in \mathbb R^{n_L\times N} \).
 * - \( Z^\sigma_0 = [X;\ \beta\mathbf 1^\top] \), \( Z_\ell = W_\ell Z^\sigma_{\ell-1} \),
 *   \( Z^\sigma_\ell = [\sigma(Z_\ell);\ \beta\mathbf 1^\top] \), output \( Z_L \) (no final nonlinearity).
 * - \( W_\ell \in \mathbb R^{n_\ell\times(n_{\ell-1}+1)} \), bias column last, regularised.
 * - \( C = \tfrac1N\|Z_L - Y\|_F^2 \), \( \mathcal L_\lambda = C + \lambda\sum_\ell \|W_\ell\|_F^2 \) (no 1/N on the regulariser).
 *
 * Layer indices follow the paper: `weights[ℓ − 1]` is W_ℓ (ℓ = 1..L); `Z[ℓ]` is Z_ℓ with `Z[0] = X`;
 * `Zs[ℓ]` is Z^σ_ℓ for ℓ = 0..L − 1.
 *
 * @module
 */
import { InputError } from '../../core/lemmataError.ts';
import { matmul } from '../../core/gemm.ts';
import { DimensionError, fromRows, toRows, zeros, type Matrix } from '../../core/matrix.ts';
import type { Rng } from '../../core/random.ts';
import { parseActivation, type L2Activation } from './activation.ts';

/** Thrown for a malformed network or network file (wrong shape, non-finite entry, bad field); the message names the field. An input error: exit 2 in the CLI. */
export class NetworkError extends InputError {
  override name = 'NetworkError';
}

/** The training problem: activation, bias amount β, regularisation λ, data X (n0 × N) and targets Y (nL × N). */
export interface L2Problem {
  readonly activation: L2Activation;
  /** Bias amount β (β = 0: no bias; the bias column of every W_ℓ then multiplies a zero row). */
  readonly beta: number;
  /** Regularisation λ ≥ 0. */
  readonly lambda: number;
  /** n0 × N. */
  readonly X: Matrix;
  /** nL × N. */
  readonly Y: Matrix;
}

/** A problem with weights: `weights[ℓ − 1]` = W_ℓ, n_ℓ × (n_{ℓ−1} + 1), bias column last. */
export interface L2Network extends L2Problem {
  readonly weights: readonly Matrix[];
}

/** The plain-JSON form `{activation, beta, lambda, X, Y, weights}` (matrices as arrays of rows). */
export interface L2NetworkJson {
  activation: string;
  beta: number;
  lambda: number;
  X: number[][];
  Y: number[][];
  weights: number[][][];
}

/** All representations of one forward pass. */
export interface Forward {
  /** `Z[0] = X`, `Z[ℓ]` = Z_ℓ = W_ℓ Z^σ_{ℓ−1} (n_ℓ × N), ℓ = 1..L; `Z[L]` is the output. */
  Z: Matrix[];
  /** `Zs[ℓ]` = Z^σ_ℓ = [σ(Z_ℓ); β1ᵀ] ((n_ℓ + 1) × N), ℓ = 0..L − 1 (`Zs[0]` = [X; β1ᵀ]). */
  Zs: Matrix[];
}

/** Cost, loss and their exact gradients (backprop). */
export interface Gradients {
  forward: Forward;
  /** C = (1/N)‖Z_L − Y‖². */
  cost: number;
  /** λ Σ‖W_ℓ‖². */
  penalty: number;
  /** L_λ = C + λΣ‖W_ℓ‖². */
  loss: number;
  /** `dZ[ℓ]` = ∂C/∂Z_ℓ (n_ℓ × N), ℓ = 1..L (`dZ[0]` is unused, 0 × 0). */
  dZ: Matrix[];
  /** `costGrads[ℓ − 1]` = ∂C/∂W_ℓ = (∂C/∂Z_ℓ)(Z^σ_{ℓ−1})ᵀ. */
  costGrads: Matrix[];
  /** `grads[ℓ − 1]` = ∂L_λ/∂W_ℓ = ∂C/∂W_ℓ + 2λW_ℓ. */
  grads: Matrix[];
}

/** Depth L (number of weight matrices). */
export function depth(net: L2Network): number {
  return net.weights.length;
}

/** Widths [n_0, n_1, …, n_L] read from the weights. */
export function widths(net: Pick<L2Network, 'weights'>): number[] {
  const w = net.weights;
  if (w.length === 0) return [];
  return [w[0].cols - 1, ...w.map((m) => m.rows)];
}

function checkFinite(a: Matrix, name: string): void {
  for (let i = 0; i < a.rows; i++) {
    const base = a.offset + i * a.stride;
    for (let j = 0; j < a.cols; j++) {
      const v = a.data[base + j];
      if (!Number.isFinite(v)) throw new NetworkError(`${name} has a non-finite entry ${v} at (${i}, ${j})`);
    }
  }
}

/**
 * Checks a problem: finite β and λ ≥ 0, X and Y finite with the same number N ≥ 1 of columns.
 *
 * @throws {NetworkError} naming the bad field.
 */
export function validateProblem(p: L2Problem): void {
  if (!p.activation || typeof p.activation.value !== 'function') throw new NetworkError('activation is missing');
  if (typeof p.beta !== 'number' || !Number.isFinite(p.beta)) throw new NetworkError(`beta must be a finite number, got ${p.beta}`);
  if (typeof p.lambda !== 'number' || !Number.isFinite(p.lambda) || p.lambda < 0) throw new NetworkError(`lambda must be finite and ≥ 0, got ${p.lambda}`);
  if (p.X.cols < 1) throw new NetworkError(`X must have at least one column (data point), got ${p.X.rows}×${p.X.cols}`);
  if (p.Y.cols !== p.X.cols) throw new NetworkError(`Y has ${p.Y.cols} columns but X has ${p.X.cols}: both need one column per data point`);
  checkFinite(p.X, 'X');
  checkFinite(p.Y, 'Y');
}

/**
 * Checks a network: the problem, L ≥ 1, `weights[0]` is n_1 × (n_0 + 1), every `weights[ℓ−1]` is
 * n_ℓ × (n_{ℓ−1} + 1), the last has n_L = rows of Y, all entries finite.
 *
 * @throws {NetworkError} naming the bad field, e.g. `weights[1] is 3×5, expected 3×(4+1)`.
 */
export function validateNetwork(net: L2Network): void {
  validateProblem(net);
  const w = net.weights;
  if (!Array.isArray(w) || w.length < 1) throw new NetworkError('weights must be a non-empty array [W_1, …, W_L]');
  let prev = net.X.rows;
  for (let l = 0; l < w.length; l++) {
    const m = w[l];
    if (m.cols !== prev + 1) {
      const from = l === 0 ? `the ${prev} rows of X` : `the ${prev} rows of weights[${l - 1}]`;
      throw new NetworkError(`weights[${l}] is ${m.rows}×${m.cols}, expected ${m.rows}×${prev + 1} (n_${l} + 1 = ${prev} + 1 columns: ${from}, then the bias column)`);
    }
    if (m.rows < 1) throw new NetworkError(`weights[${l}] has no rows (width n_${l + 1} must be ≥ 1)`);
    checkFinite(m, `weights[${l}]`);
    prev = m.rows;
  }
  if (prev !== net.Y.rows) throw new NetworkError(`the output width n_L = ${prev} (rows of weights[${w.length - 1}]) differs from the rows of Y (${net.Y.rows})`);
}

/** Options of the functions that reuse a forward pass of `net` ({@link assertRepresentationScale}, `residualWeights`, `attractionRepulsion`). */
export interface ForwardPassOptions {
  /** The forward pass of `net` on its own inputs, when already computed (default {@link forward}(net)). */
  fw?: Forward;
}

/** Options of the functions that reuse the gradients of `net` (`neuronBalance`, `gdStep`). */
export interface GradientsOptions {
  /** The exact gradients of `net`, when already computed (default {@link gradients}(net)). */
  g?: Gradients;
}

/** Largest |x| whose square is finite in float64: \( \sqrt{\text{MAX\_VALUE}} \approx 1.34\cdot10^{154} \). */
export const MAX_ENTRY = Math.sqrt(Number.MAX_VALUE);

/**
 * Checks that the quantities the sparsity tools square and sum are finite: for every layer ℓ the squared column norms of
 * \(Z_\ell\) (they bound the Gram entries \(K_\ell = Z_\ell^\top Z_\ell\), and \(|\sigma(z)| \le \max(1,|a|)\,|z|\) bounds \(K^\sigma_\ell\)), each
 * \(\|W_\ell\|_F^2\) and the cost \(\|Z_L - Y\|_F^2\). Entries below {@link MAX_ENTRY} can still overflow in these sums (wide
 * layers, products of large weights), which would otherwise surface as Infinity or NaN in a Gram or a loss.
 *
 * @throws {NetworkError} naming the weights or field whose scale overflows.
 */
export function assertRepresentationScale(net: L2Network, options: ForwardPassOptions = {}): void {
  const { fw = forward(net) } = options;
  const L = net.weights.length;
  for (let l = 1; l <= L; l++) {
    const z = fw.Z[l];
    const col = new Float64Array(z.cols);
    let zmax = 0;
    for (let i = 0; i < z.rows; i++) {
      for (let j = 0; j < z.cols; j++) {
        const v = z.data[z.offset + i * z.stride + j];
        col[j] += v * v;
        zmax = Math.max(zmax, Math.abs(v));
      }
    }
    for (let j = 0; j < z.cols; j++) {
      if (!Number.isFinite(col[j])) {
        throw new NetworkError(
          `weights[${l - 1}]: the forward pass overflows float64 at Z_${l} = W_${l}·[Z^σ_${l - 1}; β1ᵀ] (largest |entry| ${zmax.toPrecision(3)}, ` +
            `column ${j} has squared norm ${col[j]}); rescale X or the weights`,
        );
      }
    }
  }
  net.weights.forEach((w, l) => {
    if (!Number.isFinite(frobenius2(w))) throw new NetworkError(`weights[${l}]: ‖W_${l + 1}‖_F² overflows float64 (the regulariser λΣ‖W_ℓ‖² would be Infinity)`);
  });
  if (!Number.isFinite(net.lambda * weightNorm2(net.weights))) throw new NetworkError(`lambda: the regulariser λΣ‖W_ℓ‖² = ${net.lambda} × ${weightNorm2(net.weights)} overflows float64`);
  if (!Number.isFinite(frobenius2(net.Y))) throw new NetworkError('Y: ‖Y‖_F² overflows float64');
  const c = mseCost(fw.Z[L], net.Y);
  if (!Number.isFinite(c)) throw new NetworkError(`Y: the cost (1/N)‖Z_${L} − Y‖_F² overflows float64`);
}

/** \( [A;\ \beta\mathbf 1^\top] \): A with a constant row β appended ((rows + 1) × cols, contiguous). */
export function appendBiasRow(a: Matrix, beta: number): Matrix {
  const out = zeros(a.rows + 1, a.cols);
  const n = a.cols;
  for (let i = 0; i < a.rows; i++) {
    const src = a.offset + i * a.stride;
    out.data.set(a.data.subarray(src, src + n), i * n);
  }
  out.data.fill(beta, a.rows * n, (a.rows + 1) * n);
  return out;
}

/** σ applied entrywise (new contiguous matrix). */
export function applyActivation(a: Matrix, sigma: L2Activation): Matrix {
  const out = zeros(a.rows, a.cols);
  for (let i = 0; i < a.rows; i++) {
    const src = a.offset + i * a.stride;
    for (let j = 0; j < a.cols; j++) out.data[i * a.cols + j] = sigma.value(a.data[src + j]);
  }
  return out;
}

/** \( Z^\sigma = [\sigma(Z);\ \beta\mathbf 1^\top] \) (§1). */
export function postActivation(z: Matrix, sigma: L2Activation, beta: number): Matrix {
  const out = zeros(z.rows + 1, z.cols);
  const n = z.cols;
  for (let i = 0; i < z.rows; i++) {
    const src = z.offset + i * z.stride;
    for (let j = 0; j < n; j++) out.data[i * n + j] = sigma.value(z.data[src + j]);
  }
  out.data.fill(beta, z.rows * n, (z.rows + 1) * n);
  return out;
}

/** Options of {@link forward}. */
export interface ForwardOptions {
  /** Inputs, n0 × M (default `net.X`: the network on its own data). */
  X?: Matrix;
}

/**
 * Forward pass: \( Z^\sigma_0 = [X;\beta\mathbf 1^\top] \), \( Z_\ell = W_\ell Z^\sigma_{\ell-1} \),
 * \( Z^\sigma_\ell = [\sigma(Z_\ell);\beta\mathbf 1^\top] \) (Jacot et al. 2022, §2). `X` defaults to `net.X`
 * (pass another n0 × M matrix to evaluate the network elsewhere).
 *
 * @throws {NetworkError} if the network is malformed or `X` has the wrong number of rows.
 */
export function forward(net: L2Network, options: ForwardOptions = {}): Forward {
  const { X = net.X } = options;
  validateNetwork(net);
  if (X !== net.X) {
    if (X.rows !== net.X.rows) throw new NetworkError(`X has ${X.rows} rows, the network's input width is ${net.X.rows}`);
    checkFinite(X, 'X');
  }
  const L = net.weights.length;
  const Z: Matrix[] = [X];
  const Zs: Matrix[] = [appendBiasRow(X, net.beta)];
  for (let l = 1; l <= L; l++) {
    const z = matmul(net.weights[l - 1], Zs[l - 1]);
    Z.push(z);
    if (l < L) Zs.push(postActivation(z, net.activation, net.beta));
  }
  return { Z, Zs };
}

/** Squared Frobenius norm \( \|A\|_F^2 \) (plain sum; every caller's entries are O(1)). */
export function frobenius2(a: Matrix): number {
  let s = 0;
  for (let i = 0; i < a.rows; i++) {
    const base = a.offset + i * a.stride;
    for (let j = 0; j < a.cols; j++) {
      const v = a.data[base + j];
      s += v * v;
    }
  }
  return s;
}

/** \( C = \tfrac1N\|Z_L - Y\|_F^2 \) for an output Z_L (nL × N) and targets Y (§1, MSE). */
export function mseCost(out: Matrix, Y: Matrix): number {
  if (out.rows !== Y.rows || out.cols !== Y.cols) throw new NetworkError(`output is ${out.rows}×${out.cols} but Y is ${Y.rows}×${Y.cols}`);
  let s = 0;
  for (let i = 0; i < Y.rows; i++) {
    for (let j = 0; j < Y.cols; j++) {
      const d = out.data[out.offset + i * out.stride + j] - Y.data[Y.offset + i * Y.stride + j];
      s += d * d;
    }
  }
  return s / Y.cols;
}

/** \( \partial C/\partial Z_L = \tfrac2N (Z_L - Y) \). */
export function mseCostGradient(out: Matrix, Y: Matrix): Matrix {
  if (out.rows !== Y.rows || out.cols !== Y.cols) throw new NetworkError(`output is ${out.rows}×${out.cols} but Y is ${Y.rows}×${Y.cols}`);
  const g = zeros(Y.rows, Y.cols);
  const c = 2 / Y.cols;
  for (let i = 0; i < Y.rows; i++) {
    for (let j = 0; j < Y.cols; j++) {
      g.data[i * Y.cols + j] = c * (out.data[out.offset + i * out.stride + j] - Y.data[Y.offset + i * Y.stride + j]);
    }
  }
  return g;
}

/** \( \sum_\ell \|W_\ell\|_F^2 \). */
export function weightNorm2(weights: readonly Matrix[]): number {
  let s = 0;
  for (const w of weights) s += frobenius2(w);
  return s;
}

/** The MSE cost C of the network on its data. */
export function cost(net: L2Network): number {
  const f = forward(net);
  return mseCost(f.Z[f.Z.length - 1], net.Y);
}

/** \( \mathcal L_\lambda = C + \lambda\sum_\ell\|W_\ell\|_F^2 \) (Jacot et al. 2022, §2). */
export function loss(net: L2Network): number {
  return cost(net) + net.lambda * weightNorm2(net.weights);
}

/**
 * Cost, loss and exact gradients by backpropagation:
 * \( G_L = \partial C/\partial Z_L = \tfrac2N(Z_L - Y) \), \( \partial C/\partial W_\ell = G_\ell (Z^\sigma_{\ell-1})^\top \),
 * \( G_{\ell-1} = \sigma'(Z_{\ell-1}) \odot (W_\ell^{\circ\top} G_\ell) \) with \( W_\ell^\circ \) = W_ℓ without its bias column
 * (the β row of Z^σ is constant), and \( \partial\mathcal L_\lambda/\partial W_\ell = \partial C/\partial W_\ell + 2\lambda W_\ell \).
 * At a kink σ' takes the value of `activation.ts` (a subgradient for ReLU).
 */
export function gradients(net: L2Network): Gradients {
  const fw = forward(net);
  const L = net.weights.length;
  const out = fw.Z[L];
  const cst = mseCost(out, net.Y);
  const penalty = net.lambda * weightNorm2(net.weights);
  const dZ: Matrix[] = new Array(L + 1);
  dZ[0] = zeros(0, 0);
  dZ[L] = mseCostGradient(out, net.Y);
  const costGrads: Matrix[] = new Array(L);
  const grads: Matrix[] = new Array(L);
  const sigma = net.activation;
  for (let l = L; l >= 1; l--) {
    const g = dZ[l];
    const W = net.weights[l - 1];
    costGrads[l - 1] = matmul(g, fw.Zs[l - 1], { transB: true });
    const full = zeros(W.rows, W.cols);
    const cg = costGrads[l - 1].data;
    for (let i = 0; i < W.rows; i++) {
      const src = W.offset + i * W.stride;
      for (let j = 0; j < W.cols; j++) full.data[i * W.cols + j] = cg[i * W.cols + j] + 2 * net.lambda * W.data[src + j];
    }
    grads[l - 1] = full;
    if (l > 1) {
      // ∂C/∂Z^σ_{ℓ−1} = W_ℓᵀ G_ℓ; drop its last (bias) row, then multiply by σ'(Z_{ℓ−1}).
      const n = W.cols - 1;
      const Wo: Matrix = { rows: W.rows, cols: n, data: W.data, offset: W.offset, stride: W.stride };
      const back = matmul(Wo, g, { transA: true });
      const zprev = fw.Z[l - 1];
      const N = back.cols;
      for (let i = 0; i < n; i++) {
        for (let j = 0; j < N; j++) back.data[i * N + j] *= sigma.derivative(zprev.data[zprev.offset + i * zprev.stride + j]);
      }
      dZ[l - 1] = back;
    }
  }
  return { forward: fw, cost: cst, penalty, loss: cst + penalty, dZ, costGrads, grads };
}

/** The shapes [rows, cols] of the weights, for {@link flattenWeights} / {@link unflattenWeights}. */
export function weightShapes(weights: readonly Matrix[]): Array<[number, number]> {
  return weights.map((w) => [w.rows, w.cols]);
}

/** All weights concatenated row-major into one vector (W_1 first). */
export function flattenWeights(weights: readonly Matrix[]): Float64Array {
  let total = 0;
  for (const w of weights) total += w.rows * w.cols;
  const out = new Float64Array(total);
  let k = 0;
  for (const w of weights) {
    for (let i = 0; i < w.rows; i++) {
      const src = w.offset + i * w.stride;
      out.set(w.data.subarray(src, src + w.cols), k);
      k += w.cols;
    }
  }
  return out;
}

/**
 * The inverse of {@link flattenWeights}: copies `theta` into new matrices of the given shapes.
 *
 * @throws {NetworkError} if `theta` has the wrong length.
 */
export function unflattenWeights(theta: Float64Array, shapes: ReadonlyArray<readonly [number, number]>): Matrix[] {
  let total = 0;
  for (const [r, c] of shapes) total += r * c;
  if (theta.length !== total) throw new NetworkError(`theta has length ${theta.length}, the weight shapes need ${total}`);
  const out: Matrix[] = [];
  let k = 0;
  for (const [r, c] of shapes) {
    const m = zeros(r, c);
    m.data.set(theta.subarray(k, k + r * c));
    k += r * c;
    out.push(m);
  }
  return out;
}

/** The same problem with new weights. */
export function withWeights(p: L2Problem, weights: readonly Matrix[]): L2Network {
  return { activation: p.activation, beta: p.beta, lambda: p.lambda, X: p.X, Y: p.Y, weights };
}

/**
 * The loss and its gradient as a function of the flat parameter vector (for L-BFGS): returns
 * \( (\mathcal L_\lambda(\theta), \nabla_\theta\mathcal L_\lambda) \), writing the gradient into `grad`.
 */
export function lossAndGradient(p: L2Problem, shapes: ReadonlyArray<readonly [number, number]>): (theta: Float64Array, grad: Float64Array) => number {
  return (theta, grad) => {
    const g = gradients(withWeights(p, unflattenWeights(theta, shapes)));
    grad.set(flattenWeights(g.grads));
    return g.loss;
  };
}

/** Options of {@link randomWeights}. */
export interface RandomWeightsOptions {
  /** The factor s of the entries' standard deviation s/√(n_{ℓ−1}+1) (default √2, He initialisation counting the bias input). */
  scale?: number;
}

/**
 * Random weights for widths [n_0, …, n_L]: i.i.d. \( N(0, s^2/(n_{\ell-1}+1)) \) entries with s = `scale`
 * (default √2, He initialisation counting the bias input), drawn layer by layer from `rng`.
 *
 * @throws {NetworkError} if a width is not a positive integer or there are fewer than two.
 */
export function randomWeights(ws: readonly number[], rng: Rng, options: RandomWeightsOptions = {}): Matrix[] {
  const { scale = Math.SQRT2 } = options;
  if (!Array.isArray(ws) || ws.length < 2) throw new NetworkError(`widths must list n_0, …, n_L (at least two), got ${JSON.stringify(ws)}`);
  for (let l = 0; l < ws.length; l++) {
    if (!Number.isInteger(ws[l]) || ws[l] < 1) throw new NetworkError(`widths[${l}] must be a positive integer, got ${ws[l]}`);
  }
  if (!Number.isFinite(scale) || scale < 0) throw new NetworkError(`scale must be finite and ≥ 0, got ${scale}`);
  const out: Matrix[] = [];
  for (let l = 1; l < ws.length; l++) {
    const m = zeros(ws[l], ws[l - 1] + 1);
    rng.fillNormal(m.data, scale / Math.sqrt(ws[l - 1] + 1));
    out.push(m);
  }
  return out;
}

function matrixFromJson(v: unknown, name: string): Matrix {
  if (!Array.isArray(v)) throw new NetworkError(`${name} must be an array of rows, got ${v === null ? 'null' : typeof v}`);
  if (v.length === 0) throw new NetworkError(`${name} has no rows`);
  const cols = Array.isArray(v[0]) ? v[0].length : -1;
  for (let i = 0; i < v.length; i++) {
    const row = v[i];
    if (!Array.isArray(row)) throw new NetworkError(`${name}[${i}] must be an array of numbers`);
    if (row.length !== cols) throw new NetworkError(`${name}[${i}] has ${row.length} entries, row 0 has ${cols}: ragged matrix`);
    for (let j = 0; j < row.length; j++) {
      const x = row[j];
      if (typeof x !== 'number') throw new NetworkError(`${name}[${i}][${j}] must be a finite number, got ${JSON.stringify(x)}`);
      if (!Number.isFinite(x)) {
        const why = Number.isNaN(x) ? '' : ' (a literal beyond ±1.8e308, such as 1e999, overflows float64)';
        throw new NetworkError(`${name}[${i}][${j}] must be a finite number, got ${x}${why}`);
      }
      if (Math.abs(x) > MAX_ENTRY) {
        throw new NetworkError(`${name}[${i}][${j}] = ${x}: its square overflows float64 (every entry needs |x| ≤ ${MAX_ENTRY.toPrecision(3)}; the Grams and the loss square the entries)`);
      }
    }
  }
  if (cols === 0) throw new NetworkError(`${name} has no columns`);
  try {
    return fromRows(v as number[][]);
  } catch (e) {
    if (e instanceof DimensionError) throw new NetworkError(`${name}: ${e.message}`);
    throw e;
  }
}

/**
 * Reads `{activation, beta, lambda, X, Y, weights}` (already parsed JSON) into a validated network.
 * X is n0 × N, Y is nL × N, `weights[ℓ−1]` is n_ℓ × (n_{ℓ−1} + 1) with the bias column last.
 *
 * @throws {NetworkError} naming the bad field (missing, wrong type, ragged, non-finite, wrong shape);
 * {@link L2ActivationError} for an unknown activation.
 */
export function networkFromJson(json: unknown): L2Network {
  if (json === null || typeof json !== 'object' || Array.isArray(json)) throw new NetworkError('a network file must hold a JSON object {activation, beta, lambda, X, Y, weights}');
  const o = json as Record<string, unknown>;
  for (const k of ['activation', 'beta', 'lambda', 'X', 'Y', 'weights']) {
    if (!(k in o)) throw new NetworkError(`missing field '${k}' (expected {activation, beta, lambda, X, Y, weights})`);
  }
  if (typeof o.activation !== 'string') throw new NetworkError(`activation must be a string, got ${JSON.stringify(o.activation)}`);
  const activation = parseActivation(o.activation);
  const scalar = (k: 'beta' | 'lambda', v: unknown, nonNegative: boolean): number => {
    const want = `${k} must be a finite number${nonNegative ? ' ≥ 0' : ''}`;
    if (typeof v !== 'number') throw new NetworkError(`${want}, got ${JSON.stringify(v)}`);
    if (!Number.isFinite(v)) throw new NetworkError(`${want}, got ${v} (a literal such as 1e999 overflows float64)`);
    if (Math.abs(v) > MAX_ENTRY) throw new NetworkError(`${k} = ${v}: its square overflows float64 (|${k}| ≤ ${MAX_ENTRY.toPrecision(3)} needed)`);
    if (nonNegative && v < 0) throw new NetworkError(`${want}, got ${v}`);
    return v;
  };
  scalar('beta', o.beta, false);
  scalar('lambda', o.lambda, true);
  const X = matrixFromJson(o.X, 'X');
  const Y = matrixFromJson(o.Y, 'Y');
  if (!Array.isArray(o.weights) || o.weights.length === 0) throw new NetworkError('weights must be a non-empty array [W_1, …, W_L]');
  const weights = o.weights.map((w, l) => matrixFromJson(w, `weights[${l}]`));
  const net: L2Network = { activation, beta: o.beta as number, lambda: o.lambda as number, X, Y, weights };
  validateNetwork(net);
  return net;
}

/** The plain-JSON form of a network (inverse of {@link networkFromJson}; numbers round-trip exactly). */
export function networkToJson(net: L2Network): L2NetworkJson {
  validateNetwork(net);
  return {
    activation: net.activation.name,
    beta: net.beta,
    lambda: net.lambda,
    X: toRows(net.X),
    Y: toRows(net.Y),
    weights: net.weights.map((w) => toRows(w)),
  };
}
