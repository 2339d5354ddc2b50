/**
 * One gradient-descent step \( W \leftarrow W - \eta\nabla\mathcal L_\lambda \) and its exact recursions
 * (`shared/math/l2-feature-learning.md` §2, *derived*; setting of Jacot et al. 2022, arXiv 2205.15809, §2):
 *
 * - balance, homogeneous σ: \( D_k' = (1-2\eta\lambda)^2 D_k + \eta^2(\|g^C_{in}\|^2 - \|g^C_{out}\|^2) \),
 *   \( D_k = \|w_{in}\|^2 - \|w_{out}\|^2 \), g^C the gradient of C alone (the cross terms cancel because
 *   ⟨g^C_in, w_in⟩ = ⟨g^C_out, w_out⟩ for homogeneous σ);
 * - first-layer residual: \( \tilde W_1' = (1-2\eta\lambda)\tilde W_1 \), since P_1 depends only on the data
 *   and \( \nabla_{W_1}C\,(I-P_1) = 0 \). (Not for ℓ ≥ 2: P_ℓ moves with the step.)
 *
 * @module
 */
import { zeros, type Matrix } from '../../core/matrix.ts';
import { balanceDefect, type LayerBalance } from './balance.ts';
import { gradients, NetworkError, withWeights, type GradientsOptions, type L2Network } from './network.ts';

/**
 * The network after one GD step \( W_\ell' = W_\ell - \eta\,\nabla_{W_\ell}\mathcal L_\lambda \) (`g` defaults to its exact gradients).
 *
 * @throws {NetworkError} if η is not finite and positive.
 */
export function gdStep(net: L2Network, eta: number, options: GradientsOptions = {}): L2Network {
  const { g = gradients(net) } = options;
  if (typeof eta !== 'number' || !Number.isFinite(eta) || !(eta > 0)) throw new NetworkError(`eta (the step size) must be finite and > 0, got ${eta}`);
  const next: Matrix[] = net.weights.map((w, l) => {
    const out = zeros(w.rows, w.cols);
    const gd = g.grads[l].data;
    for (let i = 0; i < w.rows; i++) {
      for (let j = 0; j < w.cols; j++) out.data[i * w.cols + j] = w.data[w.offset + i * w.stride + j] - eta * gd[i * w.cols + j];
    }
    return out;
  });
  return withWeights(net, next);
}

/**
 * The predicted balance defects after one step, per neuron of the layer of `b`:
 * \( D_k' = (1-2\eta\lambda)^2 D_k + \eta^2(\|g^C_{in}\|^2 - \|g^C_{out}\|^2) \) (homogeneous σ).
 */
export function predictedDefectAfterStep(b: LayerBalance, eta: number, lambda: number): Float64Array {
  const d = balanceDefect(b);
  const c = (1 - 2 * eta * lambda) ** 2;
  const out = new Float64Array(d.length);
  for (let k = 0; k < d.length; k++) out[k] = c * d[k] + eta * eta * (b.costInNorm2[k] - b.costOutNorm2[k]);
  return out;
}

/** The predicted first-layer residual after one step: \( \tilde W_1' = (1-2\eta\lambda)\tilde W_1 \). */
export function predictedResidualAfterStep(residual: Matrix, eta: number, lambda: number): Matrix {
  const out = zeros(residual.rows, residual.cols);
  const c = 1 - 2 * eta * lambda;
  for (let i = 0; i < residual.rows; i++) {
    for (let j = 0; j < residual.cols; j++) out.data[i * residual.cols + j] = c * residual.data[residual.offset + i * residual.stride + j];
  }
  return out;
}
