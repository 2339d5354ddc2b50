/**
 * The kernel targets of issue 16, one {@link TargetRow} each: `npm run bench` measures every row on the selected
 * backend and on the plain-TypeScript backend (`js`) in the same run, and prints PASS/FAIL and the ratio.
 * To add a row, append one object: a name, a `prepare` that builds the input (untimed) and returns the timed
 * operation, the target and its unit.
 *
 * @module
 */
import { cholesky } from '../src/core/cholesky.ts';
import { symEig } from '../src/core/eigen.ts';
import { gemm } from '../src/core/gemm.ts';
import { zeros } from '../src/core/matrix.ts';
import type { Rng } from '../src/core/random.ts';
import { gaussianMatrix } from '../src/core/randomMatrix.ts';
import { svd } from '../src/core/svd.ts';
import { syrk } from '../src/core/syrk.ts';
import { deepRegressionReplicate } from '../src/models/deep/deepRegression.ts';
import { effectiveGlm, type DeepArchitecture } from '../src/models/deep/effectiveGlm.ts';
import { TANH2 } from '../src/models/deep/namedArchitectures.ts';
import { symmetricGaussian } from './ops/eigvals.ts';

/** One target: what is measured, in which unit, and the threshold. */
export interface TargetRow {
  /** Row name (also for `--rows`). */
  name: string;
  /** 'GF/s' (value = flops / seconds / 1e9, higher is better) or 's' (value = seconds, lower is better). */
  unit: 'GF/s' | 's';
  /** The threshold: value ≥ target for GF/s, value ≤ target for s. */
  target: number;
  /** Floating-point operations of one run (for GF/s rows). */
  flops?: number;
  /** Builds the input (untimed, randomness only from `rng`) and returns the timed operation. */
  prepare(rng: Rng): () => void;
}

/** A row's value from the best time of its operation. */
export function rowValue(row: TargetRow, seconds: number): number {
  return row.unit === 'GF/s' ? (row.flops as number) / seconds / 1e9 : seconds;
}

/** Whether a value meets the row's target. */
export function meets(row: TargetRow, value: number): boolean {
  return row.unit === 'GF/s' ? value >= row.target : value <= row.target;
}

const gemmRow = (n: number): TargetRow => ({
  name: `GEMM n=${n}`,
  unit: 'GF/s',
  target: 15,
  flops: 2 * n ** 3,
  prepare(rng) {
    const a = gaussianMatrix(n, n, rng), b = gaussianMatrix(n, n, rng), c = zeros(n, n);
    return () => void gemm(a, b, c);
  },
});

const eigRow = (n: number, target: number): TargetRow => ({
  name: `full eig n=${n}`,
  unit: 's',
  target,
  prepare(rng) {
    const a = symmetricGaussian(n, rng);
    return () => void symEig(a);
  },
});

/** The rows, in print order. */
export const TARGET_ROWS: TargetRow[] = [
  gemmRow(1000),
  gemmRow(2000),
  {
    name: 'Cholesky n=2000',
    unit: 's',
    target: 0.4,
    prepare(rng) {
      const n = 2000;
      const g = gaussianMatrix(n, n, rng);
      const a = syrk(g, zeros(n, n), { alpha: 1 / n });
      for (let i = 0; i < n; i++) a.data[i * n + i] += 1;
      return () => void cholesky(a);
    },
  },
  eigRow(1000, 1.5),
  eigRow(2000, 6),
  {
    name: 'SVD n=1000',
    unit: 's',
    target: 2,
    prepare(rng) {
      const a = gaussianMatrix(1000, 1000, rng);
      return () => void svd(a);
    },
  },
  {
    name: 'D6 replicate d=2000 (3 layers)',
    unit: 's',
    target: 20,
    prepare(rng) {
      // As bench/ops/d6Replicate.ts: tanh(2x) × 3, α = 2, Δ = 0.1, 2d test inputs.
      const arch: DeepArchitecture = { layers: [TANH2, TANH2, TANH2], widths: [1, 1, 1] };
      const g = effectiveGlm(arch);
      const delta = 0.1;
      return () => void deepRegressionReplicate({ arch, d: 2000, alpha: 2, delta, s: g.s, D: (g.epsTot + delta) / g.s, testRatio: 2 }, rng);
    },
  },
];
