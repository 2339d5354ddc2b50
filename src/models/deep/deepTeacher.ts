/**
 * Sampling a deep random teacher network and its outputs (shared/math/deep-gaussian-equivalence.md §1;
 * Cui, Krzakala, Zdeborová 2023, arXiv 2302.00375, eq. (1)).
 *
 * \[ X^{(0)} = x,\quad X^{(l)} = \varphi_l\big(W^{(l)}X^{(l-1)}/\sqrt{d_{l-1}}\big) - c_l,\quad
 *    S = a\cdot X^{(L)}/\sqrt{d_L}, \]
 * W^{(l)} ∈ R^{d_l×d_{l−1}} with i.i.d. N(0, σ_l²) entries (fan-in normalisation at every layer),
 * a ~ N(0, σ_a² I_{d_L}), d_l = round(γ_l d), c_l the centring constant κ0(r_l) of a centred layer (0 otherwise).
 * Labels: regression Y = S + √Δ Z (Δ a variance), classification Y = sign(S + √Δ Z).
 *
 * @module
 */
import { DimensionError, type Matrix } from '../../core/matrix.ts';
import { matmul } from '../../core/gemm.ts';
import { matvec } from '../../core/gemv.ts';
import type { Rng } from '../../core/random.ts';
import { gaussianMatrix } from '../../core/randomMatrix.ts';
import { propagate, resolveArchitecture, type DeepArchitecture, type ResolvedArchitecture } from './effectiveGlm.ts';

/** A sampled teacher: its weights, readout and the centring constants. */
export interface DeepTeacher {
  arch: ResolvedArchitecture;
  /** Input dimension d. */
  d: number;
  /** Widths d_1..d_L. */
  widths: number[];
  /** W^{(l)}, d_l × d_{l−1}. */
  weights: Matrix[];
  /** a ∈ R^{d_L}. */
  readout: Float64Array;
  /** c_l subtracted after φ_l (κ0(r_l) for a centred layer, else 0). */
  centers: number[];
}

/** The widths d_l = max(1, round(γ_l d)). */
export function layerWidths(arch: DeepArchitecture, d: number): number[] {
  const a = resolveArchitecture(arch);
  if (!Number.isInteger(d) || d < 1) throw new DimensionError(`d (the input dimension) must be a positive integer, got ${d}`);
  return a.widths.map((g) => Math.max(1, Math.round(g * d)));
}

/**
 * Draws W^{(1)}, …, W^{(L)} and a from `rng` (in that order). Centring constants come from the deep
 * recursion (Float64), so a centred layer is centred at its propagated variance r_l.
 *
 * @throws {DimensionError} if d is not a positive integer; {@link ArchitectureError} for a bad architecture.
 */
export function sampleDeepTeacher(arch: DeepArchitecture, d: number, rng: Rng): DeepTeacher {
  const a = resolveArchitecture(arch);
  const widths = layerWidths(a, d);
  const centers = a.layers.some((l) => l.center) ? propagate(a).map((c) => c.center) : a.layers.map(() => 0);
  const weights: Matrix[] = [];
  let fanIn = d;
  for (let l = 0; l < widths.length; l++) {
    weights.push(gaussianMatrix(widths[l], fanIn, rng, { scale: Math.sqrt(a.weightVars[l]) }));
    fanIn = widths[l];
  }
  const readout = rng.fillNormal(new Float64Array(fanIn), Math.sqrt(a.readoutVar));
  return { arch: a, d, widths, weights, readout, centers };
}

/** Gaussian inputs: an n × d matrix of i.i.d. N(0, 1) rows x_μ. */
export function sampleInputs(n: number, d: number, rng: Rng): Matrix {
  if (!Number.isInteger(n) || n < 1) throw new DimensionError(`n (the number of samples) must be a positive integer, got ${n}`);
  if (!Number.isInteger(d) || d < 1) throw new DimensionError(`d (the input dimension) must be a positive integer, got ${d}`);
  return gaussianMatrix(n, d, rng);
}

/**
 * The last hidden layer X^{(L)} for the rows of X (n × d_L): each layer is one GEMM
 * \( H = X^{(l-1)}W^{(l)\top}/\sqrt{d_{l-1}} \) followed by φ_l − c_l in place.
 *
 * @throws {DimensionError} if X does not have d columns.
 */
