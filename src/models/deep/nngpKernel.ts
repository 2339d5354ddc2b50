/**
 * The architecture's NNGP kernel: the readout Gram matrix averaged over the inner weights, in the recursion of
 * infinitely wide layers (Neal 1996; Lee et al. 2018, *Deep neural networks as Gaussian processes*, ICLR, eq. (4);
 * shared/math/deep-gaussian-equivalence.md §4).
 *
 * \[ C^{(0)} = XX^\top/d,\qquad C^{(l)} = F_l\big(C^{(l-1)}\big),\qquad \bar K = \sigma_a^2\,C^{(L)}, \]
 * F_l the kernel map of layer l (`kernelMap.ts`, weight variance σ_l², centring constant c_l). For the readout Gram
 * with the inner weights fixed, \( K_W = \sigma_a^2 X^{(L)}X^{(L)\top}/d_L \), this is exact in expectation for one
 * hidden layer, \( \mathbb E_W K_W = \bar K \) at every width; for L ≥ 2 the layer-(l−1) Gram that enters F_l is the
 * empirical one, which fluctuates at O(d_l^{-1/2}), so \( \mathbb E_W K_W = \bar K + O(1/\min_l d_l) \) entrywise, and
 * K̄ is its infinite-width limit.
 *
 * @module
 */
import { DimensionError, type Matrix } from '../../core/matrix.ts';
import { gram } from '../../core/syrk.ts';
import { propagate, resolveArchitecture, type DeepArchitecture } from './effectiveGlm.ts';
import { layerKernelMap, pairKernel, type KernelLayer, type KernelMapOptions, type PairGram } from './kernelMap.ts';

/** The layers of an architecture as the kernel map sees them (centring constants from the deep recursion). */
export function kernelLayers(arch: DeepArchitecture): KernelLayer[] {
  const a = resolveArchitecture(arch);
  const shifts = a.layers.some((l) => l.center) ? propagate(a).map((c) => c.center) : a.layers.map(() => 0);
  return a.layers.map((l, i) => ({ activation: l.activation, weightVar: a.weightVars[i], shift: shifts[i] }));
}

/** C^{(0)} = XXᵀ/d for the rows x_μ of X (n × d). @throws {DimensionError} for an empty or non-finite X. */
export function inputGram(X: Matrix): Matrix {
  if (X.rows < 1 || X.cols < 1) throw new DimensionError(`X must have at least one row and one column, got ${X.rows}×${X.cols}`);
  const G = gram(X, { of: 'rows' });
  const k = 1 / X.cols;
  for (let i = 0; i < G.data.length; i++) G.data[i] *= k;
  return G;
}

/**
 * K̄ = σ_a² C^{(L)} from a Gram matrix C^{(0)} of the inputs (n × n). `layers` replaces the architecture's
 * layer list (wrong variants only).
 *
 * @throws {DimensionError} for an invalid Gram matrix (see `layerKernelMap`); {@link ArchitectureError} for a bad architecture.
 */
export function nngpKernelFromGram(C0: Matrix, arch: DeepArchitecture, opts: KernelMapOptions & { layers?: KernelLayer[] } = {}): Matrix {
  const a = resolveArchitecture(arch);
  const layers = opts.layers ?? kernelLayers(a);
  let C = C0;
  for (const layer of layers) C = layerKernelMap(C, layer, opts);
  if (C === C0) throw new DimensionError('the architecture has no hidden layer');
  for (let i = 0; i < C.data.length; i++) C.data[i] *= a.readoutVar;
  return C;
}

/** K̄ for the rows of X (n × d): {@link nngpKernelFromGram} of XXᵀ/d. */
export function nngpKernel(X: Matrix, arch: DeepArchitecture, opts: KernelMapOptions & { layers?: KernelLayer[] } = {}): Matrix {
  return nngpKernelFromGram(inputGram(X), arch, opts);
}

/**
 * K̄ for one pair of inputs with Gram entries C11 = x·x/d, C22 = x′·x′/d, C12 = x·x′/d: the recursion on the
 * 2 × 2 covariance. Returns σ_a²·(C^{(L)}_{11}, C^{(L)}_{22}, C^{(L)}_{12}).
 */
export function nngpPair(gram: PairGram, arch: DeepArchitecture, opts: KernelMapOptions & { layers?: KernelLayer[] } = {}): { k11: number; k22: number; k12: number } {
  const a = resolveArchitecture(arch);
  const layers = opts.layers ?? kernelLayers(a);
  let k = { k11: gram.c11, k22: gram.c22, k12: gram.c12 };
  for (const layer of layers) k = pairKernel(layer, { c11: k.k11, c22: k.k22, c12: k.k12 }, opts);
  return { k11: a.readoutVar * k.k11, k22: a.readoutVar * k.k22, k12: a.readoutVar * k.k12 };
}
