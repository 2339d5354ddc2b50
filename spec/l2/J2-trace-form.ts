/**
 * J2. The trace form of the representation cost (Jacot et al. 2022, Props. 1, 3):
 * ‖Z_ℓ(Z^σ_{ℓ−1})⁺‖_F² = Tr[K_ℓ (K^σ_{ℓ−1})⁺], with K_ℓ = Z_ℓᵀZ_ℓ and K^σ_{ℓ−1} = (Z^σ_{ℓ−1})ᵀZ^σ_{ℓ−1}.
 */
import { matmul, pinv } from '../../src/core/index.ts';
import { defineClaim } from '../../src/index.ts';
import { forward, frobenius2 } from '../../src/models/l2/network.ts';
import { grams, traceTerm, type Grams } from '../../src/models/l2/reformulation.ts';
import { ALL, buildNet, EPS, KAPPA_MAX, netParams, type NetParams } from './_draws.ts';

interface Impl {
  /**
   * The trace form of layer ℓ (1..L) from the Grams alone, pseudo-inverting the Gram with relative cutoff `rtol`.
   * `beta` is the bias amount (the variants need it).
   */
  trace(g: Grams, l: number, beta: number, rtol: number): number;
}

const traceOf = (g: Grams, l: number, rtol: number, ksPrev = g.Ks[l - 1]): number => traceTerm(g.K[l], ksPrev, { rtol }).value;

export default defineClaim<NetParams, Impl>({
  id: 'J2',
  title: 'Trace form: Tr[K_ℓ (K^σ_{ℓ−1})⁺] equals the min-norm weight norm ‖Z_ℓ(Z^σ_{ℓ−1})⁺‖²',
  kind: 'identity',
  source: [
    { paper: 'Jacot, Golikov, Hongler, Gabriel 2022 (arXiv 2205.15809)', ref: 'Prop. 1 and Prop. 3 (covariance form)' },
    { paper: 'shared/math/l2-feature-learning.md', ref: '§2, trace form' },
  ],
  statement:
    'For any σ, β and weights, and every layer ℓ = 1..L, the squared norm of the minimal-norm weights equals the trace form built from the ' +
    'Grams only: ‖Z_ℓ(Z^σ_{ℓ−1})⁺‖_F² = Tr[K_ℓ (K^σ_{ℓ−1})⁺], K^σ_{ℓ−1} = σ(Z_{ℓ−1})ᵀσ(Z_{ℓ−1}) + β²11ᵀ (K^σ_0 = XᵀX + β²11ᵀ), because ' +
    '(AᵀA)⁺ = A⁺A⁺ᵀ. The left side is computed from the SVD of Z^σ_{ℓ−1}, the right side from the SVD of the Gram K^σ_{ℓ−1} alone.',
  params: netParams(ALL.length),
  runs: { quick: 60, ci: 800, full: 5000 },
  impl: { trace: (g, l, _beta, rtol) => traceOf(g, l, rtol) },
  tolerance:
    'Let Z^σ_{ℓ−1} be m × N with κ = s_1/s_r (kept part) and T = ‖Z_ℓ(Z^σ)⁺‖². Forming K^σ costs an error ‖δK^σ‖ ≤ m·ε·‖Z^σ‖_F² ≤ m·N·ε·‖K^σ‖₂, ' +
    'which moves Tr[K(K^σ)⁺] by at most m·N·ε·κ²·T (first-order perturbation of (K^σ)⁺ = −(K^σ)⁺δK^σ(K^σ)⁺); forming K_ℓ (n_ℓ-term sums) ' +
    'adds n_ℓ·N·ε·κ²·T; the SVD-side pseudo-inverse adds max(m,N)·ε·κ²·T (Wedin). Tolerance: rtol = 10·(m + n_ℓ + N)·N·ε·κ², c = 10. ' +
    'The Gram is pseudo-inverted with the cutoff 2·m·N·ε (relative, on its eigenvalues) = its own rounding floor, the SVD side with ' +
    'max(m,N)·ε on singular values; draws with κ > 1e6 (where the two cutoffs can disagree on the rank: √(2mNε) ≈ 1e-7) are guarded and reported.',
  evaluate(p, ctx, impl) {
    const net = buildNet(p, ALL[p.act], ctx.rng);
    const fw = forward(net);
    const g = grams(fw);
    const out = [];
    for (let l = 1; l <= net.weights.length; l++) {
      const zs = fw.Zs[l - 1];
      const pi = pinv(zs);
      const kappa = pi.rank === 0 ? 1 : 1 / pi.smallestKeptRatio;
      if (kappa > KAPPA_MAX) return { outcomes: [], guard: `Z^σ_${l - 1} has condition number ${kappa.toExponential(2)} > 1e6` };
      const m = zs.rows;
      const N = zs.cols;
      const T = frobenius2(matmul(fw.Z[l], pi.pinv));
      const tr = impl.trace(g, l, net.beta, 2 * m * N * EPS);
      out.push({ label: `layer ${l}: Tr[K_ℓ(K^σ_{ℓ−1})⁺] = ‖Z_ℓ(Z^σ_{ℓ−1})⁺‖²`, actual: tr, expected: T, atol: 0, rtol: 10 * (m + fw.Z[l].rows + N) * N * EPS * kappa * kappa });
    }
    return out;
  },
  variants: [
    {
      name: 'same-layer-gram',
      why: 'trace with Z^σ_ℓ instead of Z^σ_{ℓ−1}: Tr[K_ℓ(K^σ_ℓ)⁺] (an index shift; the output layer keeps K^σ_{L−1})',
      impl: { trace: (g: Grams, l: number, _b: number, rtol: number) => traceOf(g, l, rtol, g.Ks[Math.min(l, g.Ks.length - 1)]) },
    },
    {
      name: 'bias-row-dropped',
      why: 'K^σ_{ℓ−1} = σ(Z_{ℓ−1})ᵀσ(Z_{ℓ−1}) without the β²11ᵀ term (the bias row of Z^σ dropped)',
      impl: {
        trace: (g: Grams, l: number, beta: number, rtol: number) => {
          const ks = g.Ks[l - 1];
          const N = ks.rows;
          const d = Float64Array.from(ks.data);
          for (let i = 0; i < N * N; i++) d[i] -= beta * beta;
          return traceOf(g, l, rtol, { rows: N, cols: N, data: d, offset: 0, stride: N });
        },
      },
    },
    {
      name: 'pre-activation-gram',
      why: 'pre-activation Gram in the trace: Tr[K_ℓ (K_{ℓ−1} + β²11ᵀ)⁺] (σ forgotten)',
      impl: {
        trace: (g: Grams, l: number, beta: number, rtol: number) => {
          const k = g.K[l - 1];
          const N = k.rows;
          const d = Float64Array.from(k.data);
          for (let i = 0; i < N * N; i++) d[i] += beta * beta;
          return traceOf(g, l, rtol, { rows: N, cols: N, data: d, offset: 0, stride: N });
        },
      },
    },
  ],
});
