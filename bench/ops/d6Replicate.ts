/**
 * Benchmark: one D6 replicate (deep regression error identity) at input dimension d = n: a deep teacher with
 * three hidden tanh(2x) layers of width d, n = 2d training samples (Δ = 0.1), the GLM posterior mean by SYRK +
 * Cholesky (ridge at λ = D), and the clean test error on 2d fresh inputs — exactly `deepRegressionReplicate`
 * as the D6 claims call it (teacher sampling included, since it is part of a replicate).
 *
 * Flops (conventional): forward passes of 4d inputs through three d × d layers, 2·4d·3d²; the Gram XᵀX, 2d·d²
 * (SYRK, n·d² multiply-adds counted once as in `gram`); Cholesky d³/3; matvecs negligible: ≈ 26d³.
 */
import { deepRegressionReplicate } from '../../src/models/deep/deepRegression.ts';
import { effectiveGlm, type DeepArchitecture } from '../../src/models/deep/effectiveGlm.ts';
import { TANH2 } from '../../src/models/deep/namedArchitectures.ts';
import type { Rng } from '../../src/core/random.ts';
import type { BenchOp } from '../types.ts';

interface State {
  d: number;
  arch: DeepArchitecture;
  s: number;
  D: number;
  rng: Rng;
}

const DELTA = 0.1;

const op: BenchOp = {
  op: 'd6Replicate',
  sizes: [250, 500, 1000, 2000],
  flops: (d) => 2 * 4 * d * 3 * d * d + 2 * d * d * d + (d * d * d) / 3,
  setup(d, rng) {
    const arch: DeepArchitecture = { layers: [TANH2, TANH2, TANH2], widths: [1, 1, 1] };
    const g = effectiveGlm(arch);
    return { d, arch, s: g.s, D: (g.epsTot + DELTA) / g.s, rng } satisfies State;
  },
  run(state) {
    const st = state as State;
    deepRegressionReplicate({ arch: st.arch, d: st.d, alpha: 2, delta: DELTA, s: st.s, D: st.D, testRatio: 2 }, st.rng);
  },
  target: { n: 2000, maxSeconds: 60, text: 'one D6 replicate, d = 2000, three hidden layers of width 2000, ≤ 60 s on one core' },
};

export default op;
