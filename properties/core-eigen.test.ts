/**
 * Properties of the symmetric eigensolvers: `src/core/tridiagonal.ts` and `src/core/eigen.ts`.
 *
 * Tolerances follow the LAPACK test-suite convention (LAPACK Working Note 41, test ratios of the
 * `dsep`/`ddrvst` drivers): a backward-stable O(n³) eigensolver has
 *   ‖AV − VΛ‖_F / (n·ε·‖A‖_F) = O(1) and ‖VᵀV − I‖_F / (n·ε) = O(1),
 * and LAPACK passes a ratio below a threshold of a few tens. We use THRESH = 30 everywhere below.
 * The n·ε·‖A‖ backward error also bounds eigenvalue errors by Weyl's inequality, |λ̂ₖ − λₖ| ≤ ‖E‖₂.
 */
import { test, expect } from 'vitest';
import fc from 'fast-check';
import { EigenvalueDecomposition, Matrix as MlMatrix } from 'ml-matrix';
import { symEig, symEigvals } from '../src/core/eigen.ts';
import { tridiagonalEigen } from '../src/core/tridiagonal.ts';
import { ConvergenceError } from '../src/core/errors.ts';
import { withSpectrum } from '../src/core/randomMatrix.ts';
import { matmul } from '../src/core/gemm.ts';
import { DimensionError, frobenius, fromRows, identity, transpose, toRows, type Matrix } from '../src/core/matrix.ts';
import { Rng, deriveSeed32 } from '../src/core/random.ts';
import { ROOT_SEED } from './setup.ts';
import { minus, scaleCols, asView, pow2Exact, pow2Times } from './matrixHelpers.ts';
import { backendTest } from './backends.ts';
import { EPS } from '../src/core/constants.ts';

/** LAPACK-style pass threshold for test ratios ‖residual‖ / (n·ε·‖A‖) (LAWN 41). */
const THRESH = 30;

const seedOf = (name: string): number => deriveSeed32(ROOT_SEED, 'core-eigen', name);

/** ‖AV − VΛ‖_F / (n·ε·‖A‖_F): the LAPACK eigen-residual ratio. */
function residualRatio(a: Matrix, v: Matrix, lam: ArrayLike<number>): number {
  const n = a.rows;
  const na = frobenius(a);
  if (na === 0) return frobenius(minus(matmul(a, v), scaleCols(v, lam))) === 0 ? 0 : Infinity;
  return frobenius(minus(matmul(a, v), scaleCols(v, lam))) / (n * EPS * na);
}

/** ‖VᵀV − I‖_F / (n·ε). */
function orthogonalityRatio(v: Matrix): number {
  return frobenius(minus(matmul(v, v, { transA: true }), identity(v.cols))) / (Math.max(v.rows, 1) * EPS);
}

/**
 * Test spectrum: n eigenvalues of both signs spanning a condition range 10^(condExp/2), scaled by
 * (1 + frac/64)·2^scaleExp (log-uniform scale from integers), with `repeats` forced duplicates
 * (clusters are where eigenvector orthogonality is hardest).
 */
function spectrum(n: number, rng: Rng, condExp: number, scaleExp: number, frac: number, repeats: number): Float64Array {
  const scale = (1 + frac / 64) * 2 ** scaleExp;
  const lam = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const mag = Math.pow(10, -(condExp / 2) * rng.uniform());
    lam[i] = (rng.uniform() < 0.5 ? -1 : 1) * mag * scale;
  }
  for (let r = 0; r < repeats && n > 1; r++) lam[rng.int(n)] = lam[rng.int(n)];
  return lam;
}

const specArb = fc.record({
  n: fc.integer({ min: 1, max: 24 }),
  seed: fc.nat(),
  condExp: fc.integer({ min: 0, max: 24 }),
  scaleExp: fc.integer({ min: -40, max: 40 }),
  frac: fc.integer({ min: 0, max: 63 }),
  repeats: fc.integer({ min: 0, max: 3 }),
});

