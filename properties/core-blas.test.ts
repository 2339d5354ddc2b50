/**
 * Executable specifications of the dense kernels GEMM, SYRK, TRSM, GEMV and of the backend registry.
 *
 * Tolerances follow Higham, *Accuracy and Stability of Numerical Algorithms* (2nd ed., 2002), with unit
 * roundoff u = 2⁻⁵³ and γ_n = n·u/(1 − n·u):
 *  - a sum of n products in any order: |fl(Σ) − Σ| ≤ γ_n Σ|terms| (Lemma 3.1/§3.1, eq. (3.4)–(3.5));
 *  - substitution in any order: (T + ΔT) x̂ = b with |ΔT| ≤ γ_n |T| (Lemma 8.4, Thm 8.5).
 * Every property also runs a wrong variant through the same check and requires it to be rejected.
 */
import { test, expect } from 'vitest';
import fc from 'fast-check';
import { Matrix as MlMatrix } from 'ml-matrix';
import { ROOT_SEED } from './setup.ts';
import { deriveSeed32 } from '../src/core/random.ts';
import { DimensionError, fromRows, identity, toRows, view, zeros, type Matrix } from '../src/core/matrix.ts';
import { gemm, matmul, type GemmOptions } from '../src/core/gemm.ts';
import { gemmPlain } from '../src/core/gemmPlain.ts';
import { syrk, gram, type SyrkOptions } from '../src/core/syrk.ts';
import { trsm, trsv, type TrsmOptions } from '../src/core/trsm.ts';
import { SingularMatrixError } from '../src/core/errors.ts';
import { gemv, dot, axpy, type GemvOptions } from '../src/core/gemv.ts';
import {
  activeBackend, BackendError, backendName, builtinBackends, listBackends, plainBackend, registerBackend, selectBackendFromEnv,
  unregisterBackend, useBackend, withBackend,
} from '../src/core/backend.ts';
import { cholesky } from '../src/core/cholesky.ts';
import { gaussianMatrix, randomSpd } from '../src/core/randomMatrix.ts';
import { contiguous, embed, layoutArb, logUniformArb, matrixRng, paddingIntact, seedArb, type Layout } from './arbitraries/matrices.ts';
import { backendTest } from './backends.ts';

/** Unit roundoff of float64. */
const U = Number.EPSILON / 2;
/** Higham's γ_n = n·u / (1 − n·u). */
const gamma = (n: number): number => (n * U) / (1 - n * U);

const params = (name: string, numRuns: number) => ({ seed: deriveSeed32(ROOT_SEED, name), numRuns });

const at = (a: Matrix, i: number, j: number): number => a.data[a.offset + i * a.stride + j];
/** op(A)(i, j). */
const opAt = (a: Matrix, trans: boolean, i: number, j: number): number => (trans ? at(a, j, i) : at(a, i, j));

/** op(A)·op(B) and |op(A)|·|op(B)| by the naive triple loop (float64). */
function naiveProduct(a: Matrix, b: Matrix, transA: boolean, transB: boolean): { P: Matrix; M: Matrix } {
  const m = transA ? a.cols : a.rows;
  const k = transA ? a.rows : a.cols;
  const n = transB ? b.rows : b.cols;
  const P = zeros(m, n), M = zeros(m, n);
  for (let i = 0; i < m; i++) {
    for (let j = 0; j < n; j++) {
      let s = 0, t = 0;
      for (let p = 0; p < k; p++) {
        const x = opAt(a, transA, i, p) * opAt(b, transB, p, j);
        s += x;
        t += Math.abs(x);
      }
      P.data[i * n + j] = s;
      M.data[i * n + j] = t;
    }
  }
  return { P, M };
}

// ───────────────────────────── GEMM ─────────────────────────────

interface GemmCase {
  m: number; n: number; k: number;
  transA: boolean; transB: boolean;
  alpha: number; beta: number;
  A: Matrix; B: Matrix; C0: Matrix; layoutC: Layout;
  toString(): string;
}

/** Dimensions that mostly stay small but sometimes cross the register tile (3×4) and the MC = 126 / KC = 256 block edges. */
const dimArb = (big: number[]): fc.Arbitrary<number> =>
  fc.oneof({ weight: 5, arbitrary: fc.integer({ min: 1, max: 13 }) }, { weight: 1, arbitrary: fc.constantFrom(...big) });
const signedScaleArb = fc.tuple(fc.boolean(), logUniformArb(-2, 2)).map(([neg, s]) => (neg ? -s : s));
const betaArb = fc.oneof(fc.constant(0), fc.constant(1), signedScaleArb);

