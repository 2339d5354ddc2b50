/**
 * Per-neuron balance quantities of an L2-regularised network (`shared/math/l2-feature-learning.md` §2,
 * *derived*; the rescaling invariance behind Jacot et al. 2022, arXiv 2205.15809, §2 and Prop. 1).
 *
 * For hidden neuron k of layer ℓ, with \( w_{in} \) = row k of W_ℓ (bias weight included) and
 * \( w_{out} \) = column k of W_{ℓ+1} (the next layer's bias column excluded), and
 * \( H = \partial C/\partial\sigma(Z_\ell) = (W^\circ_{\ell+1})^\top \partial C/\partial Z_{\ell+1} \):
 *
 * \( \langle\nabla_{w_{in}}C, w_{in}\rangle = \sum_j H_{kj}\,\sigma'(z_{kj})\,z_{kj} \),
 * \( \langle\nabla_{w_{out}}C, w_{out}\rangle = \sum_j H_{kj}\,\sigma(z_{kj}) \), hence for any σ
 *
 * \( \langle\nabla_{w_{in}}\mathcal L, w_{in}\rangle - \langle\nabla_{w_{out}}\mathcal L, w_{out}\rangle
 *   = 2\lambda(\|w_{in}\|^2 - \|w_{out}\|^2) + \sum_j H_{kj}\,(\sigma'(z_{kj})z_{kj} - \sigma(z_{kj})) \).
 *
 * The last sum (the Euler defect) vanishes for positively homogeneous σ (σ'(x)x = σ(x)).
 *
 * @module
 */
import { matmul } from '../../core/gemm.ts';
import type { Matrix } from '../../core/matrix.ts';
import { gradients, type GradientsOptions, type L2Network } from './network.ts';

/** Balance quantities of the neurons of one hidden layer ℓ (arrays of length n_ℓ). */
export interface LayerBalance {
  /** The layer ℓ (1..L − 1). */
  layer: number;
  /** ‖w_in‖² (row k of W_ℓ, bias weight included). */
  inNorm2: Float64Array;
  /** ‖w_out‖² (column k of W_{ℓ+1}). */
  outNorm2: Float64Array;
  /** ⟨∇_{w_in} L_λ, w_in⟩. */
  inDot: Float64Array;
  /** ⟨∇_{w_out} L_λ, w_out⟩. */
  outDot: Float64Array;
  /** ‖∇_{w_in} C‖² (cost gradient only). */
  costInNorm2: Float64Array;
  /** ‖∇_{w_out} C‖². */
  costOutNorm2: Float64Array;
  /** Σ_j H_kj (σ'(z_kj) z_kj − σ(z_kj)): zero for homogeneous σ. */
  euler: Float64Array;
}

/** D_k = ‖w_in‖² − ‖w_out‖² of every neuron of a layer. */
export function balanceDefect(b: LayerBalance): Float64Array {
  const d = new Float64Array(b.inNorm2.length);
  for (let k = 0; k < d.length; k++) d[k] = b.inNorm2[k] - b.outNorm2[k];
  return d;
}

const at = (a: Matrix, i: number, j: number): number => a.data[a.offset + i * a.stride + j];

/**
 * The balance quantities of every hidden layer ℓ = 1..L − 1 (index ℓ − 1), from the exact gradients `g`
 * (default: computed here).
 */
export function neuronBalance(net: L2Network, options: GradientsOptions = {}): LayerBalance[] {
  const { g = gradients(net) } = options;
  const L = net.weights.length;
  const out: LayerBalance[] = [];
  const sigma = net.activation;
  for (let l = 1; l < L; l++) {
    const Win = net.weights[l - 1];
    const Wout = net.weights[l];
    const Gin = g.grads[l - 1];
    const Gout = g.grads[l];
    const Cin = g.costGrads[l - 1];
    const Cout = g.costGrads[l];
    const n = Win.rows;
    const Wo: Matrix = { rows: Wout.rows, cols: n, data: Wout.data, offset: Wout.offset, stride: Wout.stride };
    const H = matmul(Wo, g.dZ[l + 1], { transA: true });
    const z = g.forward.Z[l];
    const N = z.cols;
    const b: LayerBalance = {
      layer: l,
      inNorm2: new Float64Array(n),
      outNorm2: new Float64Array(n),
      inDot: new Float64Array(n),
      outDot: new Float64Array(n),
      costInNorm2: new Float64Array(n),
      costOutNorm2: new Float64Array(n),
      euler: new Float64Array(n),
    };
    for (let k = 0; k < n; k++) {
      let a = 0;
      let d = 0;
      let c = 0;
      for (let j = 0; j < Win.cols; j++) {
        const w = at(Win, k, j);
        a += w * w;
        d += at(Gin, k, j) * w;
        const cg = at(Cin, k, j);
        c += cg * cg;
      }
      b.inNorm2[k] = a;
      b.inDot[k] = d;
      b.costInNorm2[k] = c;
      a = 0;
      d = 0;
      c = 0;
      for (let i = 0; i < Wout.rows; i++) {
        const w = at(Wout, i, k);
        a += w * w;
        d += at(Gout, i, k) * w;
        const cg = at(Cout, i, k);
        c += cg * cg;
      }
      b.outNorm2[k] = a;
      b.outDot[k] = d;
      b.costOutNorm2[k] = c;
      let e = 0;
      for (let j = 0; j < N; j++) {
        const x = at(z, k, j);
        e += at(H, k, j) * (sigma.derivative(x) * x - sigma.value(x));
      }
      b.euler[k] = e;
    }
    out.push(b);
  }
  return out;
}
