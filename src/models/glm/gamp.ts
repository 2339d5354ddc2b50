/**
 * Bayes-optimal GAMP for the probit GLM with Gaussian prior, and its state evolution.
 *
 * Model: X ∈ R^{n×d} with i.i.d. N(0, 1) entries, v ~ N(0, I_d),
 * \( y_\mu = \operatorname{sign}(x_\mu\cdot v/\sqrt d + \sqrt D\,z_\mu) \), D ≥ 0.
 *
 * Algorithm (Rangan, *Generalized approximate message passing for estimation with random linear
 * mixing*, ISIT 2011, Alg. 1, with the scalar-variance simplification F²_{μi} → 1/d valid for i.i.d.
 * matrices; the probit output functions as in Barbier et al., PNAS 2019, §"AMP"):
 * with F = X/√d, start \( \hat v^0 = 0,\ c^0 = 1,\ g^{-1} = 0 \) and iterate
 * - \( V^t = \tfrac1d\sum_i c_i^t \) (times ‖F‖_F²/n, which is ≈ 1),
 * - \( \omega^t = F\hat v^t - V^t g^{t-1} \) (Onsager term),
 * - \( g^t_\mu = \partial_\omega\log Z_{\rm out} = \frac{y_\mu}{\sqrt{V+D}}\frac{N(t_\mu)}{\Phi(t_\mu)} \),
 *   \( t_\mu = y_\mu\omega_\mu/\sqrt{V+D} \), \( Z_{\rm out} = \Phi(y\omega/\sqrt{V+D}) \),
 * - \( -\partial_\omega g_\mu = \frac{h_\mu(t_\mu + h_\mu)}{V + D} \), h = N(t)/Φ(t) (h(t + h) ∈ (0, 1) is one minus the
 *   variance of a normal truncated to (−t, ∞), clamped there against rounding),
 * - \( A^t = \sum_\mu F^2_{\mu i}(-\partial_\omega g_\mu) \approx \tfrac{\|X\|_F^2}{nd^2}\sum_\mu(-\partial_\omega g_\mu) \), \( B^t = F^\top g^t + A^t\hat v^t \),
 * - Gaussian prior: \( \hat v^{t+1} = B^t/(1+A^t) \), \( c^{t+1} = 1/(1+A^t) \).
 *
 * State evolution (same sources): \( m_0 = 1 \), \( m_{t+1} = 1/(1+\hat q(m_t)) \) with q̂ the probit
 * conjugate overlap of `probitChannel.ts`; the GAMP overlap ‖v̂^t‖²/d and v̂^t·v/d both track
 * q_t = 1 − m_t as d → ∞ (Bayati & Montanari 2011; Javanmard & Montanari 2013).
 *
 * @module
 */
import { matvec } from '../../core/gemv.ts';
import { DimensionError, type Matrix } from '../../core/matrix.ts';
import { logNormalCdf, logNormalPdf } from '../../core/normal.ts';
import { checkAlphaDProbit, probitMmseMap } from './probitChannel.ts';

/** Options of {@link gampProbit}. */
export interface GampOptions {
  /** Maximum number of iterations (default 100). */
  maxIterations?: number;
  /** Stop when ‖v̂^{t+1} − v̂^t‖²/d ≤ tol (default 1e-12). */
  tol?: number;
  /** Damping η ∈ (0, 1] of the estimate and variance updates (default 1: none). */
  damping?: number;
  /** The true signal v, if known: then `truthOverlaps` records v̂^t·v/d. */
  truth?: Float64Array;
}

/** Result of {@link gampProbit}. */
export interface GampResult {
  /** The final estimate v̂ (the approximate posterior mean). */
  estimate: Float64Array;
  /** The final posterior variances c_i (all equal here: scalar-variance GAMP). */
  variance: number;
  /** ‖v̂^t‖²/d for t = 0..T (t = 0 is the start v̂ = 0). */
  overlaps: number[];
  /** v̂^t·v/d for t = 0..T when `truth` was given, else null. */
  truthOverlaps: number[] | null;
  /** Number of iterations run. */
  iterations: number;
  /** Whether the change fell below `tol` before `maxIterations`. */
  converged: boolean;
  /**
   * Why GAMP stopped: `converged`, `maxIterations`, or `diverged` (an iterate became non-finite; the
   * estimate, overlaps and variance are those of the last finite iterate).
   */
  status: 'converged' | 'maxIterations' | 'diverged';
}

