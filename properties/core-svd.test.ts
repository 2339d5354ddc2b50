/**
 * Properties of the SVD (`src/core/svd.ts`), the pseudo-inverse and the range projector (`src/core/pinv.ts`).
 *
 * Tolerances follow the LAPACK SVD test ratios (LAPACK Working Note 41; `ddrvbd`):
 *   ‖A − USVᵀ‖_F / (max(m,n)·ε·‖A‖_F), ‖UᵀU − I‖_F / (m·ε), ‖VᵀV − I‖_F / (n·ε),
 * which are O(1) for a backward-stable SVD; a ratio below THRESH = 30 passes. The backward error
 * ‖E‖ ≤ 30·max(m,n)·ε·‖A‖_F bounds singular value errors by Weyl: |ŝₖ − sₖ| ≤ ‖E‖₂.
 *
 * Test matrices A = U₀ diag(σ) V₀ᵀ have prescribed singular values σ (Haar U₀, V₀ from `randomOrthogonal`),
 * possibly with exact zeros (known rank). Forming A in float64 adds ΔA with
 * |ΔA_ij| ≤ (k+1)·ε·Σₗ|U₀_il|σₗ|V₀_jl| ≤ (k+1)·ε·σ₁ (γ_k for the length-k sums, ε for the scaling; Σₗ|u_il||v_jl| ≤ 1
 * by Cauchy–Schwarz on rows of orthogonal matrices), so ‖ΔA‖_F ≤ √(mn)·(k+1)·ε·σ₁ =: `formErr`.
 */
import { test, expect } from 'vitest';
import fc from 'fast-check';
import { SingularValueDecomposition, Matrix as MlMatrix } from 'ml-matrix';
import { svd, singularValues } from '../src/core/svd.ts';
import { pinv, projector } from '../src/core/pinv.ts';
import { symEig } from '../src/core/eigen.ts';
import { randomOrthogonal } from '../src/core/randomMatrix.ts';
import { matmul } from '../src/core/gemm.ts';
import { DimensionError, frobenius, fromRows, identity, toRows, transpose, zeros, type Matrix } from '../src/core/matrix.ts';
import { Rng, deriveSeed32 } from '../src/core/random.ts';
import { ROOT_SEED } from './setup.ts';
import { minus, scaleCols, leadCols, asView, pow2Exact, pow2Times } from './matrixHelpers.ts';
import { backendTest } from './backends.ts';
import { EPS } from '../src/core/constants.ts';

/** LAPACK-style pass threshold for test ratios (LAWN 41). */
const THRESH = 30;

const seedOf = (name: string): number => deriveSeed32(ROOT_SEED, 'core-svd', name);

interface Case {
  a: Matrix;
  /** Prescribed singular values, descending, length min(m, n) (zeros beyond the rank). */
  sigma: Float64Array;
  rank: number;
  /** Bound on ‖A_stored − U₀ΣV₀ᵀ‖_F (see the module comment). */
  formErr: number;
}

const caseArb = fc.record({
  m: fc.integer({ min: 1, max: 20 }),
  n: fc.integer({ min: 1, max: 20 }),
  seed: fc.nat(),
  condExp: fc.integer({ min: 0, max: 24 }), // σ₁/σ_r = 10^(condExp/2) ≤ 1e12
  scaleExp: fc.integer({ min: -40, max: 40 }),
  frac: fc.integer({ min: 0, max: 63 }),
  deficiency: fc.integer({ min: 0, max: 3 }), // number of exactly-zero singular values (capped by min(m,n) − 1)
});
type CaseParams = typeof caseArb extends fc.Arbitrary<infer T> ? T : never;

function makeCase(p: CaseParams, tag: string): Case {
  const rng = Rng.stream(ROOT_SEED, 'core-svd', tag, p.seed);
  const k = Math.min(p.m, p.n);
  const rank = Math.max(k - p.deficiency, 1);
  const s1 = (1 + p.frac / 64) * 2 ** p.scaleExp;
  const kappa = Math.pow(10, p.condExp / 2);
  const sigma = new Float64Array(k);
  // σ₁ = s1, σ_r = s1/κ exactly (so the condition of the kept part is known), interior log-uniform.
  for (let i = 0; i < rank; i++) sigma[i] = i === 0 ? s1 : i === rank - 1 ? s1 / kappa : s1 * Math.pow(kappa, -rng.uniform());
  sigma.subarray(0, rank).sort().reverse();
  const u0 = leadCols(randomOrthogonal(p.m, rng), k);
  const v0 = leadCols(randomOrthogonal(p.n, rng), k);
  const a = matmul(scaleCols(u0, sigma), v0, { transB: true });
  return { a, sigma, rank, formErr: Math.sqrt(p.m * p.n) * (k + 1) * EPS * s1 };
}

