/**
 * J8. Convexity of the covariance form (Jacot et al. 2022, Prop. 5): L^k_λ is convex in Z_L and in each single pair
 * (K_ℓ, K^σ_ℓ) alone, but not jointly across layers (an exhibited counterexample).
 */
import { defineClaim, fc } from '../../src/index.ts';
import { fromRows, gram, type Matrix } from '../../src/core/index.ts';
import { relu } from '../../src/models/l2/activation.ts';
import { forward, loss, mseCost, randomWeights, withWeights } from '../../src/models/l2/network.ts';
import { grams, traceTerm } from '../../src/models/l2/reformulation.ts';
import { buildNet, EPS, HOMOGENEOUS, logUniform, type NetParams } from './_draws.ts';

const SOURCE = [
  { paper: 'Jacot, Golikov, Hongler, Gabriel 2022 (arXiv 2205.15809)', ref: 'Prop. 5 (partial convexity of L^k; no joint convexity) and Prop. 3 (covariance form)' },
  { paper: 'shared/math/l2-feature-learning.md', ref: '§3, covariance form and Prop. 5' },
];

/** A point of the covariance form: output Z_L, hidden Grams K_1..K_{L−1} (index ℓ), K^σ_0..K^σ_{L−1}. */
interface KPoint {
  ZL: Matrix;
  K: Matrix[];
  Ks: Matrix[];
}

function lerp(a: Matrix, b: Matrix, t: number): Matrix {
  const d = new Float64Array(a.rows * a.cols);
  for (let i = 0; i < a.rows; i++) {
    for (let j = 0; j < a.cols; j++) d[i * a.cols + j] = t * a.data[a.offset + i * a.stride + j] + (1 - t) * b.data[b.offset + i * b.stride + j];
  }
  return { rows: a.rows, cols: a.cols, data: d, offset: 0, stride: a.cols };
}

/** L^k at a point, with the largest condition number of the pseudo-inverted K^σ and the sum of |terms| (for rounding). */
function covarianceForm(p: KPoint, Y: Matrix, lambda: number): { value: number; kappa: number; abs: number } {
  const L = p.Ks.length;
  const N = p.ZL.cols;
  const cost = mseCost(p.ZL, Y);
  let reg = 0;
  let abs = cost;
  let kappa = 1;
  for (let l = 1; l <= L; l++) {
    const K = l === L ? gram(p.ZL) : p.K[l];
    const t = traceTerm(K, p.Ks[l - 1], { rtol: 2 * N * N * EPS });
    // K^σ_0 = XᵀX + β²11ᵀ is fixed data (rank ≤ n_0 + 1 may be < N; every K_1 lies in its range); the moving K^σ_ℓ must be ≻ 0.
    if (l >= 2 && t.rank < N) kappa = Infinity;
    else if (t.rank > 0) kappa = Math.max(kappa, 1 / t.smallestKeptRatio);
    reg += t.value;
    abs += lambda * Math.abs(t.value);
  }
  return { value: cost + lambda * reg, kappa, abs };
}

type ChordParams = NetParams & { which: number; scales: number[] };

interface PartialImpl {
  /** The point on the chord at t between A (t = 1) and B (t = 0), moving the coordinates `which` selects (1..L−1: pair ℓ; L: Z_L). */
  mix(A: KPoint, B: KPoint, t: number, which: number): KPoint;
}

/** Moves only the pair (K_ℓ, K^σ_ℓ) for ℓ < L, or only Z_L for ℓ = L; the rest stays at A. */
function mixOnePair(A: KPoint, B: KPoint, t: number, which: number): KPoint {
  const L = A.Ks.length;
  if (which === L) return { ZL: lerp(A.ZL, B.ZL, t), K: A.K, Ks: A.Ks };
  const K = A.K.slice();
  const Ks = A.Ks.slice();
  K[which] = lerp(A.K[which], B.K[which], t);
  Ks[which] = lerp(A.Ks[which], B.Ks[which], t);
  return { ZL: A.ZL, K, Ks };
}

