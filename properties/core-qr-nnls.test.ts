/**
 * Properties of Householder QR, rank and null space (`src/core/qr.ts`) and of Lawson–Hanson NNLS
 * (`src/core/nnls.ts`).
 *
 * QR tolerances are the LAPACK QR test ratios (LAPACK Working Note 41; `dqrt01`):
 *   ‖A − QR‖_F / (m·ε·‖A‖_F) and ‖QᵀQ − I‖_F / (m·ε), O(1) for Householder QR (Higham, *Accuracy and
 *   Stability*, Thm. 19.4), passing below THRESH = 30.
 */
import { test, expect } from 'vitest';
import fc from 'fast-check';
import { qr, nullSpace, rank } from '../src/core/qr.ts';
import { nnls, nnlsKktResidual } from '../src/core/nnls.ts';
import { pinv } from '../src/core/pinv.ts';
import { ConvergenceError } from '../src/core/errors.ts';
import { gaussianMatrix, randomOrthogonal } from '../src/core/randomMatrix.ts';
import { matmul } from '../src/core/gemm.ts';
import { DimensionError, clone, frobenius, fromRows, identity, view, zeros, type Matrix } from '../src/core/matrix.ts';
import { Rng, deriveSeed32 } from '../src/core/random.ts';
import { ROOT_SEED } from './setup.ts';
import { minus, scaleCols, leadCols } from './matrixHelpers.ts';
import { EPS } from '../src/core/constants.ts';

/** LAPACK-style pass threshold for test ratios (LAWN 41). */
const THRESH = 30;

const seedOf = (name: string): number => deriveSeed32(ROOT_SEED, 'core-qr-nnls', name);

const shapeArb = fc.record({
  m: fc.integer({ min: 1, max: 20 }),
  n: fc.integer({ min: 1, max: 20 }),
  seed: fc.nat(),
  condExp: fc.integer({ min: 0, max: 24 }), // σ₁/σ_r = 10^(condExp/2)
  scaleExp: fc.integer({ min: -40, max: 40 }),
  frac: fc.integer({ min: 0, max: 63 }),
  deficiency: fc.integer({ min: 0, max: 3 }),
});
type ShapeParams = typeof shapeArb extends fc.Arbitrary<infer T> ? T : never;

/**
 * A = U₀ diag(σ) V₀ᵀ with Haar factors, σ₁ = (1 + frac/64)·2^scaleExp, σ_r = σ₁/κ, and `deficiency` exact zeros
 * (rank r = min(m,n) − deficiency ≥ 1). Forming A in float64 adds ‖ΔA‖_F ≤ √(mn)·(k+1)·ε·σ₁ =: formErr
 * (γ_k per entry, Σₗ|U₀_il||V₀_jl| ≤ 1 by Cauchy–Schwarz).
 */
function makeCase(p: ShapeParams, tag: string): { a: Matrix; rank: number; sigma: Float64Array; formErr: number } {
  const rng = Rng.stream(ROOT_SEED, 'core-qr-nnls', tag, p.seed);
  const k = Math.min(p.m, p.n);
  const r = Math.max(k - p.deficiency, 1);
  const s1 = (1 + p.frac / 64) * 2 ** p.scaleExp;
  const kappa = Math.pow(10, p.condExp / 2);
  const sigma = new Float64Array(k);
  for (let i = 0; i < r; i++) sigma[i] = i === 0 ? s1 : i === r - 1 ? s1 / kappa : s1 * Math.pow(kappa, -rng.uniform());
  sigma.subarray(0, r).sort().reverse();
  const u0 = leadCols(randomOrthogonal(p.m, rng), k);
  const v0 = leadCols(randomOrthogonal(p.n, rng), k);
  return { a: matmul(scaleCols(u0, sigma), v0, { transB: true }), rank: r, sigma, formErr: Math.sqrt(p.m * p.n) * (k + 1) * EPS * s1 };
}

function qrRatios(a: Matrix, q: Matrix, r: Matrix): { rec: number; orth: number } {
  const m = a.rows;
  const na = frobenius(a);
  const rec = frobenius(minus(a, matmul(q, r)));
  return {
    rec: na === 0 ? (rec === 0 ? 0 : Infinity) : rec / (m * EPS * na),
    orth: frobenius(minus(matmul(q, q, { transA: true }), identity(q.cols))) / (m * EPS),
  };
}

