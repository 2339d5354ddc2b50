/**
 * J12.alignment's experiment on one dataset (shared by the claim and by `fixtures/l2/j12-alignment-survey.ts`, which
 * measured the per-dataset spread quoted in the claim's statement): 3 Gaussian clusters of 10 points in R⁵ (centres
 * N(0, 4I), spread 0.3), one-hot targets, depth 3 with both hidden widths w, β = 1, λ = 1e-2, one L-BFGS run of 3000
 * iterations; the live neurons of the second hidden layer and their distinct directions.
 */
import { gaussianMatrix, type Matrix, type Rng, zeros } from '../../src/core/index.ts';
import { relu } from '../../src/models/l2/activation.ts';
import { forward, randomWeights, withWeights, type L2Problem } from '../../src/models/l2/network.ts';
import { trainBestOf } from '../../src/models/l2/tightExample.ts';

/** Number of distinct directions among the live rows of σ(Z) (cosine > 0.99 joins a direction), and the live count. */
export function directions(s: Matrix, rows: number): { distinct: number; live: number } {
  const N = s.cols;
  const norms: number[] = [];
  for (let k = 0; k < rows; k++) {
    let q = 0;
    for (let i = 0; i < N; i++) q += s.data[s.offset + k * s.stride + i] ** 2;
    norms.push(Math.sqrt(q));
  }
  const nmax = Math.max(...norms);
  const reps: Float64Array[] = [];
  let live = 0;
  for (let k = 0; k < rows; k++) {
    if (norms[k] <= 1e-3 * nmax) continue;
    live++;
    const u = new Float64Array(N);
    for (let i = 0; i < N; i++) u[i] = s.data[s.offset + k * s.stride + i] / norms[k];
    if (!reps.some((c) => c.reduce((acc, v, i) => acc + v * u[i], 0) > 0.99)) reps.push(u);
  }
  return { distinct: reps.length, live };
}

/** The experiment on the dataset drawn from `rng`: trained (or, for the wrong variant, initial) second-layer directions. */
export function alignmentOnDataset(rng: Rng, o: { width: number; trained: boolean }): { distinct: number; live: number } {
  const per = 10;
  const C = 3;
  const N = per * C;
  const n0 = 5;
  const centres = gaussianMatrix(C, n0, rng.split('centres'), { scale: 2 });
  const noise = rng.split('noise');
  const X = zeros(n0, N);
  const Y = zeros(C, N);
  for (let c = 0; c < C; c++) {
    for (let i = 0; i < per; i++) {
      const j = c * per + i;
      Y.data[c * N + j] = 1;
      for (let d = 0; d < n0; d++) X.data[d * N + j] = centres.data[c * n0 + d] + 0.3 * noise.normal();
    }
  }
  const w = o.width;
  const p: L2Problem = { activation: relu, beta: 1, lambda: 1e-2, X, Y };
  const ws = [n0, w, w, C];
  const net = o.trained ? trainBestOf(p, ws, rng.split('student'), { restarts: 1, maxIterations: 3000 }).net : withWeights(p, randomWeights(ws, rng.split('student').split('start', 0)));
  return directions(forward(net).Zs[2], w);
}
