/**
 * J1. The Pythagoras split of the weights (Jacot et al. 2022, Prop. 1):
 * W_ℓ = Z_ℓ(Z^σ_{ℓ−1})⁺ + W̃_ℓ with W̃_ℓ = W_ℓ(I − P_ℓ), W̃_ℓ changes no representation, and
 * ‖W_ℓ‖² = ‖Z_ℓ(Z^σ_{ℓ−1})⁺‖² + ‖W̃_ℓ‖².
 */
import { matmul, type Matrix, pinv, zeros } from '../../src/core/index.ts';
import { defineClaim } from '../../src/index.ts';
import { forward, frobenius2 } from '../../src/models/l2/network.ts';
import { columnProjector, complement } from '../../src/models/l2/reformulation.ts';
import { ALL, buildNet, EPS, KAPPA_MAX, netParams, type NetParams } from './_draws.ts';

interface Impl {
  /** The residual W̃_ℓ of W_ℓ, given Z^σ_{ℓ−1}, Z_ℓ and β. */
  residual(W: Matrix, zsPrev: Matrix, z: Matrix, beta: number): Matrix;
}

/** W(I − P), P the projector on the column space of Z^σ_{ℓ−1} (from its SVD). */
const residualRight = (W: Matrix, zsPrev: Matrix): Matrix => matmul(W, complement(columnProjector(zsPrev)));

function frobDiff(a: Matrix, b: Matrix, c: Matrix): number {
  let s = 0;
  for (let i = 0; i < a.rows; i++) {
    for (let j = 0; j < a.cols; j++) {
      const d = a.data[a.offset + i * a.stride + j] - b.data[b.offset + i * b.stride + j] - c.data[c.offset + i * c.stride + j];
      s += d * d;
    }
  }
  return Math.sqrt(s);
}

