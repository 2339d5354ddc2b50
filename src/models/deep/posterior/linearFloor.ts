/**
 * The error of the best linear predictor of a deep teacher, per instance: the floor below which no linear estimator
 * (ridge at any λ, the effective GLM's posterior mean) can go, whatever n. For x ~ N(0, I_d) the best predictor of the
 * form β·x is β* = E[S(x) x] (the normal equations with E xxᵀ = I), and
 * \[ E_{\rm lin} = \mathbb E S^2 - \|\mathbb E[S x]\|^2 . \]
 * The effective GLM predicts E_lin → ε_tot as d → ∞ (its linear part √s v·x carries all of E[Sx]); at finite α the
 * GLM's Bayes-optimal error s·m(α, D) + ε_tot lies above it.
 *
 * Estimated without bias from N fresh inputs: \( \widehat{\mathbb E S^2} = \tfrac1N\sum S_i^2 \) and the U-statistic
 * \( \widehat{\|\beta^*\|^2} = \big(\|\sum_i S_i x_i\|^2 - \sum_i S_i^2\|x_i\|^2\big)/(N(N-1)) \) (the diagonal i = j removed).
 *
 * @module
 */
import { gemv } from '../../../core/gemv.ts';
import type { Rng } from '../../../core/random.ts';
import { teacherData, type DeepTeacher } from '../deepTeacher.ts';

/** Unbiased estimate of E_lin for the teacher from N ≥ 2 fresh inputs drawn from `rng`, with its value parts. */
export function linearFloor(t: DeepTeacher, N: number, rng: Rng): { floor: number; outputVar: number; linearPart: number } {
  if (!Number.isInteger(N) || N < 2) throw new RangeError(`N (inputs for the floor) must be an integer ≥ 2, got ${N}`);
  const { X, S } = teacherData(t, N, rng);
  const sx = new Float64Array(t.d);
  gemv(X, S, sx, { trans: true });
  let s2 = 0;
  let diag = 0;
  for (let i = 0; i < N; i++) {
    let xx = 0;
    const o = X.offset + i * X.stride;
    for (let j = 0; j < t.d; j++) xx += X.data[o + j] ** 2;
    s2 += S[i] * S[i];
    diag += S[i] * S[i] * xx;
  }
  let tot = 0;
  for (let j = 0; j < t.d; j++) tot += sx[j] * sx[j];
  const linearPart = (tot - diag) / (N * (N - 1));
  const outputVar = s2 / N;
  return { floor: outputVar - linearPart, outputVar, linearPart };
}