/** LAPACK ddrvbd ratios: reconstruction, and orthogonality of U and V. */
function svdRatios(a: Matrix, u: Matrix, s: ArrayLike<number>, v: Matrix): { rec: number; orthU: number; orthV: number } {
  const m = a.rows;
  const n = a.cols;
  const na = frobenius(a);
  const rec = frobenius(minus(a, matmul(scaleCols(u, s), v, { transB: true })));
  return {
    rec: na === 0 ? (rec === 0 ? 0 : Infinity) : rec / (Math.max(m, n) * EPS * na),
    orthU: frobenius(minus(matmul(u, u, { transA: true }), identity(u.cols))) / (m * EPS),
    orthV: frobenius(minus(matmul(v, v, { transA: true }), identity(v.cols))) / (n * EPS),
  };
}

/** max over k of |ŝₖ − σₖ| / (30·max(m,n)·ε·‖A‖_F + formErr): ≤ 1 passes (Weyl). */
function weylRatio(s: ArrayLike<number>, c: Case): number {
  const tol = THRESH * Math.max(c.a.rows, c.a.cols) * EPS * frobenius(c.a) + c.formErr;
  let worst = 0;
  for (let k = 0; k < c.sigma.length; k++) worst = Math.max(worst, Math.abs(s[k] - c.sigma[k]) / tol);
  return worst;
}

backendTest('svd, tall and wide: ‖A − USVᵀ‖ ≤ 30·max(m,n)·ε·‖A‖, ‖UᵀU − I‖ ≤ 30·m·ε, ‖VᵀV − I‖ ≤ 30·n·ε, shapes and order', () => {
  fc.assert(
    fc.property(caseArb, (p) => {
      const c = makeCase(p, 'ratios');
      const { U, s, V } = svd(c.a);
      const k = Math.min(p.m, p.n);
      expect([U.rows, U.cols, V.rows, V.cols, s.length]).toEqual([p.m, k, p.n, k, k]);
      for (let i = 0; i < k; i++) expect(s[i]).toBeGreaterThanOrEqual(i + 1 < k ? s[i + 1] : 0);
      const r = svdRatios(c.a, U, s, V);
      expect(r.rec).toBeLessThanOrEqual(THRESH);
      expect(r.orthU).toBeLessThanOrEqual(THRESH);
      expect(r.orthV).toBeLessThanOrEqual(THRESH);
    }),
    { seed: seedOf('ratios'), numRuns: 150 },
  );
});

test('svd reconstruction check rejects a missing sign fix (one column of V negated) and swapped U, V', () => {
  fc.assert(
    fc.property(caseArb, (p) => {
      const c = makeCase(p, 'ratios-wrong');
      const { U, s, V } = svd(c.a);
      // Wrong variant 1: the convergence step makes s₁ ≥ 0 but forgets to negate the matching column of V.
      const vBad = scaleCols(V, Float64Array.from({ length: V.cols }, (_, j) => (j === 0 ? -1 : 1)));
      expect(svdRatios(c.a, U, s, vBad).rec).toBeGreaterThan(THRESH);
      // Wrong variant 2 (square only): U and V exchanged, i.e. the SVD of Aᵀ.
      if (p.m === p.n && p.m >= 2) expect(svdRatios(c.a, V, s, U).rec).toBeGreaterThan(THRESH);
    }),
    { seed: seedOf('ratios-wrong'), numRuns: 40 },
  );
});

test('svd orthogonality check rejects left vectors formed as A·V·Σ⁻¹ at condition ≥ 1e10', () => {
  const ill = caseArb.filter((p) => Math.min(p.m, p.n) >= 2 && p.deficiency === 0 && p.condExp >= 20);
  fc.assert(
    fc.property(ill, (p) => {
      const c = makeCase(p, 'orth-wrong');
      const { s, V } = svd(c.a);
      // Wrong variant: the shortcut uⱼ = A vⱼ / sⱼ. Rounding in A vⱼ (≈ ε‖A‖) divided by s_min makes
      // uᵀu − I ≈ ε·κ ≥ 1e-6, far above 30·m·ε ≈ 1e-13.
      const uBad = scaleCols(matmul(c.a, V), Float64Array.from(s, (x) => 1 / x));
      expect(svdRatios(c.a, uBad, s, V).orthU).toBeGreaterThan(THRESH);
    }),
    { seed: seedOf('orth-wrong'), numRuns: 30 },
  );
});