// ---------------------------------------------------------------------------------------------
// QR

test('qr (thin and full, tall and wide): ‖A − QR‖ ≤ 30·m·ε·‖A‖, ‖QᵀQ − I‖ ≤ 30·m·ε, R upper triangular with diag ≥ 0', () => {
  fc.assert(
    fc.property(shapeArb, fc.constantFrom('thin' as const, 'full' as const), (p, mode) => {
      const { a } = makeCase(p, 'qr');
      const { Q, R } = qr(a, { mode });
      const k = mode === 'full' ? p.m : Math.min(p.m, p.n);
      expect([Q.rows, Q.cols, R.rows, R.cols]).toEqual([p.m, k, k, p.n]);
      for (let i = 0; i < k; i++) {
        for (let j = 0; j < Math.min(i, p.n); j++) expect(R.data[i * p.n + j]).toBe(0);
        if (i < p.n) expect(R.data[i * p.n + i]).toBeGreaterThanOrEqual(0);
      }
      const r = qrRatios(a, Q, R);
      expect(r.rec).toBeLessThanOrEqual(THRESH);
      expect(r.orth).toBeLessThanOrEqual(THRESH);
    }),
    { seed: seedOf('qr'), numRuns: 150 },
  );
});

test('qr reconstruction check rejects a sign fix applied to R but not to Q', () => {
  fc.assert(
    fc.property(shapeArb.filter((p) => p.deficiency === 0), (p) => {
      const { a } = makeCase(p, 'qr-wrong');
      const { Q, R } = qr(a);
      // Wrong variant: row 0 of R negated (R₀₀ ≥ 0 "fixed") without negating column 0 of Q.
      const rBad = zeros(R.rows, R.cols);
      rBad.data.set(R.data);
      for (let j = 0; j < R.cols; j++) rBad.data[j] = -R.data[j];
      expect(qrRatios(a, Q, rBad).rec).toBeGreaterThan(THRESH);
    }),
    { seed: seedOf('qr-wrong'), numRuns: 40 },
  );
});

/** Classical Gram–Schmidt: mathematically the thin Q, but orthogonality degrades like ε·κ². */
function classicalGramSchmidt(a: Matrix): Matrix {
  const m = a.rows;
  const n = a.cols;
  const q = zeros(m, n);
  for (let j = 0; j < n; j++) {
    const v = new Float64Array(m);
    for (let i = 0; i < m; i++) v[i] = a.data[i * a.stride + j];
    const proj = new Float64Array(j);
    for (let l = 0; l < j; l++) for (let i = 0; i < m; i++) proj[l] += q.data[i * n + l] * a.data[i * a.stride + j];
    for (let l = 0; l < j; l++) for (let i = 0; i < m; i++) v[i] -= proj[l] * q.data[i * n + l];
    const nv = Math.hypot(...v);
    for (let i = 0; i < m; i++) q.data[i * n + j] = v[i] / nv;
  }
  return q;
}

test('qr orthogonality check rejects classical Gram–Schmidt at condition ≥ 1e6', () => {
  const ill = shapeArb.filter((p) => p.m >= p.n && p.n >= 2 && p.deficiency === 0 && p.condExp >= 12 && p.condExp <= 16);
  fc.assert(
    fc.property(ill, (p) => {
      const { a } = makeCase(p, 'qr-cgs');
      // Wrong variant: CGS loses orthogonality ≈ ε·κ² ≥ 1e-4 (Giraud et al., Numer. Math. 101, 2005), vs 30·m·ε ≈ 1e-13.
      expect(qrRatios(a, classicalGramSchmidt(a), zeros(p.n, p.n)).orth).toBeGreaterThan(THRESH);
    }),
    { seed: seedOf('qr-cgs'), numRuns: 30 },
  );
});

// ---------------------------------------------------------------------------------------------
// Rank and null space

/** rtol in the gap between rounding noise (formErr/σ₁ + 30·max(m,n)·ε ≤ 1e-12 here) and σ_r/σ₁ ≥ 1e-6. */
const RTOL_GAP = 1e-9;
const gapArb = shapeArb.filter((p) => p.condExp <= 12);

