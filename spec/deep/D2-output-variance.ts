/**
 * D2. The effective GLM carries all of the readout's variance: s + ε_tot = σ_a² q_L, for every depth,
 * activation list and variances.
 */
import { defineClaim, fc, logUniform } from '../../src/index.ts';
import { effectiveFromLayers, propagate, resolveArchitecture } from '../../src/models/deep/effectiveGlm.ts';
import { type LayerCoefficients, layerCoefficients } from '../../src/models/deep/layerCoefficients.ts';
import { fromSpec, RANDOM_ACTIVATIONS, type ArchitectureSpec } from '../../src/models/deep/namedArchitectures.ts';
import type { LayerActivation } from '../../src/models/deep/activation.ts';


/** A random architecture as plain data: depth 1–6, activations, σ_l² ∈ [0.25, 4], σ_a² ∈ [0.25, 4]. */
export const architectureArb: fc.Arbitrary<ArchitectureSpec> = fc.integer({ min: 1, max: 6 }).chain((L) =>
  fc.record({
    acts: fc.array(fc.constantFrom(...RANDOM_ACTIVATIONS), { minLength: L, maxLength: L }),
    weightVars: fc.array(logUniform(-0.6, 0.6), { minLength: L, maxLength: L }),
    readoutVar: logUniform(-0.6, 0.6),
    widths: fc.constant(new Array<number>(L).fill(1)),
  }),
);

type Coef = (layer: LayerActivation, r: number) => LayerCoefficients;
interface Impl {
  /** Coefficients of a layer at the variance it is handed. */
  coefficients: Coef;
  /** The variance at which layer l is evaluated, from σ_l² and q_{l−1}. */
  variance: (sigma2: number, qPrev: number) => number;
  effective: (layers: readonly LayerCoefficients[], weightVars: readonly number[], readoutVar: number) => { s: number; epsTot: number };
}

const EPS = 2 ** -52;

export default defineClaim<ArchitectureSpec, Impl>({
  id: 'D2',
  title: 's + ε_tot equals the readout variance σ_a² q_L',
  kind: 'identity',
  source: [
    { paper: 'Cui, Krzakala, Zdeborová 2023 (arXiv 2302.00375)', ref: 'eqs. (7)–(9): the deep recursion and the effective GLM' },
    { paper: 'shared/math/deep-gaussian-equivalence.md', ref: '§3, exact identity s + ε_tot = σ_a² q_L' },
  ],
  statement:
    'With q_0 = 1, r_l = σ_l² q_{l−1} and κ1_l, q_l, ε_l the one-layer coefficients at r_l, ' +
    's = σ_a² Π_l σ_l² κ1_l² and ε_tot = σ_a² Σ_l ε_l Π_{j>l} σ_j² κ1_j² satisfy s + ε_tot = σ_a² q_L exactly ' +
    '(telescoping q_l = r_l κ1_l² + ε_l for centred layers), for every depth 1–6, every list of activations from ' +
    '{tanh, erf, sign, linear, centred ReLU, tanh(2x)} and every σ_l², σ_a² ∈ [1/4, 4].',
  params: architectureArb,
  runs: { quick: 30, ci: 100, full: 1000 },
  impl: {
    coefficients: (layer, r) => layerCoefficients(layer, r),
    variance: (sigma2, qPrev) => sigma2 * qPrev,
    effective: effectiveFromLayers,
  },
  tolerance:
    'κ1_l, q_l and ε_l are three independent quadratures, each with relative error ≤ 1e-14 (the rule\'s stopping ' +
    'tolerance; ε is integrated directly as E(φ − κ1 h)², so its error is relative to ε). The identity telescopes ' +
    'q_l = r_l κ1_l² + ε_l through L layers, each step adding ≤ 3·1e-14 relative to σ_a² q_L (the gains are ≤ that ' +
    'scale), plus rounding 4Lε. Tolerance: (4·1e-14 + 8ε)·L·σ_a² q_L, i.e. c = 4 on the per-layer quadrature error.',
  evaluate(spec, _ctx, impl) {
    const arch = resolveArchitecture(fromSpec(spec));
    const layers: LayerCoefficients[] = [];
    let q = 1;
    for (let l = 0; l < arch.layers.length; l++) {
      const c = impl.coefficients(arch.layers[l], impl.variance(arch.weightVars[l], q));
      layers.push(c);
      q = c.q;
    }
    // q_L of the true recursion (independent of impl.variance/coefficients: the statement's right-hand side).
    const truth = propagate(arch);
    const outVar = arch.readoutVar * truth[truth.length - 1].q;
    const { s, epsTot } = impl.effective(layers, arch.weightVars, arch.readoutVar);
    const L = arch.layers.length;
    return [{ label: 's + ε_tot = σ_a² q_L', actual: s + epsTot, expected: outVar, atol: 0, rtol: (4e-14 + 8 * EPS) * L }];
  },
  variants: [
    {
      name: 'coefficients-at-unit-variance',
      why: 'layer l evaluated at r = σ_l² (as if q_{l−1} = 1) instead of the propagated r_l = σ_l² q_{l−1}',
      impl: { variance: (sigma2) => sigma2 },
    },
    {
      name: 'unattenuated-eps',
      why: 'ε_tot = σ_a² Σ ε_l, forgetting that later layers multiply earlier noise by σ_j² κ1_j²',
      impl: {
        effective: (layers, wv, ra) => {
          const { s } = effectiveFromLayers(layers, wv, ra);
          return { s, epsTot: ra * layers.reduce((a, c) => a + c.eps, 0) };
        },
      },
    },
    {
      name: 'kappa1-unsquared',
      why: 's = σ_a² Π σ_l² κ1_l with κ1 not squared',
      impl: {
        effective: (layers, wv, ra) => {
          const { epsTot } = effectiveFromLayers(layers, wv, ra);
          return { s: layers.reduce((a, c, l) => a * wv[l] * c.kappa1, ra), epsTot };
        },
      },
    },
  ],
});
