/**
 * The local-minimum certificate of a trained L2-regularised network (Jacot, Golikov, Hongler, Gabriel 2022, arXiv 2205.15809,
 * Prop. 1 and §3; conditions *derived* in `shared/math/l2-feature-learning.md` §2): a KKT certificate with kink multipliers
 * ({@link kktCertificate}), and the two exact consequences of stationarity that it implies, each with the bound that the
 * certified residual g* allows:
 *
 * - minimal-norm weights: \( g^*_\ell (I - P_\ell) = 2\lambda\tilde W_\ell \), so
 *   \( \|\tilde W_\ell\|_F \le \|g^*_\ell\|_F/(2\lambda) + 10^3\varepsilon\|W_\ell\|_F/\rho_\ell \) (ρ = s_r/s_1 of \(Z^\sigma_{\ell-1}\));
 * - balance of every hidden neuron (σ positively homogeneous): \( \langle g^*_{in}, w_{in}\rangle - \langle g^*_{out}, w_{out}\rangle
 *   = 2\lambda D_k + \sum_{\text{kinks}} \mu_{ki} z_{ki} \) (Euler σ′(z)z = σ(z)), so \( |D_k| \le (\|g^*_{in}\|\|w_{in}\| +
 *   \|g^*_{out}\|\|w_{out}\| + \sum|\mu z|)/(2\lambda) + 100\varepsilon(\|w_{in}\|^2 + \|w_{out}\|^2) \), \( D_k = \|w_{in}\|^2 - \|w_{out}\|^2 \).
 *
 * Never a gradient-norm threshold: minima of ReLU nets sit on kinks where ∇L does not vanish.
 *
 * @module
 */
import type { Matrix } from '../../core/matrix.ts';
import { kktCertificate, type KktCertificate, type KktOptions } from './kkt.ts';
import type { LpSolver } from './lpTest.ts';
import { forward, frobenius2, type L2Network } from './network.ts';
import { inputPinvs, residualWeights } from './reformulation.ts';
import { EPS } from '../../core/constants.ts';


/** Default acceptance of the KKT residual: max|g*| ≤ 1e-4 · 2λ·max|W| (trained minima measure 1e-6–1e-5; stalled runs 1e-3–1). */
export const KKT_ACCEPT = 1e-4;

/** One checked consequence: `value ≤ bound`. */
export interface CertifiedBound {
  label: string;
  value: number;
  bound: number;
}

/** Result of {@link certifyMinimum}. */
export interface MinimumCertificate {
  kkt: KktCertificate;
  /** relResidual ≤ the acceptance level and every bound holds. */
  certified: boolean;
  /** ‖W̃_ℓ‖_F per layer with its bound. */
  minNorm: CertifiedBound[];
  /** |‖w_in‖² − ‖w_out‖²| per hidden neuron with its bound. */
  balance: CertifiedBound[];
  /** The acceptance level used for the KKT residual. */
  accept: number;
}

const norm2 = (a: ArrayLike<number>): number => {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i] * a[i];
  return s;
};

const row = (m: Matrix, k: number): Float64Array => m.data.slice(m.offset + k * m.stride, m.offset + k * m.stride + m.cols);
const col = (m: Matrix, k: number): Float64Array => Float64Array.from({ length: m.rows }, (_, i) => m.data[m.offset + i * m.stride + k]);

/**
 * Certifies a network as a (first-order) local minimum: the KKT certificate with kink multipliers, then W̃ = 0 and neuron
 * balance with the bounds derived from the certified generalised gradient (module doc). Any depth; σ positively homogeneous
 * for the balance law (the caller's claim states it).
 */
export function certifyMinimum(solver: LpSolver, net: L2Network, opts: KktOptions & { accept?: number } = {}): MinimumCertificate {
  const accept = opts.accept ?? KKT_ACCEPT;
  const kkt = kktCertificate(solver, net, opts);
  const fw = forward(net);
  const lam2 = 2 * net.lambda;
  const minNorm: CertifiedBound[] = [];
  const pins = inputPinvs(fw);
  residualWeights(net, { fw }).forEach((w, l) => {
    const bound = Math.sqrt(frobenius2(kkt.grads[l])) / lam2 + (1e3 * EPS * Math.sqrt(frobenius2(net.weights[l]))) / Math.max(pins[l].smallestKeptRatio, 1e-300);
    minNorm.push({ label: `layer ${l + 1}: ‖W̃‖_F`, value: Math.sqrt(frobenius2(w)), bound });
  });
  const balance: CertifiedBound[] = [];
  const L = net.weights.length;
  for (let l = 1; l < L; l++) {
    const Win = net.weights[l - 1];
    const Wout = net.weights[l];
    const gin = kkt.grads[l - 1];
    const gout = kkt.grads[l];
    const z = fw.Z[l];
    const mu = kkt.mu[l - 1];
    for (let k = 0; k < Win.rows; k++) {
      const ni = norm2(row(Win, k));
      const no = norm2(col(Wout, k));
      let slack = 0;
      for (let i = 0; i < z.cols; i++) slack += Math.abs(mu.data[k * z.cols + i] * z.data[z.offset + k * z.stride + i]);
      const bound = (Math.sqrt(norm2(row(gin, k)) * ni) + Math.sqrt(norm2(col(gout, k)) * no) + slack) / lam2 + 100 * EPS * (ni + no);
      balance.push({ label: `layer ${l}, neuron ${k}: |‖w_in‖² − ‖w_out‖²|`, value: Math.abs(ni - no), bound });
    }
  }
  const ok = (b: CertifiedBound) => b.value <= b.bound;
  const certified = kkt.relResidual <= accept && minNorm.every(ok) && balance.every(ok);
  return { kkt, certified, minNorm, balance, accept };
}
