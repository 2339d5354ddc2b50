/**
 * The tight example's building blocks (Jacot et al. 2022, Def. 12, Props. 13–14; `src/models/l2/tightExample.ts`, `cpRank.ts`):
 * graphs and incidence matrices, Y_N, the lower bound LB(λ) against its soft-threshold definition, the CP-factor search,
 * reproducible training, and errors that name the bad argument.
 */
import fc from 'fast-check';
import { expect, test } from 'vitest';
import { symEigvals } from '../src/core/eigen.ts';
import { deriveSeed32, Rng } from '../src/core/random.ts';
import { cpResidual, k4CpFactor, searchCpFactor } from '../src/models/l2/cpRank.ts';
import {
  completeBipartite,
  completeGraph,
  hasTriangle,
  incidenceGram,
  incidenceMatrix,
  randomBipartite,
  tightIncidence,
  tightLowerBound,
  tightProblem,
  tightTargets,
  trainBestOf,
} from '../src/models/l2/tightExample.ts';
import { ROOT_SEED } from './setup.ts';
import { EPS } from '../src/core/constants.ts';


/** LB by its definition: Σ_i over the spectrum of Y_N of (1/N)·min(s, λN)² + 2λ·max(s − λN, 0) (prox of the nuclear norm). */
function lbByDefinition(N: number, lambda: number): number {
  const ev = symEigvals(tightTargets(N));
  let s = 0;
  for (const e of ev) {
    const v = Math.max(0, e);
    s += Math.min(v, lambda * N) ** 2 / N + 2 * lambda * Math.max(v - lambda * N, 0);
  }
  return s;
}

const lamArb = fc.integer({ min: 0, max: 1_000_000 }).map((k) => 10 ** (-4 + (Math.log10(0.45) + 4) * (k / 1_000_000)));

test('LB(λ) = λN² − λ²N(N−1) equals its soft-threshold definition; the λ-for-λ² variant does not', () => {
  fc.assert(
    fc.property(fc.integer({ min: 1, max: 10 }).map((h) => 2 * h), lamArb, (N, lambda) => {
      const def = lbByDefinition(N, lambda);
      // Eigenvalues to 10·N·ε·N (backward-stable eigensolver), propagated through ≤ 2λ per unit: atol 10·N²·ε·N·(1 + 2λ)·N.
      const tol = 10 * N * N * EPS * N * N;
      expect(Math.abs(tightLowerBound(N, lambda) - def)).toBeLessThanOrEqual(tol);
      const wrong = lambda * N * N - lambda * N * (N - 1);
      expect(Math.abs(wrong - def)).toBeGreaterThan(tol);
    }),
    { seed: deriveSeed32(ROOT_SEED, 'l2-tight-lb') | 0, numRuns: 200 },
  );
});

test('EᵀE = Y_N for K_{N/2,N/2}; N²/4 edges; no triangle', () => {
  for (let N = 2; N <= 20; N += 2) {
    const E = tightIncidence(N);
    expect(E.rows).toBe((N * N) / 4);
    expect(Array.from(incidenceGram(E).data)).toEqual(Array.from(tightTargets(N).data));
    expect(hasTriangle(completeBipartite(N / 2, N / 2))).toBe(false);
  }
  expect(hasTriangle(completeGraph(3))).toBe(true);
});

test('random bipartite graphs are triangle-free and have at least one edge', () => {
  fc.assert(
    fc.property(fc.integer({ min: 1, max: 6 }), fc.integer({ min: 1, max: 6 }), fc.integer({ min: 1, max: 10 }), fc.integer({ min: 0, max: 1e9 }), (p, q, pr, seed) => {
      const g = randomBipartite({ p, q, prob: pr / 10 }, Rng.stream(seed, 'g'));
      expect(g.edges.length).toBeGreaterThan(0);
      expect(hasTriangle(g)).toBe(false);
    }),
    { seed: deriveSeed32(ROOT_SEED, 'l2-bipartite') | 0, numRuns: 100 },
  );
});

test('CP search: finds the 4-row factor of K₄ (2I + J); K₄ factor B = √2 I + bJ is exact; a triangle-free graph resists k − 1 rows', () => {
  const A = incidenceGram(incidenceMatrix(completeGraph(4)));
  expect(cpResidual(k4CpFactor(), A)).toBeLessThanOrEqual(10 * 4 * EPS * Math.sqrt(28));
  const s4 = searchCpFactor(A, 4, Rng.stream(ROOT_SEED, 'k4'), { restarts: 4, sweeps: 300 });
  expect(s4.residual).toBeLessThanOrEqual(1e-10 * Math.sqrt(28));
  const g = completeBipartite(2, 3); // 6 edges, triangle-free
  const B = incidenceGram(incidenceMatrix(g));
  const s5 = searchCpFactor(B, 5, Rng.stream(ROOT_SEED, 'k23'), { restarts: 4, sweeps: 300 });
  expect(s5.residual).toBeGreaterThan(1e-2);
  expect(s5.B.data.every((v) => v >= 0)).toBe(true);
});

test('trainBestOf is reproducible: the same stream gives bit-identical losses', () => {
  const p = tightProblem(4, 1e-3);
  const a = trainBestOf(p, [4, 4, 4], Rng.stream(ROOT_SEED, 'train'), { restarts: 2, maxIterations: 200 });
  const b = trainBestOf(p, [4, 4, 4], Rng.stream(ROOT_SEED, 'train'), { restarts: 2, maxIterations: 200 });
  expect(b.losses).toEqual(a.losses);
  expect(a.loss).toBe(Math.min(...a.losses));
});

test('bad arguments throw errors that name them', () => {
  expect(() => tightTargets(5)).toThrow(/N must be an even integer/);
  expect(() => tightLowerBound(4, 0.7)).toThrow(/lambda must be in \(0, 1\/2\)/);
  expect(() => incidenceMatrix({ vertices: 3, edges: [[0, 3]] })).toThrow(/graph.edges\[0\]/);
  expect(() => randomBipartite({ p: 0, q: 2, prob: 0.5 }, Rng.stream(1, 'x'))).toThrow(/p and q must be positive integers/);
  expect(() => searchCpFactor(tightTargets(4), 0, Rng.stream(1, 'x'))).toThrow(/r must be a positive integer/);
  expect(() => trainBestOf(tightProblem(4, 1e-3), [4, 4, 4], Rng.stream(1, 'x'), { restarts: 0 })).toThrow(/restarts must be a positive integer/);
});