function gemmCaseArb(opts: { squareB?: boolean } = {}): fc.Arbitrary<GemmCase> {
  return fc
    .record({
      m: dimArb([125, 126, 127, 131]),
      n: dimArb([4, 5, 7, 33]),
      k: dimArb([255, 256, 257, 259]),
      transA: fc.boolean(), transB: fc.boolean(),
      alpha: signedScaleArb, beta: betaArb,
      seed: seedArb,
      layoutA: layoutArb, layoutB: layoutArb, layoutC: layoutArb,
    })
    .map((r) => {
      const n = opts.squareB ? r.k : r.n;
      const rng = matrixRng(r.seed, 'gemm');
      const A = embed(r.transA ? gaussianMatrix(r.k, r.m, rng) : gaussianMatrix(r.m, r.k, rng), r.layoutA);
      const B = embed(r.transB ? gaussianMatrix(n, r.k, rng) : gaussianMatrix(r.k, n, rng), r.layoutB);
      const C0 = gaussianMatrix(r.m, n, rng);
      const text = `gemm m=${r.m} n=${n} k=${r.k} transA=${r.transA} transB=${r.transB} alpha=${r.alpha} beta=${r.beta} seed=${r.seed} ` +
        `layouts=${JSON.stringify([r.layoutA, r.layoutB, r.layoutC])}`;
      return { m: r.m, n, k: r.k, transA: r.transA, transB: r.transB, alpha: r.alpha, beta: r.beta, A, B, C0, layoutC: r.layoutC, toString: () => text };
    });
}

type GemmImpl = (a: Matrix, b: Matrix, c: Matrix, o: GemmOptions) => void;

/**
 * The GEMM check: returns null if `impl` computes C ← α·op(A)·op(B) + β·C0 within the bound, else a message.
 * Bound, entrywise: the kernel rounds α·a once (α folded into packing), each product once, and sums k + 1 terms
 * (with β·c0), so |Ĉ − C| ≤ γ_{k+2}(|α||A||B| + |β||C0|); the naive reference obeys the same bound; the computed
 * |A||B| may itself be low by a factor (1 − γ_k), covered by the extra (1 + γ_{k+2}).
 */
function checkGemm(impl: GemmImpl, c: GemmCase): string | null {
  const C = embed(c.C0, c.layoutC);
  impl(c.A, c.B, C, { transA: c.transA, transB: c.transB, alpha: c.alpha, beta: c.beta });
  if (!paddingIntact(C)) return 'wrote outside the view of C';
  const { P, M } = naiveProduct(c.A, c.B, c.transA, c.transB);
  const g = gamma(c.k + 2);
  for (let i = 0; i < c.m; i++) {
    for (let j = 0; j < c.n; j++) {
      const c0 = c.beta === 0 ? 0 : c.C0.data[i * c.n + j];
      const ref = c.alpha * P.data[i * c.n + j] + c.beta * c0;
      const bound = 2 * g * (1 + g) * (Math.abs(c.alpha) * M.data[i * c.n + j] + Math.abs(c.beta * c0));
      const got = at(C, i, j);
      if (!(Math.abs(got - ref) <= bound)) return `C(${i}, ${j}) = ${got}, reference ${ref}, |diff| ${Math.abs(got - ref)} > bound ${bound}`;
    }
  }
  return null;
}

const gemmDropBeta: GemmImpl = (a, b, c, o) => void gemm(a, b, c, { ...o, beta: 0 });
const gemmTransposedB: GemmImpl = (a, b, c, o) => void gemm(a, b, c, { ...o, transB: !o.transB });
/** Drops the last term p = k − 1 of every inner product. */
const gemmDroppedTerm: GemmImpl = (a, b, c, o) => {
  const k = o.transA ? a.rows : a.cols;
  if (k === 1) return void gemm(a, b, c, { ...o, alpha: 0 });
  const a2 = o.transA ? view(a, 0, 0, k - 1, a.cols) : view(a, 0, 0, a.rows, k - 1);
  const b2 = o.transB ? view(b, 0, 0, b.rows, k - 1) : view(b, 0, 0, k - 1, b.cols);
  gemm(a2, b2, c, o);
};

backendTest('gemm: C ← α·op(A)·op(B) + β·C within γ_{k+2} bounds, all transposes, views, tile and block edges', () => {
  fc.assert(fc.property(gemmCaseArb(), (c) => { expect(checkGemm((a, b, cc, o) => void gemm(a, b, cc, o), c)).toBeNull(); }), params('gemm.bound', 150));
});

