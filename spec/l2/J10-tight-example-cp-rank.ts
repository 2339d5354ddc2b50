/**
 * J10. The tight example (Jacot et al. 2022, Def. 12, Props. 13–14).
 *
 * - J10.cp-triangle-free: for the incidence matrix E of a triangle-free graph with k edges, Rank_cp(EᵀE) = k (Prop. 13),
 *   checked on random bipartite graphs: E is a k-row CP factor, and a best-of-restarts search finds no (k − 1)-row one.
 * - J10.k4: with a triangle it fails: K₄ (6 edges) has EᵀE = 2I + J = BᵀB with B = √2 I + bJ ≥ 0, 4 rows.
 * - J10.spectrum: Y_N = EᵀE for K_{N/2,N/2} has spectrum N (once), N/2 (N − 2 times), 0 (once) and ‖Y_N‖_* = N²/2.
 * - J10.e-network: W₁ = E, W₂ = Eᵀ gives f(I) = Y_N exactly with ‖W₁‖² = ‖W₂‖² = N²/2, so ‖W‖² = 2‖f(I)‖_*.
 * - J10.nuclear-bound: every depth-2 ReLU net with X = I, β = 0 has ‖W‖² ≥ 2‖f(I)‖_* (derived).
 */
import { defineClaim, fc } from '../../src/index.ts';
import { EPS, identity, matmul, type Matrix, type Rng, symEigvals } from '../../src/core/index.ts';
import { relu, type L2Activation } from '../../src/models/l2/activation.ts';
import { cpResidual, k4CpFactor, searchCpFactor } from '../../src/models/l2/cpRank.ts';
import { forward, frobenius2, randomWeights, type L2Network } from '../../src/models/l2/network.ts';
import {
  completeGraph,
  eNetworkWeights,
  hasTriangle,
  incidenceGram,
  incidenceMatrix,
  nuclearNorm,
  randomBipartite,
  tightIncidence,
  tightSpectrum,
  tightTargets,
  type Graph,
} from '../../src/models/l2/tightExample.ts';

const PAPER = 'Jacot, Golikov, Hongler, Gabriel 2022 (arXiv 2205.15809)';
const MATH = 'shared/math/l2-feature-learning.md';

const frob = (A: Matrix) => Math.sqrt(frobenius2(A));
const maxAbsDiff = (A: Matrix, B: Matrix) => {
  let d = 0;
  for (let i = 0; i < A.rows; i++) for (let j = 0; j < A.cols; j++) d = Math.max(d, Math.abs(A.data[A.offset + i * A.stride + j] - B.data[B.offset + i * B.stride + j]));
  return d;
};

// ---------------------------------------------------------------- CP rank of triangle-free graphs

interface CpImpl {
  /** The graph family the lemma is applied to. */
  graph: (p: number, q: number, prob: number, rng: Rng) => Graph;
}

/** Search budget of the CP-factor searches (both row counts): restarts × sweeps coordinate descent, then LM on the support. */
const CP_BUDGET = { restarts: 10, sweeps: 300 };