/** The endpoint B′ of the single-pair chord: A with the moved coordinates taken from B. */
const endpoint = (impl: PartialImpl, A: KPoint, B: KPoint, which: number): KPoint => impl.mix(A, B, 0, which);

/** n_0 ≥ N and hidden widths ≥ N + 1 (so every K^σ_ℓ ≻ 0 generically, also for the identity with β = 0), depth 3, homogeneous σ, and per-layer scales of the second network. */
const chordParams: fc.Arbitrary<ChordParams> = fc
  .record({
    N: fc.integer({ min: 2, max: 5 }),
    n0off: fc.integer({ min: 0, max: 3 }),
    h1: fc.integer({ min: 1, max: 4 }),
    h2: fc.integer({ min: 1, max: 4 }),
    nL: fc.integer({ min: 1, max: 3 }),
    beta: fc.constantFrom(0, 0.5, 1),
    lambda: logUniform(-3, 0),
    act: fc.integer({ min: 0, max: HOMOGENEOUS.length - 1 }),
    which: fc.integer({ min: 1, max: 3 }),
    scales: fc.array(logUniform(-0.5, 0.5), { minLength: 3, maxLength: 3 }),
  })
  .map(({ h1, h2, n0off, ...r }) => ({ ...r, n0: r.N + n0off, hidden: [r.N + h1, r.N + h2] }));

const partial = defineClaim<ChordParams, PartialImpl>({
  id: 'J8.partial',
  title: 'L^k is convex in Z_L and in each single pair (K_ℓ, K^σ_ℓ) (chord tests)',
  kind: 'identity',
  source: SOURCE,
  statement:
    'For homogeneous σ, the covariance form L^k_λ = C(Z_L) + λ Σ_ℓ Tr[K_ℓ (K^σ_{ℓ−1})⁺] is convex in Z_L (C convex, Tr[Z_LᵀZ_L(K^σ_{L−1})⁺] a ' +
    'convex quadratic) and in each single pair (K_ℓ, K^σ_ℓ) with the others fixed (linear in K_ℓ; Tr[K_{ℓ+1}(K^σ_ℓ)⁻¹] convex in K^σ_ℓ ≻ 0). ' +
    'Checked by chord tests f(tA + (1−t)B′) ≤ t f(A) + (1−t) f(B′), t ∈ {¼, ½, ¾}, between Gram tuples of two random depth-3 networks ' +
    '(n_0 ≥ N and hidden widths > N so K^σ ≻ 0; the second network’s layers scaled by random factors in [10^-0.5, 10^0.5]). The joint chord (all layers ' +
    'at once) is not convex: variant `joint-chord`, refuted.',
  params: chordParams,
  runs: { quick: 300, ci: 800, full: 5000 },
  impl: { mix: mixOnePair },
  tolerance:
    'Each trace term is computed from the Gram alone; a relative perturbation N·ε of K^σ (forming it) moves Tr[K(K^σ)⁻¹] by ≤ N·ε·κ(K^σ)·|term| ' +
    '(first-order perturbation of the inverse), and the pseudo-inverse itself adds N·ε·κ(K^σ). Tolerance on the chord gap: ' +
    '10·N²·ε·κ_max·(t|f(A)| + (1−t)|f(B′)| + |f(M)|) summed over |terms|, κ_max the largest condition number of the K^σ involved. ' +
    'Draws where a moving K^σ_ℓ (ℓ ≥ 1) is numerically singular or κ > 1e8 are guarded and reported (K^σ_0 is fixed data, pseudo-inverted on its range).',
  evaluate(p, ctx, impl) {
    const netA = buildNet(p, HOMOGENEOUS[p.act], ctx.rng);
    const wB = randomWeights([p.n0, ...p.hidden, p.nL], ctx.rng).map((w, l) => {
      for (let i = 0; i < w.data.length; i++) w.data[i] *= p.scales[l];
      return w;
    });
    const netB = withWeights(netA, wB);
    const point = (fw: ReturnType<typeof forward>): KPoint => {
      const g = grams(fw);
      return { ZL: fw.Z[fw.Z.length - 1], K: g.K, Ks: g.Ks };
    };
    const A = point(forward(netA));
    const B = point(forward(netB));
    const Bp = endpoint(impl, A, B, p.which);
    const fA = covarianceForm(A, netA.Y, netA.lambda);
    const fB = covarianceForm(Bp, netA.Y, netA.lambda);
    const out = [];
    for (const t of [0.25, 0.5, 0.75]) {
      const fM = covarianceForm(impl.mix(A, B, t, p.which), netA.Y, netA.lambda);
      const kappa = Math.max(fA.kappa, fB.kappa, fM.kappa);
      if (!(kappa <= 1e8)) return { outcomes: [], guard: `a K^σ is (nearly) singular, condition number ${kappa.toExponential(2)}` };
      const N = p.N;
      const tol = 10 * N * N * EPS * kappa * (t * fA.abs + (1 - t) * fB.abs + fM.abs);
      out.push({ label: `chord gap at t = ${t} (moving ${p.which === 3 ? 'Z_L' : `pair ${p.which}`})`, value: t * fA.value + (1 - t) * fB.value - fM.value, op: '>=' as const, bound: -tol });
    }
    return out;
  },
  variants: [
    {
      name: 'joint-chord',
      why: 'convexity claimed jointly in all layers (all Grams and Z_L moved at once): false, the terms Tr[K_{ℓ+1}(K^σ_ℓ)⁺] couple layers like k/a',
      impl: { mix: (A: KPoint, B: KPoint, t: number) => ({ ZL: lerp(A.ZL, B.ZL, t), K: A.K.map((k, l) => (l === 0 ? k : lerp(k, B.K[l], t))), Ks: A.Ks.map((k, l) => (l === 0 ? k : lerp(k, B.Ks[l], t))) }) },
    },
    {
      name: 'cross-layer-pair',
      why: 'the “pair” taken across layers, (K_{ℓ+1}, K^σ_ℓ) (an index shift): exactly the k/a coupling, not convex',
      impl: {
        mix: (A: KPoint, B: KPoint, t: number) => {
          const K = A.K.slice();
          const Ks = A.Ks.slice();
          K[2] = lerp(A.K[2], B.K[2], t);
          Ks[1] = lerp(A.Ks[1], B.Ks[1], t);
          return { ZL: A.ZL, K, Ks };
        },
      },
    },
  ],
});

