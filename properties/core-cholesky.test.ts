/**
 * Executable specification of the Cholesky factorisation A = LLᵀ, its log-determinant and solves.
 *
 * Bounds from Higham, *Accuracy and Stability of Numerical Algorithms* (2nd ed., 2002), u = 2⁻⁵³,
 * γ_n = n·u/(1 − n·u):
 *  - Thm 10.3: L̂L̂ᵀ = A + ΔA, |ΔA| ≤ γ_{n+1}|L̂||L̂ᵀ| (any order of the inner products, so it covers the
 *    recursive blocked algorithm whose sums are split across SYRK/GEMM/TRSM);
 *  - Thm 10.4: the computed solution of Ax = b satisfies (A + ΔA)x̂ = b, |ΔA| ≤ γ_{3n+1}|L̂||L̂ᵀ|;
 *  - Thm 10.8 (Sun 1991): perturbation of the factor, ‖ΔL‖_F/‖L‖_2 ≤ 2^{-1/2}κ₂(A)ε/(1 − κ₂(A)ε), ε = ‖ΔA‖_F/‖A‖_2.
 * Every property also runs a wrong variant through the same check and requires it to be rejected.
 */
import { test, expect } from 'vitest';
import fc from 'fast-check';
import { CholeskyDecomposition, Matrix as MlMatrix } from 'ml-matrix';
import { ROOT_SEED } from './setup.ts';
import { deriveSeed32 } from '../src/core/random.ts';
import { DimensionError, diag, fromRows, toRows, transpose, view, zeros, type Matrix } from '../src/core/matrix.ts';
import { cholesky, choleskyInPlace, choleskyLogDet, choleskySolve, type CholeskyOptions } from '../src/core/cholesky.ts';
import { NotPositiveDefiniteError } from '../src/core/errors.ts';
import { assertSymmetric } from '../src/core/validate.ts';
import { trsm } from '../src/core/trsm.ts';
import { plainBackend, registerBackend, unregisterBackend, withBackend } from '../src/core/backend.ts';
import { gaussianMatrix, randomOrthogonal } from '../src/core/randomMatrix.ts';
import { embed, indefiniteArb, layoutArb, matrixRng, paddingIntact, seedArb, spdArb, type SpdCase } from './arbitraries/matrices.ts';
import { backendTest } from './backends.ts';

const U = Number.EPSILON / 2;
const gamma = (n: number): number => (n * U) / (1 - n * U);
const params = (name: string, numRuns: number) => ({ seed: deriveSeed32(ROOT_SEED, name), numRuns });
const at = (a: Matrix, i: number, j: number): number => a.data[a.offset + i * a.stride + j];

function frob2(a: Matrix): number {
  let s = 0;
  for (let i = 0; i < a.rows; i++) for (let j = 0; j < a.cols; j++) s += at(a, i, j) ** 2;
  return s;
}

// Small n keeps the unblocked path; 33..80 exercises one and two levels of the recursive blocking (base 32).
const spdSmallAndBlocked = spdArb({ maxN: 80, maxLogCond: 10 });

// ───────────────────────────── backward error ─────────────────────────────

type Factorizer = (a: Matrix) => Matrix;

/**
 * The backward-error check: ‖A − fl(F Fᵀ)‖_F ≤ 2γ_{n+2}‖F‖_F².
 * Thm 10.3 gives ‖A − L̂L̂ᵀ‖_F ≤ γ_{n+1}‖|L̂||L̂ᵀ|‖_F ≤ γ_{n+1}‖L̂‖_F²; forming L̂L̂ᵀ in float64 adds γ_n|L̂||L̂ᵀ|.
 * (‖L̂‖_F² = tr(L̂L̂ᵀ) ≈ tr A ≤ √n‖A‖_F, so this is the c·n·ε·‖A‖_F bound with c ≈ 2√n.)
 * Also requires F lower triangular with a positive diagonal.
 */