const cpTriangleFree = defineClaim({
  id: 'J10.cp-triangle-free',
  title: 'Triangle-free graphs: Rank_cp(EᵀE) equals the number of edges',
  kind: 'optimisation',
  source: [
    { paper: PAPER, ref: 'Prop. 13 (CP rank of EᵀE for triangle-free graphs)' },
    { paper: MATH, ref: '§5' },
  ],
  statement:
    'Let E be the edge–vertex incidence matrix of a triangle-free graph with k edges. Then EᵀE = BᵀB with B ≥ 0 needs at least k rows, ' +
    'and E itself is such a factor (Rank_cp(EᵀE) = k). Checked on random bipartite graphs (p, q ≤ 4 vertices per side): E is an exact ' +
    'k-row CP factor; a best-of-restarts search finds a k-row factor (so the search works) whose rows are supported on edges (the ' +
    'clique-support step of the proof); and the same search finds no (k − 1)-row factor. The last part is optimisation evidence, with ' +
    `the budget stated (${CP_BUDGET.restarts} restarts × ${CP_BUDGET.sweeps} sweeps + Levenberg–Marquardt), not a proof.`,
  params: fc.record({ p: fc.integer({ min: 2, max: 4 }), q: fc.integer({ min: 2, max: 4 }), prob: fc.constantFrom(0.4, 0.6, 0.8) }),
  runs: { quick: 3, ci: 8, full: 40 },
  impl: { graph: (p: number, q: number, prob: number, rng: Rng) => randomBipartite({ p, q, prob }, rng) } as CpImpl,
  tolerance:
    'EᵀE and BᵀB with B = E are integer sums, exact in float64: atol 0. A k-row search counts as found when ‖BᵀB − A‖_F ≤ 1e-10·‖A‖_F ' +
    '(the LM polish reaches ~1e-13·‖A‖_F, 10 ε-level sums of ≤ k terms). The (k − 1)-row search must stay ≥ 1e-6·‖A‖_F: 10⁴ times the ' +
    'k-row acceptance level in the same draw with the same budget, so a pass cannot be a weak search (measured (k − 1)-row residuals: 0.38–0.63). ' +
    'Support of a row: entries > 1e-6·max B.',
  evaluate({ p, q, prob }, ctx, impl) {
    const g = impl.graph(p, q, prob, ctx.rng.split('graph'));
    const E = incidenceMatrix(g);
    const A = incidenceGram(E);
    const k = g.edges.length;
    const an = frob(A);
    const found = searchCpFactor(A, k, ctx.rng.split('k'), CP_BUDGET);
    const fewer = k > 1 ? searchCpFactor(A, k - 1, ctx.rng.split('k-1'), CP_BUDGET).residual : an;
    // Clique-support step: each row of the found factor is supported on a vertex or an edge.
    const adj = new Set(g.edges.map(([i, j]) => `${i},${j}`));
    let bad = 0;
    const B = found.B;
    let bmax = 0;
    for (const v of B.data) bmax = Math.max(bmax, v);
    for (let r = 0; r < B.rows; r++) {
      const sup: number[] = [];
      for (let i = 0; i < B.cols; i++) if (B.data[r * B.cols + i] > 1e-6 * bmax) sup.push(i);
      if (sup.length > 2 || (sup.length === 2 && !adj.has(`${sup[0]},${sup[1]}`) && !adj.has(`${sup[1]},${sup[0]}`))) bad++;
    }
    return [
      { label: 'E is a CP factor: ‖EᵀE − A‖_F', actual: cpResidual(E, A), expected: 0, atol: 0, rtol: 0 },
      { label: `k = ${k} rows: best search residual / ‖A‖_F`, value: found.residual / an, op: '<=', bound: 1e-10 },
      { label: 'rows of the k-row factor not supported on an edge or a vertex', actual: bad, expected: 0, atol: 0, rtol: 0 },
      { label: `k − 1 = ${k - 1} rows: best search residual / ‖A‖_F`, value: fewer / an, op: '>=', bound: 1e-6 },
    ];
  },
  variants: [
    {
      name: 'graph-with-triangle',
      why: 'the lemma applied without its hypothesis: K₄ (4 triangles, 6 edges), whose EᵀE = 2I + J has a 4-row CP factor',
      impl: { graph: () => completeGraph(4) },
    },
  ],
});

// ---------------------------------------------------------------- the K4 counterexample

interface K4Impl {
  factor: () => Matrix;
}

