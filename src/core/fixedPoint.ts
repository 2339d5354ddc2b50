/**
 * Damped fixed-point iteration for scalars and small vectors, with convergence diagnostics.
 *
 * \( x_{k+1} = (1-\eta)\,x_k + \eta\,F(x_k) \), the standard damped (Mann/Krasnosel'skii) iteration
 * used for the state-evolution / replica fixed points of the GLM formulas (Barbier et al., PNAS 2019;
 * Cui et al. 2023, eqs. 19–20). If F is a contraction with constant L near the fixed point, the
 * damped map contracts with constant |1 − η| + ηL, so the residual decays geometrically.
 *
 * @module
 */
import { DimensionError } from './errors.ts';
import { LemmataError } from './lemmataError.ts';

/** Thrown when F returns a non-finite value (the iterate is reported in the message). Exit code 1. */
export class FixedPointError extends LemmataError {
  override name = 'FixedPointError';
}

/** Options of {@link fixedPointScalar} and {@link fixedPointVector}. */
export interface FixedPointOptions {
  /** Damping η ∈ (0, 1] (default 1: plain iteration). */
  damping?: number;
  /** Absolute tolerance on the residual ‖F(x) − x‖∞ (default 1e-14). */
  atol?: number;
  /** Relative tolerance: converged when residual ≤ atol + rtol·‖x‖∞ (default 1e-13). */
  rtol?: number;
  /** Iteration cap (default 10 000). */
  maxIterations?: number;
  /** Number of trailing residuals kept in `residualHistory` (default 10). */
  historyLength?: number;
  /** Declares divergence when the residual exceeds this factor times the smallest residual seen (default 1e8). */
  divergenceFactor?: number;
}

/** Why the iteration stopped. */
export type FixedPointStatus = 'converged' | 'maxIterations' | 'diverged';

/** Result of a fixed-point iteration. */
export interface FixedPointResult<T> {
  /** The last damped update \( x_{k+1} = x_k + \eta(F(x_k) - x_k) \). */
  x: T;
  /** Number of evaluations of F. */
  iterations: number;
  /** Residual ‖F(x_k) − x_k‖∞ at the last evaluated iterate x_k. */
  residual: number;
  /** Size of the last step ‖x_{k+1} − x_k‖∞ = η·residual. */
  lastStep: number;
  /** The last `historyLength` residuals, oldest first. */
  residualHistory: number[];
  /** Estimated linear convergence factor: geometric mean of successive residual ratios over the history (NaN if < 2 entries). */
  rate: number;
  converged: boolean;
  status: FixedPointStatus;
}

interface Resolved {
  eta: number;
  atol: number;
  rtol: number;
  maxIt: number;
  hist: number;
  divFactor: number;
}

function resolve(opts: FixedPointOptions): Resolved {
  const eta = opts.damping ?? 1;
  const atol = opts.atol ?? 1e-14;
  const rtol = opts.rtol ?? 1e-13;
  const maxIt = opts.maxIterations ?? 10_000;
  const hist = opts.historyLength ?? 10;
  const divFactor = opts.divergenceFactor ?? 1e8;
  if (!(eta > 0 && eta <= 1)) throw new DimensionError(`fixedPoint: damping must lie in (0, 1], got ${eta}`);
  if (!(atol >= 0) || !Number.isFinite(atol)) throw new DimensionError(`fixedPoint: atol must be finite and ≥ 0, got ${atol}`);
  if (!(rtol >= 0) || !Number.isFinite(rtol)) throw new DimensionError(`fixedPoint: rtol must be finite and ≥ 0, got ${rtol}`);
  if (atol === 0 && rtol === 0) throw new DimensionError('fixedPoint: atol and rtol cannot both be 0');
  if (!Number.isInteger(maxIt) || maxIt < 1) throw new DimensionError(`fixedPoint: maxIterations must be a positive integer, got ${maxIt}`);
  if (!Number.isInteger(hist) || hist < 1) throw new DimensionError(`fixedPoint: historyLength must be a positive integer, got ${hist}`);
  if (!(divFactor > 1)) throw new DimensionError(`fixedPoint: divergenceFactor must exceed 1, got ${divFactor}`);
  return { eta, atol, rtol, maxIt, hist, divFactor };
}

function rateOf(h: number[]): number {
  if (h.length < 2) return NaN;
  const first = h[0];
  const last = h[h.length - 1];
  if (first === 0) return 0;
  return Math.pow(last / first, 1 / (h.length - 1));
}