/**
 * Null-space ratios: N has n − r columns; ‖AN‖_F ≤ √(n−r)·(formErr + ρ) + the product's γ_n·‖A‖_F‖N‖_F, with ρ the SVD
 * backward error 30·max(m,n)·ε·‖A‖_F (the computed V_r is exactly orthogonal to N up to the QR's 30·n·ε);
 * ‖NᵀN − I‖_F ≤ 30·n·ε (dqrt01 ratio of the full QR that produces N).
 */
function nullRatios(a: Matrix, nb: Matrix, formErr: number): { an: number; orth: number } {
  const m = a.rows;
  const n = a.cols;
  const d = nb.cols;
  const aF = frobenius(a);
  const rho = THRESH * Math.max(m, n) * EPS * aF;
  const tolAN = Math.sqrt(d) * (formErr + rho + n * EPS * aF) + 2 * THRESH * n * EPS * aF;
  return {
    an: d === 0 ? 0 : frobenius(matmul(a, nb)) / tolAN,
    orth: d === 0 ? 0 : frobenius(minus(matmul(nb, nb, { transA: true }), identity(d))) / (THRESH * n * EPS),
  };
}

test('rank and nullSpace: dimension n − r on matrices of known rank, ‖AN‖ at rounding level, N orthonormal', () => {
  fc.assert(
    fc.property(gapArb, (p) => {
      const c = makeCase(p, 'null');
      expect(rank(c.a, { rtol: RTOL_GAP })).toBe(c.rank);
      const nb = nullSpace(c.a, { rtol: RTOL_GAP });
      expect([nb.rows, nb.cols]).toEqual([p.n, p.n - c.rank]);
      const r = nullRatios(c.a, nb, c.formErr);
      expect(r.an).toBeLessThanOrEqual(1);
      expect(r.orth).toBeLessThanOrEqual(1);
    }),
    { seed: seedOf('null'), numRuns: 150 },
  );
});

test('null-space check rejects an absolute cutoff (rtol not scaled by s_max) on a matrix of norm 2⁻⁴⁰', () => {
  fc.assert(
    fc.property(gapArb.map((p) => ({ ...p, scaleExp: -40 })), (p) => {
      const c = makeCase(p, 'null-abs');
      const smax = c.sigma[0];
      // Wrong variant: "s > rtol" instead of "s > rtol·s_max" — everything looks negligible, N = I.
      const wrong = nullSpace(c.a, { rtol: RTOL_GAP / smax });
      const dimOk = wrong.cols === p.n - c.rank;
      expect(dimOk && nullRatios(c.a, wrong, c.formErr).an <= 1).toBe(false);
    }),
    { seed: seedOf('null-abs'), numRuns: 30 },
  );
});

test('qr, rank, nullSpace reject non-finite input and bad tolerances', () => {
  expect(() => qr(fromRows([[1, NaN]]))).toThrow(DimensionError);
  expect(() => qr(fromRows([[1]]), { mode: 'economy' as never })).toThrow(/opts.mode/);
  expect(() => rank(fromRows([[1, 2]]), { rtol: -1 })).toThrow(/rtol/);
  expect(() => nullSpace(fromRows([[Infinity, 2]]))).toThrow(/non-finite/);
  expect(rank(zeros(3, 3))).toBe(0);
  expect(nullSpace(zeros(2, 3)).cols).toBe(3);
  expect(nullSpace(identity(3)).cols).toBe(0);
});

// ---------------------------------------------------------------------------------------------
// NNLS

const nnlsArb = fc.record({
  m: fc.integer({ min: 1, max: 10 }),
  n: fc.integer({ min: 1, max: 6 }),
  seed: fc.nat(),
  scaleA: fc.integer({ min: -20, max: 20 }),
  scaleB: fc.integer({ min: -20, max: 20 }),
});

function makeNnls(p: { m: number; n: number; seed: number; scaleA: number; scaleB: number }, tag: string): { a: Matrix; b: Float64Array } {
  const rng = Rng.stream(ROOT_SEED, 'core-qr-nnls', tag, p.seed);
  const a = gaussianMatrix(p.m, p.n, rng, { scale: 2 ** p.scaleA });
  const b = rng.fillNormal(new Float64Array(p.m), 2 ** p.scaleB);
  return { a, b };
}