function checkBackward(factor: Factorizer, c: SpdCase): string | null {
  let F: Matrix;
  try {
    F = factor(c.A);
  } catch (e) {
    return `factorisation of an SPD matrix threw: ${(e as Error).message}`;
  }
  const n = c.n;
  let r2 = 0;
  for (let i = 0; i < n; i++) {
    if (!(at(F, i, i) > 0)) return `diagonal ${i} is ${at(F, i, i)}`;
    for (let j = 0; j < n; j++) {
      if (j > i && at(F, i, j) !== 0) return `F(${i}, ${j}) = ${at(F, i, j)} above the diagonal`;
      let s = 0;
      for (let k = 0; k < n; k++) s += at(F, i, k) * at(F, j, k);
      r2 += (at(c.A, i, j) - s) ** 2;
    }
  }
  const bound = 2 * gamma(n + 2) * frob2(F);
  return Math.sqrt(r2) <= bound ? null : `‖A − FFᵀ‖_F = ${Math.sqrt(r2)} > ${bound}`;
}

backendTest('cholesky: backward error ‖A − L̂L̂ᵀ‖_F ≤ 2γ_{n+2}‖L̂‖_F², L̂ lower with positive diagonal', () => {
  fc.assert(fc.property(spdSmallAndBlocked, (c) => { expect(checkBackward((a) => cholesky(a).L, c)).toBeNull(); }), params('chol.backward', 80));
});

test('backward-error check rejects wrong variants: the check on Lᵀ instead of L, a factorisation without the Schur update', () => {
  const o1 = fc.check(fc.property(spdSmallAndBlocked, (c) => checkBackward((a) => transpose(cholesky(a).L), c) === null), params('chol.wrong.transpose', 60));
  expect(o1.failed).toBe(true);
  // A backend whose SYRK does nothing: the trailing block is factored without subtracting L21·L21ᵀ.
  registerBackend({ name: 'wrong-no-schur-update', syrk: () => undefined });
  try {
    const blocked = spdArb({ minN: 33, maxN: 80, maxLogCond: 10 });
    const o2 = fc.check(
      fc.property(blocked, (c) => withBackend('wrong-no-schur-update', () => checkBackward((a) => cholesky(a).L, c)) === null),
      params('chol.wrong.schur', 30),
    );
    expect(o2.failed).toBe(true);
  } finally {
    unregisterBackend('wrong-no-schur-update');
  }
});

backendTest('choleskyInPlace on a view: same bits as cholesky, strict upper triangle zeroed, nothing outside the view touched', () => {
  const prop = fc.property(spdArb({ maxN: 50, maxLogCond: 6 }), layoutArb, (c, layout) => {
    const V = embed(c.A, layout);
    const out = choleskyInPlace(V);
    expect(out).toBe(V);
    expect(paddingIntact(V)).toBe(true);
    const L = cholesky(c.A).L;
    let same = true;
    for (let i = 0; i < c.n; i++) for (let j = 0; j < c.n; j++) same &&= Object.is(at(V, i, j), at(L, i, j));
    expect(same).toBe(true);
  });
  fc.assert(prop, params('chol.inplace', 40));
  // Wrong variant the same check rejects: the raw backend kernel leaves A's upper triangle in place.
  const A = fromRows([[4, 2], [2, 5]]);
  plainBackend.potrf(A);
  expect(at(A, 0, 1)).not.toBe(0);
});

// ───────────────────────────── log-determinant ─────────────────────────────

type LogDet = (l: Matrix) => number;

/**
 * Log-determinant check against the prescribed spectrum, with every float64 error source bounded:
 *  1. Q̂ is orthogonal only to δ = ‖Q̂ᵀQ̂ − I‖_F (measured): log det(Q̂ΛQ̂ᵀ) − Σ log λ = log det(Q̂ᵀQ̂), at most √n·δ/(1 − δ).
 *  2. A is formed as fl(fl(Q̂Λ)Q̂ᵀ): ‖A − Q̂ΛQ̂ᵀ‖_F ≤ γ_{n+1}‖|Q̂||Λ||Q̂ᵀ|‖_F ≤ γ_{n+1}(1 + δ)Σλ.
 *  3. Cholesky: ‖L̂L̂ᵀ − A‖_F ≤ γ_{n+1}‖L̂‖_F² (Thm 10.3).
 *  With E the sum of 2 and 3 and M = Q̂ΛQ̂ᵀ, ‖M⁻¹‖₂ ≤ cond/(1 − δ) and ρ = ‖M⁻¹‖₂‖E‖_F < 1:
 *  |log det(M + E) − log det M| ≤ Σ|log(1 + ν_i)| ≤ √n·ρ/(1 − ρ), ν the eigenvalues of M^{-1/2}EM^{-1/2}.
 *  4. Evaluating 2Σ log L̂_ii and Σ log λ_i: Math.log within 1 ulp (≤ 2u relative) and n-term sums: γ_{n+1}Σ|terms|.
 * At cond 10¹⁰, n = 80 this is ≈ 5·10⁻³, while a missing factor 2 is off by (n/4)·ln cond ≈ 460.
 */