interface Case {
  a: Matrix;
  lam: Float64Array;
}

function makeCase(p: { n: number; seed: number; condExp: number; scaleExp: number; frac: number; repeats: number }, tag: string): Case {
  const rng = Rng.stream(ROOT_SEED, 'core-eigen', tag, p.seed);
  const lam = spectrum(p.n, rng, p.condExp, p.scaleExp, p.frac, p.repeats);
  return { a: withSpectrum(lam, rng), lam };
}

/**
 * Weyl check against the prescribed spectrum. The stored A is QΛQᵀ up to its own rounding
 * (withSpectrum: ≤ n·ε·max|λ| per entry by γ_n for the length-n dot products, so ‖ΔA‖₂ ≤ n·‖ΔA‖_max ≤ n²ε·max|λ|);
 * the solver adds THRESH·n·ε·‖A‖_F (‖·‖_F ≥ ‖·‖₂). Both bound |λ̂ₖ − λₖ| by Weyl.
 */
function weylViolation(values: ArrayLike<number>, lam: Float64Array, a: Matrix): number {
  const n = lam.length;
  const sorted = Float64Array.from(lam).sort();
  let lmax = 0;
  for (const x of lam) lmax = Math.max(lmax, Math.abs(x));
  const tol = THRESH * n * EPS * frobenius(a) + n * n * EPS * lmax;
  let worst = 0;
  for (let k = 0; k < n; k++) worst = Math.max(worst, Math.abs(values[k] - sorted[k]) / tol);
  return worst; // ≤ 1 passes
}

backendTest('symEig: residual ‖AV − VΛ‖ ≤ 30·n·ε·‖A‖, ‖VᵀV − I‖ ≤ 30·n·ε, ascending values', () => {
  fc.assert(
    fc.property(specArb, (p) => {
      const { a } = makeCase(p, 'residual');
      const { values, vectors } = symEig(a);
      for (let k = 1; k < values.length; k++) expect(values[k]).toBeGreaterThanOrEqual(values[k - 1]);
      expect(residualRatio(a, vectors, values)).toBeLessThanOrEqual(THRESH);
      expect(orthogonalityRatio(vectors)).toBeLessThanOrEqual(THRESH);
    }),
    { seed: seedOf('residual'), numRuns: 120 },
  );
});

test('symEig residual check rejects transposed V, and mismatched value order', () => {
  fc.assert(
    // Distinct eigenvalues (no forced repeats, a spread of magnitudes): with a repeated eigenvalue other
    // orthonormal bases, possibly Vᵀ itself (e.g. for A = 2P − I), are legitimately eigenbases.
    fc.property(specArb.filter((p) => p.n >= 3 && p.condExp >= 4 && p.repeats === 0), (p) => {
      const { a } = makeCase(p, 'residual-wrong');
      const { values, vectors } = symEig(a);
      // Wrong variant 1: eigenvectors as rows (Vᵀ). Vᵀ is also orthogonal, so only the residual can catch it.
      expect(residualRatio(a, transpose(vectors), values)).toBeGreaterThan(THRESH);
      // Wrong variant 2: values descending with vectors ascending (a sort that forgets to permute V).
      const rev = Float64Array.from(values).reverse();
      // Only a bug if the spectrum is not symmetric about its middle (±pairs would make it a no-op).
      const spread = Math.abs(values[values.length - 1] + values[0]) + Math.abs(values[1] + values[values.length - 2]);
      fc.pre(spread > 1e-6 * Math.abs(values[0]));
      expect(residualRatio(a, vectors, rev)).toBeGreaterThan(THRESH);
    }),
    { seed: seedOf('residual-wrong'), numRuns: 40 },
  );
});

