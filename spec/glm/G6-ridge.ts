/**
 * G6. Ridge regression at λ = D reaches the Bayes-optimal error of the effective GLM, and λ = D is its minimiser.
 */
import { defineClaim, fc, logUniform, type Outcome } from '../../src/index.ts';
import { mmseGaussian } from '../../src/models/glm/gaussianChannel.ts';
import { ridgeReplica, type EffectiveTeacher, type RidgeReplica } from '../../src/models/glm/ridgeReplica.ts';

const EPS = 2 ** -52;
const unit = (hi: number) => fc.integer({ min: 0, max: 1_000_000 }).map((k) => (hi * k) / 1_000_000);

/** Rounding bound of a closed-form ridge error (see the tolerance text). */
function ridgeRounding(r: RidgeReplica, alpha: number): number {
  const kappa = (alpha * r.V * r.V) / ((1 + r.V) * (1 + r.V));
  return (32 * EPS * r.testErrorNoisy) / (1 - kappa);
}

export default defineClaim({
  id: 'G6',
  title: 'Ridge at λ = D equals the Bayes-optimal noisy error, and argmin_λ = D',
  kind: 'identity',
  source: [
    { paper: 'Cui, Krzakala, Zdeborová 2023 (arXiv 2302.00375)', ref: 'eqs. 19–20 (ridge replica equations on the effective GLM)' },
    { paper: 'shared/math/deep-gaussian-equivalence.md', ref: '§5 (ridge): at λ = D it equals the Bayes-optimal noisy error exactly, and argmin_λ = D for every α' },
  ],
  statement:
    'For every α > 0 and teacher (s > 0, ε_tot ≥ 0, Δ > 0) with D = (ε_tot + Δ)/s, the replica test error of ridge at λ = D, ' +
    'E(λ) = s + ε_tot + q − 2√s m + Δ from eqs. 19–20, equals the Bayes-optimal noisy error s·m(α, D) + ε_tot + Δ; moreover ' +
    'E(D·e^{±0.1}) > E(D) and E(λ) ≥ E(D) for a random λ ∈ [D/100, 100D] (λ = D is the minimiser; every E(λ) is bounded below by the Bayes error).',
  params: fc.record({ alpha: logUniform(-1, 1), D: logUniform(-3, 1), s: logUniform(-1, 1), frac: unit(0.95), lambdaExp: fc.integer({ min: -2000, max: 2000 }) }),
  runs: { quick: 200, ci: 1000, full: 10000 },
  impl: {
    ridge: ridgeReplica,
    lambdaStar: (t: EffectiveTeacher) => (t.epsTot + t.Delta) / t.s,
    bayesNoisy: (alpha: number, t: EffectiveTeacher) => t.s * mmseGaussian(alpha, (t.epsTot + t.Delta) / t.s) + t.epsTot + t.Delta,
  },
  tolerance:
    'Closed form (ridgeReplica.ts): V from a cancellation-free root (≤ 8ε relative), then E = (sλ²V² + ε + Δ)/(1 − κ), a sum of ' +
    'positive terms (≤ 24ε relative) divided by 1 − κ, whose subtraction amplifies the ≤ 8ε error of κ by κ/(1 − κ); so ' +
    '|ΔE| ≤ 32ε·E/(1 − κ). Bayes side: ≤ 8ε·s·m + 2ε(ε + Δ), inside the same bound. The equality uses atol = that bound (rtol 0); the ' +
    'inequalities require E(λ) − E(D) to exceed the sum of the two rounding bounds (strictly at e^{±0.1}, ≥ −bound at random λ).',
  evaluate({ alpha, D, s, frac, lambdaExp }, _ctx, impl) {
    const t: EffectiveTeacher = { s, epsTot: frac * s * D, Delta: (1 - frac) * s * D };
    const lam = impl.lambdaStar(t);
    const at = impl.ridge(alpha, lam, t);
    const bayes = impl.bayesNoisy(alpha, t);
    const tol = ridgeRounding(at, alpha);
    const out: Outcome[] = [{ label: 'E_ridge(λ*) = Bayes noisy error', actual: at.testErrorNoisy, expected: bayes, atol: tol, rtol: 0 }];
    for (const f of [Math.exp(-0.1), Math.exp(0.1)]) {
      const r = impl.ridge(alpha, lam * f, t);
      out.push({ label: `E(λ*·${f.toFixed(3)}) − E(λ*)`, value: r.testErrorNoisy - at.testErrorNoisy, op: '>', bound: tol + ridgeRounding(r, alpha) });
    }
    const lr = D * 10 ** (lambdaExp / 1000);
    const rr = impl.ridge(alpha, lr, t);
    out.push({ label: `E(λ = ${lr.toPrecision(3)}) − E(λ*) ≥ 0`, value: rr.testErrorNoisy - at.testErrorNoisy, op: '>=', bound: -(tol + ridgeRounding(rr, alpha)) });
    return out;
  },
  variants: [
    {
      name: 'lambda-Delta-over-s',
      why: 'λ* = Δ/s: the equivalent noise ε_tot forgotten in the optimal penalty (only the label noise counted)',
      impl: { lambdaStar: (t: EffectiveTeacher) => t.Delta / t.s },
    },
    {
      name: 'qhat-without-Delta',
      why: 'q̂ = α(s + ε_tot + q − 2√s m)/(1 + V)²: the label noise Δ dropped from the q̂ equation (added back only in the error)',
      impl: {
        ridge: (alpha: number, lambda: number, t: EffectiveTeacher) => {
          const r = ridgeReplica(alpha, lambda, { ...t, Delta: 0 });
          return { ...r, testErrorNoisy: r.testErrorNoisy + t.Delta };
        },
      },
    },
    {
      name: 'bayes-clean',
      why: 'the clean Bayes error s·m + ε_tot compared where the noisy one is meant (§8)',
      impl: { bayesNoisy: (alpha: number, t: EffectiveTeacher) => t.s * mmseGaussian(alpha, (t.epsTot + t.Delta) / t.s) + t.epsTot },
    },
  ],
});
