/**
 * Divide and conquer for the symmetric eigenproblem (`tridiagonalDc.ts`, `symEig({ method: 'divide-and-conquer' })`)
 * and for the SVD (`bidiagonalDc.ts`, `svd({ method: 'divide-and-conquer' })`), against the implicit QL / QR
 * reference solvers and against the backward-error bounds, on every backend, including clustered and
 * rank-deficient spectra.
 *
 * Tolerances (Demmel & Veselić / LAPACK Working Note 41; Golub & Van Loan §8.3.6, §8.6.2): a backward-stable
 * eigensolver returns V, Λ with \( \|AV - V\Lambda\|_{\max} \le c\,n\,\varepsilon\,\|A\| \) and
 * \( \|V^\top V - I\|_{\max} \le c\,n\,\varepsilon \), and by Weyl each eigenvalue within \( c\,n\,\varepsilon\,\|A\| \) of the
 * exact one, so two backward-stable solvers agree within twice that. LAWN 41's test ratio threshold is c = 30
 * (the same constant as core-eigen.test.ts and core-svd.test.ts); for the SVD n becomes max(m, n) (‖A‖ = s₁).
 * ‖A‖ is bounded by max|λ| (resp. s₁), which is what the ratios divide by.
 *
 * Wrong variants the same checks must reject: divide and conquer without Löwner's recomputation of z (Cuppen's
 * original; orthogonality is lost on clustered spectra), and eigenvectors of T returned without the Householder
 * back-transformation (residual check).
 */
import { test, expect } from 'vitest';
import fc from 'fast-check';
import { symEig } from '../src/core/eigen.ts';
import { svd } from '../src/core/svd.ts';
import { matmul } from '../src/core/gemm.ts';
import { gemmPlain } from '../src/core/gemmPlain.ts';
import { tridiagonalEigen } from '../src/core/tridiagonal.ts';
import { tridiagonalDivideConquer } from '../src/core/tridiagonalDc.ts';
import { bidiagonalDivideConquer } from '../src/core/bidiagonalDc.ts';
import { bidiagonalQrInPlace } from '../src/core/bidiagonalQr.ts';
import { gaussianMatrix, randomOrthogonal, withSpectrum } from '../src/core/randomMatrix.ts';
import { activeBackend } from '../src/core/backend.ts';
import { type Matrix } from '../src/core/matrix.ts';
import { Rng, deriveSeed32 } from '../src/core/random.ts';
import { ROOT_SEED } from './setup.ts';
import { backendTest } from './backends.ts';
import { EPS } from '../src/core/constants.ts';

/** LAWN 41 test-ratio threshold. */
const C = 30;
const seedOf = (name: string): number => deriveSeed32(ROOT_SEED, 'core-divide-conquer', name);

/** Spectrum kinds: generic, clusters (groups equal to within ~1e-13), rank-deficient (a block of exact zeros), repeated. */
type Kind = 'gauss' | 'clustered' | 'rank-deficient' | 'repeated';
const kindArb = fc.constantFrom<Kind>('gauss', 'clustered', 'rank-deficient', 'repeated');

function spectrum(n: number, kind: Kind, rng: Rng): Float64Array {
  const lam = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const g = rng.normal();
    if (kind === 'gauss') lam[i] = g;
    else if (kind === 'clustered') lam[i] = Math.floor(i / 7) + 1e-13 * g; // clusters of 7
    else if (kind === 'rank-deficient') lam[i] = i < n / 2 ? 0 : g;
    else lam[i] = i % 3 === 0 ? 1 : -1;
  }
  return lam;
}

/** max-norm ratios of the residual and orthogonality of (V, Λ) for A, in units of n·ε·max|λ| and n·ε. */
function eigRatios(a: Matrix, values: Float64Array, v: Matrix): { res: number; orth: number } {
  const n = a.rows;
  let norm = 0;
  for (const x of values) norm = Math.max(norm, Math.abs(x));
  const av = matmul(a, v);
  let res = 0;
  for (let i = 0; i < n; i++) for (let k = 0; k < n; k++) res = Math.max(res, Math.abs(av.data[i * n + k] - v.data[i * n + k] * values[k]));
  const vtv = matmul(v, v, { transA: true });
  let orth = 0;
  for (let i = 0; i < n; i++) for (let k = 0; k < n; k++) orth = Math.max(orth, Math.abs(vtv.data[i * n + k] - (i === k ? 1 : 0)));
  return { res: norm === 0 ? res : res / (n * EPS * norm), orth: orth / (n * EPS) };
}