function checkLogDet(logdet: LogDet, c: SpdCase): string | null {
  const n = c.n;
  const L = cholesky(c.A).L;
  const got = logdet(L);
  const Q = randomOrthogonal(n, matrixRng(c.seed, 'spd', n)); // the Q̂ that spdArb used (same stream)
  let d2 = 0, slack2 = 0;
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) {
      let s = 0, a = 0;
      for (let k = 0; k < n; k++) {
        s += at(Q, k, i) * at(Q, k, j);
        a += Math.abs(at(Q, k, i) * at(Q, k, j));
      }
      d2 += (s - (i === j ? 1 : 0)) ** 2;
      slack2 += (gamma(n) * a) ** 2; // the computed QᵀQ is within γ_n|Q̂ᵀ||Q̂| of the exact one
    }
  }
  const delta = Math.sqrt(d2) + Math.sqrt(slack2);
  if (!(delta < 0.5)) return `Q̂ is far from orthogonal: δ = ${delta}`;
  let sumLam = 0, sumLogLam = 0, absLogLam = 0, absLogL = 0;
  for (let i = 0; i < n; i++) {
    sumLam += c.eigenvalues[i];
    sumLogLam += Math.log(c.eigenvalues[i]);
    absLogLam += Math.abs(Math.log(c.eigenvalues[i]));
    absLogL += Math.abs(Math.log(at(L, i, i)));
  }
  const orth = (Math.sqrt(n) * delta) / (1 - delta);
  const E = gamma(n + 1) * (1 + delta) * sumLam + gamma(n + 1) * frob2(L);
  const rho = (c.cond / (1 - delta)) * E;
  if (!(rho < 0.5)) return `perturbation bound vacuous (ρ = ${rho}); lower maxLogCond`;
  const pert = (Math.sqrt(n) * rho) / (1 - rho);
  const sums = gamma(n + 1) * (2 * absLogL + absLogLam) + U * Math.abs(got - sumLogLam);
  const tol = orth + pert + sums;
  return Math.abs(got - sumLogLam) <= tol ? null : `log det ${got} vs Σ log λ = ${sumLogLam}: |diff| ${Math.abs(got - sumLogLam)} > ${tol}`;
}

backendTest('choleskyLogDet = 2 Σ log L_ii matches Σ log λ of the prescribed spectrum within the derived bound', () => {
  fc.assert(fc.property(spdArb({ maxN: 80, maxLogCond: 10, minN: 2 }), (c) => { expect(checkLogDet(choleskyLogDet, c)).toBeNull(); }), params('chol.logdet', 60));
});

test('log-det check rejects the wrong variant Σ log L_ii (missing factor 2)', () => {
  const half: LogDet = (l) => {
    let s = 0;
    for (let i = 0; i < l.rows; i++) s += Math.log(at(l, i, i));
    return s;
  };
  const out = fc.check(fc.property(spdArb({ maxN: 80, maxLogCond: 10, minN: 2 }), (c) => checkLogDet(half, c) === null), params('chol.logdet.wrong', 60));
  expect(out.failed).toBe(true);
  expect(() => choleskyLogDet(fromRows([[1, 0], [0, -1]]))).toThrow('L is not a Cholesky factor: diagonal entry 1 is -1');
});

// ───────────────────────────── ml-matrix oracle ─────────────────────────────