const k4 = defineClaim({
  id: 'J10.k4',
  title: 'K₄: EᵀE = 2I + J has a 4-row CP factor although K₄ has 6 edges',
  kind: 'identity',
  source: [
    { paper: PAPER, ref: 'after Prop. 13 (the triangle-free hypothesis is needed)' },
    { paper: MATH, ref: '§5, B = √2 I + bJ, b = (√24 − 2√2)/8' },
  ],
  statement: 'For K₄, EᵀE = 2I + J = BᵀB with B = √2 I + bJ, b = (√24 − 2√2)/8 ≥ 0: a CP factor with 4 < 6 rows.',
  params: fc.constant(0),
  runs: 1,
  impl: { factor: k4CpFactor } as K4Impl,
  tolerance:
    'Entries of BᵀB are sums of 4 products of numbers ≤ 1.6 computed from √2 and √24 to 1 ulp: |BᵀB − (2I + J)| ≤ 4·(3ε)·‖B‖²_max·4 ≈ 1.3e-14; ' +
    'we allow 10·4·ε·‖A‖_F (c = 10, ‖A‖_F = √28) on the Frobenius residual. B ≥ 0 and the row count are exact.',
  evaluate(_p, _ctx, impl) {
    const A = incidenceGram(incidenceMatrix(completeGraph(4)));
    const B = impl.factor();
    let bmin = Infinity;
    for (const v of B.data) bmin = Math.min(bmin, v);
    return [
      { label: '‖BᵀB − (2I + J)‖_F', actual: cpResidual(B, A), expected: 0, atol: 10 * 4 * EPS * frob(A), rtol: 0 },
      { label: 'min B', value: bmin, op: '>=', bound: 0 },
      { label: 'rows of B', value: B.rows, op: '<', bound: completeGraph(4).edges.length },
      { label: 'K₄ has a triangle', actual: hasTriangle(completeGraph(4)) ? 1 : 0, expected: 1, atol: 0, rtol: 0 },
    ];
  },
  variants: [
    {
      name: 'b-plus-sign',
      why: 'the other root of the quadratic for b taken, (√24 + 2√2)/8: BᵀB ≠ 2I + J',
      impl: {
        factor: () => {
          const B = k4CpFactor();
          const b0 = (Math.sqrt(24) - 2 * Math.SQRT2) / 8;
          const b1 = (Math.sqrt(24) + 2 * Math.SQRT2) / 8;
          for (let i = 0; i < 16; i++) B.data[i] += b1 - b0;
          return B;
        },
      },
    },
    {
      name: 'identity-root-2',
      why: 'B = √2 I alone (the J term dropped): BᵀB = 2I misses the off-diagonal ones',
      impl: {
        factor: () => {
          const B = identity(4);
          for (let i = 0; i < 4; i++) B.data[i * 5] = Math.SQRT2;
          return B;
        },
      },
    },
  ],
});

// ---------------------------------------------------------------- spectrum and nuclear norm of Y_N

interface SpecImpl {
  spectrum: (N: number) => Float64Array;
  nuclear: (N: number) => number;
}

const spectrum = defineClaim({
  id: 'J10.spectrum',
  title: 'Y_N = EᵀE has spectrum {N, N/2 (N − 2 times), 0} and nuclear norm N²/2',
  kind: 'identity',
  source: [
    { paper: PAPER, ref: 'Def. 12 (the dataset of the tight example)' },
    { paper: MATH, ref: '§5, spectrum of Y_N' },
  ],
  statement:
    'For even N, the incidence matrix E of K_{N/2,N/2} gives EᵀE = Y_N = [[(N/2) I, 1], [1, (N/2) I]], whose eigenvalues are N (once, ' +
    'eigenvector 1), N/2 (N − 2 times) and 0 (once, eigenvector (1, −1)), so ‖Y_N‖_* = N + (N − 2)N/2 = N²/2.',
  params: fc.integer({ min: 1, max: 24 }).map((h) => 2 * h),
  runs: { quick: 8, ci: 24, full: 24 },
  impl: { spectrum: tightSpectrum, nuclear: (N: number) => (N * N) / 2 } as SpecImpl,
  tolerance:
    'EᵀE is an exact integer sum (atol 0). Eigenvalues: the core symmetric eigensolver is backward stable, |λ̂ − λ| ≤ c·N·ε·‖Y‖₂ with ' +
    '‖Y‖₂ = N (Golub & Van Loan §8.3.6); atol = 10·N·ε·N (c = 10). Nuclear norm from the SVD: the same bound summed over N values, ' +
    'atol = 10·N²·ε·N.',
  evaluate(N, _ctx, impl) {
    const Y = tightTargets(N);
    const E = tightIncidence(N);
    const ev = symEigvals(Y); // ascending
    const want = impl.spectrum(N); // descending
    const out = [{ label: 'max |EᵀE − Y_N|', actual: maxAbsDiff(incidenceGram(E), Y), expected: 0, atol: 0, rtol: 0 }];
    for (let i = 0; i < N; i++) out.push({ label: `eigenvalue ${i + 1} (descending)`, actual: ev[N - 1 - i], expected: want[i], atol: 10 * N * EPS * N, rtol: 0 });
    out.push({ label: '‖Y_N‖_*', actual: nuclearNorm(Y), expected: impl.nuclear(N), atol: 10 * N * N * EPS * N, rtol: 0 });
    return out;
  },
  variants: [
    {
      name: 'no-zero-eigenvalue',
      why: 'the null vector (1, −1) forgotten: N/2 with multiplicity N − 1',
      impl: {
        spectrum: (N: number) => {
          const s = tightSpectrum(N);
          s[N - 1] = N / 2;
          return s;
        },
      },
    },
    { name: 'nuclear-N-squared', why: 'the Frobenius-type guess ‖Y_N‖_* = N² (twice too large)', impl: { nuclear: (N: number) => N * N } },
  ],
});