test('symEig orthogonality check rejects a non-orthonormal basis of eigenvectors', () => {
  fc.assert(
    fc.property(specArb.filter((p) => p.n >= 2), (p) => {
      const { a } = makeCase(p, 'orth-wrong');
      const { vectors } = symEig(a);
      // Wrong variant: column 0 replaced by the normalised (v₀ + v₁)/√2 (a unit vector, but not orthogonal to v₁).
      const w = fromRows(toRows(vectors));
      const n = w.rows;
      for (let i = 0; i < n; i++) w.data[i * n] = (vectors.data[i * n] + vectors.data[i * n + 1]) / Math.SQRT2;
      expect(orthogonalityRatio(w)).toBeGreaterThan(THRESH);
    }),
    { seed: seedOf('orth-wrong'), numRuns: 30 },
  );
});

backendTest('symEig and symEigvals: eigenvalues match the prescribed spectrum (Weyl), and each other', () => {
  fc.assert(
    fc.property(specArb, (p) => {
      const { a, lam } = makeCase(p, 'weyl');
      const full = symEig(a, { method: 'ql' }).values;
      const only = symEigvals(a);
      expect(weylViolation(full, lam, a)).toBeLessThanOrEqual(1);
      // The backend's default method (divide and conquer on WASM) is held to the same Weyl bound.
      expect(weylViolation(symEig(a).values, lam, a)).toBeLessThanOrEqual(1);
      expect(weylViolation(only, lam, a)).toBeLessThanOrEqual(1);
      // Same reduction and same QL shifts: eigenvalues-only must agree with the full solver to rounding
      // (the QL iteration on d, e does not depend on whether rotations are accumulated: bitwise equal).
      for (let k = 0; k < lam.length; k++) expect(Object.is(only[k], full[k]) || only[k] === full[k]).toBe(true);
    }),
    { seed: seedOf('weyl'), numRuns: 120 },
  );
});

test('Weyl check rejects eigenvalues shifted by twice its tolerance (A + 2·tol·I)', () => {
  fc.assert(
    fc.property(specArb, (p) => {
      const { a, lam } = makeCase(p, 'weyl-wrong');
      const n = lam.length;
      let lmax = 0;
      for (const x of lam) lmax = Math.max(lmax, Math.abs(x));
      const tol = THRESH * n * EPS * frobenius(a) + n * n * EPS * lmax;
      // Wrong variant: a solver that is off by a constant shift just above the tolerance.
      const shifted = fromRows(toRows(a));
      for (let i = 0; i < n; i++) shifted.data[i * n + i] += 2.5 * tol;
      expect(weylViolation(symEigvals(shifted), lam, a)).toBeGreaterThan(1);
    }),
    { seed: seedOf('weyl-wrong'), numRuns: 40 },
  );
});

backendTest('symEigvals agrees with ml-matrix EigenvalueDecomposition (both backward stable: 2× the Weyl bound)', () => {
  fc.assert(
    fc.property(specArb.filter((p) => p.n <= 12), (p) => {
      const { a } = makeCase(p, 'ml');
      const n = a.rows;
      const ours = symEigvals(a);
      const ml = new EigenvalueDecomposition(new MlMatrix(toRows(a)), { assumeSymmetric: true }).realEigenvalues.slice().sort((x, y) => x - y);
      const tol = 2 * THRESH * n * EPS * frobenius(a);
      for (let k = 0; k < n; k++) expect(Math.abs(ours[k] - ml[k])).toBeLessThanOrEqual(tol);
      // Wrong variant: ml-matrix on A + 2·tol·I must be rejected by the same comparison.
      const shifted = toRows(a).map((row, i) => row.map((x, j) => (i === j ? x + 2 * tol : x)));
      const mlWrong = new EigenvalueDecomposition(new MlMatrix(shifted), { assumeSymmetric: true }).realEigenvalues.slice().sort((x, y) => x - y);
      let rejected = false;
      for (let k = 0; k < n; k++) if (Math.abs(ours[k] - mlWrong[k]) > tol) rejected = true;
      expect(rejected).toBe(true);
    }),
    { seed: seedOf('ml'), numRuns: 40 },
  );
});

