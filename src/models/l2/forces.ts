/**
 * Attraction and repulsion forces on the representations and the Z-space stationarity residuals
 * (Jacot, Golikov, Hongler, Gabriel 2022, arXiv 2205.15809, §3 "attraction/repulsion"; forces *derived*
 * in `shared/math/l2-feature-learning.md` §2).
 *
 * With \( (K^\sigma)^+ = (Z^\sigma)^+(Z^\sigma)^{+\top} \) (from the SVD of Z^σ, never from the Gram):
 *
 * - attraction \( F^{att}_\ell = 2 Z_\ell (K^\sigma_{\ell-1})^+ \) = ∇_{Z_ℓ} Tr[K_ℓ(K^σ_{ℓ−1})⁺] (pulls Z_ℓ toward 0);
 * - repulsion \( F^{rep}_\ell = -2\,\sigma'(Z_\ell)\odot(\sigma(Z_\ell) M_\ell) \), \( M_\ell = (K^\sigma_\ell)^+ K_{\ell+1} (K^\sigma_\ell)^+ \)
 *   = ∇_{Z_ℓ} Tr[K_{ℓ+1}(K^σ_ℓ)⁺] where K^σ_ℓ is invertible (pushes σ(Z_ℓ) out along what layer ℓ + 1 needs);
 * - hidden stationarity \( R_\ell = \lambda(F^{att}_\ell + F^{rep}_\ell)\,\Pi_\ell \), \( \Pi_\ell = (Z^\sigma_{\ell-1})^+Z^\sigma_{\ell-1} \);
 * - output stationarity \( R_L = (\partial C/\partial Z_L + 2\lambda Z_L (K^\sigma_{L-1})^+)\,\Pi_L \).
 *
 * Hence \( \nabla_{Z_\ell}\mathcal L^r_\lambda = \lambda(F^{att}_\ell + F^{rep}_\ell) \) for hidden ℓ, wherever the K^σ are invertible
 * and σ is differentiable at every entry of Z_ℓ. At ReLU kinks σ' takes the convention of `activation.ts`.
 *
 * @module
 */
import { matmul } from '../../core/gemm.ts';
import { type Matrix, maxAbs, zeros } from '../../core/matrix.ts';
import type { PinvOptions } from '../../core/pinv.ts';
import { forward, mseCostGradient, type ForwardPassOptions, type L2Network } from './network.ts';
import { inputPinvs, type LayerPinv } from './reformulation.ts';

/** Forces and residual of one hidden layer ℓ. */
export interface LayerForces {
  layer: number;
  /** F^att_ℓ = 2 Z_ℓ (K^σ_{ℓ−1})⁺ (n_ℓ × N). */
  attraction: Matrix;
  /** F^rep_ℓ = −2 σ'(Z_ℓ) ⊙ (σ(Z_ℓ) M_ℓ) (n_ℓ × N). */
  repulsion: Matrix;
  /** R_ℓ = λ(F^att + F^rep) Π_ℓ. */
  residual: Matrix;
}

/** All forces and the stationarity residuals of a network at its representations. */
export interface Forces {
  /** Hidden layers ℓ = 1..L − 1 (index ℓ − 1). */
  hidden: LayerForces[];
  /** ∂C/∂Z_L + 2λ Z_L (K^σ_{L−1})⁺, before projection. */
  outputGradient: Matrix;
  /** R_L = (∂C/∂Z_L + 2λ Z_L (K^σ_{L−1})⁺) Π_L. */
  outputResidual: Matrix;
  /** max |entry| over all residuals. */
  maxResidual: number;
  /** (Z^σ_{ℓ−1})⁺ with rank and s_r/s_1, ℓ = 1..L. */
  pinvs: LayerPinv[];
}

/** \( 2 Z A A^\top \) with A = (Z^σ)⁺: the attraction 2Z(K^σ)⁺. */
function attraction(z: Matrix, a: Matrix): Matrix {
  return matmul(matmul(z, a), a, { transB: true, alpha: 2 });
}

/** Options of {@link attractionRepulsion}: a precomputed forward pass and the pseudo-inverses' cutoff. */
export interface ForcesOptions extends ForwardPassOptions, PinvOptions {}

/**
 * The attraction/repulsion forces and the Z-space stationarity residuals of `net` at its representations
 * (`fw` defaults to its forward pass; pseudo-inverses from the SVD of each Z^σ with relative cutoff `rtol`).
 */
export function attractionRepulsion(net: L2Network, options: ForcesOptions = {}): Forces {
  const { fw = forward(net), ...opts } = options;
  const L = fw.Z.length - 1;
  const lambda = net.lambda;
  const sigma = net.activation;
  const pinvs = inputPinvs(fw, opts);
  const hidden: LayerForces[] = [];
  let maxResidual = 0;
  for (let l = 1; l < L; l++) {
    const z = fw.Z[l];
    const n = z.rows;
    const N = z.cols;
    const att = attraction(z, pinvs[l - 1].pinv);
    // M_ℓ = BᵀB with B = Z_{ℓ+1} A Aᵀ, A = (Z^σ_ℓ)⁺, so σ(Z_ℓ) M_ℓ = (σ(Z_ℓ) Bᵀ) B.
    const A = pinvs[l].pinv;
    const B = matmul(matmul(fw.Z[l + 1], A), A, { transB: true });
    const s: Matrix = { rows: n, cols: N, data: fw.Zs[l].data, offset: fw.Zs[l].offset, stride: fw.Zs[l].stride };
    const sM = matmul(matmul(s, B, { transB: true }), B);
    const rep = zeros(n, N);
    const sum = zeros(n, N);
    for (let i = 0; i < n; i++) {
      for (let j = 0; j < N; j++) {
        const r = -2 * sigma.derivative(z.data[z.offset + i * z.stride + j]) * sM.data[i * N + j];
        rep.data[i * N + j] = r;
        sum.data[i * N + j] = lambda * (att.data[i * N + j] + r);
      }
    }
    const Pi = matmul(pinvs[l - 1].pinv, fw.Zs[l - 1]);
    const residual = matmul(sum, Pi);
    maxResidual = Math.max(maxResidual, maxAbs(residual));
    hidden.push({ layer: l, attraction: att, repulsion: rep, residual });
  }
  const zL = fw.Z[L];
  const outputGradient = mseCostGradient(zL, net.Y);
  const attL = attraction(zL, pinvs[L - 1].pinv);
  for (let i = 0; i < outputGradient.data.length; i++) outputGradient.data[i] += lambda * attL.data[i];
  const outputResidual = matmul(outputGradient, matmul(pinvs[L - 1].pinv, fw.Zs[L - 1]));
  maxResidual = Math.max(maxResidual, maxAbs(outputResidual));
  return { hidden, outputGradient, outputResidual, maxResidual, pinvs };
}
