/**
 * J7. At local minima of L_λ (Jacot et al. 2022, §2–§4; conditions *derived* in `shared/math/l2-feature-learning.md` §2 and §4),
 * certified by a KKT certificate with kink multipliers 0 ≤ μ ≤ δ: the weights are minimal-norm (W̃_ℓ = 0), every hidden neuron
 * is balanced (‖w_in‖² = ‖w_out‖²), the LP test of each hidden layer is tight, and the representations are stationary in
 * Z-space (attraction = repulsion, with the same kind of kink multipliers). Fixture: trained minima of the tight example.
 * J7.kink: a hand-built kink point where the multiplier is needed (σ′(0) = s* ∈ (0, 1)): both certificates find it.
 */
import { defineClaim, fc, type Outcome } from '../../src/index.ts';
import { EPS, pinv, type Rng } from '../../src/core/index.ts';
import { relu, relu2, type L2Activation } from '../../src/models/l2/activation.ts';
import { kktCertificate, zStationarity, type KktCertificate } from '../../src/models/l2/kkt.ts';
import { loadLpSolver, lpTest } from '../../src/models/l2/lpTest.ts';
import { forward, frobenius2, gradients, type L2Network } from '../../src/models/l2/network.ts';
import { inputPinvs, residualWeights } from '../../src/models/l2/reformulation.ts';
import { tightProblem, trainBestOf, type BestOfRestarts } from '../../src/models/l2/tightExample.ts';

const LAMBDA = 1e-3;
const solver = await loadLpSolver();

interface MinImpl {
  activation: L2Activation;
  /** L-BFGS iterations per restart used to produce the point. */
  maxIterations: number;
  /** Factor on F^att in the Z-space stationarity (1 = the derived 2λ Z(K^σ)⁺ term). */
  attractionFactor: number;
  /** σ'(0) at kinks in the Z-space check: 'free' = kink multipliers chosen by LP, 'right' = fixed to σ'(0⁺). */
  kinkDerivative: 'free' | 'right';
  /** Which Z^σ the LP test's per-neuron cost uses: the layer's input (derived) or its own output. */
  lpCostLayer: 'input' | 'output';
  /** c in the balance ‖w_in‖² = c‖w_out‖² (1 is the derived law). */
  balanceOutFactor: number;
  /** The local-minimum oracle: which trained points count as minima. */
  accept: (cert: KktCertificate) => boolean;
}

/** Relative pinv cutoff of the Z-space check: the trained points resolve Z only to ~√(2(L − L*)/μ) ≈ 1e-5 (L − L* ≤ 1e-13, μ ~ λ). */
const Z_RTOL = 1e-5;
/** KKT acceptance: generalised-gradient residual ≤ 1e-4 · 2λ max|W|. */
const CERT = 1e-4;
/** LP test: relative gap ≤ 1e-6. */
const LP_TOL = 1e-6;

const memo = new Map<string, BestOfRestarts[]>();
/** Four independent L-BFGS runs (one per restart stream), memoised: the claim and its variants share the draws. */
function runs(rng: Rng, N: number, width: number, impl: MinImpl): BestOfRestarts[] {
  const key = `${rng.key}|${N}|${width}|${impl.activation.name}|${impl.maxIterations}`;
  let r = memo.get(key);
  if (!r) {
    const p = { ...tightProblem(N, LAMBDA), activation: impl.activation };
    r = [0, 1, 2, 3].map((i) => trainBestOf(p, [N, width, N], rng.split('start', i), { restarts: 1, maxIterations: impl.maxIterations }));
    r.sort((a, b) => a.loss - b.loss);
    memo.set(key, r);
  }
  return r;
}

function norm(a: Float64Array | number[]): number {
  let s = 0;
  for (const v of a) s += v * v;
  return Math.sqrt(s);
}