function norm2(v: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < v.length; i++) s += v[i] * v[i];
  return Math.sqrt(s);
}

/** r = b − Ax and w = Aᵀr, computed here independently of nnls.ts. */
function residualAndDual(a: Matrix, b: Float64Array, x: Float64Array): { r: Float64Array; w: Float64Array } {
  const r = Float64Array.from(b);
  for (let i = 0; i < a.rows; i++) for (let j = 0; j < a.cols; j++) r[i] -= a.data[i * a.stride + j] * x[j];
  const w = new Float64Array(a.cols);
  for (let i = 0; i < a.rows; i++) for (let j = 0; j < a.cols; j++) w[j] += a.data[i * a.stride + j] * r[i];
  return { r, w };
}

/**
 * KKT tolerance. On the support x solves an LS problem by Householder QR, backward stable with
 * ‖δA‖ ≤ 30·m·n·ε·‖A‖_F and ‖δb‖ ≤ 30·m·n·ε·‖b‖ (Higham Thm. 20.3), so A_Pᵀr = O(‖δA‖‖r‖ + ‖A‖(‖δb‖ + ‖δA‖‖x‖));
 * evaluating w = Aᵀ(b − Ax) adds γ_{m+n}·‖A‖_F(‖b‖ + ‖A‖_F‖x‖). With ‖r‖ ≤ ‖b‖ (x = 0 is feasible), all are
 * ≤ 30·m·n·ε·‖A‖_F·(‖b‖ + ‖A‖_F‖x‖) up to the constant 30 (≥ 2 + the LS constant).
 */
function kktTol(a: Matrix, b: Float64Array, x: Float64Array): number {
  const aF = frobenius(a);
  return THRESH * Math.max(a.rows * a.cols, a.rows + a.cols) * EPS * aF * (norm2(b) + aF * norm2(x));
}

test('nnls: KKT conditions hold (x ≥ 0, w ≤ 0 on the zero set, w = 0 on the support) to 30·m·n·ε·‖A‖(‖b‖ + ‖A‖‖x‖)', () => {
  fc.assert(
    fc.property(nnlsArb, (p) => {
      const { a, b } = makeNnls(p, 'kkt');
      const res = nnls(a, b);
      for (const xj of res.x) expect(xj).toBeGreaterThanOrEqual(0);
      const { r, w } = residualAndDual(a, b, res.x);
      expect(nnlsKktResidual(res.x, w)).toBeLessThanOrEqual(kktTol(a, b, res.x));
      expect(res.kktResidual).toBeLessThanOrEqual(kktTol(a, b, res.x));
      expect(Math.abs(res.residualNorm - norm2(r))).toBeLessThanOrEqual(THRESH * (p.m + p.n) * EPS * (norm2(b) + frobenius(a) * norm2(res.x)));
    }),
    { seed: seedOf('kkt'), numRuns: 200 },
  );
});

/** Least squares restricted to columns S by the SVD pseudo-inverse (a code path independent of nnls.ts). */
function lsOn(a: Matrix, b: Float64Array, cols: number[]): Float64Array {
  const sub = zeros(a.rows, cols.length);
  for (let i = 0; i < a.rows; i++) for (let k = 0; k < cols.length; k++) sub.data[i * cols.length + k] = a.data[i * a.stride + cols[k]];
  const ap = pinv(sub).pinv;
  const z = new Float64Array(cols.length);
  for (let k = 0; k < cols.length; k++) for (let i = 0; i < a.rows; i++) z[k] += ap.data[k * a.rows + i] * b[i];
  return z;
}

/**
 * Brute force: the NNLS optimum has a support S whose columns are independent and whose LS solution is ≥ 0,
 * so min over all S with LS(S) ≥ 0 of ‖A_S z_S − b‖ is the optimal value (Lawson & Hanson Ch. 23, Lemma 23.10).
 */
function bruteForceOptimum(a: Matrix, b: Float64Array): number {
  const n = a.cols;
  let best = norm2(b);
  for (let mask = 1; mask < 1 << n; mask++) {
    const cols: number[] = [];
    for (let j = 0; j < n; j++) if (mask & (1 << j)) cols.push(j);
    const z = lsOn(a, b, cols);
    if (z.some((v) => v < 0)) continue;
    const x = new Float64Array(n);
    cols.forEach((j, k) => (x[j] = z[k]));
    best = Math.min(best, norm2(residualAndDual(a, b, x).r));
  }
  return best;
}