export function hiddenFeatures(t: DeepTeacher, X: Matrix): Matrix {
  if (X.cols !== t.d) throw new DimensionError(`X has ${X.cols} columns but the teacher's input dimension is ${t.d}`);
  let H = X;
  for (let l = 0; l < t.weights.length; l++) {
    const W = t.weights[l];
    const next = matmul(H, W, { transB: true, alpha: 1 / Math.sqrt(W.cols) });
    const f = t.arch.layers[l].activation.f;
    const c = t.centers[l];
    const data = next.data;
    for (let i = 0; i < data.length; i++) data[i] = f(data[i]) - c;
    H = next;
  }
  return H;
}

/** The teacher's pre-readout outputs \( S_\mu = a\cdot X^{(L)}_\mu/\sqrt{d_L} \) for the rows of X. */
export function teacherOutputs(t: DeepTeacher, X: Matrix): Float64Array {
  const H = hiddenFeatures(t, X);
  const S = matvec(H, t.readout);
  const k = 1 / Math.sqrt(t.readout.length);
  for (let i = 0; i < S.length; i++) S[i] *= k;
  return S;
}

/** The output channel of {@link teacherLabels}. */
export interface LabelChannel {
  /** Label-noise variance Δ ≥ 0 (finite). */
  delta: number;
  /** `'gaussian'`: Y = S + √Δ Z; `'sign'`: Y = sign(S + √Δ Z). */
  channel: 'gaussian' | 'sign';
}

/**
 * Labels from outputs: Gaussian channel \( Y = S + \sqrt\Delta Z \) or sign channel \( Y = \mathrm{sign}(S + \sqrt\Delta Z) \)
 * (sign(0) = +1, a null event). Noise drawn from `rng`.
 *
 * @throws {RangeError} if Δ is negative or not finite.
 */
export function teacherLabels(S: Float64Array, labelChannel: LabelChannel, rng: Rng): Float64Array {
  const { delta, channel } = labelChannel;
  if (!Number.isFinite(delta) || delta < 0) throw new RangeError(`delta (the label-noise variance Δ) must be finite and ≥ 0, got ${delta}`);
  if (channel !== 'gaussian' && channel !== 'sign') throw new RangeError(`channel must be 'gaussian' or 'sign', got ${String(channel)}`);
  const sd = Math.sqrt(delta);
  const Y = new Float64Array(S.length);
  for (let i = 0; i < S.length; i++) {
    const v = S[i] + (sd > 0 ? sd * rng.normal() : 0);
    Y[i] = channel === 'gaussian' ? v : v >= 0 ? 1 : -1;
  }
  return Y;
}

/** An n × d zero-mean Gaussian design together with the teacher outputs on it (helper for the claims). */
export function teacherData(t: DeepTeacher, n: number, rng: Rng): { X: Matrix; S: Float64Array } {
  const X = sampleInputs(n, t.d, rng);
  return { X, S: teacherOutputs(t, X) };
}

/** What one teacher-student replicate draws before fitting: the teacher, the training set and its labels. */
export interface TeacherTask {
  teacher: DeepTeacher;
  train: { X: Matrix; S: Float64Array };
  Y: Float64Array;
  /** Number of test points to draw after fitting: round(testRatio·d). */
  nTest: number;
}

/**
 * Validates (α, testRatio) and draws, in this order from `rng`: the teacher, n = round(αd) training inputs and their
 * labels through `channel`. Shared by the regression and classification replicates so both draw identically.
 *
 * @throws {RangeError} if α ≤ 0 or testRatio ≤ 0 (or either is not finite).
 */
export function sampleTeacherTask(
  o: { arch: DeepArchitecture; d: number; alpha: number; delta: number; testRatio?: number },
  channel: 'gaussian' | 'sign',
  rng: Rng,
): TeacherTask {
  if (!Number.isFinite(o.alpha) || !(o.alpha > 0)) throw new RangeError(`alpha (the sample ratio n/d) must be positive and finite, got ${o.alpha}`);
  const testRatio = o.testRatio ?? 4;
  if (!Number.isFinite(testRatio) || !(testRatio > 0)) throw new RangeError(`testRatio must be positive and finite, got ${testRatio}`);
  const n = Math.max(1, Math.round(o.alpha * o.d));
  const teacher = sampleDeepTeacher(o.arch, o.d, rng);
  const train = teacherData(teacher, n, rng);
  const Y = teacherLabels(train.S, { delta: o.delta, channel }, rng);
  return { teacher, train, Y, nTest: Math.max(1, Math.round(testRatio * o.d)) };
}