/**
 * Forward comparison with ml-matrix's (JAMA) Cholesky. Both factors are exact factors of A + ΔA with
 * ‖ΔA‖_F ≤ γ_{n+1}‖L̂‖_F² (Thm 10.3, any order); by Thm 10.8 each is within 2^{-1/2}κε/(1 − κε)·‖L‖₂ of the exact L,
 * ε = ‖ΔA‖_F/‖A‖₂. Here ‖A‖₂ ≥ 1 − δ_A and κ ≤ cond·(1 + δ_A)/(1 − cond·δ_A) with δ_A = γ_{n+1}·2Σλ the formation error
 * (Q̂ orthogonal to ~n·u, folded into the factor 2), and ‖L‖₂ = ‖A‖₂^{1/2} ≤ (1 + δ_A)^{1/2}.
 */
function checkAgainstMl(factor: Factorizer, c: SpdCase): string | null {
  const n = c.n;
  const L = factor(c.A);
  const chol = new CholeskyDecomposition(new MlMatrix(toRows(c.A)));
  if (!chol.isPositiveDefinite()) return 'ml-matrix says not positive definite';
  const Lm = chol.lowerTriangularMatrix;
  let sumLam = 0;
  for (const v of c.eigenvalues) sumLam += v;
  const dA = gamma(n + 1) * 2 * sumLam;
  const normA = 1 - dA;
  const kappa = (c.cond * (1 + dA)) / (1 - c.cond * dA);
  let lf2 = 0, d2 = 0;
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) {
      lf2 += Math.max(at(L, i, j) ** 2, Lm.get(i, j) ** 2);
      d2 += (at(L, i, j) - Lm.get(i, j)) ** 2;
    }
  }
  const eps = (gamma(n + 1) * lf2) / normA;
  if (!(kappa * eps < 0.5)) return 'bound vacuous';
  const tol = 2 * ((Math.SQRT1_2 * kappa * eps) / (1 - kappa * eps)) * Math.sqrt(1 + dA);
  return Math.sqrt(d2) <= tol ? null : `‖L − L_ml‖_F = ${Math.sqrt(d2)} > ${tol}`;
}

backendTest('cholesky agrees with ml-matrix CholeskyDecomposition (test oracle) within the Thm 10.8 perturbation bound', () => {
  fc.assert(fc.property(spdArb({ maxN: 24, maxLogCond: 6 }), (c) => { expect(checkAgainstMl((a) => cholesky(a).L, c)).toBeNull(); }), params('chol.ml', 40));
});

test('ml-matrix comparison rejects the wrong variant L·diag(−1, 1, …) (a valid factor of A, but not the positive-diagonal one)', () => {
  const signFlipped: Factorizer = (a) => {
    const L = cholesky(a).L;
    for (let i = 0; i < L.rows; i++) L.data[i * L.cols] = -L.data[i * L.cols];
    return L;
  };
  const out = fc.check(fc.property(spdArb({ maxN: 24, maxLogCond: 6 }), (c) => checkAgainstMl(signFlipped, c) === null), params('chol.ml.wrong', 40));
  expect(out.failed).toBe(true);
});

// ───────────────────────────── solve ─────────────────────────────

type Solver = (l: Matrix, b: Matrix) => Matrix;

/**
 * Solve check: |B − A X̂| ≤ γ_{3n+3}|L̂||L̂ᵀ||X̂| + γ_{n+1}(|A||X̂| + |B|) + (products' own rounding, a factor 1 + γ_{2n}).
 * Thm 10.4 gives γ_{3n+1}; +2 because each substitution multiplies by a rounded reciprocal; the second term is the
 * float64 evaluation of the residual.
 */
function checkSolve(solve: Solver, c: SpdCase, B: Matrix): string | null {
  const n = c.n, m = B.cols;
  const L = cholesky(c.A).L;
  const X = solve(L, B);
  for (let q = 0; q < m; q++) {
    const w = new Float64Array(n); // |Lᵀ||x|
    for (let i = 0; i < n; i++) for (let k = i; k < n; k++) w[i] += Math.abs(at(L, k, i)) * Math.abs(at(X, k, q));
    for (let i = 0; i < n; i++) {
      let r = at(B, i, q), ax = 0, llx = 0;
      for (let k = 0; k < n; k++) {
        r -= at(c.A, i, k) * at(X, k, q);
        ax += Math.abs(at(c.A, i, k) * at(X, k, q));
        if (k <= i) llx += Math.abs(at(L, i, k)) * w[k];
      }
      const bound = (1 + gamma(2 * n)) * (gamma(3 * n + 3) * llx + gamma(n + 1) * (ax + Math.abs(at(B, i, q))));
      if (!(Math.abs(r) <= bound)) return `residual (${i}, ${q}) = ${r} > ${bound}`;
    }
  }
  return null;
}

