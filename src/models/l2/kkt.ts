/**
 * KKT certificates for kink points of L2-regularised networks (Jacot, Golikov, Hongler, Gabriel 2022,
 * arXiv 2205.15809; `shared/math/l2-feature-learning.md` §2 "Kinks").
 *
 * Minima of L2-regularised ReLU nets sit on kinks (pre-activations exactly 0), where \( \nabla\mathcal L_\lambda \) does not
 * vanish and a gradient-norm threshold is no local-minimum oracle. At a kink entry \(z_{ki} = 0\) the activation's derivative
 * may take any value \( s_{ki} \in [\sigma'(0^-), \sigma'(0^+)] \) ([0, 1] for ReLU): the generalised (Clarke) gradient
 * contains, for every such choice,
 * \[ g_\ell = G_\ell (Z^\sigma_{\ell-1})^\top + 2\lambda W_\ell, \qquad G_\ell = D_\ell \odot H_\ell, \quad H_\ell = W_{\ell+1}^{\circ\top} G_{\ell+1}, \]
 * with \(D_\ell = \sigma'(Z_\ell)\) off the kinks and \(D_{ki} = s_{ki}\) on them. The multiplier of kink (k, i) is
 * \( \mu_{ki} = s_{ki} H_{ki} \), between 0 and \(\delta_{ki} = H_{ki}\) for ReLU ("0 ≤ μ ≤ δ"). The certificate chooses the
 * multipliers layer by layer from the top (row k of \(g_\ell\) depends only on the kinks of neuron k, so each neuron is one
 * small LP \( \min_s \|g_{\ell,k}(s)\|_\infty \), solved by HiGHS) and reports the residual \( \max|g| \). For depth 2 this is the
 * exact first-order condition \( 0 \in \partial\mathcal L_\lambda \); for deeper nets the top-down choice is sufficient, not necessary.
 *
 * The same construction in representation space (Z-space stationarity, attraction = repulsion with the kink multipliers):
 * \( R_\ell = \lambda\,(F^{att}_\ell - 2\,D_\ell \odot (\sigma(Z_\ell)M_\ell))\,\Pi_\ell \), with \(D_\ell\) free on the kinks.
 *
 * @module
 */
import { matmul } from '../../core/gemm.ts';
import { DimensionError, type Matrix, maxAbs, zeros } from '../../core/matrix.ts';
import { forward, gradients, type L2Network } from './network.ts';
import type { L2Activation } from './activation.ts';
import { attractionRepulsion } from './forces.ts';
import { inputPinvs } from './reformulation.ts';
import { solveLp, type LpSolver } from './lpTest.ts';

/** Result of {@link boxLinf}. */
export interface BoxLinf {
  /** The chosen s (inside the box). */
  s: Float64Array;
  /** \( \|b + As\|_\infty \), recomputed in float64. */
  residual: number;
}

/** The problem of {@link boxLinf}: \( \min_{lo \le s \le hi} \|b + A s\|_\infty \). */
export interface BoxLinfProblem {
  /** The offset b, length m. */
  b: Float64Array;
  /** The matrix A, m × p (columns: the free kink derivatives of one neuron). */
  A: Matrix;
  /** Lower bounds of s, length p. */
  lo: ArrayLike<number>;
  /** Upper bounds of s, length p. */
  hi: ArrayLike<number>;
}

/**
 * \( \min_{lo \le s \le hi} \|b + A s\|_\infty \) as the LP \( \min t \) s.t. \( -t \le b + As \le t \) (HiGHS). A is m × p
 * (columns = the free kink derivatives of one neuron). Data are scaled by \(1/\max(|b|, |A|)\) for HiGHS's absolute tolerances.
 */
