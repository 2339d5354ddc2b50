/**
 * The networks of the reduction claims (J9, the paper's Carathéodory reduction; J15, the sharper reduction compared with
 * it on the same networks): random networks with wide hidden layers, and trained depth-2 ReLU networks, drawn from integer
 * parameters and the claim's `Rng` stream; and the conditioning-aware tolerance of both claims' identities.
 *
 * (A helper, not a claim: the registry skips files starting with `_`.)
 */
import { fc } from '../../src/index.ts';
import { EPS, gaussianMatrix, type Rng } from '../../src/core/index.ts';
import type { L2Activation } from '../../src/models/l2/activation.ts';
import { randomWeights, type L2Network } from '../../src/models/l2/network.ts';
import { trainBestOf } from '../../src/models/l2/tightExample.ts';

/** The drawn shape of a random network (JSON, so counterexamples store as values). */
export interface ReductionNetParams {
  /** Number of data points. */
  N: number;
  /** Input dimension n_0. */
  n0: number;
  /** Raw hidden widths, folded into [1, 2N(N+1) + 4] by {@link reductionNet}. */
  hidden: number[];
  /** Bias amount β. */
  beta: number;
  /** λ = 10^lamExp. */
  lamExp: number;
  /** Index into the activation list of the claim. */
  act: number;
}

/** N ∈ [2, 5], n_0 ∈ [1, 4], 1–2 hidden layers, β ∈ {0, 0.5, 1}, λ ∈ {1e-4, …, 1}, `act` ∈ [0, 3]. */
export const reductionNetParams: fc.Arbitrary<ReductionNetParams> = fc.record({
  N: fc.integer({ min: 2, max: 5 }),
  n0: fc.integer({ min: 1, max: 4 }),
  hidden: fc.array(fc.integer({ min: 1, max: 64 }), { minLength: 1, maxLength: 2 }),
  beta: fc.constantFrom(0, 0.5, 1),
  lamExp: fc.integer({ min: -4, max: 0 }),
  act: fc.integer({ min: 0, max: 3 }),
});

/**
 * The random network of `p` with activation `sigma`: hidden widths 1 + (h mod (2N(N+1) + 4)) (up to twice the bound of the
 * reduction, so most layers have neurons to remove), 2 outputs, X (n_0 × N) and Y (2 × N) standard Gaussian from the streams
 * `X` and `Y` of `rng`, He-initialised weights from its stream `W`.
 */
export function reductionNet(p: ReductionNetParams, sigma: L2Activation, rng: Rng): L2Network {
  const { N, n0, hidden, beta, lamExp } = p;
  const ws = [n0, ...hidden.map((h) => 1 + (h % (2 * N * (N + 1) + 4))), 2];
  const X = gaussianMatrix(n0, N, rng.split('X'));
  const Y = gaussianMatrix(2, N, rng.split('Y'));
  return { activation: sigma, beta, lambda: 10 ** lamExp, X, Y, weights: randomWeights(ws, rng.split('W')) };
}

/** The drawn shape of a trained network. */
export interface TrainedReductionParams {
  /** Number of data points, in [3, 5]. */
  N: number;
  /** Hidden width N(N+1) + extra, extra in [1, 6]. */
  extra: number;
}

/** N ∈ [3, 5], extra ∈ [1, 6]. */
export const trainedReductionParams: fc.Arbitrary<TrainedReductionParams> = fc.record({ N: fc.integer({ min: 3, max: 5 }), extra: fc.integer({ min: 1, max: 6 }) });

/**
 * A depth-2 network with activation `sigma` (β = 0.5, λ = 1e-3) on Gaussian X (3 × N, stream `X` of `rng`) and Y (2 × N, stream
 * `Y`), hidden width N(N+1) + extra, trained by one L-BFGS start of 600 iterations (stream `train`).
 */
export function trainedReductionNet(p: TrainedReductionParams, sigma: L2Activation, rng: Rng): L2Network {
  const width = p.N * (p.N + 1) + p.extra;
  const problem = { activation: sigma, beta: 0.5, lambda: 1e-3, X: gaussianMatrix(3, p.N, rng.split('X')), Y: gaussianMatrix(2, p.N, rng.split('Y')) };
  return trainBestOf(problem, [3, width, 2], rng.split('train'), { restarts: 1, maxIterations: 600 }).net;
}

/** The tolerance of the reduction identities, or why the draw is guarded. */
export interface RebuildTolerance {
  /** tol = 1000·ε·max(κ², 10). */
  tol: number;
  /** Set when tol > 1e-6: the draw is guarded as ill-conditioned with this reason. */
  guard?: string;
}

/**
 * \( \mathrm{tol} = 1000\,\varepsilon\max(\kappa^2, 10) \), κ = 1/`smallestKeptRatio` (s_r/s_1 of the rebuilt Z′^σ): the rebuild
 * W′_ℓ = Z′_ℓ(Z′^σ_{ℓ−1})⁺ and the forward pass reproduce Z′ to ~10·ε·κ² relative (J9's tolerance text). A draw with tol > 1e-6
 * (κ > ~3·10³) is guarded.
 */
export function rebuildTolerance(smallestKeptRatio: number): RebuildTolerance {
  const kappa = 1 / Math.max(smallestKeptRatio, 1e-300);
  const tol = 1000 * EPS * Math.max(kappa * kappa, 10);
  return tol > 1e-6 ? { tol, guard: `rebuilt Z′^σ has condition ${kappa.toExponential(2)}` } : { tol };
}
