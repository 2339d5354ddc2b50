/**
 * The deep recursion and the effective generalized linear model of a deep random network
 * (shared/math/deep-gaussian-equivalence.md §3; Cui, Krzakala, Zdeborová 2023, arXiv 2302.00375, eqs. (7)–(9);
 * proved by Camilli, Tieplova, Bergamin, Barbier 2025, arXiv 2505.03577).
 *
 * Architecture: inputs x ~ N(0, I_d); hidden layers l = 1..L, X^{(l)} = φ_l(W^{(l)}X^{(l−1)}/√d_{l−1}) with
 * W^{(l)}_{ij} ~ N(0, σ_l²) (fan-in normalisation); readout S = a·X^{(L)}/√d_L, a ~ N(0, σ_a² I).
 *
 * Recursion: q_0 = 1, r_l = σ_l² q_{l−1}, and κ1_l, q_l, ε_l are the layer coefficients **at r_l**.
 * Effective GLM: Y ~ P_out(· | √s v·x/√d + √ε_tot ζ), v ~ N(0, I_d), ζ ~ N(0, 1), with
 * \[ s = \sigma_a^2 q_0 \prod_l \sigma_l^2\kappa_{1,l}^2, \qquad
 *    \varepsilon_{\rm tot} = \sigma_a^2 \sum_l \varepsilon_l \prod_{j>l}\sigma_j^2\kappa_{1,j}^2, \]
 * and the exact identity s + ε_tot = σ_a² q_L. With a Gaussian channel of noise variance Δ everything
 * reduces to D = (ε_tot + Δ)/s; the widths γ_l = d_l/d do not enter.
 *
 * @module
 */
import { InputError } from '../../core/lemmataError.ts';
import type { Decimal } from 'decimal.js';
import { decimalContext, GUARD_DIGITS, precisionOf, toDecimal, type PrecisionOptions } from '../../reference/decimal.ts';
import type { LayerActivation } from './activation.ts';
import { layerCoefficients, layerCoefficientsDecimal, type LayerCoefficients, type LayerCoefficientsDecimal } from './layerCoefficients.ts';

/** Thrown for an invalid architecture (lengths, variances, widths). */
export class ArchitectureError extends InputError {
  override name = 'ArchitectureError';
}

/** A deep random network: one activation per hidden layer (input to output), variances and width ratios. */
export interface DeepArchitecture {
  layers: LayerActivation[];
  /** σ_l² per hidden layer (default 1 each). */
  weightVars?: number[];
  /** σ_a² of the readout (default 1). */
  readoutVar?: number;
  /** γ_l = d_l/d per hidden layer (default 1 each); used by the teacher sampler only. */
  widths?: number[];
  /**
   * Decimal texts of σ_l² and σ_a² for the high-precision recursion (e.g. '0.7' is seven tenths, while the number
   * 0.7 is its binary approximation, 4e-17 away); each must equal its number to Float64 rounding.
   */
  exact?: { weightVars?: string[]; readoutVar?: string };
}

/** An architecture with every default filled in and validated. */
export interface ResolvedArchitecture {
  layers: LayerActivation[];
  weightVars: number[];
  readoutVar: number;
  widths: number[];
}

function positiveList(v: number[] | undefined, L: number, name: string): number[] {
  if (v === undefined) return new Array<number>(L).fill(1);
  if (!Array.isArray(v) || v.length !== L) throw new ArchitectureError(`${name} must have one entry per hidden layer (${L}), got ${Array.isArray(v) ? v.length : typeof v}`);
  v.forEach((x, i) => {
    if (!Number.isFinite(x) || !(x > 0)) throw new ArchitectureError(`${name}[${i}] must be positive and finite, got ${x}`);
  });
  return v.slice();
}

/**
 * Validates an architecture and fills the defaults.
 *
 * @throws {ArchitectureError} for no layer, a length mismatch of weightVars/widths, or a non-positive or non-finite entry.
 */
export function resolveArchitecture(a: DeepArchitecture): ResolvedArchitecture {
  if (!a || !Array.isArray(a.layers) || a.layers.length === 0) throw new ArchitectureError('layers must list at least one hidden layer');
  const L = a.layers.length;
  const readoutVar = a.readoutVar ?? 1;
  if (!Number.isFinite(readoutVar) || !(readoutVar > 0)) throw new ArchitectureError(`readoutVar must be positive and finite, got ${readoutVar}`);
  const weightVars = positiveList(a.weightVars, L, 'weightVars');
  const ex = a.exact;
  if (ex?.weightVars && (ex.weightVars.length !== L || ex.weightVars.some((t, i) => Number(t) !== weightVars[i]))) throw new ArchitectureError('exact.weightVars must be the decimal texts of weightVars, one per layer');
  if (ex?.readoutVar !== undefined && Number(ex.readoutVar) !== readoutVar) throw new ArchitectureError('exact.readoutVar must be the decimal text of readoutVar');
  return { layers: a.layers, weightVars, readoutVar, widths: positiveList(a.widths, L, 'widths') };
}

/** The effective GLM of a deep network (Float64). */
export interface EffectiveGlm {
  layers: LayerCoefficients[];
  /** Signal strength s. */
  s: number;
  /** Total effective noise ε_tot. */
  epsTot: number;
  /** σ_a² q_L, the variance of the readout S (= s + ε_tot). */
  outputVar: number;
}