export function boxLinf(solver: LpSolver, problem: BoxLinfProblem): BoxLinf {
  const { b, A, lo, hi } = problem;
  const m = b.length;
  const p = A.cols;
  if (A.rows !== m) throw new DimensionError(`A has ${A.rows} rows, b has length ${m}`);
  const res = (s: Float64Array) => {
    let r = 0;
    for (let i = 0; i < m; i++) {
      let t = b[i];
      for (let j = 0; j < p; j++) t += A.data[A.offset + i * A.stride + j] * s[j];
      r = Math.max(r, Math.abs(t));
    }
    return r;
  };
  if (p === 0) return { s: new Float64Array(0), residual: res(new Float64Array(0)) };
  let sc = 0;
  for (const v of b) sc = Math.max(sc, Math.abs(v));
  for (let i = 0; i < m; i++) for (let j = 0; j < p; j++) sc = Math.max(sc, Math.abs(A.data[A.offset + i * A.stride + j]));
  if (sc === 0) return { s: Float64Array.from(lo), residual: 0 };
  // Variables (s_1..s_p, t); rows: b_i + A_i s − t ≤ 0 and b_i + A_i s + t ≥ 0 (scaled by 1/sc).
  const M = zeros(2 * m, p + 1);
  const rl: number[] = [];
  const ru: number[] = [];
  for (let i = 0; i < m; i++) {
    for (let j = 0; j < p; j++) {
      const v = A.data[A.offset + i * A.stride + j] / sc;
      M.data[2 * i * (p + 1) + j] = v;
      M.data[(2 * i + 1) * (p + 1) + j] = v;
    }
    M.data[2 * i * (p + 1) + p] = -1;
    M.data[(2 * i + 1) * (p + 1) + p] = 1;
    rl.push(-Infinity, -b[i] / sc);
    ru.push(-b[i] / sc, Infinity);
  }
  const c = new Array(p + 1).fill(0);
  c[p] = 1;
  const out = solveLp(solver, { c, A: M, rowLower: rl, rowUpper: ru, colLower: [...Array.from(lo), 0], colUpper: [...Array.from(hi), Infinity] });
  const s = new Float64Array(p);
  for (let j = 0; j < p; j++) s[j] = Math.min(hi[j], Math.max(lo[j], out.x[j]));
  // Never worse than the activation's own convention (the box's left end for ReLU).
  const s0 = Float64Array.from(lo);
  const r1 = res(s);
  const r0 = res(s0);
  return r1 <= r0 ? { s, residual: r1 } : { s: s0, residual: r0 };
}

/** Range of σ' at a kink: \( [\sigma'(0^-), \sigma'(0^+)] \) for the piecewise-linear activations, null when σ is smooth at 0. */
export function kinkInterval(sigma: L2Activation): [number, number] | null {
  const l = sigma.derivative(-1e-300);
  const r = sigma.derivative(1e-300);
  if (sigma.kind === 'relu' || sigma.kind === 'leaky-relu' || sigma.kind === 'abs') return [Math.min(l, r), Math.max(l, r)];
  return null;
}

/** Options of the certificates. */
export interface KktOptions {
  /** A pre-activation is a kink when |z| ≤ kinkTol · max|Z_ℓ| (default 1e-6). */
  kinkTol?: number;
}

/** Result of {@link kktCertificate}. */
export interface KktCertificate {
  /** \( \max|g| \) over all layers with the chosen kink multipliers. */
  residual: number;
  /** \( \max|\nabla\mathcal L_\lambda| \) with the activation's own σ'(0) (no free multipliers). */
  plainResidual: number;
  /** residual / (2λ max|W|): the stationarity defect relative to the regulariser's own gradient. */
  relResidual: number;
  /** Kink entries per hidden layer. */
  kinks: number[];
  /** Generalised gradients g_ℓ (same shapes as the weights). */
  grads: Matrix[];
  /** Kink derivatives s (n_ℓ × N, NaN off the kinks) per hidden layer ℓ = 1..L−1. */
  s: Matrix[];
  /** Multipliers μ = s·H at the kinks (0 elsewhere) per hidden layer. */
  mu: Matrix[];
  /** max over kinks of |μ|·|z| (how far from exact kinks the certified point is; enters the derived bounds). */
  kinkSlack: number;
  /** Pre-activation gradient signals H_ℓ = W°_{ℓ+1}ᵀG_{ℓ+1} per hidden layer (δ of "0 ≤ μ ≤ δ"). */
  H: Matrix[];
}

/**
 * The KKT certificate of a network at a (kink) point: kink multipliers chosen top-down by one LP per neuron, the
 * generalised gradient and its residual. A small `residual` (relative to 2λ max|W|) certifies first-order stationarity
 * \( 0 \in \partial\mathcal L_\lambda \) (exactly so for depth 2).
 */