test('gemm check rejects wrong variants: dropped β·C, transposed B, dropped last term', () => {
  for (const [name, impl, arb] of [
    ['drop-beta', gemmDropBeta, gemmCaseArb()],
    ['transpose-B', gemmTransposedB, gemmCaseArb({ squareB: true })],
    ['dropped-term', gemmDroppedTerm, gemmCaseArb()],
  ] as const) {
    const out = fc.check(fc.property(arb, (c) => checkGemm(impl, c) === null), params(`gemm.wrong.${name}`, 100));
    expect(out.failed, name).toBe(true);
  }
});

test('gemm agrees with ml-matrix mmul (test oracle) on small products', () => {
  const prop = fc.property(
    fc.integer({ min: 1, max: 12 }), fc.integer({ min: 1, max: 12 }), fc.integer({ min: 1, max: 12 }), seedArb,
    (m, k, n, seed) => {
      const rng = matrixRng(seed, 'gemm-ml');
      const A = gaussianMatrix(m, k, rng), B = gaussianMatrix(k, n, rng);
      const C = matmul(A, B);
      const ml = new MlMatrix(toRows(A)).mmul(new MlMatrix(toRows(B)));
      const { M } = naiveProduct(A, B, false, false);
      // Both are sums of k products in some order: each within γ_k·|A||B| of the exact product.
      for (let i = 0; i < m; i++) {
        for (let j = 0; j < n; j++) {
          const bound = 2 * gamma(k) * M.data[i * n + j];
          if (!(Math.abs(C.data[i * n + j] - ml.get(i, j)) <= bound)) return false;
        }
      }
      return true;
    },
  );
  fc.assert(prop, params('gemm.ml-matrix', 60));
});

test('gemm validation: non-finite, mismatched and aliased arguments throw a DimensionError naming them; the raw kernel would not', () => {
  const prop = fc.property(fc.integer({ min: 1, max: 6 }), fc.integer({ min: 1, max: 6 }), fc.nat(), fc.constantFrom(Number.NaN, Infinity, -Infinity), seedArb,
    (m, k, pos, bad, seed) => {
      const rng = matrixRng(seed, 'gemm-bad');
      const A = gaussianMatrix(m, k, rng), B = gaussianMatrix(k, 3, rng), C = zeros(m, 3);
      const i = pos % m, j = Math.floor(pos / m) % k;
      A.data[i * k + j] = bad;
      expect(() => gemm(A, B, C)).toThrow(DimensionError);
      expect(() => gemm(A, B, C)).toThrow(`A has a non-finite entry ${bad} at (${i}, ${j})`);
      // Wrong variant: the unvalidated kernel returns a number (non-finite) instead of an error.
      expect(() => gemmPlain(false, false, 1, A, B, 0, C)).not.toThrow();
    });
  fc.assert(prop, params('gemm.nan', 30));
  const A = zeros(3, 4), B = zeros(5, 2);
  expect(() => gemm(A, B, zeros(3, 2))).toThrow('inner dimensions differ: op(A) is 3×4 but op(B) is 5×2');
  expect(() => gemm(A, zeros(4, 2), zeros(2, 2))).toThrow('C is 2×2 but op(A)·op(B) is 3×2');
  const big = zeros(6, 6);
  expect(() => gemm(view(big, 0, 0, 3, 3), zeros(3, 3), view(big, 2, 2, 3, 3))).toThrow('C overlaps A');
  // Disjoint blocks of one buffer are fine (as used by the blocked factorisations).
  expect(() => gemm(view(big, 0, 0, 3, 3), zeros(3, 3), view(big, 3, 3, 3, 3))).not.toThrow();
  expect(() => gemm(A, zeros(4, 2), zeros(3, 2), { alpha: Number.NaN })).toThrow('alpha must be a finite number');
});

// ───────────────────────────── SYRK ─────────────────────────────

interface SyrkCase {
  n: number; k: number; trans: boolean; alpha: number; beta: number; uplo: 'lower' | 'full';
  A: Matrix; C0: Matrix; layoutC: Layout; toString(): string;
}

function syrkCaseArb(opts: { square?: boolean } = {}): fc.Arbitrary<SyrkCase> {
  return fc
    .record({
      n: dimArb([33, 40, 70]), k: dimArb([31, 65, 257]), trans: fc.boolean(),
      alpha: signedScaleArb, beta: betaArb, uplo: fc.constantFrom('lower' as const, 'full' as const),
      seed: seedArb, layoutA: layoutArb, layoutC: layoutArb,
    })
    .map((r) => {
      const k = opts.square ? r.n : r.k;
      const rng = matrixRng(r.seed, 'syrk');
      const A = embed(r.trans ? gaussianMatrix(k, r.n, rng) : gaussianMatrix(r.n, k, rng), r.layoutA);
      const C0 = gaussianMatrix(r.n, r.n, rng); // deliberately not symmetric: the upper triangle must be left alone or overwritten
      const text = `syrk n=${r.n} k=${k} trans=${r.trans} alpha=${r.alpha} beta=${r.beta} uplo=${r.uplo} seed=${r.seed}`;
      return { n: r.n, k, trans: r.trans, alpha: r.alpha, beta: r.beta, uplo: r.uplo, A, C0, layoutC: r.layoutC, toString: () => text };
    });
}