/** Orthogonality ratio ‖ZᵀZ − I‖_max/(nε) of the columns of a row-major n × n buffer. */
function orthRatio(z: Float64Array, n: number): number {
  const m: Matrix = { rows: n, cols: n, data: z, offset: 0, stride: n };
  const g = matmul(m, m, { transA: true });
  let o = 0;
  for (let i = 0; i < n; i++) for (let k = 0; k < n; k++) o = Math.max(o, Math.abs(g.data[i * n + k] - (i === k ? 1 : 0)));
  return o / (n * EPS);
}

const eigCaseArb = fc.record({ n: fc.integer({ min: 1, max: 90 }), kind: kindArb, seed: fc.integer({ min: 0, max: 0xffffffff }) });

backendTest('symEig divide-and-conquer: residual ≤ 30nε‖A‖, orthogonality ≤ 30nε, eigenvalues within 2·30nε‖A‖ of QL', () => {
  fc.assert(
    fc.property(eigCaseArb, ({ n, kind, seed }) => {
      const rng = Rng.stream(seed, 'dc-eig', kind);
      const a = withSpectrum(spectrum(n, kind, rng), rng);
      const dc = symEig(a, { method: 'divide-and-conquer' });
      const ql = symEig(a, { method: 'ql' });
      const r = eigRatios(a, dc.values, dc.vectors);
      expect(r.res).toBeLessThanOrEqual(C);
      expect(r.orth).toBeLessThanOrEqual(C);
      let norm = 0;
      for (const x of ql.values) norm = Math.max(norm, Math.abs(x));
      for (let k = 0; k < n; k++) {
        expect(dc.values[k] >= (k > 0 ? dc.values[k - 1] : -Infinity)).toBe(true);
        expect(Math.abs(dc.values[k] - ql.values[k])).toBeLessThanOrEqual(2 * C * n * EPS * norm);
      }
    }),
    { seed: seedOf('eig'), numRuns: 60 },
  );
});

test('wrong variant: eigenvectors of T without the Householder back-transformation fail the residual check', () => {
  const out = fc.check(
    fc.property(eigCaseArb.filter((c) => c.n >= 3 && c.kind === 'gauss'), ({ n, kind, seed }) => {
      const rng = Rng.stream(seed, 'dc-eig', kind);
      const a = withSpectrum(spectrum(n, kind, rng), rng);
      // Tridiagonalise, solve T by divide and conquer, and forget Z ← QZ.
      const w = Float64Array.from(a.data);
      const d = new Float64Array(n), e = new Float64Array(n), tau = new Float64Array(n);
      activeBackend().sytrd(w, n, d, e, tau);
      const t = tridiagonalDivideConquer(d, e, gemmPlain);
      return eigRatios(a, t.values, { rows: n, cols: n, data: t.vectors, offset: 0, stride: n }).res <= C;
    }),
    { seed: seedOf('eig.wrong'), numRuns: 20 },
  );
  expect(out.failed).toBe(true);
});

/** Glued Wilkinson matrices W₂₁⁺ (tight clusters of eigenvalues) and other hard tridiagonals. */
function hardTridiagonal(kind: number, n: number, rng: Rng): { d: Float64Array; e: Float64Array } {
  const d = new Float64Array(n), e = new Float64Array(Math.max(n - 1, 0));
  for (let i = 0; i < n; i++) {
    if (kind === 0) d[i] = Math.abs((i % 21) - 10); // glued W21+
    else if (kind === 1) d[i] = 2; // Toeplitz (2, −1): distinct but smooth
    else if (kind === 2) d[i] = i < n / 2 ? 0 : 1; // two exact clusters, split
    else d[i] = rng.normal();
  }
  for (let i = 0; i < n - 1; i++) {
    if (kind === 0) e[i] = i % 21 === 20 ? 1e-7 : 1;
    else if (kind === 1) e[i] = -1;
    else if (kind === 2) e[i] = i % 5 === 0 ? 0 : 1e-9 * (i % 3);
    else e[i] = rng.normal();
  }
  return { d, e };
}