export function kktCertificate(solver: LpSolver, net: L2Network, opts: KktOptions = {}): KktCertificate {
  const kinkTol = opts.kinkTol ?? 1e-6;
  const g0 = gradients(net);
  const fw = g0.forward;
  const L = net.weights.length;
  const sigma = net.activation;
  const box = kinkInterval(sigma);
  const grads: Matrix[] = new Array(L);
  const sOut: Matrix[] = new Array(L - 1);
  const muOut: Matrix[] = new Array(L - 1);
  const Hout: Matrix[] = new Array(L - 1);
  const kinks: number[] = new Array(L - 1).fill(0);
  let kinkSlack = 0;
  let G = g0.dZ[L];
  const lam2 = 2 * net.lambda;
  const gradOf = (Gl: Matrix, l: number) => {
    const W = net.weights[l - 1];
    const g = matmul(Gl, fw.Zs[l - 1], { transB: true });
    for (let i = 0; i < W.rows; i++) for (let j = 0; j < W.cols; j++) g.data[i * W.cols + j] += lam2 * W.data[W.offset + i * W.stride + j];
    return g;
  };
  grads[L - 1] = gradOf(G, L);
  for (let l = L - 1; l >= 1; l--) {
    const W = net.weights[l];
    const n = W.cols - 1;
    const Wo: Matrix = { rows: W.rows, cols: n, data: W.data, offset: W.offset, stride: W.stride };
    const H = matmul(Wo, G, { transA: true });
    const z = fw.Z[l];
    const N = z.cols;
    const zmax = maxAbs(z);
    const D = zeros(n, N);
    const sM = zeros(n, N).data.fill(NaN);
    const S: Matrix = { rows: n, cols: N, data: sM, offset: 0, stride: N };
    const mu = zeros(n, N);
    const kinkOf: number[][] = [];
    for (let k = 0; k < n; k++) {
      const list: number[] = [];
      for (let i = 0; i < N; i++) {
        const v = z.data[z.offset + k * z.stride + i];
        if (box && Math.abs(v) <= kinkTol * zmax) {
          list.push(i);
          D.data[k * N + i] = box[0];
        } else D.data[k * N + i] = sigma.derivative(v);
      }
      kinkOf.push(list);
      kinks[l - 1] += list.length;
    }
    const Gl = zeros(n, N);
    for (let k = 0; k < n * N; k++) Gl.data[k] = D.data[k] * H.data[k];
    const g = gradOf(Gl, l);
    const zs = fw.Zs[l - 1];
    const m = zs.rows;
    for (let k = 0; k < n; k++) {
      const list = kinkOf[k];
      if (list.length === 0 || !box) continue;
      const b = Float64Array.from(g.data.subarray(k * m, (k + 1) * m));
      const A = zeros(m, list.length);
      list.forEach((i, c) => {
        for (let j = 0; j < m; j++) A.data[j * list.length + c] = H.data[k * N + i] * zs.data[zs.offset + j * zs.stride + i];
      });
      const lo = new Array(list.length).fill(box[0]);
      const hi = new Array(list.length).fill(box[1]);
      const sol = boxLinf(solver, { b, A, lo, hi });
      list.forEach((i, c) => {
        const si = sol.s[c];
        S.data[k * N + i] = si;
        D.data[k * N + i] = si;
        mu.data[k * N + i] = si * H.data[k * N + i];
        kinkSlack = Math.max(kinkSlack, Math.abs(mu.data[k * N + i] * z.data[z.offset + k * z.stride + i]));
        Gl.data[k * N + i] = si * H.data[k * N + i];
      });
    }
    grads[l - 1] = gradOf(Gl, l);
    sOut[l - 1] = S;
    muOut[l - 1] = mu;
    Hout[l - 1] = H;
    G = Gl;
  }
  let residual = 0;
  for (const g of grads) residual = Math.max(residual, maxAbs(g));
  let plain = 0;
  for (const g of g0.grads) plain = Math.max(plain, maxAbs(g));
  let wmax = 0;
  for (const w of net.weights) wmax = Math.max(wmax, maxAbs(w));
  const scale = lam2 * wmax;
  return { residual, plainResidual: plain, relResidual: scale > 0 ? residual / scale : residual, kinks, grads, s: sOut, mu: muOut, kinkSlack, H: Hout };
}

/** Result of {@link zStationarity}. */
export interface ZStationarity {
  /** max |R_ℓ| over hidden layers with kink multipliers chosen by LP (and the output layer's residual). */
  residual: number;
  /** The same with the activation's own σ'(0) at the kinks (forces.ts as is). */
  plainResidual: number;
  /** max over hidden layers of max|λ·F^att_ℓ Π_ℓ| (times `attractionFactor`): the size of the terms that must cancel. */
  scale: number;
  /** Kink derivatives chosen per hidden layer (NaN off the kinks). */
  s: Matrix[];
}