// ---------------------------------------------------------------- the explicit E-network

interface ENetImpl {
  weights: (N: number) => [Matrix, Matrix];
}

const eNetwork = defineClaim({
  id: 'J10.e-network',
  title: 'The E-network W₁ = E, W₂ = Eᵀ fits Y_N exactly with ‖W₁‖² = ‖W₂‖² = N²/2 = ‖Y_N‖_*',
  kind: 'identity',
  source: [
    { paper: PAPER, ref: 'Prop. 14 (the tight example needs N²/4 neurons)' },
    { paper: MATH, ref: '§5, explicit optimum' },
  ],
  statement:
    'With X = I_N, β = 0 and ReLU, the depth-2 network W₁ = [E, 0], W₂ = [Eᵀ, 0] (N²/4 hidden neurons) outputs f(I) = Eᵀσ(E) = Y_N exactly, ' +
    'with balanced layers ‖W₁‖² = ‖W₂‖² = N²/2, so ‖W‖² = N² = 2‖f(I)‖_*: the nuclear-norm lower bound is attained.',
  params: fc.integer({ min: 1, max: 8 }).map((h) => 2 * h),
  runs: { quick: 4, ci: 8, full: 8 },
  impl: { weights: eNetworkWeights } as ENetImpl,
  tolerance:
    'Entries of E are 0/1, so the forward pass is an exact integer computation (atol 0) and the norms are exact. The nuclear norm comes ' +
    'from the SVD: atol = 10·N²·ε·N as in J10.spectrum.',
  evaluate(N, _ctx, impl) {
    const [W1, W2] = impl.weights(N);
    const net: L2Network = { activation: relu, beta: 0, lambda: 0, X: identity(N), Y: tightTargets(N), weights: [W1, W2] };
    const out = forward(net).Z[2];
    const nn = nuclearNorm(out);
    return [
      { label: 'max |f(I) − Y_N|', actual: maxAbsDiff(out, tightTargets(N)), expected: 0, atol: 0, rtol: 0 },
      { label: '‖W₁‖²', actual: frobenius2(W1), expected: (N * N) / 2, atol: 0, rtol: 0 },
      { label: '‖W₂‖²', actual: frobenius2(W2), expected: (N * N) / 2, atol: 0, rtol: 0 },
      { label: '‖W‖² − 2‖f(I)‖_*', actual: frobenius2(W1) + frobenius2(W2) - 2 * nn, expected: 0, atol: 20 * N * N * EPS * N, rtol: 0 },
    ];
  },
  variants: [
    {
      name: 'unbalanced-scaling',
      why: 'W₁ = 2E, W₂ = Eᵀ/2: the same f(I) (ReLU is homogeneous) but not balanced, ‖W‖² > 2‖f‖_*',
      impl: {
        weights: (N: number): [Matrix, Matrix] => {
          const [W1, W2] = eNetworkWeights(N);
          for (let i = 0; i < W1.data.length; i++) W1.data[i] *= 2;
          for (let i = 0; i < W2.data.length; i++) W2.data[i] /= 2;
          return [W1, W2];
        },
      },
    },
    {
      name: 'second-layer-not-transposed',
      why: 'W₂ built from E (rows) instead of Eᵀ, padded: the output is not Y_N',
      impl: {
        weights: (N: number): [Matrix, Matrix] => {
          const [W1, W2] = eNetworkWeights(N);
          const E = tightIncidence(N);
          const k = E.rows;
          W2.data.fill(0);
          for (let i = 0; i < N; i++) for (let e = 0; e < k; e++) W2.data[i * (k + 1) + e] = E.data[((e + i) % k) * N + i];
          return [W1, W2];
        },
      },
    },
  ],
});

// ---------------------------------------------------------------- the nuclear-norm lower bound

interface BoundImpl {
  /** Right side of ‖W‖² ≥ rhs(f(I)). */
  rhs: (f: Matrix) => number;
  activation: L2Activation;
}

interface BoundParams {
  N: number;
  width: number;
  scaleExp: number;
  eNet: boolean;
  cIdx: number;
}