backendTest('tridiagonal divide and conquer on glued Wilkinson, Toeplitz, split and random T: residual, orthogonality, values vs QL', () => {
  fc.assert(
    fc.property(fc.integer({ min: 0, max: 3 }), fc.integer({ min: 1, max: 130 }), fc.integer({ min: 0, max: 0xffffffff }), (kind, n, seed) => {
      const { d, e } = hardTridiagonal(kind, n, Rng.stream(seed, 'dc-tri'));
      const r = tridiagonalDivideConquer(d, e, activeBackend().gemm);
      const ref = tridiagonalEigen(d, e, { vectors: 'none' }).values;
      let norm = 0;
      for (let i = 0; i < n; i++) norm = Math.max(norm, Math.abs(d[i]) + (i > 0 ? Math.abs(e[i - 1]) : 0) + (i < n - 1 ? Math.abs(e[i]) : 0));
      for (let k = 0; k < n; k++) expect(Math.abs(r.values[k] - ref[k])).toBeLessThanOrEqual(2 * C * n * EPS * norm);
      let res = 0;
      for (let k = 0; k < n; k++) {
        for (let i = 0; i < n; i++) {
          let s = (d[i] - r.values[k]) * r.vectors[i * n + k];
          if (i > 0) s += e[i - 1] * r.vectors[(i - 1) * n + k];
          if (i < n - 1) s += e[i] * r.vectors[(i + 1) * n + k];
          res = Math.max(res, Math.abs(s));
        }
      }
      expect(res).toBeLessThanOrEqual(C * n * EPS * norm);
      expect(orthRatio(r.vectors, n)).toBeLessThanOrEqual(C);
    }),
    { seed: seedOf('tri'), numRuns: 60 },
  );
});

test('wrong variant: divide and conquer without Löwner\'s recomputation of z loses orthogonality on glued Wilkinson matrices', () => {
  for (const n of [60, 120]) {
    const { d, e } = hardTridiagonal(0, n, Rng.stream(1, 'unused'));
    expect(orthRatio(tridiagonalDivideConquer(d, e, gemmPlain).vectors, n)).toBeLessThanOrEqual(C);
    expect(orthRatio(tridiagonalDivideConquer(d, e, gemmPlain, { recomputeZ: false }).vectors, n)).toBeGreaterThan(C);
    const b = bidiagonalDivideConquer(d.map((x) => x + 1), e, gemmPlain, { recomputeZ: false });
    expect(Math.max(orthRatio(b.u, n), orthRatio(b.v, n))).toBeGreaterThan(C);
  }
});

/** A with prescribed singular values: U diag(σ) Vᵀ for random orthogonal U (m × m) and V (n × n). */
function withSingularValues(m: number, n: number, sigma: Float64Array, rng: Rng): Matrix {
  const u = randomOrthogonal(m, rng), v = randomOrthogonal(n, rng);
  const k = Math.min(m, n);
  const us = gaussianMatrix(m, n, rng, { scale: 0 });
  for (let i = 0; i < m; i++) for (let j = 0; j < k; j++) us.data[i * n + j] = u.data[i * m + j] * sigma[j];
  return matmul(us, v, { transB: true });
}

const svdCaseArb = fc.record({
  m: fc.integer({ min: 1, max: 80 }), n: fc.integer({ min: 1, max: 80 }), kind: kindArb, seed: fc.integer({ min: 0, max: 0xffffffff }),
});