/**
 * Damped fixed-point iteration for a scalar map: \( x \leftarrow (1-\eta)x + \eta F(x) \) until
 * \( |F(x)-x| \le \mathrm{atol} + \mathrm{rtol}\,|x| \).
 *
 * @throws {DimensionError} if x0 is not finite or an option is invalid.
 * @throws {FixedPointError} if F returns NaN or ±∞ (message names the iteration and the iterate).
 */
export function fixedPointScalar(F: (x: number) => number, x0: number, opts: FixedPointOptions = {}): FixedPointResult<number> {
  const o = resolve(opts);
  if (!Number.isFinite(x0)) throw new DimensionError(`fixedPoint: starting point x0 must be finite, got ${x0}`);
  let x = x0;
  const history: number[] = [];
  let minRes = Infinity;
  for (let k = 1; k <= o.maxIt; k++) {
    const fx = F(x);
    if (!Number.isFinite(fx)) throw new FixedPointError(`fixedPoint: F returned ${fx} at iteration ${k}, x = ${x}`);
    const res = Math.abs(fx - x);
    history.push(res);
    if (history.length > o.hist) history.shift();
    const xOld = x;
    x = xOld + o.eta * (fx - xOld);
    minRes = Math.min(minRes, res);
    const status: FixedPointStatus | null =
      res <= o.atol + o.rtol * Math.abs(xOld) ? 'converged' : res > o.divFactor * minRes ? 'diverged' : k === o.maxIt ? 'maxIterations' : null;
    if (status !== null) {
      return { x, iterations: k, residual: res, lastStep: Math.abs(x - xOld), residualHistory: history.slice(), rate: rateOf(history), converged: status === 'converged', status };
    }
  }
  /* c8 ignore next */
  throw new Error('unreachable');
}

/**
 * Damped fixed-point iteration for a small vector map, residual and tolerances in the max-norm:
 * \( x \leftarrow (1-\eta)x + \eta F(x) \) until \( \|F(x)-x\|_\infty \le \mathrm{atol} + \mathrm{rtol}\|x\|_\infty \).
 *
 * @param F writes F(x) into `out` (same length as x); must not keep references to its arguments.
 * @throws {DimensionError} if x0 has a non-finite entry or an option is invalid.
 * @throws {FixedPointError} if F writes NaN or ±∞ (message names the iteration and component).
 */
export function fixedPointVector(
  F: (x: Float64Array, out: Float64Array) => void,
  x0: Float64Array,
  opts: FixedPointOptions = {},
): FixedPointResult<Float64Array> {
  const o = resolve(opts);
  const n = x0.length;
  if (n === 0) throw new DimensionError('fixedPoint: starting vector x0 is empty');
  for (let i = 0; i < n; i++) {
    if (!Number.isFinite(x0[i])) throw new DimensionError(`fixedPoint: starting vector x0 has a non-finite entry ${x0[i]} at ${i}`);
  }
  const x = Float64Array.from(x0);
  const fx = new Float64Array(n);
  const history: number[] = [];
  let minRes = Infinity;
  for (let k = 1; k <= o.maxIt; k++) {
    F(x, fx);
    let res = 0;
    let xnorm = 0;
    let step = 0;
    for (let i = 0; i < n; i++) {
      const v = fx[i];
      if (!Number.isFinite(v)) throw new FixedPointError(`fixedPoint: F returned ${v} in component ${i} at iteration ${k}`);
      const r = Math.abs(v - x[i]);
      if (r > res) res = r;
      const ax = Math.abs(x[i]);
      if (ax > xnorm) xnorm = ax;
      const xi = x[i] + o.eta * (v - x[i]);
      step = Math.max(step, Math.abs(xi - x[i]));
      x[i] = xi;
    }
    history.push(res);
    if (history.length > o.hist) history.shift();
    minRes = Math.min(minRes, res);
    const status: FixedPointStatus | null =
      res <= o.atol + o.rtol * xnorm ? 'converged' : res > o.divFactor * minRes ? 'diverged' : k === o.maxIt ? 'maxIterations' : null;
    if (status !== null) {
      return { x: Float64Array.from(x), iterations: k, residual: res, lastStep: step, residualHistory: history.slice(), rate: rateOf(history), converged: status === 'converged', status };
    }
  }
  /* c8 ignore next */
  throw new Error('unreachable');
}