function checkVector(x: Float64Array, len: number, name: string): void {
  if (x.length !== len) throw new DimensionError(`${name} has length ${x.length}, expected ${len}`);
  for (let i = 0; i < len; i++) if (!Number.isFinite(x[i])) throw new DimensionError(`${name}[${i}] is not finite: ${x[i]}`);
}

/**
 * Runs Bayes-optimal GAMP for the probit channel (see the module comment for the recursion).
 *
 * @param X the n × d design with i.i.d. N(0, 1) entries (not scaled by 1/√d).
 * @param y labels ±1, length n.
 * @param D the probit noise variance, D ≥ 0.
 * @throws {DimensionError} on shape mismatch, non-finite entries, labels other than ±1, or bad options.
 */
export function gampProbit(X: Matrix, y: Float64Array, D: number, opts: GampOptions = {}): GampResult {
  const n = X.rows;
  const d = X.cols;
  if (n < 1 || d < 1) throw new DimensionError(`X must be non-empty, got ${n}×${d}`);
  checkAlphaDProbit(n / d, D);
  if (y.length !== n) throw new DimensionError(`y has length ${y.length}, expected X.rows = ${n}`);
  for (let mu = 0; mu < n; mu++) if (y[mu] !== 1 && y[mu] !== -1) throw new DimensionError(`y[${mu}] must be ±1, got ${y[mu]}`);
  const maxIt = opts.maxIterations ?? 100;
  const tol = opts.tol ?? 1e-12;
  const eta = opts.damping ?? 1;
  if (!Number.isInteger(maxIt) || maxIt < 1) throw new DimensionError(`maxIterations must be a positive integer, got ${maxIt}`);
  if (!(tol >= 0) || !Number.isFinite(tol)) throw new DimensionError(`tol must be finite and ≥ 0, got ${tol}`);
  if (!(eta > 0 && eta <= 1)) throw new DimensionError(`damping must lie in (0, 1], got ${eta}`);
  if (opts.truth) checkVector(opts.truth, d, 'truth');
  let frob = 0;
  for (let i = 0; i < n; i++) {
    const r = X.offset + i * X.stride;
    for (let j = 0; j < d; j++) {
      const v = X.data[r + j];
      if (!Number.isFinite(v)) throw new DimensionError(`X[${i}][${j}] is not finite: ${v}`);
      frob += v * v;
    }
  }
  // F²_{μi} = X²_{μi}/d is replaced by its average ‖X‖²_F/(n d²): Σ_i F²_{μi}c = c·‖X‖²_F/(n d).
  const rowNorm = frob / (n * d);
  const colScale = frob / (n * d * d);
  const invSqrtD = 1 / Math.sqrt(d);

  let vhat: Float64Array = new Float64Array(d);
  let c = 1;
  let g: Float64Array = new Float64Array(n);
  const overlaps = [0];
  const truthOverlaps: number[] | null = opts.truth ? [0] : null;
  let status: GampResult['status'] = 'maxIterations';
  let it = 0;
  for (it = 1; it <= maxIt; it++) {
    const V = c * rowNorm;
    const Fv = matvec(X, vhat);
    const sV = Math.sqrt(V + D);
    const gNew = new Float64Array(n);
    let dg = 0;
    let finite = Number.isFinite(V);
    for (let mu = 0; mu < n && finite; mu++) {
      const omega = Fv[mu] * invSqrtD - V * g[mu];
      if (!Number.isFinite(omega)) {
        finite = false;
        break;
      }
      const t = (y[mu] * omega) / sV;
      if (!Number.isFinite(t)) {
        finite = false;
        break;
      }
      const h = Math.exp(logNormalPdf(t) - logNormalCdf(t));
      gNew[mu] = (y[mu] * h) / sV;
      // h(t + h) = 1 − Var of a standard normal truncated to (−t, ∞): exactly in (0, 1); clamp the rounding of t + h.
      dg += Math.min(1, Math.max(0, h * (t + h))) / (V + D);
    }
    const A = dg * colScale;
    if (!finite || !Number.isFinite(A)) {
      status = 'diverged';
      break;
    }
    const Ftg = matvec(X, gNew, { trans: true });
    const next = new Float64Array(d);
    const cNew = 1 / (1 + A);
    let change = 0;
    for (let i = 0; i < d; i++) {
      const target = (Ftg[i] * invSqrtD + A * vhat[i]) * cNew;
      next[i] = vhat[i] + eta * (target - vhat[i]);
      const diff = next[i] - vhat[i];
      change += diff * diff;
    }
    if (!Number.isFinite(change)) {
      status = 'diverged';
      break;
    }
    c = c + eta * (cNew - c);
    vhat = next;
    g = gNew;
    let q = 0;
    for (let i = 0; i < d; i++) q += vhat[i] * vhat[i];
    overlaps.push(q / d);
    if (truthOverlaps && opts.truth) {
      let mv = 0;
      for (let i = 0; i < d; i++) mv += vhat[i] * opts.truth[i];
      truthOverlaps.push(mv / d);
    }
    if (change / d <= tol) {
      status = 'converged';
      break;
    }
  }
  return { estimate: vhat, variance: c, overlaps, truthOverlaps, iterations: Math.min(it, maxIt), converged: status === 'converged', status };
}

