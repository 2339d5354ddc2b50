/**
 * D1. One-layer Gaussian-equivalence coefficients: Stein's identity κ1 = E φ′(h) = E[hφ(h)]/r, the Parseval
 * partial sums Σ_{k≤K} μ_k²/k! increasing to E φ², and the closed forms of erf, sign and ReLU at any variance r.
 */
import { defineClaim, fc, logUniform, type Outcome } from '../../src/index.ts';
import { gaussianExpectation, normalPdf } from '../../src/core/index.ts';
import { BUILTIN_ACTIVATIONS, type Activation } from '../../src/models/deep/activation.ts';
import { TANH2 } from '../../src/models/deep/namedArchitectures.ts';
import { hermiteCoefficientsDecimal } from '../../src/reference/index.ts';


const ACTS: Record<string, Activation> = { tanh: BUILTIN_ACTIVATIONS.tanh, erf: BUILTIN_ACTIVATIONS.erf, sign: BUILTIN_ACTIVATIONS.sign, relu: BUILTIN_ACTIVATIONS.relu, linear: BUILTIN_ACTIVATIONS.linear, tanh2: TANH2.activation };

interface Params {
  act: keyof typeof ACTS;
  r: number;
}

interface Impl {
  /** κ1 from the first moment: E[hφ(h)] / r. */
  kappa1Moment: (act: Activation, r: number) => number;
  /** Closed forms κ0, κ1, q at variance r (undefined when none). */
  closedForm: (act: Activation, r: number) => { kappa0: number; kappa1: number; q: number } | undefined;
  /** The Parseval weight of μ_k² (1/k! for the probabilists' He_k). */
  parsevalWeight: (k: number) => number;
}

const EPS = 2 ** -52;
/** Hermite degree and precision of the Parseval check (20 digits: the monotonicity steps are ≥ 1e-15 for K ≤ 8). */
const K = 8;
const HP = 20;

function factorial(k: number): number {
  let f = 1;
  for (let j = 2; j <= k; j++) f *= j;
  return f;
}