const certified = defineClaim<{ N: number; extra: number }, MinImpl>({
  id: 'J7',
  title: 'At KKT-certified local minima: W̃ = 0, balanced neurons, tight LP test, Z-space stationarity with kink multipliers',
  kind: 'optimisation',
  source: [
    { paper: 'Jacot, Golikov, Hongler, Gabriel 2022 (arXiv 2205.15809)', ref: 'Prop. 1 (minimal-norm weights at minima), §3 attraction/repulsion, Props. 6–8' },
    { paper: 'shared/math/l2-feature-learning.md', ref: '§2 (W̃ = 0, balance, forces, kinks and KKT), §4 (LP test)' },
  ],
  statement:
    'Let W be a local minimum of L_λ certified by KKT: with kink multipliers μ_ki = s_ki H_ki, s ∈ [σ′(0⁻), σ′(0⁺)] (0 ≤ μ ≤ δ for ReLU), ' +
    'the generalised gradient g* vanishes (up to the certified residual r). Then (i) W̃_ℓ = W_ℓ(I − P_ℓ) = 0, since g*(I − P) = 2λW̃; ' +
    '(ii) every hidden neuron is balanced, ‖w_in‖² = ‖w_out‖² (σ positively homogeneous); (iii) the LP min_{a≥0} Σa_k c_k with the ' +
    'layer\'s K^σ fixed is attained at the current masses a_k = ‖z_k‖² (c_k = ‖u_k(Z^σ_{ℓ−1})⁺‖²); (iv) λ(F^att + F^rep)Π_ℓ = 0 and ' +
    '(∂C/∂Z_L + 2λZ_L(K^σ_{L−1})⁺)Π_L = 0 with σ′ free in its kink interval. Fixture: the tight example (X = I_N, Y = Y_N, β = 0, ' +
    'λ = 1e-3, ReLU), N ∈ {4, 6}, width N²/4 + {0, 1, 2} (the second layer is wide, n₁ + 1 > N, so W̃₂ is exercised), 4 ' +
    'L-BFGS runs × 3000 iterations (the lowest-loss certified run is the fixture; draws with no certified run are guarded). Limits of this fixture (measured, stated honestly): X = I makes every LP cost c_k = 1, and at its ' +
    'kinks the backprop signal H vanishes, so the σ′(0) = 0 convention already certifies (the multipliers come out 0): the kink ' +
    'multipliers are stressed by J7.kink (a hand-built kink point that only σ′(0) = s* ∈ (0, 1) certifies), not by this fixture. The LP test still has teeth here: it rejects ' +
    'the points a loose gradient-norm oracle accepts (relative gaps 7e-3–1e-1).',
  params: fc.record({ N: fc.constantFrom(4, 4, 6), extra: fc.integer({ min: 0, max: 2 }) }),
  runs: { quick: 4, ci: 6, full: 16 },
  impl: {
    activation: relu,
    maxIterations: 3000,
    attractionFactor: 1,
    kinkDerivative: 'free',
    lpCostLayer: 'input',
    balanceOutFactor: 1,
    accept: (c: KktCertificate) => c.relResidual <= CERT,
  },
  tolerance:
    'Certificate: r = max|g*| ≤ 1e-4·2λ max|W| (trained minima measure 3e-6–1e-5; early-stopped points 1e-2–1). Consequences, with ' +
    'bounds derived from the certified g*: (i) ‖W̃_ℓ‖_F ≤ ‖g*_ℓ‖_F/(2λ) + 1e3·ε·‖W_ℓ‖_F/ρ_ℓ (ρ = s_r/s_1 of Z^σ_{ℓ−1}); (ii) from ' +
    '⟨g*_in, w_in⟩ − ⟨g*_out, w_out⟩ = 2λD_k + Σ_kinks μ_ki z_ki (Euler: σ′(z)z = σ(z)), |D_k| ≤ (‖g*_in‖‖w_in‖ + ‖g*_out‖‖w_out‖ + ' +
    'Σ|μz|)/(2λ) + 100ε(‖w_in‖² + ‖w_out‖²); (iii) relative LP gap ≤ 1e-6 (HiGHS feasibility 1e-10 on O(1)-scaled, full-row-rank ' +
    'constraints; random networks fail by O(1)); (iv) ‖R‖_∞ ≤ 10·N·r·max_ℓ(1/s_min(Z^σ_{ℓ−1}) + ‖W_{ℓ+1}‖_F/s_min(Z^σ_ℓ)) + 1e3·ε·λ·max|F^att Π| ' +
    '(the chain rule Z ↦ W(Z) = Z(Z^σ)⁺ maps g* to the Z-gradient), pseudo-inverses with relative cutoff 1e-5 (a trained point resolves Z only ' +
    'to ~√(2(L − L*)/μ) ≈ 1e-5 with L − L* ≤ 1e-13 and μ ~ λ: smaller singular values are not resolved by the point).',
  evaluate({ N, extra }, ctx, impl) {
    const width = (N * N) / 4 + extra;
    // The lowest-loss of 4 runs that the oracle accepts; none accepted → the draw is reported as guarded, not hidden.
    let net: L2Network | null = null;
    let cert: KktCertificate | null = null;
    for (const t of runs(ctx.rng.split('fixture', N, width), N, width, impl)) {
      const c = kktCertificate(solver, t.net);
      if (impl.accept(c)) {
        net = t.net;
        cert = c;
        break;
      }
    }
    if (!net || !cert) return { outcomes: [], guard: `none of 4 L-BFGS runs at N = ${N}, width ${width} was accepted as a local minimum` };
    const out: Outcome[] = [];
    const fw = forward(net);
    const lam2 = 2 * net.lambda;
    // (i) W̃ = 0.
    const wt = residualWeights(net, { fw });
    const pins = inputPinvs(fw);
    wt.forEach((w, l) => {
      const bound = Math.sqrt(frobenius2(cert.grads[l])) / lam2 + (1e3 * EPS * Math.sqrt(frobenius2(net.weights[l]))) / Math.max(pins[l].smallestKeptRatio, 1e-300);
      out.push({ label: `layer ${l + 1}: ‖W̃‖_F`, value: Math.sqrt(frobenius2(w)), op: '<=', bound });
    });
    // (ii) balance of the hidden neurons (depth 2: layer 1).
    const W1 = net.weights[0];
    const W2 = net.weights[1];
    const g1 = cert.grads[0];
    const g2 = cert.grads[1];
    for (let k = 0; k < W1.rows; k++) {
      const win = W1.data.subarray(k * W1.cols, (k + 1) * W1.cols);
      const gin = g1.data.subarray(k * g1.cols, (k + 1) * g1.cols);
      const wout = Array.from({ length: W2.rows }, (_, j) => W2.data[j * W2.cols + k]);
      const gout = Array.from({ length: W2.rows }, (_, j) => g2.data[j * g2.cols + k]);
      let slack = 0;
      for (let i = 0; i < N; i++) slack += Math.abs(cert.mu[0].data[k * N + i] * fw.Z[1].data[k * N + i]);
      const nin = norm(win);
      const nout = norm(wout);
      const D = nin * nin - impl.balanceOutFactor * nout * nout;
      const bound = (norm(gin) * nin + norm(gout) * nout + slack) / lam2 + 100 * EPS * (nin * nin + nout * nout);
      out.push({ label: `neuron ${k}: |‖w_in‖² − ‖w_out‖²|`, value: Math.abs(D), op: '<=', bound });
    }
    // (iii) LP test of the hidden layer.
    const costLayer = impl.lpCostLayer === 'input' ? fw.Zs[0] : fw.Zs[1];
    const pp = impl.lpCostLayer === 'input' ? undefined : pinv(costLayer).pinv;
    const lp = lpTest(solver, fw.Z[1], fw.Zs[0], { sigma: impl.activation.value, cost: pp ? (u) => {
      let s = 0;
      for (let j = 0; j < pp.cols; j++) {
        let q = 0;
        for (let i = 0; i < N; i++) q += u[i] * pp.data[i * pp.stride + j];
        s += q * q;
      }
      return s;
    } : undefined });
    out.push({ label: `LP test (status ${lp.status}): relative gap`, value: Math.abs(lp.relGap), op: '<=', bound: LP_TOL });
    // (iv) Z-space stationarity with kink multipliers.
    const zs = zStationarity(solver, net, { rtol: Z_RTOL, attractionFactor: impl.attractionFactor, kinkDerivative: impl.kinkDerivative });
    const pz = [pinv(fw.Zs[0], { rtol: Z_RTOL }), pinv(fw.Zs[1], { rtol: Z_RTOL })];
    const smin = (p: ReturnType<typeof pinv>) => p.singularValues[p.rank - 1];
    const amp = 1 / smin(pz[0]) + Math.sqrt(frobenius2(W2)) / smin(pz[1]);
    const attP = zs.scale;
    out.push({ label: 'Z-space stationarity max|R| (kink multipliers)', value: zs.residual, op: '<=', bound: 10 * N * cert.residual * amp + 1e3 * EPS * attP });

    return out;
  },
  variants: [
    {
      name: 'gradient-oracle-early-stop',
      why: 'local minima decided by a loose gradient-norm oracle (max|∇L| ≤ 0.05) on runs stopped after 25 iterations, not by the KKT certificate',
      impl: { maxIterations: 25, accept: (c: KktCertificate) => c.plainResidual <= 0.05 },
    },
    { name: 'relu2-non-homogeneous', why: 'minima of ReLU² (not positively homogeneous): balance ‖w_in‖ = ‖w_out‖ does not hold there', impl: { activation: relu2 } },
    { name: 'lambda-not-2lambda', why: 'attraction λZ(K^σ)⁺ instead of 2λZ(K^σ)⁺ in the Z-space stationarity', impl: { attractionFactor: 0.5 } },
    { name: 'balance-factor-2', why: 'balance stated as ‖w_in‖² = 2‖w_out‖² (the λ-versus-2λ confusion carried into the conservation law)', impl: { balanceOutFactor: 2 } },
  ],
});

