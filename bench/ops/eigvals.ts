/**
 * Benchmark: eigenvalues of a dense symmetric n × n matrix (`symEigvals`: Householder tridiagonalisation,
 * (4/3)n³ flops, then QL without vectors, O(n²)), against ml-matrix `EigenvalueDecomposition`, which
 * always computes the eigenvectors too (ml-matrix has no eigenvalues-only path).
 * Input: the symmetric Gaussian matrix (G + Gᵀ)/2 (GOE), cheap to build at n = 2000.
 */
import { EigenvalueDecomposition, Matrix as MlMatrix } from 'ml-matrix';
import { symEigvals } from '../../src/core/eigen.ts';
import { toRows, type Matrix } from '../../src/core/matrix.ts';
import { gaussianMatrix } from '../../src/core/randomMatrix.ts';
import type { Rng } from '../../src/core/random.ts';
import type { BenchOp } from '../types.ts';

interface State {
  a: Matrix;
  mlA?: MlMatrix;
}

/** (G + Gᵀ)/2 for an n × n Gaussian G: exactly symmetric. */
export function symmetricGaussian(n: number, rng: Rng): Matrix {
  const a = gaussianMatrix(n, n, rng);
  const d = a.data;
  for (let i = 0; i < n; i++) {
    for (let j = i + 1; j < n; j++) {
      const v = 0.5 * (d[i * n + j] + d[j * n + i]);
      d[i * n + j] = v;
      d[j * n + i] = v;
    }
  }
  return a;
}

const op: BenchOp = {
  op: 'eigvals',
  sizes: [500, 1000, 2000],
  flops: (n) => (4 / 3) * n ** 3,
  setup(n, rng, context) {
    const a = symmetricGaussian(n, rng);
    const s: State = { a };
    if (context?.mlMatrix) s.mlA = new MlMatrix(toRows(a));
    return s;
  },
  run(state) {
    symEigvals((state as State).a);
  },
  mlMatrix(state) {
    new EigenvalueDecomposition((state as State).mlA as MlMatrix, { assumeSymmetric: true });
  },
  // ml-matrix takes ≈ 11.5 s at n = 1000 on this machine (and ~8× that at 2000).
  mlMatrixMaxN: 1000,
  target: { n: 2000, maxSeconds: 10, text: 'eigenvalues n=2000 ≤ 10 s' },
};

export default op;