const nuclearBound = defineClaim<BoundParams, BoundImpl>({
  id: 'J10.nuclear-bound',
  title: 'Depth-2 ReLU nets with X = I, β = 0 satisfy ‖W‖² ≥ 2‖f(I)‖_*',
  kind: 'identity',
  source: [
    { paper: PAPER, ref: 'Prop. 14 (lower bound on the representation cost of the tight example)' },
    { paper: MATH, ref: '§5, ‖W‖² ≥ 2‖f(I)‖_* (derived)' },
  ],
  statement:
    'For every depth-2 ReLU network with X = I_N and β = 0: f(I) = W₂σ(W₁), and ‖W₂σ(W₁)‖_* ≤ ‖W₂‖_F‖σ(W₁)‖_F ≤ ‖W₂‖_F‖W₁‖_F ≤ ' +
    '(‖W₁‖² + ‖W₂‖²)/2, so ‖W‖² ≥ 2‖f(I)‖_*. Checked on random networks of random scale and width, and on rescalings c·E, Eᵀ/c of the ' +
    'E-network, where it is an equality for c = 1.',
  params: fc.record({
    N: fc.integer({ min: 1, max: 4 }).map((h) => 2 * h),
    width: fc.integer({ min: 1, max: 20 }),
    scaleExp: fc.integer({ min: -3, max: 3 }),
    eNet: fc.boolean(),
    cIdx: fc.integer({ min: 0, max: 2 }),
  }),
  runs: { quick: 30, ci: 200, full: 2000 },
  impl: { rhs: (f: Matrix) => 2 * nuclearNorm(f), activation: relu } as BoundImpl,
  tolerance:
    'Both sides are computed to relative accuracy ~10·n·ε (sums of squares; SVD singular values to c·max(m,n)·n·ε·‖f‖₂): the inequality ' +
    'is checked as ‖W‖² ≥ rhs·(1 − 100·N·ε) (c = 100 covers the equality case of the E-network).',
  evaluate({ N, width, scaleExp, eNet, cIdx }, ctx, impl) {
    let W1: Matrix;
    let W2: Matrix;
    if (eNet) {
      [W1, W2] = eNetworkWeights(N);
      const c = [1, 2, 0.5][cIdx];
      for (let i = 0; i < W1.data.length; i++) W1.data[i] *= c;
      for (let i = 0; i < W2.data.length; i++) W2.data[i] /= c;
    } else {
      [W1, W2] = randomWeights([N, width, N], ctx.rng.split('w'), { scale: 10 ** (scaleExp / 2) });
      for (let i = 0; i < N; i++) W2.data[i * (width + 1) + width] = 0;
      for (let i = 0; i < width; i++) W1.data[i * (N + 1) + N] = 0;
    }
    const net: L2Network = { activation: impl.activation, beta: 0, lambda: 0, X: identity(N), Y: tightTargets(N), weights: [W1, W2] };
    const f = forward(net).Z[2];
    const lhs = frobenius2(W1) + frobenius2(W2);
    return [{ label: '‖W‖² ≥ rhs', value: lhs, op: '>=' as const, bound: impl.rhs(f) * (1 - 100 * N * EPS) }];
  },
  variants: [
    { name: 'constant-4', why: 'a wrong constant: ‖W‖² ≥ 4‖f(I)‖_* (violated by the E-network, where the bound is tight)', impl: { rhs: (f: Matrix) => 4 * nuclearNorm(f) } },
    {
      name: 'frobenius-squared',
      why: 'the wrong homogeneity: ‖W‖² ≥ 2‖f(I)‖_F² (quartic in the weights; fails at large scale and for the E-network)',
      impl: { rhs: (f: Matrix) => 2 * frobenius2(f) },
    },
    {
      name: 'spectral-times-rank',
      why: 'operator norm in place of the nuclear norm, times N: ‖W‖² ≥ 2N‖f(I)‖₂ (too strong whenever f is not rank one)',
      impl: {
        rhs: (f: Matrix) => {
          const g = matmul(f, f, { transA: true });
          const ev = symEigvals(g);
          return 2 * f.cols * Math.sqrt(Math.max(0, ev[ev.length - 1]));
        },
      },
    },
  ],
});

export default [cpTriangleFree, k4, spectrum, eNetwork, nuclearBound];
