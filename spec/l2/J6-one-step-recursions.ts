/**
 * J6. One gradient-descent step W ← W − η∇L_λ (derived in shared/math/l2-feature-learning.md §2):
 * D_k′ = (1 − 2ηλ)² D_k + η²(‖g^C_in‖² − ‖g^C_out‖²) for homogeneous σ, and W̃_1′ = (1 − 2ηλ)W̃_1 for any σ.
 */
import { defineClaim, fc } from '../../src/index.ts';
import { matmul, type Matrix, pinv } from '../../src/core/index.ts';
import { type L2Activation, tanhActivation } from '../../src/models/l2/activation.ts';
import { balanceDefect, neuronBalance } from '../../src/models/l2/balance.ts';
import { forward, frobenius2, gradients } from '../../src/models/l2/network.ts';
import { gdStep } from '../../src/models/l2/onestep.ts';
import { columnProjector, complement } from '../../src/models/l2/reformulation.ts';
import { ALL, buildNet, EPS, HOMOGENEOUS, KAPPA_MAX, logUniform, netParams, roundingScale, type NetParams } from './_draws.ts';

const SOURCE = [
  { paper: 'Jacot, Golikov, Hongler, Gabriel 2022 (arXiv 2205.15809)', ref: '§2 (gradient descent on L_λ; balance and minimal norm at minima)' },
  { paper: 'shared/math/l2-feature-learning.md', ref: '§2, derived one-step recursions' },
];

type StepParams = NetParams & { eta: number };
const stepParams = (nAct: number): fc.Arbitrary<StepParams> => fc.tuple(netParams(nAct, { maxHidden: 2 }), logUniform(-3, -1)).map(([p, eta]) => ({ ...p, eta }));

interface BalanceImpl {
  sigmas: readonly L2Activation[];
  /** The predicted D′ from D, ‖g^C_in‖² − ‖g^C_out‖², η and λ. */
  predict(D: number, dg: number, eta: number, lambda: number): number;
}

const balance = defineClaim<StepParams, BalanceImpl>({
  id: 'J6.balance',
  title: 'One GD step: D_k′ = (1 − 2ηλ)² D_k + η²(‖g^C_in‖² − ‖g^C_out‖²) for homogeneous σ',
  kind: 'identity',
  source: SOURCE,
  statement:
    'For positively homogeneous σ, any β, λ, η > 0 and weights, after one step W′ = W − η∇L_λ every hidden neuron has ' +
    'D_k′ = (1 − 2ηλ)² D_k + η²(‖g^C_in‖² − ‖g^C_out‖²), where D_k = ‖w_in‖² − ‖w_out‖² and g^C the gradient of the cost alone ' +
    '(the cross terms −2η(1 − 2ηλ)⟨g^C, w⟩ cancel by the balance identity J5). For small η the imbalance thus decays like (1 − 2ηλ)².',
  params: stepParams(HOMOGENEOUS.length),
  runs: { quick: 40, ci: 500, full: 5000 },
  impl: { sigmas: HOMOGENEOUS, predict: (D, dg, eta, lambda) => (1 - 2 * eta * lambda) ** 2 * D + eta * eta * dg },
  tolerance:
    'Per neuron: the new weights carry ε relative rounding per entry, so ‖w′‖² carries d·ε·‖w′‖² (d = longest sum, as in J5); the ' +
    'predicted side carries d·ε·((1 − 2ηλ)²(‖w_in‖² + ‖w_out‖²) + η²(‖g^C_in‖² + ‖g^C_out‖²)); the cancelled cross term is exact only up to ' +
    'the J5 rounding bound d·ε·S_k, weighted by 2η|1 − 2ηλ|. Tolerance atol = 10·d·ε·(all of these), c = 10.',
  evaluate(p, ctx, impl) {
    const net = buildNet(p, impl.sigmas[p.act % impl.sigmas.length], ctx.rng);
    const g = gradients(net);
    const before = neuronBalance(net, { g });
    const next = gdStep(net, p.eta, { g });
    const after = neuronBalance(next);
    const c = 1 - 2 * p.eta * net.lambda;
    const out = [];
    for (let i = 0; i < before.length; i++) {
      const b = before[i];
      const D = balanceDefect(b);
      const D2 = balanceDefect(after[i]);
      for (let k = 0; k < D.length; k++) {
        const { scale, d } = roundingScale(net, g, { balance: b, neuron: k });
        const mag =
          after[i].inNorm2[k] + after[i].outNorm2[k] + c * c * (b.inNorm2[k] + b.outNorm2[k]) +
          p.eta * p.eta * (b.costInNorm2[k] + b.costOutNorm2[k]) + 2 * p.eta * Math.abs(c) * scale;
        out.push({
          label: `layer ${b.layer}, neuron ${k}: D′ = (1 − 2ηλ)²D + η²(‖g^C_in‖² − ‖g^C_out‖²)`,
          actual: D2[k],
          expected: impl.predict(D[k], b.costInNorm2[k] - b.costOutNorm2[k], p.eta, net.lambda),
          atol: 10 * d * EPS * mag,
          rtol: 0,
        });
      }
    }
    return out;
  },
  variants: [
    { name: 'one-minus-eta-lambda', why: '(1 − ηλ)² instead of (1 − 2ηλ)² (λ instead of 2λ in the weight decay)', impl: { predict: (D: number, dg: number, eta: number, lambda: number) => (1 - eta * lambda) ** 2 * D + eta * eta * dg } },
    { name: 'decay-not-squared', why: '(1 − 2ηλ) instead of its square (the norms are quadratic in the weights)', impl: { predict: (D: number, dg: number, eta: number, lambda: number) => (1 - 2 * eta * lambda) * D + eta * eta * dg } },
    { name: 'eta2-term-dropped', why: 'the second-order term η²(‖g^C_in‖² − ‖g^C_out‖²) dropped (the gradient-flow limit used for a finite step)', impl: { predict: (D: number, _dg: number, eta: number, lambda: number) => (1 - 2 * eta * lambda) ** 2 * D } },
    { name: 'tanh', why: 'a non-homogeneous σ (tanh) in a homogeneous-only claim: the cross terms no longer cancel', impl: { sigmas: [tanhActivation] } },
  ],
});

