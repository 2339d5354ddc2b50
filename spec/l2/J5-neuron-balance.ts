/**
 * J5. Neuron balance (derived from the rescaling invariance of Jacot et al. 2022, §2): for positively homogeneous σ,
 * ⟨∇_{w_in}L, w_in⟩ − ⟨∇_{w_out}L, w_out⟩ = 2λ(‖w_in‖² − ‖w_out‖²) for every hidden neuron and every W.
 * For tanh, softplus and ReLU² it fails; the exact defect is the Euler term Σ_j H_kj(σ′(z_kj)z_kj − σ(z_kj)) (J5.euler).
 */
import { defineClaim, type Evaluation } from '../../src/index.ts';
import { type L2Activation, relu2, softplus, tanhActivation } from '../../src/models/l2/activation.ts';
import { neuronBalance, type LayerBalance } from '../../src/models/l2/balance.ts';
import { gradients, type L2Network } from '../../src/models/l2/network.ts';
import { ALL, at, buildNet, EPS, HOMOGENEOUS, netParams, roundingScale, type NetParams } from './_draws.ts';

const SOURCE = [
  { paper: 'Jacot, Golikov, Hongler, Gabriel 2022 (arXiv 2205.15809)', ref: '§2 (positive homogeneity; balance of the weights at minima)' },
  { paper: 'shared/math/l2-feature-learning.md', ref: '§2, derived neuron balance identity' },
];

interface HomImpl {
  /** The activations the claim is stated for (the draw picks one by index). */
  sigmas: readonly L2Activation[];
  /** c in the claimed right side c·λ(‖w_in‖² − ‖w_out‖²). */
  coef: number;
  /** Whether w_in includes the neuron's bias weight (the last entry of its row of W_ℓ). */
  biasInWin: boolean;
}

const TOL_TEXT =
  'Per neuron, every term is a sum of at most d = max(n_{ℓ−1} + 1, N, n_{ℓ+1}) + 2 products, so its rounding error is ≤ d·ε times ' +
  'the matching sum of absolute values (Higham, Accuracy and Stability, §3.1): S_k = Σ_j |G_kj|(|w_in|ᵀ|Z^σ_{ℓ−1}|)_j + ' +
  'Σ_j (Σ_i |W_{ℓ+1,ik}||G_{ℓ+1,ij}|)(|σ(z_kj)| + |σ′(z_kj)z_kj|) + 2λ(‖w_in‖² + ‖w_out‖²) + 2(|⟨∇L_in, w_in⟩| + |⟨∇L_out, w_out⟩|), ' +
  'G = ∂C/∂Z (backprop). Tolerance atol = 10·d·ε·S_k, c = 10. No conditioning enters (no pseudo-inverse).';

function evaluateBalance(net: L2Network, rhs: (b: LayerBalance, k: number) => number, lhs: (b: LayerBalance, k: number) => number, label: string): Evaluation {
  const g = gradients(net);
  const out = [];
  for (const b of neuronBalance(net, { g })) {
    for (let k = 0; k < b.inNorm2.length; k++) {
      const { scale, d } = roundingScale(net, g, { balance: b, neuron: k });
      out.push({ label: `layer ${b.layer}, neuron ${k}: ${label}`, actual: lhs(b, k), expected: rhs(b, k), atol: 10 * d * EPS * scale, rtol: 0 });
    }
  }
  return out;
}

