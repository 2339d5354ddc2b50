/**
 * A plausible but wrong derivation, refuted with a minimal counterexample: the layers' noise terms summed without the
 * later layers' gains.
 *
 * Written as an exact identity: if ε_tot were σ_a² Σ_l ε_l, then s + ε_tot would equal σ_a² q_L, the output variance,
 * for every architecture. fast-check draws architectures (depth, activations, variances) and shrinks a failure to the
 * simplest one it can find: expect two layers (with one layer, the sum and the attenuated sum coincide) and the
 * gentlest activations and variances that still show it.
 */
import { defineClaim, fc } from 'lemmata';
import { builtinLayer, effectiveFromLayers, propagate, resolveArchitecture, type DeepArchitecture } from 'lemmata/models';

const EPS = 2 ** -52;
const ACTS = ['erf', 'tanh', 'sign'] as const;

interface Impl {
  /** ε_tot of the architecture, as derived. */
  epsTot: (arch: DeepArchitecture) => number;
}

export default defineClaim<{ acts: Array<(typeof ACTS)[number]>; vars: number[] }, Impl>({
  id: 'EX.summed-noise',
  title: 'Summing the layers\' noise terms gives the output variance',
  kind: 'identity',
  source: { paper: 'my derivation', ref: 'eq. (3): ε_tot = σ_a² Σ_l ε_l' },
  statement: 'For every architecture, s + σ_a² Σ_l ε_l = σ_a² q_L.',
  params: fc.integer({ min: 1, max: 3 }).chain((L) =>
    fc.record({
      acts: fc.array(fc.constantFrom(...ACTS), { minLength: L, maxLength: L }),
      vars: fc.array(fc.integer({ min: 1, max: 8 }).map((k) => k / 4), { minLength: L, maxLength: L }),
    }),
  ),
  runs: { quick: 100, ci: 300, full: 2000 },
  impl: {
    epsTot: (arch) => {
      const a = resolveArchitecture(arch);
      return a.readoutVar * propagate(a).reduce((x, c) => x + c.eps, 0);
    },
  },
  tolerance: 'A sum of ≤ 4 positive terms of size ≤ 8 with ≤ 3 roundings each, plus the quadrature error of q_L (relative 1e-12): 1e-10 relative.',
  evaluate({ acts, vars }, _ctx, impl) {
    const arch: DeepArchitecture = { layers: acts.map((n) => builtinLayer(n)), weightVars: vars };
    const a = resolveArchitecture(arch);
    const layers = propagate(a);
    const s = effectiveFromLayers(layers, a.weightVars, a.readoutVar).s;
    const qL = layers[layers.length - 1].q;
    return [{ label: 's + ε_tot = σ_a² q_L', actual: s + impl.epsTot(arch), expected: a.readoutVar * qL, atol: 16 * EPS, rtol: 1e-10 }];
  },
  // Its wrong variant (an audit accepts a claim without one, with a warning): ε_tot dropped altogether.
  variants: [{ name: 'no-noise', why: 'ε_tot = 0', impl: { epsTot: () => 0 } }],
});