// ---------------------------------------------------------------- a kink point that needs its multiplier

/**
 * A Clarke-stationary kink point built by hand (depth 2, one hidden ReLU neuron, N = 2, X = (1, 2), β = 1): w_in = (w, −2w),
 * w < 0, puts sample 2 exactly on the kink (z = (−w, 0)); with v = √5|w|, H₁ = 10λw, H₂ = −6λw/s*, G₂ = H/v,
 * c = −(G₂₁ + G₂₂)/(2λ) and Y = f − G₂ the generalised gradient vanishes exactly for σ′(0) = s* and for no other value
 * (∂_w, ∂_b: H₁ + 2sH₂ + 2λw = 0 and H₁ + sH₂ − 4λw = 0; ∂_v, ∂_c fix v and c).
 */
function kinkNetwork(w: number, lambda: number, s: number): L2Network {
  const v = Math.sqrt(5) * Math.abs(w);
  const g = [(10 * lambda * w) / v, (-6 * lambda * w) / s / v];
  const c = -(g[0] + g[1]) / (2 * lambda);
  const f = [v * -w + c, c];
  const m = (rows: number[][]) => ({ rows: rows.length, cols: rows[0].length, data: Float64Array.from(rows.flat()), offset: 0, stride: rows[0].length });
  return { activation: relu, beta: 1, lambda, X: m([[1, 2]]), Y: m([[f[0] - g[0], f[1] - g[1]]]), weights: [m([[w, -2 * w]]), m([[v, c]])] };
}

