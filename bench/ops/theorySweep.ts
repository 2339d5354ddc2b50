/** Benchmark: a 100-point Float64 sweep of `lemmata theory deep` (gaussian channel, ridge at two λ); see bench/lib/theorySweepOp.ts. */
import { theorySweepOp } from '../lib/theorySweepOp.ts';

export default theorySweepOp({ op: 'theorySweep', channel: 'gaussian', ridgeLambdas: [0.01, 1] });
