/**
 * The contract of a benchmark operation: `bench/ops/<name>.ts` default-exports one {@link BenchOp},
 * which `bench/run.ts` discovers, times against ml-matrix where available, and reports.
 *
 * @module
 */
import type { Rng } from '../src/core/random.ts';

/** A performance target checked at one size: a wall-clock ceiling and/or a throughput floor. */
export interface BenchTarget {
  /** The size the target applies to. */
  n: number;
  /** PASS requires the best time ≤ maxSeconds. */
  maxSeconds?: number;
  /** PASS requires the best throughput ≥ minGflops. */
  minGflops?: number;
  /** Human-readable statement of the target, e.g. 'GEMM n=1000 ≥ 4 GF/s'. */
  text: string;
}

/** Extra information passed to {@link BenchOp.setup}. */
export interface BenchSetupContext {
  /** True when the runner will also time `mlMatrix` at this size (so ml-matrix inputs are worth building). */
  mlMatrix: boolean;
}

/** One benchmarked operation. */
export interface BenchOp {
  /** Name used in the table and by `--only`. */
  op: string;
  /** Default sizes n (overridden by `--sizes`). */
  sizes: number[];
  /** Floating-point operations of one `run` at size n (the conventional count, e.g. 2n³ for GEMM). */
  flops(n: number): number;
  /** Builds the input at size n (untimed). Randomness only from `rng`. */
  setup(n: number, rng: Rng, context?: BenchSetupContext): unknown;
  /** The timed operation. Must leave `state` reusable for the next repetition. */
  run(state: unknown): void;
  /** The same operation with ml-matrix on the same input (timed the same way), if ml-matrix has it. */
  mlMatrix?: (state: unknown) => void;
  /** Skip ml-matrix above this n (it is slow); the table says so. */
  mlMatrixMaxN?: number;
  /** Target checked at `target.n`. */
  target?: BenchTarget;
}

/** One row of the `--json` output. */
export interface BenchRow {
  op: string;
  n: number;
  backend: string;
  /** Best wall-clock seconds over the timed repetitions. */
  seconds: number;
  /** flops(n) / seconds / 1e9. */
  gflops: number;
  /** Best seconds for ml-matrix on the same input, or null when not run. */
  mlMatrixSeconds: number | null;
}