type SyrkImpl = (a: Matrix, c: Matrix, o: SyrkOptions) => void;

/**
 * The SYRK check. Lower triangle: the GEMM bound with B = op(A)ᵀ, 2γ_{k+2}(1 + γ_{k+2})(|α||op A||op A|ᵀ + |β||C0|).
 * Strict upper triangle: bit-identical to the lower one ('full') or to C0 ('lower').
 */
function checkSyrk(impl: SyrkImpl, c: SyrkCase): string | null {
  const C = embed(c.C0, c.layoutC);
  impl(c.A, C, { trans: c.trans, alpha: c.alpha, beta: c.beta, uplo: c.uplo });
  if (!paddingIntact(C)) return 'wrote outside the view of C';
  const { P, M } = naiveProduct(c.A, c.A, c.trans, !c.trans);
  const g = gamma(c.k + 2);
  for (let i = 0; i < c.n; i++) {
    for (let j = 0; j < c.n; j++) {
      const got = at(C, i, j);
      if (j > i) {
        const want = c.uplo === 'full' ? at(C, j, i) : c.C0.data[i * c.n + j];
        if (!Object.is(got, want)) return `upper (${i}, ${j}) = ${got}, expected ${want} (${c.uplo})`;
        continue;
      }
      const c0 = c.beta === 0 ? 0 : c.C0.data[i * c.n + j];
      const ref = c.alpha * P.data[i * c.n + j] + c.beta * c0;
      const bound = 2 * g * (1 + g) * (Math.abs(c.alpha) * M.data[i * c.n + j] + Math.abs(c.beta * c0));
      if (!(Math.abs(got - ref) <= bound)) return `C(${i}, ${j}) = ${got}, reference ${ref}, bound ${bound}`;
    }
  }
  return null;
}

backendTest('syrk: lower triangle within the GEMM bound, upper mirrored exactly (full) or untouched (lower)', () => {
  fc.assert(fc.property(syrkCaseArb(), (c) => { expect(checkSyrk((a, cc, o) => void syrk(a, cc, o), c)).toBeNull(); }), params('syrk.bound', 100));
});

test('syrk check rejects wrong variants: AᵀA for AAᵀ, lower-only result passed off as full', () => {
  const flipped: SyrkImpl = (a, c, o) => void syrk(a, c, { ...o, trans: !o.trans });
  const notMirrored: SyrkImpl = (a, c, o) => void syrk(a, c, { ...o, uplo: 'lower' });
  const o1 = fc.check(fc.property(syrkCaseArb({ square: true }), (c) => checkSyrk(flipped, c) === null), params('syrk.wrong.trans', 100));
  expect(o1.failed).toBe(true);
  const o2 = fc.check(fc.property(syrkCaseArb(), (c) => checkSyrk(notMirrored, c) === null), params('syrk.wrong.mirror', 100));
  expect(o2.failed).toBe(true);
});

backendTest('gram(A) equals gemm(Aᵀ, A) within the bound and is exactly symmetric; rows variant equals A·Aᵀ', () => {
  const prop = fc.property(fc.integer({ min: 1, max: 40 }), fc.integer({ min: 1, max: 40 }), seedArb, (r, cdim, seed) => {
    const A = gaussianMatrix(r, cdim, matrixRng(seed, 'gram'));
    for (const of of ['columns', 'rows'] as const) {
      const G = gram(A, { of });
      const trans = of === 'columns';
      const { P, M } = naiveProduct(A, A, trans, !trans);
      const k = trans ? r : cdim;
      for (let i = 0; i < G.rows; i++) {
        for (let j = 0; j < G.rows; j++) {
          if (!Object.is(at(G, i, j), at(G, j, i))) return false;
          // two sums of k products, each within γ_k|A||A|ᵀ of the exact value
          if (!(Math.abs(at(G, i, j) - P.data[i * G.rows + j]) <= 2 * gamma(k) * M.data[i * G.rows + j])) return false;
        }
      }
    }
    return true;
  });
  fc.assert(prop, params('gram', 40));
  // Wrong variant: gram of the wrong side has the wrong shape for non-square A.
  const A = gaussianMatrix(3, 5, matrixRng(1, 'gram-shape'));
  expect(gram(A).rows).toBe(5);
  expect(gram(A, { of: 'rows' }).rows).toBe(3);
});