/** Objective tolerance: two backward-stable LS solves each perturb ‖r‖ by ≤ 30·m·n·ε·(‖A‖_F‖x‖ + ‖b‖) (Higham Thm. 20.3). */
function objectiveTol(a: Matrix, b: Float64Array, x: Float64Array): number {
  return 2 * THRESH * a.rows * a.cols * EPS * (frobenius(a) * norm2(x) + norm2(b));
}

test('nnls matches brute force over all supports (n ≤ 6)', () => {
  fc.assert(
    fc.property(nnlsArb, (p) => {
      const { a, b } = makeNnls(p, 'brute');
      const res = nnls(a, b);
      const best = bruteForceOptimum(a, b);
      expect(res.residualNorm).toBeLessThanOrEqual(best + objectiveTol(a, b, res.x));
    }),
    { seed: seedOf('brute'), numRuns: 80 },
  );
});

/**
 * Instances where clipping is wrong: b = A·y with y of mixed signs (entries ±(1 + i/4), from integers) and m ≥ n, so
 * the unconstrained LS solution is y and max(y, 0) differs from the NNLS solution.
 */
const clipArb = fc.record({
  m: fc.integer({ min: 2, max: 10 }),
  seed: fc.nat(),
  y: fc.array(fc.integer({ min: -8, max: 8 }).filter((v) => v !== 0), { minLength: 2, maxLength: 6 }),
}).filter((p) => p.m >= p.y.length && p.y.some((v) => v < 0) && p.y.some((v) => v > 0));

function clippedLeastSquares(a: Matrix, b: Float64Array): Float64Array {
  const z = lsOn(a, b, Array.from({ length: a.cols }, (_, j) => j));
  return Float64Array.from(z, (v) => Math.max(v, 0));
}

test('KKT and brute-force checks reject clipped least squares, max(A⁺b, 0), where it differs from NNLS', () => {
  fc.assert(
    fc.property(clipArb, (p) => {
      const rng = Rng.stream(ROOT_SEED, 'core-qr-nnls', 'clip', p.seed);
      const n = p.y.length;
      const a = gaussianMatrix(p.m, n, rng);
      const y = Float64Array.from(p.y, (v) => Math.sign(v) * (1 + Math.abs(v) / 4));
      const b = new Float64Array(p.m);
      for (let i = 0; i < p.m; i++) for (let j = 0; j < n; j++) b[i] += a.data[i * n + j] * y[j];
      const xc = clippedLeastSquares(a, b);
      const { r, w } = residualAndDual(a, b, xc);
      // KKT check rejects it …
      expect(nnlsKktResidual(xc, w)).toBeGreaterThan(kktTol(a, b, xc));
      // … and so does the brute-force optimum.
      expect(norm2(r)).toBeGreaterThan(bruteForceOptimum(a, b) + objectiveTol(a, b, xc));
      // The real NNLS passes both on the same instance.
      const res = nnls(a, b);
      expect(res.kktResidual).toBeLessThanOrEqual(kktTol(a, b, res.x));
    }),
    { seed: seedOf('clip'), numRuns: 40 },
  );
});

test('nnls recovers a non-negative x₀ with zeros exactly when b = A·x₀ (consistent, full column rank)', () => {
  fc.assert(
    fc.property(fc.nat(), fc.integer({ min: 1, max: 6 }), fc.integer({ min: 0, max: 4 }), (seed, n, extra) => {
      const rng = Rng.stream(ROOT_SEED, 'core-qr-nnls', 'recover', seed);
      const m = n + extra;
      const a = gaussianMatrix(m, n, rng);
      const x0 = Float64Array.from({ length: n }, () => (rng.uniform() < 0.4 ? 0 : 0.5 + rng.uniform()));
      const b = new Float64Array(m);
      for (let i = 0; i < m; i++) for (let j = 0; j < n; j++) b[i] += a.data[i * n + j] * x0[j];
      const res = nnls(a, b);
      // Backward-stable LS on the true support: ‖x − x₀‖ ≤ κ(A)·30·m·n·ε·(‖x₀‖ + ‖b‖/σ_min) (Higham Thm. 20.1, zero residual).
      const s = pinv(a).singularValues;
      const kappa = s[0] / s[s.length - 1];
      const tol = kappa * THRESH * m * n * EPS * (norm2(x0) + norm2(b) / s[s.length - 1]);
      let err = 0;
      for (let j = 0; j < n; j++) err = Math.max(err, Math.abs(res.x[j] - x0[j]));
      expect(err).toBeLessThanOrEqual(tol);
      // Wrong variant: x₀ with one positive entry nudged by 2·tol fails the same comparison.
      const j0 = x0.findIndex((v) => v > 0);
      fc.pre(j0 >= 0);
      expect(Math.abs(res.x[j0] - (x0[j0] + 2 * tol))).toBeGreaterThan(tol);
    }),
    { seed: seedOf('recover'), numRuns: 60 },
  );
});

