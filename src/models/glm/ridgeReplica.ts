/**
 * Replica equations of ridge regression on the (effective) GLM with teacher y = √s v·x/√d + √ε_tot ζ
 * + √Δ z, v ~ N(0, I_d), at penalty λ (Cui, Krzakala, Zdeborová, *Bayes-optimal learning of deep random
 * networks of extensive-width*, ICML 2023, arXiv 2302.00375, eqs. 19–20):
 *
 * \( \hat V = \frac{\alpha}{1+V},\ \hat m = \sqrt s\,\hat V,\ \hat q = \frac{\alpha\,(s + \varepsilon_{\rm tot} + q - 2\sqrt s\,m + \Delta)}{(1+V)^2},\)
 * \( V = \frac{1}{\lambda + \hat V},\ q = \frac{\hat m^2 + \hat q}{(\lambda+\hat V)^2},\ m = \frac{\hat m}{\lambda + \hat V} \),
 *
 * noisy test error \( E_{\rm noisy} = s + \varepsilon_{\rm tot} + q - 2\sqrt s\,m + \Delta \) (clean: minus Δ).
 *
 * Closed form (used by default): V solves \( \lambda V^2 + (\lambda + \alpha - 1)V - 1 = 0 \) (eliminate V̂),
 * then m = √s V̂ V, and q enters its own equation linearly:
 * \( q = \frac{\hat m^2V^2 + \kappa\,(s + \varepsilon_{\rm tot} + \Delta - 2\sqrt s\,m)}{1-\kappa} \), \( \kappa = \frac{\alpha V^2}{(1+V)^2} \).
 * Since V(λ + V̂) = 1, √s − m = √s·λV, and the error simplifies to the cancellation-free
 * \( E_{\rm noisy} = \frac{s\lambda^2V^2 + \varepsilon_{\rm tot} + \Delta}{1-\kappa} \), \( q = m^2 + \kappa E_{\rm noisy} \)
 * (the textbook form s + ε + q − 2√s m + Δ cancels to ~Δ at large α; the reference `gaussianChannelDecimal.ts`
 * keeps that form, so the two are independent).
 * The damped iteration of the six equations is {@link ridgeReplicaIteration} (an independent check).
 *
 * @module
 */
import { fixedPointVector, type FixedPointResult } from '../../core/fixedPoint.ts';
import { GlmParameterError } from './gaussianChannel.ts';

/** The teacher of the effective GLM: signal power s, equivalent-noise variance ε_tot, label noise Δ. */
export interface EffectiveTeacher {
  /** s > 0 (1 for the plain GLM). */
  s: number;
  /** ε_tot ≥ 0 (0 for the plain GLM). */
  epsTot: number;
  /** Δ ≥ 0. */
  Delta: number;
}

/** The order parameters of ridge at its replica fixed point. */
export interface RidgeReplica {
  V: number;
  Vhat: number;
  m: number;
  mhat: number;
  q: number;
  qhat: number;
  /** E(y − ŷ)² on a fresh noisy label. */
  testErrorNoisy: number;
  /** E(√s v·x/√d + √ε ζ − ŷ)²: the noisy error minus Δ. */
  testErrorClean: number;
}

/** Validates α > 0, λ > 0 and the teacher (s > 0, ε_tot ≥ 0, Δ ≥ 0, all finite). */
export function checkRidgeArgs(alpha: number, lambda: number, t: EffectiveTeacher): void {
  if (!Number.isFinite(alpha) || !(alpha > 0)) throw new GlmParameterError(`alpha must be positive and finite, got ${alpha}`);
  if (!Number.isFinite(lambda) || !(lambda > 0)) throw new GlmParameterError(`lambda (the ridge penalty) must be positive and finite, got ${lambda}`);
  if (!Number.isFinite(t.s) || !(t.s > 0)) throw new GlmParameterError(`s (the signal power) must be positive and finite, got ${t.s}`);
  if (!Number.isFinite(t.epsTot) || !(t.epsTot >= 0)) throw new GlmParameterError(`epsTot must be finite and ≥ 0, got ${t.epsTot}`);
  if (!Number.isFinite(t.Delta) || !(t.Delta >= 0)) throw new GlmParameterError(`Delta must be finite and ≥ 0, got ${t.Delta}`);
}

/** The plain GLM teacher y = v·x/√d + √D z as an effective teacher (s = 1, ε_tot = 0, Δ = D). */
export function plainTeacher(D: number): EffectiveTeacher {
  return { s: 1, epsTot: 0, Delta: D };
}

