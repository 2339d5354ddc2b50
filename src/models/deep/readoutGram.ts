/**
 * The readout Gram matrix of a deep random network with its inner weights fixed, and its average over the last
 * layer's weights (shared/math/deep-gaussian-equivalence.md §4).
 *
 * With W = (W^{(1)}, …, W^{(L)}) fixed and the readout a ~ N(0, σ_a² I), the outputs S = X^{(L)}a/√d_L on the rows of
 * X are Gaussian with covariance
 * \[ K_W = \sigma_a^2\,X^{(L)}X^{(L)\top}/d_L. \]
 * Averaging over the last layer's weights alone, with the earlier ones fixed, is exact through the kernel map
 * (`kernelMap.ts`) of layer L applied to the empirical Gram matrix of layer L − 1:
 * \[ \tilde K_{W_{<L}} = \mathbb E_{W^{(L)}}K_W = \sigma_a^2\,F_L\big(X^{(L-1)}X^{(L-1)\top}/d_{L-1}\big) \]
 * (X^{(0)} = X). For L = 1 it is the NNGP kernel K̄ itself; for every L, E K̃ = E_W K_W.
 *
 * @module
 */
import { DimensionError, type Matrix } from '../../core/matrix.ts';
import { gram } from '../../core/syrk.ts';
import { hiddenFeatures, type DeepTeacher } from './deepTeacher.ts';
import { layerKernelMap, type KernelMapOptions } from './kernelMap.ts';
import { kernelLayers } from './nngpKernel.ts';

/** K_W = σ_a² X^{(L)}X^{(L)ᵀ}/d_L for the rows of X (n × n). @throws {DimensionError} if X does not have d columns. */
export function readoutGram(t: DeepTeacher, X: Matrix): Matrix {
  return scaledRowGram(hiddenFeatures(t, X), t.arch.readoutVar);
}

/** σ·HHᵀ/cols(H). */
function scaledRowGram(H: Matrix, sigma: number): Matrix {
  const G = gram(H, { of: 'rows' });
  const k = sigma / H.cols;
  for (let i = 0; i < G.data.length; i++) G.data[i] *= k;
  return G;
}

/**
 * The features of the first `depth` hidden layers of `t` on the rows of X (depth 0: X itself).
 *
 * @throws {DimensionError} if depth is not an integer in [0, L] or X does not have d columns.
 */
export function featuresAtDepth(t: DeepTeacher, X: Matrix, depth: number): Matrix {
  if (!Number.isInteger(depth) || depth < 0 || depth > t.weights.length) throw new DimensionError(`depth must be an integer in [0, ${t.weights.length}], got ${depth}`);
  if (X.cols !== t.d) throw new DimensionError(`X has ${X.cols} columns but the teacher's input dimension is ${t.d}`);
  if (depth === 0) return X;
  return hiddenFeatures({ ...t, weights: t.weights.slice(0, depth), centers: t.centers.slice(0, depth) }, X);
}

/**
 * K̃ = E_{W^{(L)}} K_W = σ_a² F_L(X^{(L−1)}X^{(L−1)ᵀ}/d_{L−1}) with W^{(1)}, …, W^{(L−1)} of `t` fixed (n × n).
 */
export function lastLayerAveragedGram(t: DeepTeacher, X: Matrix, opts: KernelMapOptions = {}): Matrix {
  const L = t.weights.length;
  const layers = kernelLayers(t.arch);
  const H = featuresAtDepth(t, X, L - 1);
  const F = layerKernelMap(scaledRowGram(H, 1), { ...layers[L - 1], shift: t.centers[L - 1] }, opts);
  for (let i = 0; i < F.data.length; i++) F.data[i] *= t.arch.readoutVar;
  return F;
}
