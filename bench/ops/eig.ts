/**
 * Benchmark: full symmetric eigendecomposition `symEig` (values and vectors) of a dense n × n matrix,
 * against ml-matrix `EigenvalueDecomposition`. Flop count 9n³, the conventional figure for the
 * symmetric QR algorithm with eigenvectors (Golub & Van Loan, *Matrix Computations*, 4th ed., §8.3.6).
 */
import { EigenvalueDecomposition, Matrix as MlMatrix } from 'ml-matrix';
import { symEig } from '../../src/core/eigen.ts';
import { toRows, type Matrix } from '../../src/core/matrix.ts';
import type { BenchOp } from '../types.ts';
import { symmetricGaussian } from './eigvals.ts';

interface State {
  a: Matrix;
  mlA?: MlMatrix;
}

const op: BenchOp = {
  op: 'eig',
  sizes: [500, 1000, 2000],
  flops: (n) => 9 * n ** 3,
  setup(n, rng, context) {
    const a = symmetricGaussian(n, rng);
    const s: State = { a };
    if (context?.mlMatrix) s.mlA = new MlMatrix(toRows(a));
    return s;
  },
  run(state) {
    symEig((state as State).a);
  },
  mlMatrix(state) {
    new EigenvalueDecomposition((state as State).mlA as MlMatrix, { assumeSymmetric: true });
  },
  // ml-matrix takes ≈ 11.5 s at n = 1000 on this machine.
  mlMatrixMaxN: 1000,
  target: { n: 1000, maxSeconds: 5, text: 'eigendecomposition n=1000 ≤ 5 s' },
};

export default op;
