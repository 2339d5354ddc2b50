/**
 * Exact sampling of the readout Gram entries of a deep random network for one pair of inputs, at any widths, without
 * forming the weight matrices.
 *
 * For two inputs with layer-(l−1) features y, y′ ∈ R^{d_{l−1}} and Gram entries Ĉ = (y·y, y′·y′, y·y′)/d_{l−1}, the
 * pre-activations of unit i of layer l, (w_i·y, w_i·y′)/√d_{l−1} with w_i ~ N(0, σ_l² I), are exactly i.i.d. over
 * i = 1..d_l with law N(0, σ_l² Ĉ) given the earlier layers (rows of W^{(l)} are independent Gaussian vectors, and
 * only their projection on span(y, y′) enters). So the chain Ĉ^{(0)} → Ĉ^{(1)} → … → Ĉ^{(L)} drawn layer by layer
 * from d_l bivariate Gaussians has exactly the law of the real network's Gram entries for that pair, and
 * \( K_W(x, x') = \sigma_a^2\,\hat C^{(L)}_{12} \) (`readoutGram.ts`). Cost O(Σ_l d_l) per draw, so widths of 10⁵ are cheap.
 *
 * @module
 */
import { DimensionError } from '../../core/matrix.ts';
import type { Rng } from '../../core/random.ts';
import { resolveArchitecture, type DeepArchitecture } from './effectiveGlm.ts';
import type { PairGram } from './kernelMap.ts';
import { kernelLayers } from './nngpKernel.ts';

export type { PairGram } from './kernelMap.ts';

/** The network of {@link samplePairReadoutGram}: an architecture at finite hidden widths. */
export interface FiniteWidthArchitecture {
  /** The architecture (activations, variances; its width ratios are not used). */
  arch: DeepArchitecture;
  /** The hidden widths d_1..d_L (positive integers, one per hidden layer). */
  widths: readonly number[];
}

/**
 * One draw of σ_a²·Ĉ^{(L)} for the pair with input Gram `gram`, hidden widths `widths` (d_1..d_L), from `rng`.
 *
 * @throws {DimensionError} for a widths list of the wrong length or a non-positive width, or an input Gram that is not
 *   positive semi-definite with a positive diagonal.
 */
export function samplePairReadoutGram(gram: PairGram, network: FiniteWidthArchitecture, rng: Rng): PairGram {
  const { arch, widths } = network;
  const a = resolveArchitecture(arch);
  if (widths.length !== a.layers.length) throw new DimensionError(`widths has ${widths.length} entries for ${a.layers.length} hidden layers`);
  widths.forEach((w, i) => {
    if (!Number.isInteger(w) || w < 1) throw new DimensionError(`widths[${i}] must be a positive integer, got ${w}`);
  });
  const { c11, c22, c12 } = gram;
  if (!(c11 > 0) || !(c22 > 0) || !Number.isFinite(c11) || !Number.isFinite(c22)) throw new DimensionError(`the input Gram diagonal must be positive and finite, got (${c11}, ${c22})`);
  if (!Number.isFinite(c12) || Math.abs(c12) > (1 + 1e-12) * Math.sqrt(c11 * c22)) throw new DimensionError(`the input Gram entry c12 = ${c12} exceeds √(c11·c22) = ${Math.sqrt(c11 * c22)}: not positive semi-definite`);
  const layers = kernelLayers(a);
  let C = { c11, c22, c12 };
  for (let l = 0; l < layers.length; l++) {
    const { activation, weightVar, shift } = layers[l];
    const f = activation.f;
    const l11 = Math.sqrt(weightVar * C.c11);
    const l21 = (weightVar * C.c12) / l11;
    const l22 = Math.sqrt(Math.max(0, weightVar * C.c22 - l21 * l21));
    let s11 = 0;
    let s22 = 0;
    let s12 = 0;
    for (let i = 0; i < widths[l]; i++) {
      const g1 = rng.normal();
      const g2 = rng.normal();
      const y = f(l11 * g1) - shift;
      const z = f(l21 * g1 + l22 * g2) - shift;
      s11 += y * y;
      s22 += z * z;
      s12 += y * z;
    }
    const k = 1 / widths[l];
    C = { c11: s11 * k, c22: s22 * k, c12: s12 * k };
    if (!(C.c11 > 0) || !(C.c22 > 0)) throw new DimensionError(`layer ${l + 1}: every feature of an input vanished (width ${widths[l]}); the next layer's Gram is singular`);
  }
  return { c11: a.readoutVar * C.c11, c22: a.readoutVar * C.c22, c12: a.readoutVar * C.c12 };
}