const solveCase = fc.tuple(spdArb({ maxN: 70, maxLogCond: 10 }), fc.integer({ min: 1, max: 4 }), seedArb);

backendTest('choleskySolve: backward-stable residual for matrix and vector right-hand sides; B not modified', () => {
  const prop = fc.property(solveCase, ([c, m, seed]) => {
    const B = gaussianMatrix(c.n, m, matrixRng(seed, 'rhs'));
    const before = Float64Array.from(B.data);
    expect(checkSolve(choleskySolve, c, B)).toBeNull();
    expect(Array.from(B.data)).toEqual(Array.from(before));
    const b = Float64Array.from(view(B, 0, 0, c.n, 1).data.filter((_, t) => t % m === 0));
    const x = choleskySolve(cholesky(c.A).L, b);
    const xm = choleskySolve(cholesky(c.A).L, view(B, 0, 0, c.n, 1));
    for (let i = 0; i < c.n; i++) expect(Object.is(x[i], at(xm, i, 0))).toBe(true);
  });
  fc.assert(prop, params('chol.solve', 50));
});

test('solve check rejects the wrong variant that only does the forward substitution', () => {
  const forwardOnly: Solver = (l, b) => {
    const x = zeros(b.rows, b.cols);
    x.data.set(b.data);
    return trsm(l, x, { uplo: 'lower' });
  };
  const out = fc.check(
    fc.property(solveCase, ([c, m, seed]) => checkSolve(forwardOnly, c, gaussianMatrix(c.n, m, matrixRng(seed, 'rhs'))) === null),
    params('chol.solve.wrong', 50),
  );
  expect(out.failed).toBe(true);
});

// ───────────────────────────── bad input ─────────────────────────────

type Cholesky = (a: Matrix, o?: CholeskyOptions) => Matrix;

/**
 * Indefinite-input check: the factorisation must throw NotPositiveDefiniteError(j, d_j) with d_j ≤ 0 (or NaN),
 * the leading j × j block must be positive definite (ml-matrix oracle), and the leading (j+1) × (j+1) block must fail
 * at the same pivot. (A true pivot within rounding distance of 0 would make this ambiguous; with cond ≤ 10⁴ and
 * continuous random spectra its probability is of order n·u·cond ≈ 10⁻¹⁰.)
 */
function checkIndefinite(chol: Cholesky, A: Matrix): string | null {
  let err: unknown = null;
  try {
    chol(A);
  } catch (e) {
    err = e;
  }
  if (!(err instanceof NotPositiveDefiniteError)) return `expected NotPositiveDefiniteError, got ${err === null ? 'a factor' : String(err)}`;
  const j = err.index;
  if (!(j >= 0 && j < A.rows) || err.value > 0) return `bad pivot report (${j}, ${err.value})`;
  if (!err.message.includes(`pivot ${j} is ${err.value}`)) return `message does not name the pivot: ${err.message}`;
  if (j > 0 && !new CholeskyDecomposition(new MlMatrix(toRows(view(A, 0, 0, j, j)))).isPositiveDefinite()) return `leading ${j}×${j} block is not PD`;
  try {
    chol(view(A, 0, 0, j + 1, j + 1));
    return `leading ${j + 1}×${j + 1} block factored`;
  } catch (e) {
    if (!(e instanceof NotPositiveDefiniteError) || e.index !== j) return `leading block failed differently: ${String(e)}`;
  }
  return null;
}