export default defineClaim<NetParams, Impl>({
  id: 'J1',
  title: 'Pythagoras split of the weights: ‖W_ℓ‖² = ‖Z_ℓ(Z^σ_{ℓ−1})⁺‖² + ‖W_ℓ(I − P_ℓ)‖²',
  kind: 'identity',
  source: [
    { paper: 'Jacot, Golikov, Hongler, Gabriel 2022 (arXiv 2205.15809)', ref: 'Prop. 1 (reformulation in the representations)' },
    { paper: 'shared/math/l2-feature-learning.md', ref: '§2, W_ℓ = Z_ℓ(Z^σ_{ℓ−1})⁺ + W̃_ℓ' },
  ],
  statement:
    'For any activation σ, any bias amount β and any weights, every layer ℓ splits as W_ℓ = Z_ℓ(Z^σ_{ℓ−1})⁺ + W̃_ℓ with ' +
    'W̃_ℓ = W_ℓ(I − P_ℓ), P_ℓ = Z^σ_{ℓ−1}(Z^σ_{ℓ−1})⁺ the projector on the column space of Z^σ_{ℓ−1} = [σ(Z_{ℓ−1}); β1ᵀ] acting from the right; ' +
    'W̃_ℓ Z^σ_{ℓ−1} = 0 (it changes no representation) and ‖W_ℓ‖_F² = ‖Z_ℓ(Z^σ_{ℓ−1})⁺‖_F² + ‖W̃_ℓ‖_F². ' +
    'Checked on random networks with wide layers (n_{ℓ−1} + 1 > N in most layers, so W̃_ℓ ≠ 0).',
  params: netParams(ALL.length),
  runs: { quick: 60, ci: 800, full: 5000 },
  impl: { residual: (W, zsPrev) => residualRight(W, zsPrev) },
  tolerance:
    'Per layer, with κ = s_1/s_r of Z^σ_{ℓ−1} (m × N, kept part of its SVD): the SVD is backward stable with error ≤ c·m·ε‖Z^σ‖, so the ' +
    'computed projector has ‖P̂ − P‖ ≤ c·m·ε·κ (sin Θ theorem, gap s_r) and the pseudo-inverse relative error ≤ c·m·ε·κ² (Wedin). ' +
    'Hence |‖W‖² − ‖Z(Z^σ)⁺‖² − ‖W̃‖²| ≤ 10·m·ε·κ²·‖W‖_F² and ‖W − Z(Z^σ)⁺ − W̃‖_F ≤ 10·m·ε·κ²·‖W‖_F (c = 10); ' +
    '‖W̃ Z^σ‖_F ≤ 10·(m + N)·ε·κ·‖W‖_F‖Z^σ‖_F. Draws with κ > 1e6 (ε·κ² > 2e-4) are guarded and reported.',
  evaluate(p, ctx, impl) {
    const net = buildNet(p, ALL[p.act], ctx.rng);
    const fw = forward(net);
    const out = [];
    for (let l = 1; l <= net.weights.length; l++) {
      const W = net.weights[l - 1];
      const zs = fw.Zs[l - 1];
      const pi = pinv(zs);
      const kappa = pi.rank === 0 ? 1 : 1 / pi.smallestKeptRatio;
      if (kappa > KAPPA_MAX) return { outcomes: [], guard: `Z^σ_${l - 1} has condition number ${kappa.toExponential(2)} > 1e6` };
      const m = Math.max(zs.rows, zs.cols);
      const wMin = matmul(fw.Z[l], pi.pinv);
      const wRes = impl.residual(W, zs, fw.Z[l], net.beta);
      const w2 = frobenius2(W);
      const tolNorm = 10 * m * EPS * kappa * kappa * w2;
      out.push(
        { label: `layer ${l}: ‖W‖² = ‖Z(Z^σ)⁺‖² + ‖W̃‖²`, actual: frobenius2(wMin) + frobenius2(wRes), expected: w2, atol: tolNorm, rtol: 0 },
        { label: `layer ${l}: ‖W − Z(Z^σ)⁺ − W̃‖_F = 0`, actual: frobDiff(W, wMin, wRes), expected: 0, atol: 10 * m * EPS * kappa * kappa * Math.sqrt(w2), rtol: 0 },
        {
          label: `layer ${l}: ‖W̃ Z^σ_{ℓ−1}‖_F = 0`,
          actual: Math.sqrt(frobenius2(matmul(wRes, zs))),
          expected: 0,
          atol: 10 * (m + zs.cols) * EPS * kappa * Math.sqrt(w2 * frobenius2(zs)),
          rtol: 0,
        },
      );
    }
    return out;
  },
  variants: [
    {
      name: 'projector-on-the-left',
      why: '(I − P) on the left: W̃ = (I − Q)W with Q the projector on the column space of Z_ℓ (n_ℓ × n_ℓ), a transposed convention',
      impl: { residual: (W: Matrix, _zs: Matrix, z: Matrix) => matmul(complement(columnProjector(z)), W) },
    },
    {
      name: 'bias-row-dropped',
      why: 'P_ℓ built from σ(Z_{ℓ−1}) without the β1ᵀ row (bias coordinate treated as outside the column space)',
      impl: {
        residual: (W: Matrix, zsPrev: Matrix) => {
          const n = zsPrev.rows - 1;
          const core = columnProjector({ rows: n, cols: zsPrev.cols, data: zsPrev.data, offset: zsPrev.offset, stride: zsPrev.stride });
          const P = zeros(n + 1, n + 1);
          for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) P.data[i * (n + 1) + j] = core.data[i * n + j];
          return matmul(W, complement(P));
        },
      },
    },
    {
      name: 'residual-dropped',
      why: 'the split written ‖W_ℓ‖² = ‖Z_ℓ(Z^σ_{ℓ−1})⁺‖² (W̃ = 0): true only when n_{ℓ−1} + 1 ≤ N',
      impl: { residual: (W: Matrix) => zeros(W.rows, W.cols) },
    },
  ],
});