interface ResidualImpl {
  /** The layer whose residual is claimed to decay geometrically. */
  layer: number;
  /** The claimed factor. */
  factor(eta: number, lambda: number): number;
}

function diffNorm(a: Matrix, b: Matrix, c: number): number {
  let s = 0;
  for (let i = 0; i < a.rows; i++) {
    for (let j = 0; j < a.cols; j++) {
      const d = a.data[a.offset + i * a.stride + j] - c * b.data[b.offset + i * b.stride + j];
      s += d * d;
    }
  }
  return Math.sqrt(s);
}

const firstLayer = defineClaim<StepParams, ResidualImpl>({
  id: 'J6.first-layer',
  title: 'One GD step: W̃_1′ = (1 − 2ηλ) W̃_1 (the first-layer residual decays geometrically)',
  kind: 'identity',
  source: SOURCE,
  statement:
    'For any σ, β, λ, η > 0 and weights, the first-layer residual after one step W′ = W − η∇L_λ is W̃_1′ = W_1′(I − P_1′) = (1 − 2ηλ)W̃_1: ' +
    'P_1 depends only on the data [X; β1ᵀ], and ∇_{W_1}C(I − P_1) = 0 (J4). Not for ℓ ≥ 2, where P_ℓ moves with the step (variant `layer-2`).',
  params: stepParams(ALL.length),
  runs: { quick: 50, ci: 600, full: 5000 },
  impl: { layer: 1, factor: (eta, lambda) => 1 - 2 * eta * lambda },
  tolerance:
    'With Z^σ_{ℓ−1} m × N and κ its s_1/s_r (the larger of before/after the step): ‖∇C(I − P̂)‖_F ≤ c·(m + N)·ε·κ·‖G_ℓ‖_F‖Z^σ‖_F (J4), the ' +
    'update W′ = W − η∇L rounds each entry by ε, and the products by (m + N)·ε. Tolerance on ‖W̃′ − (1 − 2ηλ)W̃‖_F: ' +
    '10·(m + N)·ε·κ·(η‖G_ℓ‖_F‖Z^σ_{ℓ−1}‖_F + ‖W_ℓ‖_F + ‖W_ℓ′‖_F + η‖∇_{W_ℓ}L‖_F), c = 10. κ > 1e6 is guarded.',
  evaluate(p, ctx, impl) {
    const net = buildNet(p, ALL[p.act], ctx.rng);
    const g = gradients(net);
    const next = gdStep(net, p.eta, { g });
    const l = impl.layer;
    const zs = g.forward.Zs[l - 1];
    const zs2 = forward(next).Zs[l - 1];
    const k1 = pinv(zs);
    const k2 = pinv(zs2);
    const kappa = Math.max(k1.rank === 0 ? 1 : 1 / k1.smallestKeptRatio, k2.rank === 0 ? 1 : 1 / k2.smallestKeptRatio);
    if (kappa > KAPPA_MAX) return { outcomes: [], guard: `Z^σ_${l - 1} has condition number ${kappa.toExponential(2)} > 1e6` };
    const res = matmul(net.weights[l - 1], complement(columnProjector(zs)));
    const res2 = matmul(next.weights[l - 1], complement(columnProjector(zs2)));
    const m = zs.rows;
    const N = zs.cols;
    const tol =
      10 * (m + N) * EPS * kappa *
      (p.eta * Math.sqrt(frobenius2(g.dZ[l]) * frobenius2(zs)) + Math.sqrt(frobenius2(net.weights[l - 1])) + Math.sqrt(frobenius2(next.weights[l - 1])) + p.eta * Math.sqrt(frobenius2(g.grads[l - 1])));
    return [{ label: `‖W̃_${l}′ − c·W̃_${l}‖_F = 0`, actual: diffNorm(res2, res, impl.factor(p.eta, net.lambda)), expected: 0, atol: tol, rtol: 0 }];
  },
  variants: [
    { name: 'layer-2', why: 'the recursion applied at ℓ = 2, where P_2 = Z^σ_1(Z^σ_1)⁺ moves with the step', impl: { layer: 2 } },
    { name: 'one-minus-eta-lambda', why: '(1 − ηλ) instead of (1 − 2ηλ): λ instead of 2λ', impl: { factor: (eta: number, lambda: number) => 1 - eta * lambda } },
    { name: 'no-decay', why: 'W̃ claimed invariant under GD (the regulariser’s pull 2λW̃ forgotten)', impl: { factor: () => 1 } },
  ],
});

export default [balance, firstLayer];