// ───────────────────────────── TRSM ─────────────────────────────

interface TrsmCase {
  n: number; m: number; side: 'left' | 'right'; uplo: 'lower' | 'upper'; trans: boolean; unit: boolean; alpha: number;
  /** T with NaN in the unreferenced triangle (and on the diagonal when unit), embedded in a NaN-padded buffer. */
  T: Matrix;
  /** The triangular matrix as meant: zeros in the other triangle, ones on the diagonal when unit. */
  Tref: Matrix;
  B0: Matrix; layoutB: Layout; toString(): string;
}

function trsmCaseArb(): fc.Arbitrary<TrsmCase> {
  return fc
    .record({
      n: dimArb([31, 32, 33, 47, 70]), m: dimArb([5, 9]),
      side: fc.constantFrom('left' as const, 'right' as const), uplo: fc.constantFrom('lower' as const, 'upper' as const),
      trans: fc.boolean(), unit: fc.boolean(), alpha: signedScaleArb, seed: seedArb, layoutT: layoutArb, layoutB: layoutArb,
    })
    .map((r) => {
      const rng = matrixRng(r.seed, 'trsm');
      const G = gaussianMatrix(r.n, r.n, rng, { scale: 1 / Math.sqrt(r.n) });
      const Tref = zeros(r.n, r.n);
      const Traw = zeros(r.n, r.n);
      for (let i = 0; i < r.n; i++) {
        for (let j = 0; j < r.n; j++) {
          const inTri = r.uplo === 'lower' ? j <= i : j >= i;
          // Diagonal 1 + |g| keeps T comfortably nonsingular; the bound below holds for any conditioning.
          const v = i === j ? 1 + Math.abs(G.data[i * r.n + j]) : G.data[i * r.n + j];
          Tref.data[i * r.n + j] = !inTri ? 0 : i === j && r.unit ? 1 : v;
          Traw.data[i * r.n + j] = !inTri || (i === j && r.unit) ? Number.NaN : v;
        }
      }
      const B0 = r.side === 'left' ? gaussianMatrix(r.n, r.m, rng) : gaussianMatrix(r.m, r.n, rng);
      const text = `trsm n=${r.n} m=${r.m} side=${r.side} uplo=${r.uplo} trans=${r.trans} unit=${r.unit} alpha=${r.alpha} seed=${r.seed}`;
      return {
        n: r.n, m: r.m, side: r.side, uplo: r.uplo, trans: r.trans, unit: r.unit, alpha: r.alpha,
        T: embed(Traw, r.layoutT), Tref, B0, layoutB: r.layoutB, toString: () => text,
      };
    });
}

type TrsmImpl = (t: Matrix, b: Matrix, o: TrsmOptions) => void;

/**
 * The TRSM residual check. Scaling B by α costs u|αB|; substitution in any order gives |fl(αB) − op(T)X̂| ≤ γ_{n+1}|op(T)||X̂|
 * (Lemma 8.4/Thm 8.5, +1 for multiplying by a rounded reciprocal); the float64 residual adds γ_{n+1}(|op(T)||X̂| + |αB|).
 * Total: |αB − op(T)X̂| ≤ 2γ_{n+2}(|op(T)||X̂| + |αB|) entrywise.
 */
function checkTrsm(impl: TrsmImpl, c: TrsmCase): string | null {
  const X = embed(c.B0, c.layoutB);
  impl(c.T, X, { side: c.side, uplo: c.uplo, trans: c.trans, unitDiagonal: c.unit, alpha: c.alpha });
  if (!paddingIntact(X)) return 'wrote outside the view of B';
  const Xc = contiguous(X);
  const { P, M } = c.side === 'left' ? naiveProduct(c.Tref, Xc, c.trans, false) : naiveProduct(Xc, c.Tref, false, c.trans);
  const g = gamma(c.n + 2);
  for (let t = 0; t < P.data.length; t++) {
    const ab = c.alpha * c.B0.data[t];
    const bound = 2 * g * (M.data[t] + Math.abs(ab));
    if (!(Math.abs(P.data[t] - ab) <= bound)) return `residual entry ${t}: |${P.data[t]} − ${ab}| > ${bound}`;
  }
  return null;
}

backendTest('trsm: left/right, lower/upper, transposed, unit diagonal — residual within 2γ_{n+2}(|T||X| + |αB|); other triangle never read', () => {
  fc.assert(fc.property(trsmCaseArb(), (c) => { expect(checkTrsm((t, b, o) => void trsm(t, b, o), c)).toBeNull(); }), params('trsm.residual', 200));
});