/**
 * Z-space stationarity with kink multipliers (attraction = repulsion): for each hidden layer,
 * \( \min_{s \in \text{box}} \|\lambda(F^{att}_\ell - 2 D_\ell(s)\odot(\sigma(Z_\ell)M_\ell))\Pi_\ell\|_\infty \) row by row (HiGHS),
 * and the output residual \( (\partial C/\partial Z_L + 2\lambda Z_L(K^\sigma_{L-1})^+)\Pi_L \) (forces.ts).
 * `attractionFactor` (default 1) scales F^att: wrong variants use it (λ instead of 2λ).
 */
export function zStationarity(
  solver: LpSolver,
  net: L2Network,
  opts: KktOptions & { attractionFactor?: number; kinkDerivative?: 'free' | 'right'; rtol?: number } = {},
): ZStationarity {
  const kinkTol = opts.kinkTol ?? 1e-6;
  const af = opts.attractionFactor ?? 1;
  const fw = forward(net);
  const L = net.weights.length;
  const sigma = net.activation;
  const box = kinkInterval(sigma);
  const po = opts.rtol === undefined ? {} : { rtol: opts.rtol };
  const f0 = attractionRepulsion(net, { fw, ...po });
  // σ(Z_ℓ)M_ℓ from forces.ts: with σ' ≡ 1 the repulsion is exactly −2σ(Z_ℓ)M_ℓ.
  const one: L2Activation = { ...sigma, derivative: () => 1 };
  const f1 = attractionRepulsion({ ...net, activation: one }, { fw, ...po });
  const pinvs = inputPinvs(fw, po);
  let residual = maxAbs(f0.outputResidual);
  const plain = f0.maxResidual;
  let scale = 0;
  const sOut: Matrix[] = [];
  for (let l = 1; l < L; l++) {
    const z = fw.Z[l];
    const n = z.rows;
    const N = z.cols;
    const att = f0.hidden[l - 1].attraction;
    const sMneg2 = f1.hidden[l - 1].repulsion; // −2 σ(Z)M
    const Pi = matmul(pinvs[l - 1].pinv, fw.Zs[l - 1]); // N × N
    const zmax = maxAbs(z);
    const S = zeros(n, N);
    S.data.fill(NaN);
    const base = zeros(n, N);
    const kinkOf: number[][] = [];
    for (let k = 0; k < n; k++) {
      const list: number[] = [];
      for (let i = 0; i < N; i++) {
        const v = z.data[z.offset + k * z.stride + i];
        const isKink = box !== null && Math.abs(v) <= kinkTol * zmax;
        const d = isKink ? (opts.kinkDerivative === 'right' ? (box as [number, number])[1] : (box as [number, number])[0]) : sigma.derivative(v);
        if (isKink && opts.kinkDerivative !== 'right') list.push(i);
        base.data[k * N + i] = net.lambda * (af * att.data[k * N + i] + d * sMneg2.data[k * N + i]);
      }
      kinkOf.push(list);
    }
    const R = matmul(base, Pi);
    const attP = matmul(att, Pi);
    scale = Math.max(scale, net.lambda * af * maxAbs(attP));
    for (let k = 0; k < n; k++) {
      const list = kinkOf[k];
      const b = Float64Array.from(R.data.subarray(k * N, (k + 1) * N));
      if (list.length === 0 || !box) {
        for (const v of b) residual = Math.max(residual, Math.abs(v));
        continue;
      }
      // Column c: the effect of s_{k,i} on row k of R: λ (−2σ(Z)M)_{ki} Π_{i,:}.
      const A = zeros(N, list.length);
      list.forEach((i, c) => {
        for (let j = 0; j < N; j++) A.data[j * list.length + c] = net.lambda * sMneg2.data[k * N + i] * Pi.data[i * N + j];
      });
      // b already contains the box's left end at the kinks: shift to s − lo.
      const sol = boxLinf(solver, { b, A, lo: new Array(list.length).fill(0), hi: new Array(list.length).fill(box[1] - box[0]) });
      residual = Math.max(residual, sol.residual);
      list.forEach((i, c) => (S.data[k * N + i] = box[0] + sol.s[c]));
    }
    sOut.push(S);
  }
  return { residual, plainResidual: plain, scale, s: sOut };
}
