/**
 * J4. The gradient kills the representation-free directions except through the regulariser:
 * ∇_{W_ℓ} L_λ (I − P_ℓ) = 2λ W̃_ℓ for every W (derived from Jacot et al. 2022, Prop. 1).
 */
import { matmul, type Matrix, pinv, zeros } from '../../src/core/index.ts';
import { defineClaim } from '../../src/index.ts';
import { frobenius2, gradients } from '../../src/models/l2/network.ts';
import { columnProjector, complement } from '../../src/models/l2/reformulation.ts';
import { ALL, buildNet, EPS, KAPPA_MAX, netParams, type NetParams } from './_draws.ts';

interface Impl {
  /** G(I − P_ℓ) for a gradient G of W_ℓ, given Z^σ_{ℓ−1} and Z_ℓ. */
  project(G: Matrix, zsPrev: Matrix, z: Matrix): Matrix;
  /** The claimed factor c in ∇L(I − P) = c·λ·W̃. */
  factor: number;
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

const projectRight = (G: Matrix, zsPrev: Matrix): Matrix => matmul(G, complement(columnProjector(zsPrev)));

export default defineClaim<NetParams, Impl>({
  id: 'J4',
  title: '∇_{W_ℓ}L_λ (I − P_ℓ) = 2λ W̃_ℓ for every W (hence W̃ = 0 at any critical point)',
  kind: 'identity',
  source: [
    { paper: 'Jacot, Golikov, Hongler, Gabriel 2022 (arXiv 2205.15809)', ref: 'Prop. 1 (local minima have minimal-norm weights)' },
    { paper: 'shared/math/l2-feature-learning.md', ref: '§2, derived: ∇_{W_ℓ}L_λ·(I − P_ℓ) = 2λW̃_ℓ' },
  ],
  statement:
    'For any σ, β and any weights W (not only at critical points), ∇_{W_ℓ}L_λ · (I − P_ℓ) = 2λ W_ℓ(I − P_ℓ) = 2λW̃_ℓ, because ' +
    '∇_{W_ℓ}C = (∂C/∂Z_ℓ)(Z^σ_{ℓ−1})ᵀ and (Z^σ_{ℓ−1})ᵀ(I − P_ℓ) = 0. Gradients are exact (backprop).',
  params: netParams(ALL.length),
  runs: { quick: 60, ci: 800, full: 5000 },
  impl: { project: (G, zsPrev) => projectRight(G, zsPrev), factor: 2 },
  tolerance:
    'With Z^σ_{ℓ−1} m × N, κ = s_1/s_r, G_ℓ = ∂C/∂Z_ℓ: the computed ∇C = G_ℓ(Z^σ)ᵀ carries N·ε·‖G_ℓ‖_F‖Z^σ‖_F, and ' +
    '‖(I − P̂)Z^σ‖ ≤ c·m·ε·κ·‖Z^σ‖ (sin Θ theorem); the 2λW terms on both sides differ only by rounding of the same product, ' +
    'c·m·ε·κ·2λ‖W‖_F. Tolerance on ‖∇L(I − P̂) − 2λW(I − P̂)‖_F: 10·(m + N)·ε·κ·(‖G_ℓ‖_F‖Z^σ‖_F + 2λ‖W_ℓ‖_F), c = 10. κ > 1e6 is guarded.',
  evaluate(p, ctx, impl) {
    const net = buildNet(p, ALL[p.act], ctx.rng);
    const g = gradients(net);
    const fw = g.forward;
    const out = [];
    for (let l = 1; l <= net.weights.length; l++) {
      const zs = fw.Zs[l - 1];
      const pi = pinv(zs);
      const kappa = pi.rank === 0 ? 1 : 1 / pi.smallestKeptRatio;
      if (kappa > KAPPA_MAX) return { outcomes: [], guard: `Z^σ_${l - 1} has condition number ${kappa.toExponential(2)} > 1e6` };
      const W = net.weights[l - 1];
      const wRes = projectRight(W, zs);
      const lhs = impl.project(g.grads[l - 1], zs, fw.Z[l]);
      const m = zs.rows;
      const N = zs.cols;
      const tol = 10 * (m + N) * EPS * kappa * (Math.sqrt(frobenius2(g.dZ[l]) * frobenius2(zs)) + 2 * net.lambda * Math.sqrt(frobenius2(W)));
      out.push({ label: `layer ${l}: ‖∇_{W_ℓ}L (I − P_ℓ) − 2λW̃_ℓ‖_F = 0`, actual: diffNorm(lhs, wRes, impl.factor * net.lambda), expected: 0, atol: tol, rtol: 0 });
    }
    return out;
  },
  variants: [
    { name: 'lambda-not-2lambda', why: 'λW̃ instead of 2λW̃ (the derivative of λ‖W‖² taken as λW)', impl: { factor: 1 } },
    {
      name: 'projector-on-the-left',
      why: '(I − Q)∇L with Q the projector on the column space of Z_ℓ, on the left (a transposed convention)',
      impl: { project: (G: Matrix, _zs: Matrix, z: Matrix) => matmul(complement(columnProjector(z)), G) },
    },
    {
      name: 'bias-row-dropped',
      why: 'P_ℓ built from σ(Z_{ℓ−1}) without the β1ᵀ row: the bias column of ∇C is no longer annihilated',
      impl: {
        project: (G: Matrix, zsPrev: Matrix) => {
          const n = zsPrev.rows - 1;
          const core = columnProjector({ rows: n, cols: zsPrev.cols, data: zsPrev.data, offset: zsPrev.offset, stride: zsPrev.stride });
          const P = zeros(n + 1, n + 1);
          for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) P.data[i * (n + 1) + j] = core.data[i * n + j];
          return matmul(G, complement(P));
        },
      },
    },
  ],
});