/**
 * The deep recursion q_0 = 1, r_l = σ_l² q_{l−1}, coefficients at r_l (Float64). `coefficientsAt` lets a
 * caller replace the variance at which layer l is evaluated (only wrong variants do: "at r = 1").
 */
export function propagate(
  arch: DeepArchitecture,
  opts: { closedForm?: boolean; coefficients?: (layer: LayerActivation, r: number) => LayerCoefficients } = {},
): LayerCoefficients[] {
  const a = resolveArchitecture(arch);
  const coef = opts.coefficients ?? ((l: LayerActivation, r: number) => layerCoefficients(l, r, { closedForm: opts.closedForm }));
  const out: LayerCoefficients[] = [];
  let q = 1;
  for (let l = 0; l < a.layers.length; l++) {
    const c = coef(a.layers[l], a.weightVars[l] * q);
    out.push(c);
    q = c.q;
  }
  return out;
}

/**
 * s and ε_tot from per-layer coefficients:
 * \( s = \sigma_a^2\prod_l\sigma_l^2\kappa_{1,l}^2 \), \( \varepsilon_{\rm tot} = \sigma_a^2\sum_l\varepsilon_l\prod_{j>l}\sigma_j^2\kappa_{1,j}^2 \)
 * (Cui et al. 2023 eq. (9); §3 of the math file). Evaluated from the output down, so each ε_l is multiplied
 * by the gains of the layers after it.
 */
export function effectiveFromLayers(layers: readonly LayerCoefficients[], weightVars: readonly number[], readoutVar: number): { s: number; epsTot: number } {
  if (layers.length !== weightVars.length) throw new ArchitectureError(`weightVars has ${weightVars.length} entries for ${layers.length} layers`);
  let gain = readoutVar; // σ_a² Π_{j>l} σ_j² κ1_j²
  let epsTot = 0;
  for (let l = layers.length - 1; l >= 0; l--) {
    epsTot += gain * layers[l].eps;
    gain *= weightVars[l] * layers[l].kappa1 * layers[l].kappa1;
  }
  return { s: gain, epsTot };
}

/** The effective GLM of `arch` (Float64): per-layer coefficients, s, ε_tot and σ_a² q_L. */
export function effectiveGlm(arch: DeepArchitecture, opts: { closedForm?: boolean } = {}): EffectiveGlm {
  const a = resolveArchitecture(arch);
  const layers = propagate(a, opts);
  const { s, epsTot } = effectiveFromLayers(layers, a.weightVars, a.readoutVar);
  return { layers, s, epsTot, outputVar: a.readoutVar * layers[layers.length - 1].q };
}

/**
 * The noise-to-signal ratio of the effective Gaussian-channel GLM, \( D = (\varepsilon_{\rm tot} + \Delta)/s \).
 *
 * @throws {RangeError} if Δ is negative or not finite, or s is not positive.
 */
export function noiseToSignal(g: { s: number; epsTot: number }, delta: number): number {
  if (!Number.isFinite(delta) || delta < 0) throw new RangeError(`delta (the label-noise variance Δ) must be finite and ≥ 0, got ${delta}`);
  if (!(g.s > 0)) throw new RangeError(`the signal strength s must be positive, got ${g.s}`);
  return (g.epsTot + delta) / g.s;
}

/** The effective GLM in high precision. */
export interface EffectiveGlmDecimal {
  layers: LayerCoefficientsDecimal[];
  s: Decimal;
  epsTot: Decimal;
  outputVar: Decimal;
}

/**
 * {@link effectiveGlm} in high precision (decimal.js, default 50 digits): the recursion runs on Decimals
 * (variances r_l are never rounded to Float64), the layer integrals by `reference/quadrature.ts`.
 */
export function effectiveGlmDecimal(arch: DeepArchitecture, opts: PrecisionOptions = {}): EffectiveGlmDecimal {
  const a = resolveArchitecture(arch);
  const P = precisionOf(opts);
  const W = decimalContext({ precision: P + GUARD_DIGITS });
  const D = decimalContext({ precision: P });
  const layers: LayerCoefficientsDecimal[] = [];
  const sigma2 = a.weightVars.map((v, l) => toDecimal(arch.exact?.weightVars?.[l] ?? v, W, `weightVars[${l}]`));
  const sigmaA2 = toDecimal(arch.exact?.readoutVar ?? a.readoutVar, W, 'readoutVar');
  let q = new W(1);
  for (let l = 0; l < a.layers.length; l++) {
    const c = layerCoefficientsDecimal(a.layers[l], sigma2[l].times(q), { precision: P + GUARD_DIGITS });
    layers.push(c);
    q = new W(c.q);
  }
  let gain = sigmaA2;
  let epsTot = new W(0);
  for (let l = layers.length - 1; l >= 0; l--) {
    epsTot = epsTot.plus(gain.times(layers[l].eps));
    gain = gain.times(sigma2[l]).times(layers[l].kappa1).times(layers[l].kappa1);
  }
  const out = (v: Decimal) => new D(v).toSignificantDigits(P);
  const outLayer = (c: LayerCoefficientsDecimal): LayerCoefficientsDecimal => ({ r: out(c.r), kappa0: out(c.kappa0), kappa1: out(c.kappa1), q: out(c.q), eps: out(c.eps), center: out(c.center) });
  return {
    layers: layers.map(outLayer),
    s: out(gain),
    epsTot: out(epsTot),
    outputVar: out(sigmaA2.times(q)),
  };
}
