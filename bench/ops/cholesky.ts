/**
 * Benchmark: Cholesky factorisation of an n × n SPD matrix (n³/3 flops), out of place as users call it
 * (validation, copy and factorisation included), against ml-matrix `CholeskyDecomposition`.
 * The input is A = GGᵀ/n + I (G Gaussian) formed by SYRK: well conditioned, exactly symmetric, quick to build.
 */
import { CholeskyDecomposition, Matrix as MlMatrix } from 'ml-matrix';
import { cholesky } from '../../src/core/cholesky.ts';
import { toRows, zeros, type Matrix } from '../../src/core/matrix.ts';
import { gaussianMatrix } from '../../src/core/randomMatrix.ts';
import { syrk } from '../../src/core/syrk.ts';
import type { BenchOp } from '../types.ts';

interface State {
  a: Matrix;
  mlA?: MlMatrix;
}

const op: BenchOp = {
  op: 'cholesky',
  sizes: [500, 1000, 2000],
  flops: (n) => n ** 3 / 3,
  setup(n, rng, context) {
    const g = gaussianMatrix(n, n, rng);
    const a = syrk(g, zeros(n, n), { alpha: 1 / n });
    for (let i = 0; i < n; i++) a.data[i * n + i] += 1;
    const s: State = { a };
    if (context?.mlMatrix) s.mlA = new MlMatrix(toRows(a));
    return s;
  },
  run(state) {
    cholesky((state as State).a);
  },
  mlMatrix(state) {
    new CholeskyDecomposition((state as State).mlA as MlMatrix);
  },
  mlMatrixMaxN: 2000,
  target: { n: 2000, maxSeconds: 1.5, text: 'Cholesky n=2000 ≤ 1.5 s' },
};

export default op;