backendTest('symEigvals on diagonal input returns the sorted diagonal exactly', () => {
  // A diagonal matrix is already tridiagonal with e = 0: QL must return its diagonal exactly (sorted).
  fc.assert(
    fc.property(specArb, (p) => {
      const rng = Rng.stream(ROOT_SEED, 'core-eigen', 'diag', p.seed);
      const lam = spectrum(p.n, rng, p.condExp, p.scaleExp, p.frac, p.repeats);
      const a = fromRows(Array.from({ length: p.n }, (_, i) => Array.from({ length: p.n }, (_, j) => (i === j ? lam[i] : 0))));
      const got = symEigvals(a);
      const want = Float64Array.from(lam).sort();
      for (let k = 0; k < p.n; k++) expect(got[k]).toBe(want[k]);
      // Wrong variant: the unsorted diagonal fails the same exact comparison unless it happens to be sorted.
      fc.pre(lam.some((x, k) => x !== want[k]));
      expect(Array.from(lam).every((x, k) => x === want[k])).toBe(false);
    }),
    { seed: seedOf('diag'), numRuns: 40 },
  );
});

backendTest('symEig honours strided views and is exactly equivariant under power-of-two scaling up to 2^±1000', () => {
  fc.assert(
    fc.property(specArb.map((p) => ({ ...p, scaleExp: 0 })), fc.integer({ min: -1000, max: 1000 }), (p, k) => {
      const { a } = makeCase(p, 'view-scale');
      const ref = symEig(a);
      // Bitwise equivariance needs 2^k·A to be exact and 2^k·λ representable without rounding: a draw whose smallest
      // entries or eigenvalues would become subnormal is skipped (found: k = −997 with an entry 2.1e-10 ≈ 2^-32; the
      // scaled input then differs from 2^k·A in its last bits, and so do the eigenvectors).
      fc.pre(pow2Exact(a.data, k) && pow2Exact(ref.values, k));
      // A view into a NaN-filled buffer: reading outside the view would poison the result.
      const fromView = symEig(asView(a));
      expect(Array.from(fromView.values)).toEqual(Array.from(ref.values));
      expect(Array.from(fromView.vectors.data)).toEqual(Array.from(ref.vectors.data));
      // The solver normalises by a power of two internally, so 2^k·A gives bitwise 2^k·λ and the same V;
      // without that normalisation the Householder norms overflow (k ≳ 500) or lose digits to underflow.
      const scaled = symEig(pow2Times(a, k));
      expect(Array.from(scaled.values)).toEqual(Array.from(ref.values, (x) => x * 2 ** k));
      expect(Array.from(scaled.vectors.data)).toEqual(Array.from(ref.vectors.data));
      // Wrong variant: a solver that forgets to undo its internal scaling returns the spectrum of the
      // normalised matrix; the same exact comparison rejects it (unless the normalisation was the identity).
      let amax = 0;
      for (const x of a.data) amax = Math.max(amax, Math.abs(x));
      const norm = -Math.floor(Math.log2(amax));
      fc.pre(norm !== k && amax > 0);
      const forgot = symEigvals(pow2Times(a, norm));
      expect(Array.from(forgot).every((x, i) => x === scaled.values[i])).toBe(false);
    }),
    { seed: seedOf('view-scale'), numRuns: 40 },
  );
});

