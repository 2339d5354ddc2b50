/**
 * Reformulation tools of the L2 networks (`src/models/l2/reformulation.ts`, `forces.ts`, `balance.ts`, `onestep.ts`):
 * projectors, min-norm weights, the three equal forms of the loss at min-norm weights, the attraction/repulsion forces
 * as the exact Z-gradient of L^r (finite differences), and argument validation. Each check has a wrong variant it rejects.
 */
import fc from 'fast-check';
import { expect, test } from 'vitest';
import { matmul } from '../src/core/gemm.ts';
import { zeros, type Matrix } from '../src/core/matrix.ts';
import { pinv } from '../src/core/pinv.ts';
import { deriveSeed32, Rng } from '../src/core/random.ts';
import { gaussianMatrix } from '../src/core/randomMatrix.ts';
import { identityActivation, relu, softplus, tanhActivation, absolute, type L2Activation } from '../src/models/l2/activation.ts';
import { neuronBalance } from '../src/models/l2/balance.ts';
import { attractionRepulsion } from '../src/models/l2/forces.ts';
import { forward, frobenius2, loss, randomWeights, withWeights, type L2Network } from '../src/models/l2/network.ts';
import { gdStep } from '../src/models/l2/onestep.ts';
import {
  columnProjector,
  covarianceLoss,
  grams,
  minNormNetwork,
  representationLoss,
  representationsForward,
  residualNorm2,
  rowProjector,
  traceTerm,
} from '../src/models/l2/reformulation.ts';
import { ROOT_SEED } from './setup.ts';
import { EPS } from '../src/core/constants.ts';

const seedArb = fc.integer({ min: 0, max: 2 ** 31 - 1 });

/** A depth-3 net with N ≤ 5 points and wide hidden layers (n_ℓ + 1 > N): W̃ ≠ 0 and every K^σ_ℓ (ℓ ≥ 1) invertible. */
function wideNet(seed: number, act: L2Activation, beta: number, lambda = 0.05): L2Network {
  const rng = Rng.stream(seed, 'l2-identities');
  const N = 2 + rng.int(4);
  const n0 = 1 + rng.int(N + 2);
  const widths = [n0, N + 1 + rng.int(3), N + 1 + rng.int(3), 1 + rng.int(2)];
  return withWeights({ activation: act, beta, lambda, X: gaussianMatrix(n0, N, rng), Y: gaussianMatrix(widths[3], N, rng) }, randomWeights(widths, rng));
}

function maxAbsDiff(a: Matrix, b: Matrix): number {
  let m = 0;
  for (let i = 0; i < a.rows; i++) for (let j = 0; j < a.cols; j++) m = Math.max(m, Math.abs(a.data[a.offset + i * a.stride + j] - b.data[b.offset + i * b.stride + j]));
  return m;
}

test('P_ℓ is a symmetric idempotent projector fixing the columns of Z^σ_{ℓ−1}; Π_ℓ fixes its rows (the swapped sides are rejected)', () => {
  fc.assert(
    fc.property(seedArb, fc.constantFrom(0, 0.5, 1), (seed, beta) => {
      const fw = forward(wideNet(seed, relu, beta));
      for (const zs of fw.Zs) {
        const p = pinv(zs);
        const kappa = p.rank === 0 ? 1 : 1 / p.smallestKeptRatio;
        // sin Θ bound: ‖P̂ − P‖ ≤ c·m·ε·κ; c = 10. Idempotence and symmetry are within the same bound.
        const tol = 10 * Math.max(zs.rows, zs.cols) * EPS * kappa;
        const P = columnProjector(zs);
        const Pi = rowProjector(zs);
        const scale = Math.sqrt(frobenius2(zs));
        if (maxAbsDiff(matmul(P, P), P) > tol) return false;
        if (maxAbsDiff(matmul(P, zs), zs) > tol * scale) return false;
        if (maxAbsDiff(matmul(zs, Pi), zs) > tol * scale) return false;
      }
      return true;
    }),
    { seed: deriveSeed32(ROOT_SEED, 'l2-projectors') | 0, numRuns: 40 },
  );
  // Wrong variant: the row projector used on the column side. For a wide Z^σ (m > N) P ≠ Π in shape; for a square one
  // they differ: on a 3 × 3 Z^σ of rank 2 the check P Z^σ = Z^σ fails when Π replaces P.
  const zs = matmul(gaussianMatrix(3, 2, Rng.stream(5, 'x')), gaussianMatrix(2, 3, Rng.stream(6, 'x')));
  expect(maxAbsDiff(matmul(rowProjector(zs), zs), zs)).toBeGreaterThan(1e-3);
});