/** Options of {@link probitStateEvolution}. */
export interface ProbitStateEvolutionOptions {
  /** Damping η ∈ (0, 1] of the update (dimensionless; default 1, undamped). */
  damping?: number;
}

/**
 * The state evolution of {@link gampProbit}: the overlaps \( q_t = 1 - m_t \), t = 0..T, with
 * \( m_0 = 1 \) and \( m_{t+1} = (1-\eta)m_t + \eta/(1 + \hat q(m_t)) \).
 * Source: Rangan 2011; Barbier et al. 2019 (the RS equations are its fixed point).
 *
 * @throws {GlmParameterError} for α ≤ 0, D < 0; {@link DimensionError} for bad T or damping.
 */
export function probitStateEvolution(alpha: number, D: number, T: number, options: ProbitStateEvolutionOptions = {}): number[] {
  const { damping = 1 } = options;
  checkAlphaDProbit(alpha, D);
  if (!Number.isInteger(T) || T < 0) throw new DimensionError(`T (the number of iterations) must be a non-negative integer, got ${T}`);
  if (!(damping > 0 && damping <= 1)) throw new DimensionError(`damping must lie in (0, 1], got ${damping}`);
  const out = [0];
  let m = 1;
  for (let t = 0; t < T; t++) {
    m = m + damping * (probitMmseMap(m, alpha, D) - m);
    out.push(1 - m);
  }
  return out;
}

/**
 * The 0-1 test error of the linear classifier sign(v̂·x) on a fresh point of the probit teacher, given
 * the instance: with u = v·x/√d + √D z and w = v̂·x/√d jointly Gaussian,
 * \( P(\operatorname{sign}u \ne \operatorname{sign}w) = \frac1\pi\arccos\frac{v\cdot\hat v/d}{\sqrt{(\|v\|^2/d + D)\,\|\hat v\|^2/d}} \)
 * (Sheppard's formula: exact expectation over the test point, no test-set noise).
 *
 * @throws {DimensionError} on length mismatch or a zero estimate.
 */
export function probitTestError(v: Float64Array, vhat: Float64Array, D: number): number {
  if (v.length !== vhat.length) throw new DimensionError(`v and vhat differ in length: ${v.length} vs ${vhat.length}`);
  const d = v.length;
  let vv = 0;
  let ww = 0;
  let vw = 0;
  for (let i = 0; i < d; i++) {
    vv += v[i] * v[i];
    ww += vhat[i] * vhat[i];
    vw += v[i] * vhat[i];
  }
  if (!(ww > 0)) throw new DimensionError('vhat is zero: the classifier sign(v̂·x) is undefined');
  const rho = vw / d / Math.sqrt((vv / d + D) * (ww / d));
  return Math.acos(Math.max(-1, Math.min(1, rho))) / Math.PI;
}
