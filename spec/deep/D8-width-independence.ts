/**
 * D8. Width independence: the deep limit does not depend on the width ratios γ_l = d_l/d. The clean error of
 * ridge(λ = D) on tanh(2x)×2 teachers of widths γ ∈ {0.5, 1.4, 3} has the same expectation s·m(α, D) + ε_tot.
 */
import type { ExtrapolationClaim } from '../../src/index.ts';
import { deepRegressionReplicate } from '../../src/models/deep/deepRegression.ts';
import { deepErrorClaim } from './_deepErrorClaim.ts';
import { effectiveGlm } from '../../src/models/deep/effectiveGlm.ts';
import { tanh2x2 } from '../../src/models/deep/namedArchitectures.ts';
import { mmseGaussian } from '../../src/models/glm/gaussianChannel.ts';

const ALPHA = 2;
const DELTA = 0.1;

interface Impl {
  /** The sample ratio the limit is evaluated at, from n, d and the width ratio γ. */
  ratio: (alpha: number, gamma: number) => number;
}

/** One width ratio γ: ridge(λ = D) on a tanh(2x)×2 teacher of hidden widths γd, E_∞ extrapolated over d. */
function d8(gamma: number): ExtrapolationClaim<Impl> {
  const arch = tanh2x2({ gamma });
  const g = effectiveGlm(arch);
  const D = (g.epsTot + DELTA) / g.s;
  const lim = (a: number) => g.s * mmseGaussian(a, D) + g.epsTot;
  return deepErrorClaim<Impl>({
    id: `D8.g${gamma}`,
    title: `Width independence of the deep regression limit (γ = ${gamma})`,
    source: [
      { paper: 'Camilli, Tieplova, Bergamin, Barbier 2025 (arXiv 2505.03577)', ref: 'the limit holds for any width ratios d_l/d → γ_l ∈ (0, ∞)' },
      { paper: 'Cui, Krzakala, Zdeborová 2023 (arXiv 2302.00375)', ref: 'eqs. (7)–(9): s and ε_tot do not involve the widths' },
      { paper: 'shared/math/deep-gaussian-equivalence.md', ref: '§3 (widths do not enter), §7.5, §8 (α = n/k pitfall)' },
    ],
    statement:
      `tanh(2x)×2 teacher with hidden widths d_1 = d_2 = ${gamma}·d, α = n/d = ${ALPHA}, Δ = ${DELTA}: the clean test error of ridge(λ = D) ` +
      `tends to s·m(α, D) + ε_tot = ${lim(ALPHA).toPrecision(6)}, the same for every γ.`,
    quantity: `clean test error of ridge(λ = D), γ = ${gamma}`,
    impl: { ratio: (alpha) => alpha },
    variants: [
      { name: 'alpha-per-width', why: 'α = n/d_1 (samples per hidden unit) instead of n/d: a width-dependent limit (§8: α = n/k)', impl: { ratio: (alpha, gm) => alpha / gm } },
      { name: 'alpha-per-params', why: 'α = n/#params with #params/d = γ + γ² (first and second weight matrices per d, to leading order)', impl: { ratio: (alpha, gm) => alpha / (gm + gm * gm) } },
    ],
    expected: (impl) => lim(impl.ratio(ALPHA, gamma)),
    sample: (d, rng) => deepRegressionReplicate({ arch, d, alpha: ALPHA, delta: DELTA, s: g.s, D, testRatio: 2 }, rng).clean,
    sdSqrtD: 0.8,
    designNote: 'measured ≤ 0.78/√d at γ = 0.5 (d = 128), 0.54 at γ = 1.4, 0.37 at γ = 3',
    biasNote: 'see D6; classification and γ = 0.5 at d = 64: ≈ −0.01 to −0.017',
  });
}

export default [d8(0.5), d8(1.4), d8(3)];