backendTest('indefinite input throws NotPositiveDefiniteError naming the failing pivot and its value', () => {
  const arb = indefiniteArb({ maxN: 70, maxLogCond: 4 });
  fc.assert(fc.property(arb, (c) => { expect(checkIndefinite((a) => cholesky(a).L, c.A)).toBeNull(); }), params('chol.indefinite', 60));
  expect(() => cholesky(diag([1, 2, -3, 4]))).toThrow('A is not positive definite: pivot 2 is -3');
  expect(() => cholesky(fromRows([[1, 2], [2, 4]]))).toThrow(NotPositiveDefiniteError); // singular: pivot 1 is 0
});

test('indefinite check rejects the wrong variant that takes √|d| instead of failing', () => {
  registerBackend({
    name: 'wrong-abs-pivot',
    potrf: (a) => {
      const n = a.rows;
      for (let i = 0; i < n; i++) {
        for (let j = 0; j <= i; j++) {
          let s = at(a, i, j);
          for (let k = 0; k < j; k++) s -= at(a, i, k) * at(a, j, k);
          a.data[a.offset + i * a.stride + j] = i === j ? Math.sqrt(Math.abs(s)) : s / at(a, j, j);
        }
      }
    },
  });
  try {
    const arb = indefiniteArb({ maxN: 40, maxLogCond: 4 });
    const out = fc.check(fc.property(arb, (c) => withBackend('wrong-abs-pivot', () => checkIndefinite((a) => cholesky(a).L, c.A)) === null), params('chol.indefinite.wrong', 30));
    expect(out.failed).toBe(true);
  } finally {
    unregisterBackend('wrong-abs-pivot');
  }
});

test('non-finite entries throw a DimensionError naming the entry; the unvalidated kernel does not', () => {
  const prop = fc.property(spdArb({ maxN: 20, maxLogCond: 3 }), fc.nat(), fc.constantFrom(Number.NaN, Infinity, -Infinity), (c, pos, bad) => {
    const A = zeros(c.n, c.n);
    A.data.set(c.A.data);
    const i = pos % c.n, j = Math.floor(pos / c.n) % c.n;
    A.data[i * c.n + j] = bad;
    expect(() => cholesky(A)).toThrow(DimensionError);
    expect(() => cholesky(A)).toThrow(`A has a non-finite entry ${bad} at (${i}, ${j})`);
    // Wrong variant: the raw kernel either returns garbage or fails with a pivot error, never naming the entry.
    let named = false;
    try {
      plainBackend.potrf(A);
    } catch (e) {
      named = e instanceof DimensionError;
    }
    expect(named).toBe(false);
  });
  fc.assert(prop, params('chol.nonfinite', 40));
});

test('non-square and non-symmetric input throw a DimensionError; rounding-level asymmetry is accepted; symmetry: "lower" reads only the lower triangle', () => {
  expect(() => cholesky(zeros(2, 3))).toThrow('A must be square, got 2×3');
  const prop = fc.property(spdArb({ maxN: 30, maxLogCond: 4, minN: 2 }), fc.nat(), (c, pos) => {
    const n = c.n;
    const i = 1 + (pos % (n - 1)), j = Math.floor(pos / (n - 1)) % i; // i > j
    const A = zeros(n, n);
    A.data.set(c.A.data);
    const scale = Math.sqrt(at(A, i, i) * at(A, j, j));
    // One ulp of the largest entry in the pair: far below √ε·scale, so accepted as rounding.
    A.data[j * n + i] += Math.max(Math.abs(at(A, j, i)), Number.MIN_VALUE) * Number.EPSILON;
    expect(() => assertSymmetric(A)).not.toThrow();
    // 4√ε·scale: more than the tolerance √ε·scale, so rejected.
    A.data[j * n + i] = at(A, i, j) + 4 * Math.sqrt(Number.EPSILON) * scale;
    expect(() => cholesky(A)).toThrow(`A is not symmetric: entry (${i}, ${j})`);
    // Wrong variant: with symmetry 'lower' the same asymmetric input is factored (the upper triangle is ignored).
    A.data[j * n + i] = Number.NaN;
    const L = cholesky(A, { symmetry: 'lower' }).L;
    expect(Array.from(L.data)).toEqual(Array.from(cholesky(c.A).L.data));
  });
  fc.assert(prop, params('chol.symmetry', 40));
});
