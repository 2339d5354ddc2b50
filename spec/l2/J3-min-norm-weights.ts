/**
 * J3. Minimal-norm weights (Jacot et al. 2022, Prop. 1): W'_ℓ = Z_ℓ(Z^σ_{ℓ−1})⁺ reproduce every representation Z_ℓ
 * and lower the loss by exactly λ Σ_ℓ ‖W̃_ℓ‖².
 */
import { matmul, type Matrix, pinv, zeros } from '../../src/core/index.ts';
import { defineClaim } from '../../src/index.ts';
import { appendBiasRow, forward, frobenius2, loss, withWeights } from '../../src/models/l2/network.ts';
import { residualWeights } from '../../src/models/l2/reformulation.ts';
import { ALL, buildNet, EPS, KAPPA_MAX, netParams, type NetParams } from './_draws.ts';

interface Impl {
  /** The min-norm weights of layer ℓ from Z_ℓ, Z^σ_{ℓ−1}, the pre-activation Z_{ℓ−1} and β. */
  minNorm(z: Matrix, zsPrev: Matrix, zPrev: Matrix, beta: number): Matrix;
  /** The claimed loss drop from Σ‖W̃_ℓ‖² and λ. */
  drop(residualNorm2: number, lambda: number): number;
}

function diffNorm(a: Matrix, b: Matrix): number {
  let s = 0;
  for (let i = 0; i < a.rows; i++) {
    for (let j = 0; j < a.cols; j++) {
      const d = a.data[a.offset + i * a.stride + j] - b.data[b.offset + i * b.stride + j];
      s += d * d;
    }
  }
  return Math.sqrt(s);
}

/** max |σ'| over the entries: the Lipschitz constant of σ on the range the errors live in. */
function lipschitz(sigma: { derivative(x: number): number; value(x: number): number }, z: Matrix): number {
  let m = 0;
  for (let i = 0; i < z.rows; i++) for (let j = 0; j < z.cols; j++) m = Math.max(m, Math.abs(sigma.derivative(z.data[z.offset + i * z.stride + j])));
  return Math.max(m, 1);
}

