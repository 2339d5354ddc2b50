/**
 * Benchmark: thin SVD `svd` (U, s, V) of a dense n × n Gaussian matrix, against ml-matrix
 * `SingularValueDecomposition`. Flop count 22n³: Golub–Reinsch with U₁ and V, 14mn² + 8n³ at m = n
 * (Golub & Van Loan, *Matrix Computations*, 4th ed., Fig. 8.6.1). No target (none was set).
 */
import { Matrix as MlMatrix, SingularValueDecomposition } from 'ml-matrix';
import { svd } from '../../src/core/svd.ts';
import { toRows, type Matrix } from '../../src/core/matrix.ts';
import { gaussianMatrix } from '../../src/core/randomMatrix.ts';
import type { BenchOp } from '../types.ts';

interface State {
  a: Matrix;
  mlA?: MlMatrix;
}

const op: BenchOp = {
  op: 'svd',
  sizes: [500, 1000, 2000],
  flops: (n) => 22 * n ** 3,
  setup(n, rng, context) {
    const a = gaussianMatrix(n, n, rng);
    const s: State = { a };
    if (context?.mlMatrix) s.mlA = new MlMatrix(toRows(a));
    return s;
  },
  run(state) {
    svd((state as State).a);
  },
  mlMatrix(state) {
    new SingularValueDecomposition((state as State).mlA as MlMatrix);
  },
  // ml-matrix takes ≈ 4.2 s at n = 500 on this machine (≈ 35 s expected at 1000).
  mlMatrixMaxN: 500,
};

export default op;