export default defineClaim<Params, Impl>({
  id: 'D1',
  title: 'One-layer coefficients: Stein, Parseval and closed forms at any variance',
  kind: 'identity',
  source: [
    { paper: 'Cui, Krzakala, Zdeborová 2023 (arXiv 2302.00375)', ref: 'eq. (6): κ1 = E φ′, κ*² = E φ² − r κ1² (at the propagated variance)' },
    { paper: 'Stein 1981, Ann. Statist. 9', ref: 'E[hφ(h)] = r E φ′(h) for h ~ N(0, r)' },
    { paper: 'shared/math/deep-gaussian-equivalence.md', ref: '§2 (Hermite form, closed forms), §8 (/r not /√r; He_k not H_k)' },
  ],
  statement:
    'For h ~ N(0, r), r ∈ [0.05, 20], and φ ∈ {tanh, tanh(2x), erf, sign, ReLU, linear}: (i) E[hφ(h)]/r = E φ′(h) (for sign, ' +
    'φ′ = 2δ_0, so E φ′ = 2·N(0; 0, r)); (ii) with μ_k = E[φ(√r g) He_k(g)], the partial sums S_K = Σ_{k≤K} μ_k²/k! are ' +
    'non-decreasing and bounded by E φ² (Parseval, equality as K → ∞), its linear term is μ_1²/1! = rκ1², and κ1 = μ_1/√r; (iii) erf: κ1 = 2/√(π(1+2r)), ' +
    'E φ² = (2/π) asin(2r/(1+2r)); sign: κ1 = √(2/(πr)), E φ² = 1; ReLU: κ0 = √(r/2π), κ1 = 1/2, E φ² = r/2; linear: κ1 = 1, E φ² = r.',
  params: fc.record({ act: fc.constantFrom(...(Object.keys(ACTS) as Array<keyof typeof ACTS>)), r: logUniform(Math.log10(0.05), Math.log10(20)) }),
  runs: { quick: 8, ci: 25, full: 300 },
  impl: {
    kappa1Moment: (act, r) => gaussianExpectation((x) => x * act.f(x), r, { breakpoints: act.breakpoints }).value / r,
    closedForm: (act, r) => act.closedForm?.(r),
    parsevalWeight: (k) => 1 / factorial(k),
  },
  tolerance:
    'Stein and closed forms: every Float64 quadrature stops at relative change ≤ 1e-14 (exponentially convergent rules, so the ' +
    'returned level is far more accurate); E φ′ and E hφ/r are each scaled by their L¹ size E|φ′| ≈ κ1, so atol = 0 and ' +
    'rtol = 4·(1e-14 + 8ε) (c = 4 over two quadratures plus the closed forms\' few roundings). Parseval (20-digit reference): each S_K ' +
    'is rounded to 20 digits, so S_{K+1} ≥ S_K − 1e-19·q and S_K ≤ q + 1e-19·q; κ1 = μ_1/√r agrees with the Float64 moment to ' +
    '4·(1e-14 + 8ε) relative, and the linear Parseval term μ_1²/1! = rκ1² to twice that (a square).',
  evaluate({ act: name, r }, _ctx, impl) {
    const act = ACTS[name];
    const out: Outcome[] = [];
    const rtol = 4 * (1e-14 + 8 * EPS);
    const k1 = impl.kappa1Moment(act, r);
    // E φ′(h): the a.e. derivative plus the Dirac masses of the jumps.
    let dphi = act.df ? gaussianExpectation(act.df, r, { breakpoints: act.breakpoints }).value : NaN;
    for (const j of act.jumps ?? []) dphi += j.size * (normalPdf(j.at / Math.sqrt(r)) / Math.sqrt(r));
    out.push({ label: 'Stein: E[hφ]/r = E φ′', actual: k1, expected: dphi, atol: 0, rtol });
    const cf = impl.closedForm(act, r);
    if (cf) {
      const k0 = act.odd ? 0 : gaussianExpectation(act.f, r, { breakpoints: act.breakpoints }).value;
      const q = gaussianExpectation((x) => act.f(x) ** 2, r, { breakpoints: act.breakpoints }).value;
      out.push({ label: 'closed form κ0', actual: cf.kappa0, expected: k0, atol: 1e-15 * Math.sqrt(q), rtol });
      out.push({ label: 'closed form κ1', actual: cf.kappa1, expected: k1, atol: 0, rtol });
      out.push({ label: 'closed form E φ²', actual: cf.q, expected: q, atol: 0, rtol });
    }
    const h = hermiteCoefficientsDecimal(act.dec, r, K, { precision: HP, ...(act.breakpoints.length ? { breakpoints: act.breakpoints } : {}) });
    const q = h.secondMoment.toNumber();
    let prev = -Infinity;
    let S = 0;
    for (let k = 0; k <= K; k++) {
      S += h.mu[k].toNumber() ** 2 * impl.parsevalWeight(k);
      out.push({ label: `Parseval S_${k} ≥ S_${k - 1}`, value: S, op: '>=', bound: prev - 1e-19 * q });
      prev = S;
    }
    out.push({ label: `Parseval S_${K} ≤ E φ²`, value: S, op: '<=', bound: q * (1 + 1e-19) + 4 * EPS * q });
    out.push({ label: 'Parseval linear term μ_1²·w_1 = r κ1²', actual: h.mu[1].toNumber() ** 2 * impl.parsevalWeight(1), expected: r * k1 * k1, atol: 0, rtol: 2 * rtol });
    out.push({ label: 'Hermite κ1 = μ_1/√r', actual: h.mu[1].toNumber() / Math.sqrt(r), expected: k1, atol: 0, rtol });
    return out;
  },
  variants: [
    {
      name: 'kappa1-over-sqrt-r',
      why: 'κ1 = E[hφ(h)]/√r instead of /r (§8): right only at r = 1',
      impl: { kappa1Moment: (act, r) => gaussianExpectation((x) => x * act.f(x), r, { breakpoints: act.breakpoints }).value / Math.sqrt(r) },
    },
    {
      name: 'erf-closed-form-at-unit-variance',
      why: 'closed forms evaluated at r = 1 whatever the layer variance (§8: coefficients at variance 1)',
      impl: { closedForm: (act) => act.closedForm?.(1) },
    },
    {
      name: 'physicists-hermite-weight',
      why: "Parseval with the physicists' normalisation 1/(2^k k!) applied to probabilists' coefficients: the partial sums of E φ² with the wrong weights (§8: H_k vs He_k)",
      impl: { parsevalWeight: (k) => 1 / (2 ** k * factorial(k)) },
    },
  ],
});