interface KinkImpl {
  /** σ′(0) at the kink: 'free' = the multiplier chosen by the certificates (LP), 'zero'/'one' = a fixed convention. */
  kink: 'free' | 'zero' | 'one';
}

const kinkPoint = defineClaim<{ a: number; lambda: number; sPct: number }, KinkImpl>({
  id: 'J7.kink',
  title: 'At a kink point that needs its multiplier: KKT and Z-space stationarity hold with σ′(0) = s*, balance holds',
  kind: 'identity',
  source: [
    { paper: 'Jacot, Golikov, Hongler, Gabriel 2022 (arXiv 2205.15809)', ref: '§3 attraction/repulsion; minima on kinks' },
    { paper: 'shared/math/l2-feature-learning.md', ref: '§2 (kinks: KKT certificate with multipliers 0 ≤ μ ≤ δ; Z-space stationarity)' },
  ],
  statement:
    'At a ReLU kink point whose generalised gradient vanishes only for σ′(0) = s* ∈ (0, 1) (built by hand: depth 2, one neuron, N = 2), ' +
    'the KKT certificate finds the multiplier μ = s*·δ with 0 ≤ μ ≤ δ and residual at rounding level; the Z-space stationarity ' +
    'λ(F^att + F^rep)Π = 0 (plus the output condition) holds with the same σ′(0) = s*; the neuron is balanced, ‖w_in‖² = ‖w_out‖² (= 5w²). ' +
    'No fixed convention σ′(0) ∈ {0, 1} certifies this point. (This is the fixture that stresses the kink multipliers, which the trained ' +
    'tight-example minima of J7 do not.)',
  params: fc.record({
    a: fc.integer({ min: 0, max: 1_000_000 }).map((k) => 10 ** (-1 + (2 * k) / 1_000_000)),
    lambda: fc.integer({ min: 0, max: 1_000_000 }).map((k) => 10 ** (-3 + (3 * k) / 1_000_000)),
    sPct: fc.integer({ min: 5, max: 95 }),
  }),
  runs: { quick: 20, ci: 60, full: 300 },
  impl: { kink: 'free' },
  tolerance:
    'Every gradient and force entry is a sum of ≤ 4 products of numbers of magnitude ≤ S = max(|H|, |Y|, 2λ·max|W|, max|λF^att Π|) ' +
    'computed from w, λ, s* with a few roundings each; residuals ≤ 1e3·ε·S (c = 1000). The multiplier is recovered to |s − s*| ≤ 1e-9 ' +
    '(the LP solution is exact up to HiGHS\'s 1e-10 feasibility on O(1)-scaled data, divided by |H₂|·|x₂|/max ≥ 1e-1). Balance: ' +
    '|‖w_in‖² − ‖w_out‖²| ≤ 100·ε·(‖w_in‖² + ‖w_out‖²).',
  evaluate({ a, lambda, sPct }, _ctx, impl) {
    const sStar = sPct / 100;
    const net = kinkNetwork(-a, lambda, sStar);
    const cert = kktCertificate(solver, net);
    const zs = zStationarity(solver, net, { kinkDerivative: impl.kink === 'one' ? 'right' : 'free' });
    let S = Math.max(zs.scale, 2 * lambda * Math.sqrt(5) * a, 2 * lambda * 2 * a);
    for (const v of cert.H[0].data) S = Math.max(S, Math.abs(v));
    for (const v of net.Y.data) S = Math.max(S, Math.abs(v));
    // Fixed conventions: the plain backprop gradient with σ′(0) = 0 (activation.ts) or σ′(0) = 1.
    const rightNet: L2Network = { ...net, activation: { ...relu, derivative: (x: number) => (x >= 0 ? 1 : 0) } };
    const plainOne = Math.max(...gradients(rightNet).grads.flatMap((g) => Array.from(g.data, Math.abs)));
    const kkt = impl.kink === 'free' ? cert.residual : impl.kink === 'zero' ? cert.plainResidual : plainOne;
    const zr = impl.kink === 'zero' ? zs.plainResidual : zs.residual;
    const win = 5 * a * a;
    const wout = net.weights[1].data[0] ** 2;
    const out: Outcome[] = [
      { label: 'W-space generalised gradient max|g*|', actual: kkt, expected: 0, atol: 1e3 * EPS * S, rtol: 0 },
      { label: 'Z-space stationarity max|R|', actual: zr, expected: 0, atol: 1e3 * EPS * S, rtol: 0 },
      { label: '‖w_in‖² − ‖w_out‖²', actual: win - wout, expected: 0, atol: 100 * EPS * (win + wout), rtol: 0 },
    ];
    if (impl.kink === 'free') {
      const H2 = cert.H[0].data[1];
      const mu = cert.mu[0].data[1];
      out.push({ label: 'σ′(0) chosen by the certificate', actual: cert.s[0].data[1], expected: sStar, atol: 1e-9, rtol: 0 });
      out.push({ label: 'σ′(0) chosen in Z-space', actual: zs.s[0].data[1], expected: sStar, atol: 1e-9, rtol: 0 });
      out.push({ label: 'μ ≥ 0', value: mu, op: '>=', bound: 0 });
      out.push({ label: 'μ ≤ δ = H₂', value: mu, op: '<=', bound: H2 });
    }
    return out;
  },
  variants: [
    { name: 'sigma-prime-zero', why: 'the activation\'s own convention σ′(0) = 0 at the kink (no multiplier), in W- and Z-space', impl: { kink: 'zero' } },
    { name: 'sigma-prime-one', why: 'the right derivative σ′(0) = 1 at the kink (no multiplier)', impl: { kink: 'one' } },
  ],
});

export default [certified, kinkPoint];