backendTest('svd and singularValues: values match the prescribed σ (Weyl), and each other bitwise', () => {
  fc.assert(
    fc.property(caseArb, (p) => {
      const c = makeCase(p, 'weyl');
      const s = svd(c.a, { method: 'qr' }).s;
      const sv = singularValues(c.a);
      expect(weylRatio(s, c)).toBeLessThanOrEqual(1);
      // Same bidiagonalisation and the same QR iteration on (d, e), with or without vectors.
      expect(Array.from(sv)).toEqual(Array.from(s));
      // The backend's default method (divide and conquer on WASM) is held to the same Weyl bound.
      expect(weylRatio(svd(c.a).s, c)).toBeLessThanOrEqual(1);
    }),
    { seed: seedOf('weyl'), numRuns: 150 },
  );
});

test('Weyl check rejects singular values from the Gram matrix, √eig(AᵀA), at condition ≥ 1e10', () => {
  const ill = caseArb.filter((p) => p.deficiency === 0 && p.condExp >= 20 && Math.min(p.m, p.n) >= 2);
  fc.assert(
    fc.property(ill, (p) => {
      const c = makeCase(p, 'weyl-wrong');
      // Wrong variant: σ = √λ(AᵀA) (or AAᵀ for wide A). The Gram's eigenvalues carry errors ≈ ε·σ₁², which
      // swamp σ_min² ≤ 1e-20·σ₁²; √ of that noise is ≥ 1e-10·σ₁ off, far above 30·max(m,n)·ε·‖A‖_F.
      const g = p.m >= p.n ? matmul(c.a, c.a, { transA: true }) : matmul(c.a, c.a, { transB: true });
      const gs = transpose(g); // symmetrise exactly: the check targets the squaring, not asymmetry
      for (let i = 0; i < g.data.length; i++) g.data[i] = 0.5 * (g.data[i] + gs.data[i]);
      const lam = symEig(g).values;
      const sWrong = Float64Array.from(lam, (x) => Math.sqrt(Math.max(x, 0))).reverse();
      expect(weylRatio(sWrong, c)).toBeGreaterThan(1);
    }),
    { seed: seedOf('weyl-wrong'), numRuns: 30 },
  );
});

backendTest('singularValues agrees with ml-matrix SingularValueDecomposition (2× the Weyl bound), tall and wide', () => {
  fc.assert(
    fc.property(caseArb.filter((p) => p.m <= 12 && p.n <= 12), (p) => {
      const c = makeCase(p, 'ml');
      const ours = singularValues(c.a);
      const tol = 2 * THRESH * Math.max(p.m, p.n) * EPS * frobenius(c.a);
      const ml = new SingularValueDecomposition(new MlMatrix(toRows(c.a)), { autoTranspose: true, computeLeftSingularVectors: false, computeRightSingularVectors: false }).diagonal;
      for (let k = 0; k < ours.length; k++) expect(Math.abs(ours[k] - ml[k])).toBeLessThanOrEqual(tol);
      // Wrong variant: ml-matrix on (1 + 3·tol/σ₁)·A, singular values scaled just beyond the tolerance.
      const f = 1 + (3 * tol) / ours[0];
      const mlWrong = new SingularValueDecomposition(new MlMatrix(toRows(c.a)).mul(f), { autoTranspose: true }).diagonal;
      expect(Math.abs(ours[0] - mlWrong[0])).toBeGreaterThan(tol);
    }),
    { seed: seedOf('ml'), numRuns: 40 },
  );
});