backendTest('symEig on subnormal input stays finite with a small residual ratio', () => {
  const rng = Rng.stream(ROOT_SEED, 'core-eigen', 'subnormal');
  const lam = spectrum(6, rng, 2, 0, 0, 0);
  const a = pow2Times(withSpectrum(lam, rng), -1060); // entries ≈ 2^-1060: subnormal, ~12 bits of precision
  const { values, vectors } = symEig(a);
  expect(values.every(Number.isFinite)).toBe(true);
  expect(orthogonalityRatio(vectors)).toBeLessThanOrEqual(THRESH);
  // Compare in the frame scaled back up by 2^1060 (exact). The eigenvalues themselves are subnormal, so each is
  // stored with absolute error ≤ 2^-1075 (half the subnormal spacing), i.e. 2^-15 after scaling: the residual bound
  // is the LAWN 41 term plus ‖V·ΔΛ‖_F ≤ √n·2^-15.
  const up = pow2Times(a, 1060);
  const n = lam.length;
  const res = frobenius(minus(matmul(up, vectors), scaleCols(vectors, Array.from(values, (x) => x * 2 ** 530 * 2 ** 530))));
  expect(res).toBeLessThanOrEqual(THRESH * n * EPS * frobenius(up) + Math.sqrt(n) * 2 ** -15);
  // Wrong variant: an eigenvalue off by 4 subnormal spacings (2^-1072) breaks the same bound.
  const bad = Array.from(values, (x, i) => (i === 0 ? x + 2 ** -1072 : x) * 2 ** 530 * 2 ** 530);
  expect(frobenius(minus(matmul(up, vectors), scaleCols(vectors, bad)))).toBeGreaterThan(THRESH * n * EPS * frobenius(up) + Math.sqrt(n) * 2 ** -15);
});

test('symEig rejects non-square, non-finite and non-symmetric input with a DimensionError', () => {
  const rect = fromRows([
    [1, 2, 3],
    [2, 1, 0],
  ]);
  expect(() => symEig(rect)).toThrow(DimensionError);
  expect(() => symEig(rect)).toThrow(/square/);
  expect(() => symEigvals(fromRows([[1, NaN], [NaN, 1]]))).toThrow(/non-finite/);
  expect(() => symEigvals(fromRows([[1, Infinity], [Infinity, 1]]))).toThrow(DimensionError);
  // Asymmetry far above symmetryTol·max|a| (default 1e-10) is rejected, naming the entry.
  expect(() => symEig(fromRows([[1, 2], [2.001, 1]]))).toThrow(/not symmetric.*\(0,1\)/);
  // Asymmetry at rounding level is accepted and symmetrised.
  const nearly = fromRows([[1, 2], [2 * (1 + EPS), 1]]);
  const { values } = symEig(nearly);
  expect(Math.abs(values[0] + 1)).toBeLessThanOrEqual(THRESH * 2 * EPS * frobenius(nearly));
  expect(() => symEig(fromRows([[1]]), { symmetryTol: -1 })).toThrow(/symmetryTol/);
  // Empty and 1×1 matrices.
  expect(symEig(fromRows([])).values.length).toBe(0);
  expect(Array.from(symEigvals(fromRows([[-3.5]])))).toEqual([-3.5]);
});

// ---------------------------------------------------------------------------------------------
// Tridiagonal solver (Golub–Welsch entry point).

const triArb = fc.record({
  n: fc.integer({ min: 1, max: 40 }),
  seed: fc.nat(),
  scaleExp: fc.integer({ min: -300, max: 300 }),
  zeros: fc.integer({ min: 0, max: 3 }),
});

function makeTri(p: { n: number; seed: number; scaleExp: number; zeros: number }): { d: Float64Array; e: Float64Array; t: Matrix } {
  const rng = Rng.stream(ROOT_SEED, 'core-eigen', 'tri', p.seed);
  const scale = 2 ** p.scaleExp;
  const d = rng.fillNormal(new Float64Array(p.n), scale);
  const e = rng.fillNormal(new Float64Array(Math.max(p.n - 1, 0)), scale);
  for (let z = 0; z < p.zeros && p.n > 1; z++) e[rng.int(p.n - 1)] = 0; // split points
  const t = fromRows(Array.from({ length: p.n }, (_, i) => Array.from({ length: p.n }, (_, j) => (i === j ? d[i] : j === i + 1 ? e[i] : i === j + 1 ? e[j] : 0))));
  return { d, e, t };
}

