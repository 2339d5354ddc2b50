/**
 * Shared draws of the L2-network identity claims (J1–J6, J8): small random networks with wide layers
 * (n_{ℓ−1} + 1 > N for most layers, so that the residual W̃_ℓ = W_ℓ(I − P_ℓ) is exercised), built
 * from integer parameters and the claim's `Rng` stream so that a counterexample replays from its values.
 *
 * (A helper, not a claim: the registry skips files starting with `_`.)
 */
import { fc, logUniform } from '../../src/index.ts';
import { gaussianMatrix, type Matrix, type Rng } from '../../src/core/index.ts';
import { absolute, identityActivation, leakyRelu, relu, relu2, softplus, tanhActivation, type L2Activation } from '../../src/models/l2/activation.ts';
import type { LayerBalance } from '../../src/models/l2/balance.ts';
import { randomWeights, withWeights, type Gradients, type L2Network } from '../../src/models/l2/network.ts';
export { EPS } from '../../src/core/index.ts';

/** Homogeneous activations, indexed by the drawn `act`. */
export const HOMOGENEOUS: readonly L2Activation[] = [relu, leakyRelu(0.2), absolute, identityActivation];
/** Every activation (homogeneous first, then the controls tanh, softplus, ReLU²). */
export const ALL: readonly L2Activation[] = [...HOMOGENEOUS, tanhActivation, softplus, relu2];

/** The drawn shape of a random network problem (JSON, so counterexamples store as values). */
export interface NetParams {
  /** Number of data points. */
  N: number;
  /** Input dimension n_0. */
  n0: number;
  /** Hidden widths n_1..n_{L−1}. */
  hidden: number[];
  /** Output dimension n_L. */
  nL: number;
  /** Bias amount β. */
  beta: number;
  /** Regularisation λ. */
  lambda: number;
  /** Index into the activation list of the claim. */
  act: number;
}

/** log-uniform on [10^lo, 10^hi] from an integer (fc.double would crowd near 0): the harness's builder. */
export { logUniform };

/** Options of {@link netParams}. */
export interface NetParamsOptions {
  /** Most hidden layers (default 2). */
  maxHidden?: number;
  /** Fewest hidden layers (default 1). */
  minHidden?: number;
}

/**
 * Network shapes: N ∈ [2, 6]; n_0 ∈ [1, N + 2] (so n_0 + 1 > N about half the time: W̃_1 exercised);
 * 1–`maxHidden` hidden layers of width N − 1 … N + 4 (mostly wide); n_L ∈ [1, 3]; β ∈ {0, 0.5, 1};
 * λ log-uniform on [1e-3, 1]; `act` in [0, nAct).
 */
export function netParams(nAct: number, options: NetParamsOptions = {}): fc.Arbitrary<NetParams> {
  const { maxHidden = 2, minHidden = 1 } = options;
  return fc
    .record({
      N: fc.integer({ min: 2, max: 6 }),
      n0r: fc.integer({ min: 0, max: 1000 }),
      hiddenOff: fc.array(fc.integer({ min: -1, max: 4 }), { minLength: minHidden, maxLength: maxHidden }),
      nL: fc.integer({ min: 1, max: 3 }),
      beta: fc.constantFrom(0, 0.5, 1),
      lambda: logUniform(-3, 0),
      act: fc.integer({ min: 0, max: nAct - 1 }),
    })
    .map(({ N, n0r, hiddenOff, nL, beta, lambda, act }) => ({
      N,
      n0: 1 + (n0r % (N + 2)),
      hidden: hiddenOff.map((o) => Math.max(1, N + o)),
      nL,
      beta,
      lambda,
      act,
    }));
}

/** The network of `p` with activation `sigma`: X, Y standard Gaussian, He-initialised weights, all from `rng`. */
export function buildNet(p: NetParams, sigma: L2Activation, rng: Rng): L2Network {
  const X = gaussianMatrix(p.n0, p.N, rng);
  const Y = gaussianMatrix(p.nL, p.N, rng);
  const weights = randomWeights([p.n0, ...p.hidden, p.nL], rng);
  return withWeights({ activation: sigma, beta: p.beta, lambda: p.lambda, X, Y }, weights);
}

/** Unit round-off of float64. */

/** Largest condition number (s_1/s_r of the kept part) above which a draw is guarded as ill-conditioned: ε·κ² would exceed 2e-4. */
export const KAPPA_MAX = 1e6;

/** Entry (i, j) of a matrix view. */
export const at = (a: Matrix, i: number, j: number): number => a.data[a.offset + i * a.stride + j];

/** A neuron of a hidden layer, for {@link roundingScale}. */
export interface NeuronOfLayer {
  /** The balance quantities of the layer ℓ = `balance.layer`. */
  balance: LayerBalance;
  /** The neuron's index k within the layer. */
  neuron: number;
}

/**
 * Rounding scale of the balance identity at neuron k of layer ℓ: the absolute sums behind ⟨∇_{w_in}C, w_in⟩
 * (Σ_j |G_kj|·(|w_in|ᵀ|Z^σ_{ℓ−1}|)_j), behind ⟨∇_{w_out}C, w_out⟩ and the Euler term (Σ_j (Σ_i |W_ik||G′_ij|)(|σ(z_kj)| + |σ′(z_kj)z_kj|)),
 * and of the penalty terms 2λ(‖w_in‖² + ‖w_out‖²) + 2·(|⟨∇L_in, w_in⟩| + |⟨∇L_out, w_out⟩|); and the longest dot product d.
 */
export function roundingScale(net: L2Network, g: Gradients, neuronOfLayer: NeuronOfLayer): { scale: number; d: number } {
  const { balance: b, neuron: k } = neuronOfLayer;
  const l = b.layer;
  const Win = net.weights[l - 1];
  const Wout = net.weights[l];
  const zs = g.forward.Zs[l - 1];
  const z = g.forward.Z[l];
  const G = g.dZ[l];
  const G2 = g.dZ[l + 1];
  const sigma = net.activation;
  let s = 0;
  for (let j = 0; j < z.cols; j++) {
    let a = 0;
    for (let i = 0; i < Win.cols; i++) a += Math.abs(at(Win, k, i) * at(zs, i, j));
    s += Math.abs(at(G, k, j)) * a;
    let h = 0;
    for (let i = 0; i < Wout.rows; i++) h += Math.abs(at(Wout, i, k) * at(G2, i, j));
    const x = at(z, k, j);
    s += h * (Math.abs(sigma.value(x)) + Math.abs(sigma.derivative(x) * x));
  }
  s += 2 * net.lambda * (b.inNorm2[k] + b.outNorm2[k]) + 2 * (Math.abs(b.inDot[k]) + Math.abs(b.outDot[k]));
  return { scale: s, d: Math.max(Win.cols, z.cols, Wout.rows) + 2 };
}