test('at min-norm weights L_λ = L^r = L^k, W̃ = 0, and the map is idempotent (the original wide net has W̃ ≠ 0)', () => {
  fc.assert(
    fc.property(seedArb, fc.integer({ min: 0, max: 3 }), fc.constantFrom(0, 0.5, 1), (seed, a, beta) => {
      const act = [relu, absolute, tanhActivation, identityActivation][a];
      const net = wideNet(seed, act, beta);
      const mn = minNormNetwork(net);
      const fw = forward(mn);
      let kappa = 1;
      for (const zs of fw.Zs) {
        const p = pinv(zs);
        if (p.rank > 0) kappa = Math.max(kappa, 1 / p.smallestKeptRatio);
      }
      fc.pre(kappa < 1e4);
      // J1–J3 bounds: c·m·ε·κ² relative, m ≤ 10, c = 10 → 100·ε·κ² (Gram side: 10·(m + n + N)·N·ε·κ² ≤ 1500·ε·κ²).
      const Lw = loss(mn);
      const Lr = representationLoss(fw, mn.Y, mn.lambda);
      const g = grams(fw);
      const Lk = covarianceLoss(fw.Z[fw.Z.length - 1], mn.Y, g, { lambda: mn.lambda, rtol: 2 * 10 * 5 * EPS });
      const tol = 1500 * EPS * kappa * kappa * Lw;
      const again = loss(minNormNetwork(mn));
      const ok = Math.abs(Lr - Lw) <= tol && Math.abs(Lk - Lw) <= tol && residualNorm2(mn) <= tol && Math.abs(again - Lw) <= tol && Lw <= loss(net) + tol;
      // Wrong variant: the original (not min-norm) wide net satisfies none of this: its W̃ is O(1).
      return ok && residualNorm2(net) > 1e3 * tol;
    }),
    { seed: deriveSeed32(ROOT_SEED, 'l2-min-norm-forms') | 0, numRuns: 40 },
  );
});