backendTest('svd divide-and-conquer, tall and wide: ‖A − USVᵀ‖ ≤ 30·max(m,n)·ε·s₁, orthogonality ≤ 30·max(m,n)·ε, values within 2·30·max(m,n)·ε·s₁ of QR', () => {
  fc.assert(
    fc.property(svdCaseArb, ({ m, n, kind, seed }) => {
      const rng = Rng.stream(seed, 'dc-svd', kind);
      const k = Math.min(m, n), N = Math.max(m, n);
      const sigma = spectrum(k, kind, rng).map(Math.abs).sort().reverse();
      const a = withSingularValues(m, n, sigma, rng);
      const dc = svd(a, { method: 'divide-and-conquer' });
      const qr = svd(a, { method: 'qr' });
      const s1 = qr.s[0] ?? 0;
      for (let i = 0; i < k; i++) {
        expect(dc.s[i]).toBeGreaterThanOrEqual(0);
        if (i > 0) expect(dc.s[i]).toBeLessThanOrEqual(dc.s[i - 1]);
        expect(Math.abs(dc.s[i] - qr.s[i])).toBeLessThanOrEqual(2 * C * N * EPS * s1);
      }
      const us = gaussianMatrix(m, k, rng, { scale: 0 });
      for (let i = 0; i < m; i++) for (let j = 0; j < k; j++) us.data[i * k + j] = dc.U.data[i * k + j] * dc.s[j];
      const rec = matmul(us, dc.V, { transB: true });
      let res = 0;
      for (let t = 0; t < m * n; t++) res = Math.max(res, Math.abs(rec.data[t] - a.data[t]));
      expect(res).toBeLessThanOrEqual(C * N * EPS * Math.max(s1, Number.MIN_VALUE));
      for (const q of [dc.U, dc.V]) {
        const g = matmul(q, q, { transA: true });
        for (let i = 0; i < k; i++) for (let j = 0; j < k; j++) expect(Math.abs(g.data[i * k + j] - (i === j ? 1 : 0))).toBeLessThanOrEqual(C * N * EPS);
      }
    }),
    { seed: seedOf('svd'), numRuns: 60 },
  );
});

backendTest('bidiagonal divide and conquer with zero and tiny diagonal entries and clusters: values vs QR, B = U diag(s) Vᵀ', () => {
  fc.assert(
    fc.property(fc.integer({ min: 1, max: 120 }), fc.integer({ min: 0, max: 3 }), fc.integer({ min: 0, max: 0xffffffff }), (n, kind, seed) => {
      const rng = Rng.stream(seed, 'dc-bid');
      const d = new Float64Array(n), e = new Float64Array(Math.max(n - 1, 0));
      for (let i = 0; i < n; i++) d[i] = kind === 0 ? rng.normal() : kind === 1 ? (i % 4 === 0 ? 0 : 1) : kind === 2 ? (i % 3 === 0 ? 1e-300 : rng.normal()) : 1;
      for (let i = 0; i < n - 1; i++) e[i] = kind === 3 ? (i % 9 === 0 ? 0 : 1e-14) : rng.normal();
      const r = bidiagonalDivideConquer(d, e, activeBackend().gemm);
      const ref = Float64Array.from(d);
      const ee = new Float64Array(Math.max(n, 1));
      ee.set(e);
      bidiagonalQrInPlace(ref, ee, n, null, 0, null);
      ref.sort().reverse();
      let norm = 0;
      for (let i = 0; i < n; i++) norm = Math.max(norm, Math.abs(d[i]) + (i < n - 1 ? Math.abs(e[i]) : 0));
      for (let i = 0; i < n; i++) expect(Math.abs(r.s[i] - ref[i])).toBeLessThanOrEqual(2 * C * n * EPS * norm);
      let res = 0;
      for (let i = 0; i < n; i++) {
        for (let j = 0; j < n; j++) {
          const b = i === j ? d[i] : j === i + 1 ? e[i] : 0;
          let s = 0;
          for (let q = 0; q < n; q++) s += r.u[i * n + q] * r.s[q] * r.v[j * n + q];
          res = Math.max(res, Math.abs(s - b));
        }
      }
      expect(res).toBeLessThanOrEqual(C * n * EPS * Math.max(norm, Number.MIN_VALUE));
      expect(orthRatio(r.u, n)).toBeLessThanOrEqual(C);
      expect(orthRatio(r.v, n)).toBeLessThanOrEqual(C);
    }),
    { seed: seedOf('bid'), numRuns: 60 },
  );
});