/** The exhibited counterexample: N = 1, x = 1, y = 0, β = 0, ReLU, depth 3, one neuron per layer. */
interface JointImpl {
  /** The endpoint B as (k_1, a_1, k_2, a_2) (A is (1, 1, 0, 0); Z_L = 0 at both). */
  B: [number, number, number, number];
  /** The covariance form's trace index: Tr[K_ℓ (K^σ_{ℓ−1+shift})⁺]. */
  shift: number;
}

/** The width-1 ReLU network (x = 1, β = 0) realising K_1 = a_1 = k1 and K_2 = a_2 = k2, output 0: W_1 = [√k1, 0], W_2 = [√(k2/k1), 0], W_3 = [0, 0]. */
function realise(k1: number, k2: number, lambda: number) {
  const X = fromRows([[1]]);
  const Y = fromRows([[0]]);
  const weights = [fromRows([[Math.sqrt(k1), 0]]), fromRows([[k1 > 0 ? Math.sqrt(k2 / k1) : 0, 0]]), fromRows([[0, 0]])];
  return withWeights({ activation: relu, beta: 0, lambda, X, Y }, weights);
}

const joint = defineClaim<{ lambda: number; t: number }, JointImpl>({
  id: 'J8.joint-counterexample',
  title: 'L^k is not jointly convex: the k/a points (0, 1), (2, 3) give a negative chord gap −4λt(1−t)/(3(3−2t))',
  kind: 'identity',
  source: SOURCE,
  statement:
    'Counterexample to joint convexity (ours; the math notes quote a gap of −4.1 on a "worked example" that we could not reconstruct, so we exhibit ' +
    'our own with the same k/a points): N = 1, x = 1, y = 0, β = 0, ReLU, depth 3. With (k_1, a_1, k_2, a_2, Z_3) = (K_1, K^σ_1, K_2, K^σ_2, Z_3), ' +
    'L^k = (Z_3 − y)² + λ(k_1/x² + k_2/a_1 + Z_3²/a_2). Take A = (1, 1, 0, 0, 0) and B = (3, 3, 2, 2, 0): the cross-layer coordinates (k_2, a_1) ' +
    'go from (0, 1) to (2, 3). Every point of the chord tA + (1−t)B is realised by a width-1 ReLU network with minimal-norm weights, whose ' +
    'L_λ equals L^k there, and the chord gap t L^k(A) + (1−t) L^k(B) − L^k(tA + (1−t)B) = −4λt(1−t)/(3(3−2t)) < 0 (−λ/6 at t = ½).',
  params: fc.record({ lambda: logUniform(-3, 1), t: fc.integer({ min: 1, max: 99 }).map((k) => k / 100) }),
  runs: { quick: 30, ci: 100, full: 1000 },
  impl: { B: [3, 3, 2, 2], shift: 0 },
  tolerance:
    'Each loss is a handful of square roots, squares and products of O(1) numbers with an O(λ) result: relative rounding ≤ 10·ε each (c = 10). ' +
    'The chord gap combines three of them: atol = 10·ε·(t·L(A) + (1−t)·L(B) + L(M)); L_λ(network) vs L^k(point): 10·ε·(L_λ + L^k) ' +
    '(the Grams of a width-1 net are exact up to one rounding). The sign check is exact (the gap is ≥ λ·4·0.01·0.99/9 in magnitude).',
  evaluate({ lambda, t }, _ctx, impl) {
    const [k1B, , k2B] = impl.B;
    const pts = [
      { name: 'A', k1: 1, k2: 0 },
      { name: 'B', k1: k1B, k2: k2B },
      { name: 'M', k1: t * 1 + (1 - t) * k1B, k2: t * 0 + (1 - t) * k2B },
    ];
    const out = [];
    const Ls: number[] = [];
    for (const q of pts) {
      const net = realise(q.k1, q.k2, lambda);
      const fw = forward(net);
      const g = grams(fw);
      let reg = 0;
      for (let l = 1; l <= 3; l++) {
        const K = l === 3 ? gram(fw.Z[3]) : g.K[l];
        const ks = g.Ks[Math.min(l - 1 + impl.shift, 2)];
        reg += traceTerm(K, ks).value;
      }
      const Lk = mseCost(fw.Z[3], net.Y) + lambda * reg;
      const Lw = loss(net);
      out.push({ label: `${q.name}: L_λ(min-norm network) = L^k(point)`, actual: Lk, expected: Lw, atol: 10 * EPS * (Math.abs(Lk) + Math.abs(Lw)), rtol: 0 });
      Ls.push(Lw);
    }
    const gap = t * Ls[0] + (1 - t) * Ls[1] - Ls[2];
    out.push(
      { label: 'chord gap = −4λt(1−t)/(3(3−2t))', actual: gap, expected: (-4 * lambda * t * (1 - t)) / (3 * (3 - 2 * t)), atol: 10 * EPS * (t * Ls[0] + (1 - t) * Ls[1] + Ls[2]), rtol: 0 },
      { label: 'chord gap < 0 (joint convexity fails)', value: gap, op: '<' as const, bound: 0 },
    );
    return out;
  },
  variants: [
    {
      name: 'single-pair-chord',
      why: 'the chord moved within one pair only, B = (3, 3, 0, 0): L^k is convex (here linear) there, so no counterexample',
      impl: { B: [3, 3, 0, 0] },
    },
    {
      name: 'same-layer-gram',
      why: 'the covariance form written with Tr[K_ℓ(K^σ_ℓ)⁺] instead of Tr[K_ℓ(K^σ_{ℓ−1})⁺]: it no longer equals L_λ of the realising network',
      impl: { shift: 1 },
    },
  ],
});

export default [partial, joint];
