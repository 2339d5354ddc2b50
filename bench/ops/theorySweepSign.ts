/** Benchmark: a 100-point Float64 sweep of `lemmata theory deep` (sign channel: a probit fixed point per point); see bench/lib/theorySweepOp.ts. */
import { theorySweepOp } from '../lib/theorySweepOp.ts';

export default theorySweepOp({ op: 'theorySweepSign', channel: 'sign' });