test('tridiagonalEigen: residual and orthogonality within 30·n·ε (LAWN 41), over scales 2^±300; first components = row 0 of the full vectors', () => {
  fc.assert(
    fc.property(triArb, (p) => {
      const { d, e, t } = makeTri(p);
      const full = tridiagonalEigen(d, e, { vectors: 'full' });
      const v = full.vectors as Matrix;
      expect(residualRatio(t, v, full.values)).toBeLessThanOrEqual(THRESH);
      expect(orthogonalityRatio(v)).toBeLessThanOrEqual(THRESH);
      const first = tridiagonalEigen(d, e, { vectors: 'first' });
      const none = tridiagonalEigen(d, e, { vectors: 'none' });
      // Same QL iteration on (d, e) and the same rotations applied to row 0 in the same order: bitwise equal.
      for (let k = 0; k < p.n; k++) {
        expect(first.values[k]).toBe(full.values[k]);
        expect(none.values[k]).toBe(full.values[k]);
        expect((first.firstComponents as Float64Array)[k]).toBe(v.data[k]);
      }
    }),
    { seed: seedOf('tri'), numRuns: 120 },
  );
});

test('tridiagonal residual check rejects a solver that reads the off-diagonal shifted by one index', () => {
  fc.assert(
    fc.property(triArb.filter((p) => p.n >= 3 && p.zeros === 0), (p) => {
      const { d, e, t } = makeTri(p);
      // Wrong variant: e rotated by one position (an off-by-one in the input convention).
      const eWrong = Float64Array.from(e, (_, i) => e[(i + 1) % e.length]);
      const wrong = tridiagonalEigen(d, eWrong, { vectors: 'full' });
      expect(residualRatio(t, wrong.vectors as Matrix, wrong.values)).toBeGreaterThan(THRESH);
    }),
    { seed: seedOf('tri-wrong'), numRuns: 40 },
  );
});

/**
 * Golub–Welsch for the Hermite weight e^{−x²} (μ₀ = √π; Jacobi matrix d = 0, e_k = √(k/2)):
 * Σ wᵢ xᵢʲ = μ₀ (Tʲ)₀₀ exactly for j < 2m, and (Tʲ)₀₀ = ∫xʲe^{−x²}dx/√π = (j−1)!!/2^{j/2} for even j, 0 for odd j.
 * With ZΛZᵀ = T + E, ‖E‖₂ ≤ 30·m·ε·‖T‖_F (LAWN 41 ratio), |((T+E)ʲ − Tʲ)₀₀| ≤ j‖T‖₂^{j−1}‖E‖₂, plus the rounding of
 * the sum (≤ m·ε·Σ wᵢ|xᵢ|ʲ ≤ m·ε·μ₀‖T‖₂ʲ); we check j ≤ 4.
 */
function hermiteMomentErrors(m: number, square: boolean): number {
  const d = new Float64Array(m);
  const e = Float64Array.from({ length: m - 1 }, (_, k) => Math.sqrt((k + 1) / 2));
  const { values, firstComponents } = tridiagonalEigen(d, e, { vectors: 'first' });
  const mu0 = Math.sqrt(Math.PI);
  const exact = [1, 0, 0.5, 0, 0.75];
  const t2 = 2 * Math.sqrt(Math.max(m - 1, 1) / 2); // ‖T‖₂ ≤ max row sum ≤ 2·max eₖ
  const tF = Math.sqrt((m * (m - 1)) / 2); // ‖T‖_F² = 2Σeₖ² = m(m−1)/2, the norm in the LAWN 41 ratio
  let worst = 0;
  for (let j = 0; j <= Math.min(4, 2 * m - 1); j++) {
    let sum = 0;
    for (let i = 0; i < m; i++) {
      const c = (firstComponents as Float64Array)[i];
      sum += mu0 * (square ? c * c : Math.abs(c)) * values[i] ** j;
    }
    // j‖T‖^{j−1}‖E‖ (backward error), m·ε·‖T‖ʲ (summation), 30·m·ε (‖Z row 0‖² = 1 up to orthogonality).
    const tol = mu0 * (j * t2 ** Math.max(j - 1, 0) * THRESH * m * EPS * tF + m * EPS * t2 ** j + THRESH * m * EPS);
    worst = Math.max(worst, Math.abs(sum - mu0 * exact[j]) / tol);
  }
  return worst;
}

