/**
 * The benchmark of a Float64 sweep of `lemmata theory deep` over n geometric α points for tanh(2x)×2 at Δ = 0.1, exactly
 * what the CLI computes for `--alpha log:0.05:20:n --noise 0.1`: the layer coefficients once, then every point (issue 15:
 * a 100-point Float64 sweep within 1 s after start-up). The runner's untimed warm-up loads the modules and mathjs (the
 * expression tanh(2*x)), so the timed runs are the sweep alone, coefficients included.
 *
 * "Flops" here count grid points: the GFLOP/s column is 1e-9 points per second.
 */
import { theoryDeepSweep } from '../../src/cli/commands/theoryDeep.ts';
import { parseAxis } from '../../src/cli/commands/theorySweep.ts';
import type { BenchOp } from '../types.ts';

/** The sweep op of one channel (gaussian: with ridge at two λ; sign: a probit fixed point per point). */
export function theorySweepOp(o: { op: string; channel: 'gaussian' | 'sign'; ridgeLambdas?: number[] }): BenchOp {
  return {
    op: o.op,
    sizes: [100],
    flops: (n) => n,
    setup: (n) => n,
    run(state) {
      const n = state as number;
      theoryDeepSweep({
        acts: ['tanh(2*x)', 'tanh(2*x)'],
        channel: o.channel,
        alphas: parseAxis('alpha', `log:0.05:20:${n}`, { check: (x) => x > 0, domain: 'α > 0' }),
        noises: parseAxis('noise', '0.1', { check: (x) => x >= 0, domain: 'Δ ≥ 0' }),
        ...(o.ridgeLambdas ? { ridgeLambdas: o.ridgeLambdas } : {}),
      });
    },
    target: { n: 100, maxSeconds: 1, text: `100-point Float64 sweep of theory deep (${o.channel} channel), tanh(2x)×2, ≤ 1 s after start-up` },
  };
}