test('trsm check rejects wrong variants: transposed factor, wrong side', () => {
  const flipped: TrsmImpl = (t, b, o) => void trsm(t, b, { ...o, trans: !o.trans });
  const o1 = fc.check(fc.property(trsmCaseArb(), (c) => checkTrsm(flipped, c) === null), params('trsm.wrong.trans', 100));
  expect(o1.failed).toBe(true);
  // Wrong side for square B: solve X·op(T) = αB instead of op(T)·X = αB (or vice versa).
  const otherSide: TrsmImpl = (t, b, o) => void (b.rows === b.cols ? trsm(t, b, { ...o, side: o.side === 'left' ? 'right' : 'left' }) : trsm(t, b, o));
  const squareArb = trsmCaseArb().map((c) => ({ ...c, B0: gaussianMatrix(c.n, c.n, matrixRng(c.n, 'sq')), m: c.n }));
  const o2 = fc.check(fc.property(squareArb, (c) => checkTrsm(otherSide, c) === null), params('trsm.wrong.side', 100));
  expect(o2.failed).toBe(true);
});

backendTest('trsv solves a vector system; a zero pivot throws SingularMatrixError naming its index', () => {
  const prop = fc.property(fc.integer({ min: 1, max: 40 }), seedArb, fc.boolean(), (n, seed, trans) => {
    const rng = matrixRng(seed, 'trsv');
    const T = gaussianMatrix(n, n, rng, { scale: 1 / Math.sqrt(n) });
    for (let i = 0; i < n; i++) for (let j = i + 1; j < n; j++) T.data[i * n + j] = 0;
    for (let i = 0; i < n; i++) T.data[i * n + i] = 1 + Math.abs(T.data[i * n + i]);
    const b = Float64Array.from(gaussianMatrix(n, 1, rng).data);
    const x = trsv(T, Float64Array.from(b), { trans });
    // Same bound as checkTrsm with α = 1 (no scaling rounding).
    for (let i = 0; i < n; i++) {
      let s = 0, a = 0;
      for (let j = 0; j < n; j++) {
        const t = trans ? T.data[j * n + i] : T.data[i * n + j];
        s += t * x[j];
        a += Math.abs(t * x[j]);
      }
      if (!(Math.abs(s - b[i]) <= 2 * gamma(n + 2) * (a + Math.abs(b[i])))) return false;
    }
    return true;
  });
  fc.assert(prop, params('trsv', 50));
  const T = fromRows([[2, 0, 0], [1, 0, 0], [1, 1, 3]]);
  expect(() => trsv(T, new Float64Array(3))).toThrow(SingularMatrixError);
  expect(() => trsv(T, new Float64Array(3))).toThrow('T is singular: diagonal entry 1 is zero');
  expect(() => trsv(T, new Float64Array(2))).toThrow('b has length 2 but T is 3×3');
  expect(() => trsm(identity(3), zeros(2, 2), { side: 'right' })).toThrow(/right side needs B.cols = 3/);
  const Tn = fromRows([[1, 0], [Number.NaN, 1]]);
  expect(() => trsv(Tn, new Float64Array(2))).toThrow('T has a non-finite entry NaN at (1, 0)');
  // The unreferenced triangle may hold anything, including NaN.
  expect(() => trsv(fromRows([[1, Number.NaN], [2, 1]]), new Float64Array(2))).not.toThrow();
});

// ───────────────────────────── GEMV, dot, axpy ─────────────────────────────

interface GemvCase { m: number; n: number; trans: boolean; alpha: number; beta: number; A: Matrix; x: Float64Array; y0: Float64Array; toString(): string }

const gemvCaseArb = (square = false): fc.Arbitrary<GemvCase> =>
  fc
    .record({ m: fc.integer({ min: 1, max: 30 }), n: fc.integer({ min: 1, max: 30 }), trans: fc.boolean(), alpha: signedScaleArb, beta: betaArb, seed: seedArb, layout: layoutArb })
    .map((r) => {
      const n = square ? r.m : r.n;
      const rng = matrixRng(r.seed, 'gemv');
      const A = embed(gaussianMatrix(r.m, n, rng), r.layout);
      const x = gaussianMatrix(1, r.trans ? r.m : n, rng).data;
      const y0 = gaussianMatrix(1, r.trans ? n : r.m, rng).data;
      const text = `gemv ${r.m}×${n} trans=${r.trans} alpha=${r.alpha} beta=${r.beta} seed=${r.seed}`;
      return { m: r.m, n, trans: r.trans, alpha: r.alpha, beta: r.beta, A, x, y0, toString: () => text };
    });