test('tridiagonalEigen (Golub–Welsch): Gauss–Hermite weights reproduce the moments of e^{−x²}', () => {
  fc.assert(
    fc.property(fc.integer({ min: 3, max: 120 }), (m) => {
      expect(hermiteMomentErrors(m, true)).toBeLessThanOrEqual(1);
      // Wrong variant: weights μ₀|v₀ₖ| instead of μ₀v₀ₖ² (a dropped square) must fail the same moment check.
      expect(hermiteMomentErrors(m, false)).toBeGreaterThan(1);
    }),
    { seed: seedOf('hermite'), numRuns: 30 },
  );
});

/**
 * Clement (Kac–Sylvester) matrix: d = 0, eₖ = √(k(n−k)), k = 1..n−1, has the exact eigenvalues −(n−1) + 2j,
 * j = 0..n−1 (Clement, SIAM Rev. 1, 1959). Weyl with the LAWN 41 backward error: |λ̂ⱼ − λⱼ| ≤ 30·n·ε·‖T‖_F, ‖T‖_F² = 2Σk(n−k).
 */
function clementViolation(n: number, withSqrt: boolean): number {
  const d = new Float64Array(n);
  const e = Float64Array.from({ length: n - 1 }, (_, k) => ((k + 1) * (n - 1 - k)) ** (withSqrt ? 0.5 : 1));
  let f2 = 0;
  for (let k = 1; k < n; k++) f2 += 2 * k * (n - k);
  const tol = THRESH * n * EPS * Math.sqrt(f2);
  const { values } = tridiagonalEigen(d, e);
  let worst = 0;
  for (let j = 0; j < n; j++) worst = Math.max(worst, Math.abs(values[j] - (-(n - 1) + 2 * j)) / tol);
  return worst;
}

test('tridiagonalEigen: Clement matrix eigenvalues −(n−1), −(n−3), …, n−1 within the Weyl bound', () => {
  fc.assert(
    fc.property(fc.integer({ min: 3, max: 200 }), (n) => {
      expect(clementViolation(n, true)).toBeLessThanOrEqual(1);
      // Wrong variant: eₖ = k(n−k) without the square root (identical only for n = 2, hence n ≥ 3).
      expect(clementViolation(n, false)).toBeGreaterThan(1);
    }),
    { seed: seedOf('clement'), numRuns: 30 },
  );
});

test('tridiagonalEigen rejects bad lengths, non-finite entries and bad options', () => {
  expect(() => tridiagonalEigen(new Float64Array(3), new Float64Array(3))).toThrow(/offdiag must have length/);
  expect(() => tridiagonalEigen(new Float64Array([1, NaN]), new Float64Array(1))).toThrow(/diag has a non-finite/);
  expect(() => tridiagonalEigen(new Float64Array(2), new Float64Array([Infinity]))).toThrow(/offdiag has a non-finite/);
  expect(() => tridiagonalEigen(new Float64Array(2), new Float64Array(1), { vectors: 'all' as never })).toThrow(/opts.vectors/);
  expect(tridiagonalEigen(new Float64Array(0), new Float64Array(0)).values.length).toBe(0);
  expect(new ConvergenceError('x').name).toBe('ConvergenceError');
});