backendTest('svd honours strided views and is exactly equivariant under power-of-two scaling up to 2^±1000', () => {
  fc.assert(
    fc.property(caseArb.map((p) => ({ ...p, scaleExp: 0 })), fc.integer({ min: -1000, max: 1000 }), (p, k) => {
      const c = makeCase(p, 'view-scale');
      const ref = svd(c.a);
      // As for symEig: skip a draw whose scaled entries or singular values would be subnormal (2^k·A not exact).
      fc.pre(pow2Exact(c.a.data, k) && pow2Exact(ref.s, k));
      const fromView = svd(asView(c.a)); // reading outside the view would bring in NaN
      expect(Array.from(fromView.s)).toEqual(Array.from(ref.s));
      expect(Array.from(fromView.U.data)).toEqual(Array.from(ref.U.data));
      expect(Array.from(fromView.V.data)).toEqual(Array.from(ref.V.data));
      // Internal power-of-two normalisation: 2^k·A gives bitwise 2^k·s and the same U, V.
      const scaled = svd(pow2Times(c.a, k));
      const h = Math.trunc(k / 2);
      expect(Array.from(scaled.s)).toEqual(Array.from(ref.s, (x) => x * 2 ** h * 2 ** (k - h)));
      expect(Array.from(scaled.U.data)).toEqual(Array.from(ref.U.data));
      // Wrong variant: forgetting to undo the normalisation (s of the normalised matrix) fails the same comparison.
      let amax = 0;
      for (const x of c.a.data) amax = Math.max(amax, Math.abs(x));
      const norm = -Math.floor(Math.log2(amax));
      fc.pre(norm !== k);
      expect(Array.from(singularValues(pow2Times(c.a, norm)))).not.toEqual(Array.from(scaled.s));
    }),
    { seed: seedOf('view-scale'), numRuns: 40 },
  );
});

backendTest('svd rejects non-finite input; handles empty and zero matrices', () => {
  expect(() => svd(fromRows([[1, NaN]]))).toThrow(DimensionError);
  expect(() => singularValues(fromRows([[1], [Infinity]]))).toThrow(/non-finite entry Infinity at \(1, 0\)/);
  const z = svd(zeros(3, 2));
  expect(Array.from(z.s)).toEqual([0, 0]);
  expect(svdRatios(zeros(3, 2), z.U, z.s, z.V).orthU).toBeLessThanOrEqual(THRESH);
  expect(svd(zeros(0, 4)).s.length).toBe(0);
  expect(singularValues(zeros(4, 0)).length).toBe(0);
});

// ---------------------------------------------------------------------------------------------
// Pseudo-inverse.

/**
 * Penrose residual ratios. With Â = A + E the matrix whose exact SVD we computed (‖E‖_F ≤ ρ = 30·max(m,n)·ε·‖A‖_F)
 * and A⁺ = Â⁺ up to the rounding of V Σ⁻¹ Uᵀ, first-order perturbation gives
 *   AA⁺A − A = E − EÂ⁺Â − ÂÂ⁺E + …,  A⁺AA⁺ − A⁺ = −Â⁺EÂ⁺,  AA⁺ − (AA⁺)ᵀ = −EÂ⁺ + (EÂ⁺)ᵀ  (and A⁺A likewise),
 * and evaluating the products in float64 adds γ_max(m,n)·‖A‖_F‖A⁺‖_F·(…) of the same shape. Every term is
 * bounded by max(m,n)·ε·κ_F times the natural scale, κ_F = ‖A‖_F‖A⁺‖_F (≥ σ₁/σ_r): the bound is LINEAR in the
 * condition number (Wedin), sharper than the κ² of the Gram route, which is what lets it reject that route.
 * P1 also sees the dropped part of A, bounded by `formErr` (exact zeros of σ become rounding noise).
 */
function penroseRatios(a: Matrix, ap: Matrix, c: Case): number[] {
  const m = a.rows;
  const n = a.cols;
  let invF2 = 0;
  for (let i = 0; i < c.rank; i++) invF2 += 1 / (c.sigma[i] * c.sigma[i]);
  const apF = Math.sqrt(invF2); // ‖A⁺‖_F of the exact pseudo-inverse
  const aF = frobenius(a);
  const kF = aF * apF;
  const unit = Math.max(m, n) * EPS * kF;
  const aap = matmul(a, ap);
  const apa = matmul(ap, a);
  return [
    frobenius(minus(matmul(aap, a), a)) / (unit * aF + c.formErr),
    frobenius(minus(matmul(apa, ap), ap)) / (unit * apF),
    frobenius(minus(aap, transpose(aap))) / unit,
    frobenius(minus(apa, transpose(apa))) / unit,
  ];
}