/** The positive root of \( \lambda V^2 + (\lambda+\alpha-1)V - 1 = 0 \), cancellation-free in both signs of b = λ + α − 1. */
export function ridgeVariance(alpha: number, lambda: number): number {
  const b = lambda + alpha - 1;
  const root = Math.hypot(b, 2 * Math.sqrt(lambda));
  if (b > 0 && Number.isFinite(b + root)) return 2 / (b + root);
  if (b <= 0) return (root - b) / (2 * lambda);
  // λ + α near the largest double: with h = b/2 (formed without overflow), V = (1/h)/(1 + √(1 + λ/h²)).
  const h = 0.5 * lambda + 0.5 * alpha - 0.5;
  return 1 / h / (1 + Math.sqrt(1 + lambda / h / h));
}

/** Ridge on the effective GLM: the sample ratio, the penalty and the teacher. */
export interface RidgeProblem {
  /** Samples per input dimension α = n/d > 0. */
  alpha: number;
  /** Ridge penalty λ > 0 (on XᵀX/d). */
  lambda: number;
  /** The effective teacher (s, ε_tot, Δ). */
  teacher: EffectiveTeacher;
}

/** Assembles the order parameters from V (shared by the closed form and its variants). */
export function ridgeFromVariance(V: number, problem: RidgeProblem): RidgeReplica {
  const { alpha, lambda, teacher: t } = problem;
  const rs = Math.sqrt(t.s);
  const Vhat = alpha / (1 + V);
  const mhat = rs * Vhat;
  const m = mhat * V;
  // κ = α(V/(1 + V))², not αV²/(1 + V)²: at a vanishing penalty with α < 1 the root V ≈ (1 − α)/λ reaches 1e300, where
  // V² overflows and κ was ∞/∞ = NaN (lemmata theory glm --alpha 1e-3 --noise 1e-300, found by the CLI fuzzer).
  const r = V / (1 + V);
  const kappa = alpha * r * r;
  // √s − m = √s(1 − V̂V) = √s·λV exactly (from V(λ + V̂) = 1): no cancellation.
  const lv = lambda * V;
  const A = t.s * lv * lv + t.epsTot + t.Delta;
  const testErrorNoisy = A / (1 - kappa);
  const q = m * m + (kappa * A) / (1 - kappa);
  const u = 1 / (1 + V);
  const qhat = alpha * testErrorNoisy * u * u;
  return { V, Vhat, m, mhat, q, qhat, testErrorNoisy, testErrorClean: testErrorNoisy - t.Delta };
}

/**
 * Ridge at penalty λ on the effective GLM, by the closed form of eqs. 19–20 (module comment).
 *
 * @throws {GlmParameterError} for α ≤ 0, λ ≤ 0, s ≤ 0, ε_tot < 0, Δ < 0 or non-finite input.
 */
export function ridgeReplica(alpha: number, lambda: number, t: EffectiveTeacher): RidgeReplica {
  checkRidgeArgs(alpha, lambda, t);
  return ridgeFromVariance(ridgeVariance(alpha, lambda), { alpha, lambda, teacher: t });
}

/** Options of {@link ridgeReplicaIteration}. */
export interface RidgeReplicaIterationOptions {
  /** Damping of the fixed-point iteration, in (0, 1] (default 0.5). */
  damping?: number;
  /** Relative tolerance of the iteration (default 1e-15). */
  rtol?: number;
}

/**
 * The same fixed point by damped iteration of the six equations (state (V, m, q), from V = 1/λ, m = q = 0).
 *
 * @throws {GlmParameterError} as {@link ridgeReplica}.
 */
export function ridgeReplicaIteration(alpha: number, lambda: number, t: EffectiveTeacher, options: RidgeReplicaIterationOptions = {}): { replica: RidgeReplica; iteration: FixedPointResult<Float64Array> } {
  const { damping = 0.5, rtol = 1e-15 } = options;
  checkRidgeArgs(alpha, lambda, t);
  const rs = Math.sqrt(t.s);
  const iteration = fixedPointVector(
    (x, out) => {
      const [V, m, q] = x;
      const Vhat = alpha / (1 + V);
      const mhat = rs * Vhat;
      const qhat = (alpha * (t.s + t.epsTot + q - 2 * rs * m + t.Delta)) / ((1 + V) * (1 + V));
      const den = lambda + Vhat;
      out[0] = 1 / den;
      out[1] = mhat / den;
      out[2] = (mhat * mhat + qhat) / (den * den);
    },
    Float64Array.of(1 / lambda, 0, 0),
    { damping, atol: 0, rtol, maxIterations: 1_000_000 },
  );
  return { replica: ridgeFromVariance(iteration.x[0], { alpha, lambda, teacher: t }), iteration };
}