export default defineClaim<NetParams, Impl>({
  id: 'J3',
  title: 'Min-norm weights Z_ℓ(Z^σ_{ℓ−1})⁺ reproduce every Z_ℓ and lower the loss by exactly λΣ‖W̃_ℓ‖²',
  kind: 'identity',
  source: [
    { paper: 'Jacot, Golikov, Hongler, Gabriel 2022 (arXiv 2205.15809)', ref: 'Prop. 1 (local minima correspond; min-norm W_ℓ = Z_ℓ(Z^σ_{ℓ−1})⁺)' },
    { paper: 'shared/math/l2-feature-learning.md', ref: '§2 and §4 (loss drops by exactly λ‖W̃‖²)' },
  ],
  statement:
    'For any σ, β and weights W, the network with weights W′_ℓ = Z_ℓ(Z^σ_{ℓ−1})⁺ (built from the representations of W) has the same ' +
    'representations Z′_ℓ = Z_ℓ for every ℓ (hence the same output and cost), and L_λ(W) − L_λ(W′) = λ Σ_ℓ ‖W̃_ℓ‖_F² with W̃_ℓ = W_ℓ(I − P_ℓ).',
  params: netParams(ALL.length),
  runs: { quick: 60, ci: 800, full: 5000 },
  impl: { minNorm: (z, zsPrev) => matmul(z, pinv(zsPrev).pinv), drop: (r, lambda) => lambda * r },
  tolerance:
    'Representations: at layer ℓ, Z′_ℓ = W′_ℓ Z′^σ_{ℓ−1} differs from Z_ℓ by the projector error (‖Π̂ − Π‖ ≤ c·m·ε·κ_ℓ, sin Θ theorem) ' +
    'and by the propagated error of Z′^σ_{ℓ−1}: b_ℓ = 10·m_ℓ·ε·κ_ℓ·‖Z_ℓ‖_F + ‖W′_ℓ‖_F·Lip_σ·b_{ℓ−1}, b_0 = 0, where Lip_σ = max(1, max|σ′(Z_{ℓ−1})|) ' +
    '(ReLU² has Lip 2|z|). Loss: |ΔC| ≤ (2/N)‖Z_L − Y‖_F·b_L + b_L²/N; the regulariser obeys the J1 bound 10·m·ε·κ²·‖W_ℓ‖²; ' +
    'plus 10·ε·(L_λ(W) + L_λ(W′)) for the sums. κ_ℓ = s_1/s_r of Z^σ_{ℓ−1}; draws with κ > 1e6 are guarded and reported.',
  evaluate(p, ctx, impl) {
    const net = buildNet(p, ALL[p.act], ctx.rng);
    const fw = forward(net);
    const L = net.weights.length;
    const Wp: Matrix[] = [];
    const kappas: number[] = [];
    for (let l = 1; l <= L; l++) {
      const pi = pinv(fw.Zs[l - 1]);
      const kappa = pi.rank === 0 ? 1 : 1 / pi.smallestKeptRatio;
      if (kappa > KAPPA_MAX) return { outcomes: [], guard: `Z^σ_${l - 1} has condition number ${kappa.toExponential(2)} > 1e6` };
      kappas.push(kappa);
      Wp.push(impl.minNorm(fw.Z[l], fw.Zs[l - 1], fw.Z[l - 1], net.beta));
    }
    const net2 = withWeights(net, Wp);
    const fw2 = forward(net2);
    const out = [];
    let b = 0;
    let regTol = 0;
    for (let l = 1; l <= L; l++) {
      const m = Math.max(fw.Zs[l - 1].rows, fw.Zs[l - 1].cols);
      const lip = l === 1 ? 1 : lipschitz(net.activation, fw.Z[l - 1]);
      b = 10 * m * EPS * kappas[l - 1] * Math.sqrt(frobenius2(fw.Z[l])) + Math.sqrt(frobenius2(Wp[l - 1])) * lip * b;
      regTol += 10 * m * EPS * kappas[l - 1] ** 2 * frobenius2(net.weights[l - 1]);
      out.push({ label: `layer ${l}: ‖Z′_ℓ − Z_ℓ‖_F = 0`, actual: diffNorm(fw2.Z[l], fw.Z[l]), expected: 0, atol: b, rtol: 0 });
    }
    let res2 = 0;
    for (const w of residualWeights(net, { fw })) res2 += frobenius2(w);
    const L1 = loss(net);
    const L2 = loss(net2);
    const N = net.X.cols;
    let r = 0;
    for (let i = 0; i < net.Y.rows; i++) for (let j = 0; j < N; j++) r += (fw.Z[L].data[i * N + j] - net.Y.data[i * N + j]) ** 2;
    const costTol = (2 / N) * Math.sqrt(r) * b + (b * b) / N;
    out.push({
      label: 'L_λ(W) − L_λ(W′) = λΣ‖W̃_ℓ‖²',
      actual: L1 - L2,
      expected: impl.drop(res2, net.lambda),
      atol: costTol + net.lambda * regTol + 10 * EPS * (L1 + L2),
      rtol: 0,
    });
    return out;
  },
  variants: [
    {
      name: 'drop-2lambda',
      why: 'the loss drop written 2λΣ‖W̃‖² (λ and 2λ confused: 2λW̃ is the gradient, not the drop)',
      impl: { drop: (r: number, lambda: number) => 2 * lambda * r },
    },
    {
      name: 'bias-row-dropped',
      why: 'W′_ℓ = Z_ℓ σ(Z_{ℓ−1})⁺ with a zero bias column (the β1ᵀ row of Z^σ dropped from the pseudo-inverse)',
      impl: {
        minNorm: (z: Matrix, zsPrev: Matrix) => {
          const n = zsPrev.rows - 1;
          const core = matmul(z, pinv({ rows: n, cols: zsPrev.cols, data: zsPrev.data, offset: zsPrev.offset, stride: zsPrev.stride }).pinv);
          const w = zeros(z.rows, n + 1);
          for (let i = 0; i < z.rows; i++) for (let j = 0; j < n; j++) w.data[i * (n + 1) + j] = core.data[i * n + j];
          return w;
        },
      },
    },
    {
      name: 'pre-activation-pinv',
      why: 'pre-activation in the pseudo-inverse: W′_ℓ = Z_ℓ [Z_{ℓ−1}; β1ᵀ]⁺ (σ forgotten; right only for the identity)',
      impl: { minNorm: (z: Matrix, _zs: Matrix, zPrev: Matrix, beta: number) => matmul(z, pinv(appendBiasRow(zPrev, beta)).pinv) },
    },
  ],
});