test('nnls and qr honour strided views; nnls is exactly equivariant under power-of-two scaling of A and b', () => {
  fc.assert(
    // |kb − ka| ≤ 900 keeps the scaled solution 2^(kb−ka)·x far from overflow (|x| ≲ 2^60 here).
    fc.property(nnlsArb, fc.integer({ min: -450, max: 450 }), fc.integer({ min: -450, max: 450 }), (p, ka, kb) => {
      const { a, b } = makeNnls(p, 'view-scale');
      const big = zeros(p.m + 2, p.n + 3);
      big.data.fill(NaN); // reading outside the view would poison the result
      const av = view(big, 1, 3, p.m, p.n);
      for (let i = 0; i < p.m; i++) for (let j = 0; j < p.n; j++) av.data[av.offset + i * av.stride + j] = a.data[i * p.n + j];
      const ref = nnls(a, b);
      expect(Array.from(nnls(av, b).x)).toEqual(Array.from(ref.x));
      const qa = qr(a);
      const qv = qr(av);
      expect(Array.from(qv.Q.data)).toEqual(Array.from(qa.Q.data));
      expect(Array.from(qv.R.data)).toEqual(Array.from(qa.R.data));
      // min‖2^ka·A·x − 2^kb·b‖ has solution 2^(kb−ka)·x; nnls normalises A and b by powers of two, so bitwise.
      const as = clone(a);
      for (let i = 0; i < as.data.length; i++) as.data[i] *= 2 ** ka;
      const bs = Float64Array.from(b, (v) => v * 2 ** kb);
      const got = nnls(as, bs).x;
      expect(got.every(Number.isFinite)).toBe(true);
      expect(Array.from(got)).toEqual(Array.from(ref.x, (v) => v * 2 ** (kb - ka)));
      // Wrong variant: the solution scaled the wrong way round, 2^(ka−kb)·x, fails the same comparison.
      fc.pre(ka !== kb && ref.x.some((v) => v > 0));
      expect(Array.from(got)).not.toEqual(Array.from(ref.x, (v) => v * 2 ** (ka - kb)));
    }),
    { seed: seedOf('view-scale'), numRuns: 60 },
  );
});

test('nnls rejects bad input and reports the iteration cap', () => {
  const a = fromRows([
    [1, 0],
    [0, 1],
  ]);
  expect(() => nnls(a, new Float64Array(3))).toThrow(/b has length 3 but a has 2 rows/);
  expect(() => nnls(a, new Float64Array([1, NaN]))).toThrow(/b has a non-finite/);
  expect(() => nnls(fromRows([[NaN]]), new Float64Array(1))).toThrow(/a has a non-finite/);
  expect(() => nnls(a, new Float64Array(2), { maxIter: -1 })).toThrow(/maxIter/);
  expect(() => nnls(a, new Float64Array(2), { tol: Infinity })).toThrow(/opts.tol/);
  expect(() => nnls(a, new Float64Array([1, 1]), { maxIter: 1 })).toThrow(ConvergenceError);
  // A solution beyond float64: 2^-1000·x = 2^1000·1 needs x = 2^2000.
  expect(() => nnls(fromRows([[2 ** -1000]]), new Float64Array([2 ** 1000]))).toThrow(/overflows/);
  const ok = nnls(a, new Float64Array([2, -3]));
  expect(Array.from(ok.x)).toEqual([2, 0]);
  expect(ok.residualNorm).toBe(3);
});