test('attraction + repulsion is the exact Z-gradient of L^r (central differences), and dropping σ′ in F_rep is rejected', () => {
  // Central differences with h = 1e-6 on L^r(Z), with K^σ_ℓ ≻ 0 (ℓ ≥ 1) and κ(Z^σ) ≤ 30: the rounding of L^r is
  // ≤ c·ε·κ²·|L^r| with c = 20 (pseudo-inverse relative error, Wedin) ≈ 4e-12·|L^r|; the difference quotient divides two such
  // errors by 2h: ≤ 4e-6·|L^r|. Truncation h²·M3/6 ≈ 1e-12·M3. tol = 1e-5·(1 + |L^r|) covers both.
  const h = 1e-6;
  fc.assert(
    fc.property(seedArb, fc.integer({ min: 0, max: 2 }), fc.constantFrom(0.5, 1), (seed, a, beta) => {
      const act = [tanhActivation, softplus, identityActivation][a];
      const net = wideNet(seed, act, beta);
      const fw = forward(net);
      let kappa = 1;
      let fullRank = true;
      fw.Zs.forEach((zs, l) => {
        const p = pinv(zs);
        kappa = Math.max(kappa, 1 / p.smallestKeptRatio);
        // The forces are the gradient where K^σ_ℓ (ℓ ≥ 1) is invertible; a linear net with n_0 + 1 < N has rank-deficient K^σ_ℓ.
        if (l >= 1 && p.rank < zs.cols) fullRank = false;
      });
      fc.pre(kappa <= 30 && fullRank);
      const F = attractionRepulsion(net, { fw });
      const Zs = fw.Z.slice(1);
      const L = Zs.length;
      const f = (Z: Matrix[]): number => representationLoss(representationsForward(net.X, Z, { activation: act, beta }), net.Y, net.lambda);
      const L0 = f(Zs);
      const tol = 1e-5 * (1 + Math.abs(L0));
      let worst = 0;
      let worstWrong = 0;
      for (let l = 1; l <= L; l++) {
        const z = Zs[l - 1];
        for (let idx = 0; idx < z.rows * z.cols; idx++) {
          const plus = Zs.map((m) => ({ ...m, data: m.data.slice() }));
          const minus = Zs.map((m) => ({ ...m, data: m.data.slice() }));
          plus[l - 1].data[idx] += h;
          minus[l - 1].data[idx] -= h;
          const fd = (f(plus) - f(minus)) / (2 * h);
          let an: number;
          let wrong: number;
          if (l < L) {
            const hid = F.hidden[l - 1];
            an = net.lambda * (hid.attraction.data[idx] + hid.repulsion.data[idx]);
            // Wrong variant: F_rep without the σ′(Z_ℓ) factor.
            const sp = act.derivative(z.data[idx]);
            wrong = net.lambda * (hid.attraction.data[idx] + (sp !== 0 ? hid.repulsion.data[idx] / sp : 0));
          } else {
            an = F.outputGradient.data[idx];
            wrong = an;
          }
          worst = Math.max(worst, Math.abs(fd - an));
          worstWrong = Math.max(worstWrong, Math.abs(fd - wrong));
        }
      }
      // The identity σ has σ′ = 1, so its wrong variant coincides with the truth; require rejection only for tanh and softplus.
      return worst <= tol && (act === identityActivation || worstWrong > tol);
    }),
    { seed: deriveSeed32(ROOT_SEED, 'l2-forces-fd') | 0, numRuns: 25 },
  );
});

test('the Z-space stationarity residual vanishes where W̃ = 0 and ∇_W L = 0 coincide: zero-output nets at λ > 0 with Y = 0', () => {
  // With Y = 0 and all weights 0 the point is a global minimum: every force and residual is exactly 0.
  const net = wideNet(3, tanhActivation, 1);
  const zeroNet = withWeights({ ...net, Y: zeros(net.Y.rows, net.Y.cols) }, net.weights.map((w) => zeros(w.rows, w.cols)));
  expect(attractionRepulsion(zeroNet).maxResidual).toBe(0);
  // A random net is not stationary: its residual is O(1) (the check can fail).
  expect(attractionRepulsion(net).maxResidual).toBeGreaterThan(1e-6);
});

test('balance quantities agree with their definitions, and bad arguments throw naming them', () => {
  const net = wideNet(9, relu, 0.5);
  const b = neuronBalance(net);
  expect(b.length).toBe(net.weights.length - 1);
  const w1 = net.weights[0];
  let s = 0;
  for (let j = 0; j < w1.cols; j++) s += w1.data[j] ** 2;
  expect(b[0].inNorm2[0]).toBeCloseToRel(s, 4 * w1.cols * EPS);
  for (const e of b[0].euler) expect(Math.abs(e)).toBeLessThanOrEqual(1e-14);
  expect(() => gdStep(net, 0)).toThrow(/eta/);
  expect(() => gdStep(net, NaN)).toThrow(/eta/);
  expect(() => traceTerm(zeros(2, 2), zeros(3, 3))).toThrow(/same N/);
  expect(() => representationsForward(net.X, [zeros(2, net.X.cols + 1)], { activation: relu, beta: 1 })).toThrow(/columns/);
  expect(() => representationLoss(forward(net), net.Y, -1)).toThrow(/lambda/);
});
