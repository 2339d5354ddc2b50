/**
 * Regression: rank-deficient positive semi-definite matrices (Gram matrices XᵀX with fewer rows than
 * columns) must converge, with d − n eigenvalues at 0 and the others equal to the spectrum of XXᵀ.
 * Found by the GLM claims (α < 1 designs): the QL deflation floor was far below the rounding noise
 * of the zero eigenvalues.
 */
import fc from 'fast-check';
import { expect, test } from 'vitest';
import { symEigvals } from '../src/core/eigen.ts';
import { deriveSeed32, Rng } from '../src/core/random.ts';
import { gaussianMatrix } from '../src/core/randomMatrix.ts';
import { gram } from '../src/core/syrk.ts';
import { ROOT_SEED } from './setup.ts';
import { backendTest } from './backends.ts';
import { EPS } from '../src/core/constants.ts';


/** Max |λ̂ − λ| over matched ascending spectra, against the Weyl bound 30·d·ε·‖A‖_F (LAWN-41 ratio ≤ 30). */
function spectraClose(a: Float64Array, b: Float64Array, scale: number): boolean {
  for (let i = 0; i < a.length; i++) if (!(Math.abs(a[i] - b[i]) <= scale)) return false;
  return true;
}

backendTest('Gram matrices of rank n < d converge; zeros and the non-zero spectrum are right', () => {
  fc.assert(
    fc.property(fc.integer({ min: 1, max: 40 }), fc.integer({ min: 2, max: 120 }), fc.integer({ min: 0, max: 2 ** 31 - 1 }), (n0, d, seed) => {
      const n = Math.min(n0, d - 1);
      const X = gaussianMatrix(n, d, Rng.stream(seed, 'rank'));
      const A = gram(X, { of: 'columns' }); // d × d, rank n
      const B = gram(X, { of: 'rows' }); // n × n, full rank
      const la = symEigvals(A);
      const lb = symEigvals(B);
      let fro = 0;
      for (const v of A.data) fro += v * v;
      // Weyl: both solvers are backward stable with ‖ΔA‖ ≤ c·d·ε‖A‖; the two Grams also differ in
      // rounding by ≤ n·ε·‖X‖_F² ≤ n·ε·√d‖A‖_F. Allowed: 30·d·ε·‖A‖_F (LAWN-41 convention) + n·ε·√d‖A‖_F.
      const tol = 30 * d * EPS * Math.sqrt(fro) + n * EPS * Math.sqrt(d * fro);
      const zeros = la.subarray(0, d - n);
      const nonzero = la.subarray(d - n);
      return spectraClose(zeros, new Float64Array(d - n), tol) && spectraClose(nonzero, lb, tol);
    }),
    { seed: deriveSeed32(ROOT_SEED, 'eig-rank-deficient') | 0, numRuns: 60 },
  );
});

test('wrong variant: the non-zero spectrum compared with a scaled spectrum (1 + 1e-8) is rejected', () => {
  const X = gaussianMatrix(20, 50, Rng.stream(ROOT_SEED, 'rank-variant'));
  const la = symEigvals(gram(X, { of: 'columns' })).subarray(30);
  const lb = symEigvals(gram(X, { of: 'rows' })).map((v) => v * (1 + 1e-8));
  let fro = 0;
  for (const v of gram(X, { of: 'columns' }).data) fro += v * v;
  expect(spectraClose(la, lb, 30 * 50 * EPS * Math.sqrt(fro) + 20 * EPS * Math.sqrt(50 * fro))).toBe(false);
});