/** rtol in the gap between rounding noise (≤ formErr/σ₁ + 30·max(m,n)·ε ≤ 1e-12 here) and σ_r/σ₁ ≥ 1e-6. */
const RTOL_GAP = 1e-9;
const pinvArb = caseArb.filter((p) => p.condExp <= 12);

backendTest('pinv: the four Penrose conditions within 30·max(m,n)·ε·κ_F, rank and cutoff as constructed', () => {
  fc.assert(
    fc.property(pinvArb, (p) => {
      const c = makeCase(p, 'penrose');
      const r = pinv(c.a, { rtol: RTOL_GAP });
      expect(r.rank).toBe(c.rank);
      expect([r.pinv.rows, r.pinv.cols]).toEqual([p.n, p.m]);
      expect(r.cutoff).toBe(RTOL_GAP * r.singularValues[0]);
      // smallestKeptRatio is ŝ_r/ŝ₁ ≈ σ_r/σ₁ = 10^(−condExp/2), to the Weyl accuracy of both.
      expect(Math.abs(r.smallestKeptRatio - c.sigma[c.rank - 1] / c.sigma[0])).toBeLessThanOrEqual(1e-9 * Math.pow(10, -p.condExp / 2) + 1e-12);
      for (const ratio of penroseRatios(c.a, r.pinv, c)) expect(ratio).toBeLessThanOrEqual(THRESH);
    }),
    { seed: seedOf('penrose'), numRuns: 150 },
  );
});

test('pinv default cutoff max(m,n)·ε·s₁ keeps every σ of a full-rank matrix with κ ≤ 1e12', () => {
  fc.assert(
    fc.property(caseArb.filter((p) => p.deficiency === 0), (p) => {
      const c = makeCase(p, 'penrose-default');
      const r = pinv(c.a);
      expect(r.rank).toBe(Math.min(p.m, p.n));
      for (const ratio of penroseRatios(c.a, r.pinv, c)) expect(ratio).toBeLessThanOrEqual(THRESH);
    }),
    { seed: seedOf('penrose-default'), numRuns: 60 },
  );
});

/** The Gram route: A⁺ = (AᵀA)⁺Aᵀ with (AᵀA)⁺ from the symmetric eigensolver and the same relative cutoff. */
function pinvViaGram(a: Matrix, rtol: number): Matrix {
  const g = matmul(a, a, { transA: true });
  const gt = transpose(g);
  for (let i = 0; i < g.data.length; i++) g.data[i] = 0.5 * (g.data[i] + gt.data[i]);
  const { values, vectors } = symEig(g);
  const n = g.rows;
  const lmax = Math.max(...Array.from(values, Math.abs));
  const inv = Float64Array.from(values, (x) => (x > rtol * lmax ? 1 / x : 0));
  const gp = matmul(scaleCols(vectors, inv), vectors, { transB: true });
  void n;
  return matmul(gp, a, { transB: true });
}

test('Penrose check rejects the Gram-route pseudo-inverse at condition 1e5–1e6', () => {
  // min(m, n) ≥ 3: with two singular values the Gram route's whole error is one rounding combination v₂ᵀ δG v₂ of a
  // 2×2 Gram, which can cancel by chance — the route is then accurate, not wrong (measured: 0.25% of 4320 draws with
  // min(m, n) = 2 pass all four Penrose ratios, e.g. LEMMATA_SEED=2681470573, m = 9, n = 2, κ = 1e5). From three
  // singular values on the error is a sum of independent components: over 4320 draws per size (min(m, n) = 3, 4;
  // other side 3…20, κ = 1e5…1e6) the smallest worst ratio was 158, five times the threshold.
  const ill = caseArb.filter((p) => p.deficiency === 0 && p.condExp >= 10 && p.condExp <= 12 && Math.min(p.m, p.n) >= 3);
  fc.assert(
    fc.property(ill, (p) => {
      const c = makeCase(p, 'penrose-gram');
      // κ² ≥ 1e10: the Gram's small eigenvalues carry relative errors ≈ ε·κ² ≥ 2e-6, while the Penrose
      // tolerance is 30·max(m,n)·ε·κ_F ≤ 1e-7 relative: A⁺AA⁺ = A⁺ fails.
      const wrong = pinvViaGram(c.a, Math.max(p.m, p.n) * EPS);
      expect(Math.max(...penroseRatios(c.a, wrong, c))).toBeGreaterThan(THRESH);
    }),
    { seed: seedOf('penrose-gram'), numRuns: 30 },
  );
});

