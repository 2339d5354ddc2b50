/** Benchmark: C ← A·B for square n × n Gaussian matrices (2n³ flops), against ml-matrix `mmul`. */
import { Matrix as MlMatrix } from 'ml-matrix';
import { gemm } from '../../src/core/gemm.ts';
import { toRows, zeros, type Matrix } from '../../src/core/matrix.ts';
import { gaussianMatrix } from '../../src/core/randomMatrix.ts';
import type { BenchOp } from '../types.ts';

interface State {
  a: Matrix;
  b: Matrix;
  c: Matrix;
  mlA?: MlMatrix;
  mlB?: MlMatrix;
}

const op: BenchOp = {
  op: 'gemm',
  sizes: [500, 1000, 2000],
  flops: (n) => 2 * n ** 3,
  setup(n, rng, context) {
    const a = gaussianMatrix(n, n, rng), b = gaussianMatrix(n, n, rng);
    const s: State = { a, b, c: zeros(n, n) };
    if (context?.mlMatrix) {
      s.mlA = new MlMatrix(toRows(a));
      s.mlB = new MlMatrix(toRows(b));
    }
    return s;
  },
  run(state) {
    const s = state as State;
    gemm(s.a, s.b, s.c);
  },
  mlMatrix(state) {
    const s = state as State;
    (s.mlA as MlMatrix).mmul(s.mlB as MlMatrix);
  },
  mlMatrixMaxN: 1000,
  target: { n: 1000, minGflops: 4, text: 'GEMM n=1000 ≥ 4 GF/s' },
};

export default op;