type GemvImpl = (a: Matrix, x: Float64Array, y: Float64Array, o: GemvOptions) => void;

/** GEMV check: the GEMM bound with one column, 2γ_{k+2}(1 + γ_{k+2})(|α||op A||x| + |β||y0|), k = length of x. */
function checkGemv(impl: GemvImpl, c: GemvCase): string | null {
  const y = Float64Array.from(c.y0);
  impl(c.A, c.x, y, { trans: c.trans, alpha: c.alpha, beta: c.beta });
  const k = c.x.length;
  const g = gamma(k + 2);
  for (let i = 0; i < y.length; i++) {
    let s = 0, a = 0;
    for (let p = 0; p < k; p++) {
      const t = opAt(c.A, c.trans, i, p) * c.x[p];
      s += t;
      a += Math.abs(t);
    }
    const y0 = c.beta === 0 ? 0 : c.y0[i];
    const ref = c.alpha * s + c.beta * y0;
    if (!(Math.abs(y[i] - ref) <= 2 * g * (1 + g) * (Math.abs(c.alpha) * a + Math.abs(c.beta * y0)))) return `y[${i}] = ${y[i]}, reference ${ref}`;
  }
  return null;
}

test('gemv: y ← α·op(A)·x + β·y within the bound; wrong variants (dropped β·y, transposed A) rejected', () => {
  fc.assert(fc.property(gemvCaseArb(), (c) => { expect(checkGemv((a, x, y, o) => void gemv(a, x, y, o), c)).toBeNull(); }), params('gemv.bound', 100));
  const dropBeta: GemvImpl = (a, x, y, o) => void gemv(a, x, y, { ...o, beta: 0 });
  const flipped: GemvImpl = (a, x, y, o) => void gemv(a, x, y, { ...o, trans: !o.trans });
  expect(fc.check(fc.property(gemvCaseArb(), (c) => checkGemv(dropBeta, c) === null), params('gemv.wrong.beta', 100)).failed).toBe(true);
  expect(fc.check(fc.property(gemvCaseArb(true), (c) => checkGemv(flipped, c) === null), params('gemv.wrong.trans', 100)).failed).toBe(true);
  expect(() => gemv(zeros(2, 3), new Float64Array(2), new Float64Array(2))).toThrow('x has length 2, expected 3');
  expect(() => gemv(zeros(2, 3), Float64Array.of(1, Number.NaN, 0), new Float64Array(2))).toThrow('x has a non-finite entry NaN at index 1');
});

test('dot and axpy: exact on integer data (no rounding below 2^53); length mismatch throws', () => {
  const prop = fc.property(fc.array(fc.integer({ min: -1000, max: 1000 }), { minLength: 1, maxLength: 50 }), (ints) => {
    const x = Float64Array.from(ints);
    const y = Float64Array.from(ints, (v, i) => v - i);
    let want = 0;
    for (let i = 0; i < ints.length; i++) want += ints[i] * (ints[i] - i);
    // |products| ≤ 1e6·1050 and n ≤ 50: every partial sum is an integer below 2^53, so float64 is exact.
    if (dot(x, y) !== want) return false;
    const z = axpy(3, x, Float64Array.from(y));
    return z.every((v, i) => v === 3 * ints[i] + ints[i] - i);
  });
  fc.assert(prop, params('dot-axpy', 50));
  // Wrong variant: a dot product dropping the last term differs on this exact data.
  expect(dot(Float64Array.of(1, 2, 3), Float64Array.of(1, 1, 1))).not.toBe(dot(Float64Array.of(1, 2), Float64Array.of(1, 1)));
  expect(() => dot(new Float64Array(2), new Float64Array(3))).toThrow('y has length 3, expected 2');
  expect(() => axpy(Infinity, new Float64Array(1), new Float64Array(1))).toThrow('alpha must be a finite number');
});

// ───────────────────────────── backend registry ─────────────────────────────