const homogeneous = defineClaim<NetParams, HomImpl>({
  id: 'J5.homogeneous',
  title: 'Neuron balance ⟨∇_{w_in}L, w_in⟩ − ⟨∇_{w_out}L, w_out⟩ = 2λ(‖w_in‖² − ‖w_out‖²) for homogeneous σ',
  kind: 'identity',
  source: SOURCE,
  statement:
    'For positively homogeneous σ (ReLU, leaky ReLU(0.2), |x|, identity), any β, λ and weights, every hidden neuron k of every hidden layer ℓ ' +
    'satisfies ⟨∇_{w_in}L_λ, w_in⟩ − ⟨∇_{w_out}L_λ, w_out⟩ = 2λ(‖w_in‖² − ‖w_out‖²), with w_in the k-th row of W_ℓ (bias weight included) ' +
    'and w_out the k-th column of W_{ℓ+1}. (Rescaling w_in by c > 0 and w_out by 1/c leaves C unchanged.) Hence at a local minimum ' +
    '‖w_in‖ = ‖w_out‖. The identity FAILS for tanh, softplus and ReLU² (variants below, all refuted; the exact defect is J5.euler).',
  params: netParams(HOMOGENEOUS.length, { maxHidden: 2 }),
  runs: { quick: 50, ci: 600, full: 5000 },
  impl: { sigmas: HOMOGENEOUS, coef: 2, biasInWin: true },
  tolerance: TOL_TEXT,
  evaluate(p, ctx, impl) {
    const net = buildNet(p, impl.sigmas[p.act % impl.sigmas.length], ctx.rng);
    const gb = impl.biasInWin ? null : gradients(net);
    const inTerms = (b: LayerBalance, k: number): { norm: number; dot: number } => {
      if (gb === null) return { norm: b.inNorm2[k], dot: b.inDot[k] };
      // The variant: remove the bias weight's contribution from ‖w_in‖² and ⟨∇L_in, w_in⟩.
      const W = net.weights[b.layer - 1];
      const G = gb.grads[b.layer - 1];
      const w = at(W, k, W.cols - 1);
      return { norm: b.inNorm2[k] - w * w, dot: b.inDot[k] - at(G, k, G.cols - 1) * w };
    };
    return evaluateBalance(
      net,
      (b, k) => impl.coef * net.lambda * (inTerms(b, k).norm - b.outNorm2[k]),
      (b, k) => inTerms(b, k).dot - b.outDot[k],
      '⟨∇_{w_in}L, w_in⟩ − ⟨∇_{w_out}L, w_out⟩ = 2λ(‖w_in‖² − ‖w_out‖²)',
    );
  },
  variants: [
    { name: 'tanh', why: 'a non-homogeneous σ (tanh) in a homogeneous-only claim: the Euler defect σ′(z)z − σ(z) ≠ 0', impl: { sigmas: [tanhActivation] } },
    { name: 'softplus', why: 'a non-homogeneous σ (softplus) in a homogeneous-only claim', impl: { sigmas: [softplus] } },
    { name: 'relu2', why: 'ReLU² is homogeneous of degree 2, not 1: σ′(z)z = 2σ(z)', impl: { sigmas: [relu2] } },
    { name: 'lambda-not-2lambda', why: 'λ instead of 2λ on the right side', impl: { coef: 1 } },
    { name: 'bias-weight-excluded', why: 'w_in taken without the neuron’s bias weight (the rescaling must include it when β ≠ 0)', impl: { biasInWin: false } },
  ],
});

interface EulerImpl {
  /** The defect predicted for neuron k of the layer of b. */
  defect(b: LayerBalance, k: number): number;
}

const euler = defineClaim<NetParams, EulerImpl>({
  id: 'J5.euler',
  title: 'For any σ the balance defect is exactly the Euler term Σ_j H_kj(σ′(z_kj)z_kj − σ(z_kj))',
  kind: 'identity',
  source: SOURCE,
  statement:
    'For any differentiable-a.e. σ (the homogeneous ones and tanh, softplus, ReLU²), every hidden neuron satisfies ' +
    '⟨∇_{w_in}L_λ, w_in⟩ − ⟨∇_{w_out}L_λ, w_out⟩ − 2λ(‖w_in‖² − ‖w_out‖²) = Σ_j H_kj(σ′(z_kj)z_kj − σ(z_kj)), H = ∂C/∂σ(Z_ℓ) = W_{ℓ+1}°ᵀ ∂C/∂Z_{ℓ+1} ' +
    '(W° without its bias column). The right side vanishes exactly when σ is positively homogeneous (Euler), which is why J5.homogeneous holds ' +
    'for ReLU, leaky ReLU, |x| and the identity and fails for tanh, softplus and ReLU².',
  params: netParams(ALL.length, { maxHidden: 2 }),
  runs: { quick: 50, ci: 600, full: 5000 },
  impl: { defect: (b, k) => b.euler[k] },
  tolerance: TOL_TEXT,
  evaluate(p, ctx, impl) {
    const net = buildNet(p, ALL[p.act], ctx.rng);
    return evaluateBalance(
      net,
      (b, k) => impl.defect(b, k),
      (b, k) => b.inDot[k] - b.outDot[k] - 2 * net.lambda * (b.inNorm2[k] - b.outNorm2[k]),
      'balance defect = Euler term',
    );
  },
  variants: [
    { name: 'euler-term-dropped', why: 'the homogeneous balance (defect 0) asserted for every σ, including tanh, softplus, ReLU²', impl: { defect: () => 0 } },
    { name: 'euler-sign-flipped', why: 'the Euler term with the opposite sign, Σ_j H_kj(σ(z) − σ′(z)z)', impl: { defect: (b: LayerBalance, k: number) => -b.euler[k] } },
  ],
});

export default [homogeneous, euler];