test('Penrose check rejects a pseudo-inverse without cutoff (rtol = 0) on rank-deficient input', () => {
  const deficient = pinvArb.filter((p) => p.deficiency > 0 && Math.min(p.m, p.n) > p.deficiency);
  fc.assert(
    fc.property(deficient, (p) => {
      const c = makeCase(p, 'penrose-nocut');
      const wrong = pinv(c.a, { rtol: 0 });
      // Only a bug when rounding left the zero singular values nonzero (it always does for Haar factors).
      fc.pre(wrong.rank > c.rank);
      expect(Math.max(...penroseRatios(c.a, wrong.pinv, c))).toBeGreaterThan(THRESH);
    }),
    { seed: seedOf('penrose-nocut'), numRuns: 30 },
  );
});

/**
 * Projector ratios: P = U_rU_rᵀ with Û orthonormal to 30·m·ε (ddrvbd ratio) gives ‖P² − P‖_F ≤ 2·30·m·ε·√r
 * (P² − P = U(UᵀU − I)Uᵀ), trace(P) = ‖U_r‖_F² = r up to 30·m·ε·r, and ‖PA − A‖_F ≤ 2ρ + formErr
 * (the dropped part plus the SVD backward error ρ = 30·max(m,n)·ε·‖A‖_F; the product adds γ_m·‖P‖‖A‖ ≤ m·ε·√r‖A‖_F).
 */
function projectorRatios(a: Matrix, pr: Matrix, c: Case): number[] {
  const m = a.rows;
  const r = c.rank;
  let tr = 0;
  for (let i = 0; i < m; i++) tr += pr.data[i * m + i];
  const aF = frobenius(a);
  return [
    frobenius(minus(matmul(pr, pr), pr)) / (2 * THRESH * m * EPS * Math.sqrt(r)),
    Math.abs(tr - r) / (THRESH * m * EPS * r),
    frobenius(minus(matmul(pr, a), a)) / (2 * THRESH * Math.max(m, a.cols) * EPS * aF + m * EPS * Math.sqrt(r) * aF + c.formErr),
    frobenius(minus(pr, transpose(pr))) === 0 ? 0 : Infinity, // exactly symmetric by construction
  ];
}

backendTest('projector: idempotent, symmetric, trace = rank, fixes the columns of A', () => {
  fc.assert(
    fc.property(pinvArb, (p) => {
      const c = makeCase(p, 'projector');
      const pr = projector(c.a, { rtol: RTOL_GAP });
      expect([pr.rows, pr.cols]).toEqual([p.m, p.m]);
      for (const ratio of projectorRatios(c.a, pr, c)) expect(ratio).toBeLessThanOrEqual(1);
    }),
    { seed: seedOf('projector'), numRuns: 100 },
  );
});

test('projector check rejects the projector without cutoff on rank-deficient input', () => {
  const deficient = pinvArb.filter((p) => p.deficiency > 0 && Math.min(p.m, p.n) > p.deficiency);
  fc.assert(
    fc.property(deficient, (p) => {
      const c = makeCase(p, 'projector-wrong');
      fc.pre(pinv(c.a, { rtol: 0 }).rank > c.rank);
      const wrong = projector(c.a, { rtol: 0 });
      expect(Math.max(...projectorRatios(c.a, wrong, c))).toBeGreaterThan(1);
    }),
    { seed: seedOf('projector-wrong'), numRuns: 30 },
  );
});

test('pinv and projector: zero matrix, bad options, non-finite input', () => {
  const z = pinv(zeros(2, 3));
  expect([z.rank, z.cutoff, z.smallestKeptRatio]).toEqual([0, 0, 0]);
  expect([z.pinv.rows, z.pinv.cols]).toEqual([3, 2]);
  expect(Array.from(z.pinv.data).every((x) => x === 0)).toBe(true);
  expect(Array.from(projector(zeros(2, 3)).data).every((x) => x === 0)).toBe(true);
  expect(() => pinv(fromRows([[1, 2]]), { rtol: -1 })).toThrow(/opts.rtol/);
  expect(() => pinv(fromRows([[1, 2]]), { rtol: NaN })).toThrow(DimensionError);
  expect(() => projector(fromRows([[1, NaN]]))).toThrow(/non-finite/);
  // 1 × 1: the reciprocal, exactly for a power of two.
  expect(pinv(fromRows([[-4]])).pinv.data[0]).toBe(-0.25);
});