test('backend: public kernels (and the blocked Cholesky inside) dispatch through the active backend; withBackend restores', () => {
  const start = activeBackend().name;
  const before = listBackends();
  expect(before.slice(0, builtinBackends().length)).toEqual(builtinBackends());
  expect(before[0]).toBe('js');
  let gemmCalls = 0;
  registerBackend({
    name: 'spy',
    gemm: (...args) => {
      gemmCalls++;
      plainBackend.gemm(...args);
    },
  });
  try {
    const rng = matrixRng(7, 'backend');
    const A = gaussianMatrix(20, 30, rng), B = gaussianMatrix(30, 10, rng);
    const viaPlain = withBackend('js', () => matmul(A, B));
    const viaSpy = withBackend('spy', () => matmul(A, B));
    expect(gemmCalls).toBe(1);
    expect(activeBackend().name).toBe(start);
    expect(Array.from(viaSpy.data)).toEqual(Array.from(viaPlain.data));
    // The recursive Cholesky reaches GEMM through the backend (n > 32 triggers the blocked path).
    const S = randomSpd(80, 10, rng);
    const L1 = withBackend('js', () => cholesky(S).L);
    const L2 = withBackend('spy', () => cholesky(S).L);
    expect(gemmCalls).toBeGreaterThan(1);
    expect(Array.from(L2.data)).toEqual(Array.from(L1.data));
    expect(() => registerBackend({ name: 'spy' })).toThrow(BackendError);
    expect(() => useBackend('no-such')).toThrow("unknown backend 'no-such'");
    expect(() => withBackend('spy', () => { throw new Error('boom'); })).toThrow('boom');
    expect(activeBackend().name).toBe(start);
  } finally {
    unregisterBackend('spy');
  }
  expect(listBackends()).toEqual(before);
});

test('backend selection: LEMMATA_BACKEND=js|wasm|auto, read when selectBackendFromEnv is called; bad values name the variable', () => {
  const start = activeBackend().name;
  try {
    expect(selectBackendFromEnv({ LEMMATA_BACKEND: 'js' })).toBe('js');
    expect(backendName()).toBe('js');
    const wasm = builtinBackends().filter((n) => n.startsWith('wasm-'));
    if (wasm.length > 0) {
      expect(selectBackendFromEnv({ LEMMATA_BACKEND: 'wasm' })).toBe(wasm[0]);
      expect(selectBackendFromEnv({})).toBe(wasm[0]); // automatic: the best WASM variant
      expect(selectBackendFromEnv({ LEMMATA_BACKEND: 'auto' })).toBe(wasm[0]);
    } else {
      expect(() => selectBackendFromEnv({ LEMMATA_BACKEND: 'wasm' })).toThrow(/validates no WebAssembly SIMD module/);
      expect(selectBackendFromEnv({})).toBe('js');
    }
    expect(() => selectBackendFromEnv({ LEMMATA_BACKEND: 'gpu' })).toThrow(BackendError);
    expect(() => selectBackendFromEnv({ LEMMATA_BACKEND: 'gpu' })).toThrow(/LEMMATA_BACKEND=gpu: unknown backend 'gpu'/);
  } finally {
    useBackend(start);
  }
});

test('backend: a registered backend with a wrong GEMM (dropped β·C) is rejected by the GEMM check through the public gemm', () => {
  registerBackend({ name: 'wrong-drop-beta', gemm: (tA, tB, al, a, b, _beta, c) => plainBackend.gemm(tA, tB, al, a, b, 0, c) });
  try {
    const pub: GemmImpl = (a, b, c, o) => void gemm(a, b, c, o);
    const ok = fc.check(fc.property(gemmCaseArb(), (c) => checkGemm(pub, c) === null), params('backend.plain', 40));
    expect(ok.failed).toBe(false);
    const bad = fc.check(fc.property(gemmCaseArb(), (c) => withBackend('wrong-drop-beta', () => checkGemm(pub, c)) === null), params('backend.wrong', 100));
    expect(bad.failed).toBe(true);
  } finally {
    unregisterBackend('wrong-drop-beta');
  }
});

backendTest('degenerate shapes: k = 0 leaves β·C, empty outputs are fine, α = 0 ignores A and B', () => {
  const C = fromRows([[1, 2], [3, 4]]);
  gemm(zeros(2, 0), zeros(0, 2), C, { beta: 2 });
  expect(toRows(C)).toEqual([[2, 4], [6, 8]]);
  // Wrong variant the same assertion rejects: dropping β gives zeros.
  const C2 = fromRows([[1, 2], [3, 4]]);
  gemm(zeros(2, 0), zeros(0, 2), C2, { beta: 0 });
  expect(toRows(C2)).not.toEqual([[2, 4], [6, 8]]);
  expect(matmul(zeros(0, 3), zeros(3, 4)).rows).toBe(0);
  expect(matmul(zeros(3, 0), zeros(0, 4)).data.every((v) => v === 0)).toBe(true);
  const C3 = fromRows([[1, 1]]);
  gemm(fromRows([[5]]), fromRows([[7, 7]]), C3, { alpha: 0, beta: 1 });
  expect(toRows(C3)).toEqual([[1, 1]]);
  expect(cholesky(zeros(0, 0)).L.rows).toBe(0);
});
