/**
 * D3. For erf networks the deep recursion has a closed form: κ1 = 2/√(π(1+2r)), q = (2/π) asin(2r/(1+2r)),
 * and the closed-form recursion equals the quadrature recursion at every depth and variance.
 */
import { defineClaim, fc, logUniform } from '../../src/index.ts';
import { builtinLayer } from '../../src/models/deep/activation.ts';
import { effectiveFromLayers, propagate } from '../../src/models/deep/effectiveGlm.ts';
import type { LayerCoefficients } from '../../src/models/deep/layerCoefficients.ts';


interface Params {
  weightVars: number[];
  readoutVar: number;
}
interface Impl {
  /** Closed-form κ1 and q of erf at variance r. */
  closed: (r: number) => { kappa1: number; q: number };
}

const EPS = 2 ** -52;

export default defineClaim<Params, Impl>({
  id: 'D3',
  title: 'The closed-form erf recursion equals the quadrature recursion',
  kind: 'identity',
  source: [
    { paper: 'Cui, Krzakala, Zdeborová 2023 (arXiv 2302.00375)', ref: 'erf activations: the arcsine kernel in the deep recursion' },
    { paper: 'Williams 1997, Computing with infinite networks (NIPS 9)', ref: 'E erf(u) erf(v) = (2/π) asin(2Σ_uv/√((1+2Σ_uu)(1+2Σ_vv)))' },
    { paper: 'shared/math/deep-gaussian-equivalence.md', ref: '§2 closed forms, §3 recursion' },
  ],
  statement:
    'For φ = erf at every layer, r_l = σ_l² q_{l−1}, κ1_l = 2/√(π(1 + 2 r_l)) and q_l = (2/π) asin(2r_l/(1 + 2r_l)) ' +
    'give the same r_l, κ1_l, q_l, s and ε_tot as the Gaussian quadratures of E[hφ(h)]/r, E φ(h)², E(φ − κ1 h)², for depths ' +
    '1–6 and σ_l², σ_a² ∈ [0.1, 10].',
  params: fc.integer({ min: 1, max: 6 }).chain((L) => fc.record({ weightVars: fc.array(logUniform(-1, 1), { minLength: L, maxLength: L }), readoutVar: logUniform(-1, 1) })),
  runs: { quick: 30, ci: 100, full: 1000 },
  impl: {
    closed: (r) => ({ kappa1: 2 / Math.sqrt(Math.PI * (1 + 2 * r)), q: (2 / Math.PI) * Math.asin((2 * r) / (1 + 2 * r)) }),
  },
  tolerance:
    'Quadrature values carry relative error ≤ 1e-14 (stopping rule); the closed forms ≤ 4ε (sqrt, asin, two divisions). ' +
    'q_l feeds r_{l+1}: d ln q_{l+1}/d ln r_{l+1} ≤ 1 and d ln κ1/d ln r ≤ 1/2 for erf, so errors do not grow through ' +
    'the layers and add up to ≤ L·(1e-14 + 4ε) relative. ε_l = q_l − r_l κ1_l² in closed form cancels by at most a ' +
    'factor q/ε ≤ 25 on this domain (ε/q ≥ 0.04 for r ≥ 0.1·0.4). Tolerance rtol = 4·L·(1e-14 + 4ε) on r_l, κ1_l, q_l, s; ' +
    '25× that on ε_tot.',
  evaluate({ weightVars, readoutVar }, _ctx, impl) {
    const L = weightVars.length;
    const arch = { layers: weightVars.map(() => builtinLayer('erf')), weightVars, readoutVar };
    const quad = propagate(arch);
    const closed: LayerCoefficients[] = [];
    let q = 1;
    for (let l = 0; l < L; l++) {
      const r = weightVars[l] * q;
      const c = impl.closed(r);
      closed.push({ r, kappa0: 0, kappa1: c.kappa1, q: c.q, eps: c.q - r * c.kappa1 * c.kappa1, center: 0 });
      q = c.q;
    }
    const rtol = 4 * L * (1e-14 + 4 * EPS);
    const out = [];
    for (let l = 0; l < L; l++) {
      out.push({ label: `r_${l + 1}`, actual: closed[l].r, expected: quad[l].r, atol: 0, rtol });
      out.push({ label: `κ1_${l + 1}`, actual: closed[l].kappa1, expected: quad[l].kappa1, atol: 0, rtol });
      out.push({ label: `q_${l + 1}`, actual: closed[l].q, expected: quad[l].q, atol: 0, rtol });
    }
    const a = effectiveFromLayers(closed, weightVars, readoutVar);
    const b = effectiveFromLayers(quad, weightVars, readoutVar);
    out.push({ label: 's', actual: a.s, expected: b.s, atol: 0, rtol });
    out.push({ label: 'ε_tot', actual: a.epsTot, expected: b.epsTot, atol: 0, rtol: 25 * rtol });
    return out;
  },
  variants: [
    {
      name: 'erf-vs-Phi-convention',
      why: 'the closed form of erf(x/√2) = 2Φ(x) − 1 used for erf(x): 1 + r and asin(r/(1+r)) instead of 1 + 2r (the √2 of Φ vs erf)',
      impl: { closed: (r) => ({ kappa1: Math.sqrt(2 / (Math.PI * (1 + r))), q: (2 / Math.PI) * Math.asin(r / (1 + r)) }) },
    },
    {
      name: 'kappa1-missing-sqrt-pi',
      why: 'κ1 = 2/(π√(1+2r)): π outside the square root',
      impl: { closed: (r) => ({ kappa1: 2 / (Math.PI * Math.sqrt(1 + 2 * r)), q: (2 / Math.PI) * Math.asin((2 * r) / (1 + 2 * r)) }) },
    },
  ],
});
