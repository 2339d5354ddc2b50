/**
 * L-BFGS with a strong-Wolfe line search, for training the L2-regularised networks.
 *
 * Two-loop recursion for \( H_k\nabla f \) with the m latest pairs \( s_i = x_{i+1}-x_i \),
 * \( y_i = \nabla f_{i+1} - \nabla f_i \) and the initial scaling \( H_0 = \frac{s^\top y}{y^\top y} I \)
 * (Nocedal & Wright, *Numerical Optimization*, 2nd ed., Alg. 7.4–7.5); the step length satisfies the
 * strong Wolfe conditions \( f(x+\alpha p) \le f(x) + c_1\alpha\nabla f^\top p \),
 * \( |\nabla f(x+\alpha p)^\top p| \le c_2|\nabla f^\top p| \) (c₁ = 1e-4, c₂ = 0.9), found by bracketing
 * and zoom with safeguarded cubic interpolation (Alg. 3.5–3.6).
 *
 * Minima of L2-regularised ReLU nets sit on kinks, where the gradient norm does not go to 0
 * (`shared/math/l2-feature-learning.md` §2): the result reports *why* it stopped, and callers must not
 * read `status === 'converged'` as a local-minimum certificate.
 *
 * @module
 */
import { InputError } from '../../core/lemmataError.ts';

/** Thrown for invalid options or a starting point where f or ∇f is not finite. Exit code 2. */
export class LbfgsError extends InputError {
  override name = 'LbfgsError';
}

/** f(x), writing ∇f(x) into `grad` (length of x). */
export type Objective = (x: Float64Array, grad: Float64Array) => number;

/** Options of {@link lbfgs}. */
export interface LbfgsOptions {
  /** Memory m (pairs kept). Default 10. */
  memory?: number;
  /** Maximum iterations (accepted steps). Default 1000. */
  maxIterations?: number;
  /** Maximum evaluations of f (line-search trials included). Default 20·maxIterations. */
  maxEvaluations?: number;
  /** Stop when ‖∇f‖_∞ ≤ gradTol. Default 1e-10. */
  gradTol?: number;
  /** Stop when (f_{k} − f_{k+1}) ≤ fTol·max(|f_k|, |f_{k+1}|, 1). Default 1e-15; 0 disables this test. */
  fTol?: number;
  /** Stop when the step ‖x_{k+1} − x_k‖_∞ ≤ stepTol·max(‖x‖_∞, 1). Default 1e-15. */
  stepTol?: number;
  /** Armijo constant c₁. Default 1e-4. */
  c1?: number;
  /** Curvature constant c₂. Default 0.9. */
  c2?: number;
  /**
   * Approximate-Wolfe slack (Hager & Zhang, SIAM J. Optim. 16 (2005), §4): a step is also accepted when
   * f(x+αp) ≤ f(x) + approxWolfe·|f(x)| and c₂∇fᵀp ≤ ∇f(x+αp)ᵀp ≤ (1 − 2c₁)|∇fᵀp|, so the search still moves when f differences
   * are at the rounding level ε|f| near a minimum. Default 1e-12 (0: exact strong Wolfe only).
   */
  approxWolfe?: number;
}

/** Why {@link lbfgs} stopped. */
export type LbfgsStatus = 'gradient' | 'function' | 'step' | 'maxIterations' | 'maxEvaluations' | 'lineSearch';

/** Result and diagnostics of {@link lbfgs}. */
export interface LbfgsResult {
  x: Float64Array;
  f: number;
  grad: Float64Array;
  /** ‖∇f(x)‖_∞ at the returned point. */
  gradNorm: number;
  iterations: number;
  evaluations: number;
  status: LbfgsStatus;
  /** f at the start. */
  f0: number;
  /** Number of times the memory was reset (non-descent direction or line-search failure recovered). */
  resets: number;
}

function dot(a: Float64Array, b: Float64Array): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i] * b[i];
  return s;
}

function normInf(a: Float64Array): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) {
    const v = Math.abs(a[i]);
    if (v > s) s = v;
  }
  return s;
}

/** Minimiser of the cubic through (a, fa, ga), (b, fb, gb), safeguarded into [lo + 0.1w, hi − 0.1w]. */
function cubicMin(a: number, fa: number, ga: number, b: number, fb: number, gb: number): number {
  const lo = Math.min(a, b);
  const hi = Math.max(a, b);
  const w = hi - lo;
  const d1 = ga + gb - (3 * (fa - fb)) / (a - b);
  const disc = d1 * d1 - ga * gb;
  let x = NaN;
  if (disc >= 0) {
    const d2 = Math.sign(b - a) * Math.sqrt(disc);
    x = b - (b - a) * ((gb + d2 - d1) / (gb - ga + 2 * d2));
  }
  if (!Number.isFinite(x) || x < lo + 0.1 * w || x > hi - 0.1 * w) x = 0.5 * (lo + hi);
  return x;
}

/**
 * Minimises f from `x0` by L-BFGS (Nocedal & Wright Alg. 7.5) with a strong-Wolfe line search (Alg. 3.5–3.6).
 * `x0` is not modified.
 *
 * @throws {LbfgsError} for invalid options, or if f(x0) or ∇f(x0) is not finite.
 */
export function lbfgs(f: Objective, x0: Float64Array, opts: LbfgsOptions = {}): LbfgsResult {
  const m = opts.memory ?? 10;
  const maxIt = opts.maxIterations ?? 1000;
  const maxEval = opts.maxEvaluations ?? 20 * maxIt;
  const gradTol = opts.gradTol ?? 1e-10;
  const fTol = opts.fTol ?? 1e-15;
  const stepTol = opts.stepTol ?? 1e-15;
  const c1 = opts.c1 ?? 1e-4;
  const c2 = opts.c2 ?? 0.9;
  const approxWolfe = opts.approxWolfe ?? 1e-12;
  if (!Number.isInteger(m) || m < 1) throw new LbfgsError(`opts.memory must be a positive integer, got ${m}`);
  if (!Number.isInteger(maxIt) || maxIt < 0) throw new LbfgsError(`opts.maxIterations must be a non-negative integer, got ${maxIt}`);
  if (!Number.isInteger(maxEval) || maxEval < 1) throw new LbfgsError(`opts.maxEvaluations must be a positive integer, got ${maxEval}`);
  for (const [k, v] of [['gradTol', gradTol], ['fTol', fTol], ['stepTol', stepTol], ['approxWolfe', approxWolfe]] as const) {
    if (!(v >= 0) || !Number.isFinite(v)) throw new LbfgsError(`opts.${k} must be finite and ≥ 0, got ${v}`);
  }
  if (!(c1 > 0 && c1 < c2 && c2 < 1)) throw new LbfgsError(`need 0 < c1 < c2 < 1, got c1 = ${c1}, c2 = ${c2}`);
  if (!(x0 instanceof Float64Array)) throw new LbfgsError('x0 must be a Float64Array');

  const n = x0.length;
  let x = Float64Array.from(x0);
  let g = new Float64Array(n);
  let evaluations = 0;
  const evalAt = (xx: Float64Array, gg: Float64Array): number => {
    evaluations++;
    return f(xx, gg);
  };
  let fx = evalAt(x, g);
  if (!Number.isFinite(fx)) throw new LbfgsError(`f(x0) is not finite (${fx})`);
  for (let i = 0; i < n; i++) if (!Number.isFinite(g[i])) throw new LbfgsError(`∇f(x0) has a non-finite entry at ${i}`);
  const f0 = fx;

  const S: Float64Array[] = [];
  const Yv: Float64Array[] = [];
  const rho: number[] = [];
  const alphaBuf = new Float64Array(m);
  const p = new Float64Array(n);
  let xNew = new Float64Array(n);
  let gNew = new Float64Array(n);
  let iterations = 0;
  let resets = 0;
  let status: LbfgsStatus = 'maxIterations';

  const done = (st: LbfgsStatus): LbfgsResult => ({ x, f: fx, grad: g, gradNorm: normInf(g), iterations, evaluations, status: st, f0, resets });

  if (normInf(g) <= gradTol) return done('gradient');

  while (iterations < maxIt) {
    // Two-loop recursion: p = −H ∇f.
    for (let i = 0; i < n; i++) p[i] = -g[i];
    const k = S.length;
    for (let j = k - 1; j >= 0; j--) {
      const a = rho[j] * dot(S[j], p);
      alphaBuf[j] = a;
      const y = Yv[j];
      for (let i = 0; i < n; i++) p[i] -= a * y[i];
    }
    if (k > 0) {
      const gamma = dot(S[k - 1], Yv[k - 1]) / dot(Yv[k - 1], Yv[k - 1]);
      for (let i = 0; i < n; i++) p[i] *= gamma;
    } else {
      // First step: unit length in the ∞-norm at most, so the line search starts at a sane scale.
      const s = 1 / Math.max(1, normInf(g));
      for (let i = 0; i < n; i++) p[i] *= s;
    }
    for (let j = 0; j < k; j++) {
      const b = rho[j] * dot(Yv[j], p);
      const s = S[j];
      const a = alphaBuf[j];
      for (let i = 0; i < n; i++) p[i] += (a - b) * s[i];
    }
    let dg0 = dot(g, p);
    if (!(dg0 < 0)) {
      // Not a descent direction (lost curvature information): restart from steepest descent.
      S.length = 0;
      Yv.length = 0;
      rho.length = 0;
      resets++;
      const s = 1 / Math.max(1, normInf(g));
      for (let i = 0; i < n; i++) p[i] = -g[i] * s;
      dg0 = dot(g, p);
    }

    // Strong-Wolfe line search (Nocedal & Wright Alg. 3.5 with zoom, Alg. 3.6).
    const phi = (alpha: number): { f: number; d: number } => {
      for (let i = 0; i < n; i++) xNew[i] = x[i] + alpha * p[i];
      const fv = evalAt(xNew, gNew);
      return { f: fv, d: dot(gNew, p) };
    };
    const approxOk = (fv: number, d: number): boolean => approxWolfe > 0 && fv <= fx + approxWolfe * Math.abs(fx) && d >= c2 * dg0 && d <= -(1 - 2 * c1) * dg0;
    let aPrev = 0;
    let fPrev = fx;
    let dPrev = dg0;
    let alpha = 1;
    let accepted = false;
    let fAcc = NaN;
    let lsFailed = false;
    for (let trial = 0; trial < 40; trial++) {
      if (evaluations >= maxEval) break;
      const r = phi(alpha);
      if (!Number.isFinite(r.f)) {
        alpha = 0.5 * (aPrev + alpha);
        continue;
      }
      if (approxOk(r.f, r.d) && !(Math.abs(r.d) <= -c2 * dg0 && r.f <= fx + c1 * alpha * dg0) && r.f > fx + c1 * alpha * dg0) {
        accepted = true;
        fAcc = r.f;
        break;
      }
      let lo = NaN;
      let hi = NaN;
      let flo = NaN;
      let fhi = NaN;
      let dlo = NaN;
      let dhi = NaN;
      if (r.f > fx + c1 * alpha * dg0 || (trial > 0 && r.f >= fPrev)) {
        lo = aPrev; flo = fPrev; dlo = dPrev; hi = alpha; fhi = r.f; dhi = r.d;
      } else if (Math.abs(r.d) <= -c2 * dg0) {
        accepted = true;
        fAcc = r.f;
        break;
      } else if (r.d >= 0) {
        lo = alpha; flo = r.f; dlo = r.d; hi = aPrev; fhi = fPrev; dhi = dPrev;
      }
      if (!Number.isNaN(lo)) {
        // Zoom between lo (satisfies sufficient decrease, lowest f so far) and hi.
        for (let z = 0; z < 30 && evaluations < maxEval; z++) {
          const aj = cubicMin(lo, flo, dlo, hi, fhi, dhi);
          const rj = phi(aj);
          if (Number.isFinite(rj.f) && approxOk(rj.f, rj.d)) {
            accepted = true;
            fAcc = rj.f;
            break;
          }
          if (!Number.isFinite(rj.f) || rj.f > fx + c1 * aj * dg0 || rj.f >= flo) {
            hi = aj; fhi = Number.isFinite(rj.f) ? rj.f : Infinity; dhi = Number.isFinite(rj.d) ? rj.d : 0;
          } else {
            if (Math.abs(rj.d) <= -c2 * dg0) {
              accepted = true;
              fAcc = rj.f;
              break;
            }
            if (rj.d * (hi - lo) >= 0) {
              hi = lo; fhi = flo; dhi = dlo;
            }
            lo = aj; flo = rj.f; dlo = rj.d;
          }
          if (Math.abs(hi - lo) <= 1e-16 * Math.max(1, Math.abs(lo))) break;
        }
        if (!accepted && lo > 0 && flo < fx) {
          // Accept the best sufficient-decrease point found (curvature not met: skip the memory update below if sᵀy ≤ 0).
          for (let i = 0; i < n; i++) xNew[i] = x[i] + lo * p[i];
          fAcc = evalAt(xNew, gNew);
          accepted = Number.isFinite(fAcc) && fAcc < fx;
        }
        if (!accepted) lsFailed = true;
        break;
      }
      aPrev = alpha; fPrev = r.f; dPrev = r.d;
      alpha *= 2;
    }
    if (!accepted) {
      if (evaluations >= maxEval) return done('maxEvaluations');
      if (S.length > 0 && lsFailed) {
        S.length = 0;
        Yv.length = 0;
        rho.length = 0;
        resets++;
        continue;
      }
      return done('lineSearch');
    }
    iterations++;
    const s = new Float64Array(n);
    const y = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      s[i] = xNew[i] - x[i];
      y[i] = gNew[i] - g[i];
    }
    const sy = dot(s, y);
    if (sy > 1e-300 * Math.max(1, dot(y, y))) {
      if (S.length === m) {
        S.shift();
        Yv.shift();
        rho.shift();
      }
      S.push(s);
      Yv.push(y);
      rho.push(1 / sy);
    }
    const fOld = fx;
    const stepNorm = normInf(s);
    [x, xNew] = [xNew, x];
    [g, gNew] = [gNew, g];
    fx = fAcc;
    if (normInf(g) <= gradTol) return done('gradient');
    // Strict for fTol = 0: an approximate-Wolfe step that leaves f unchanged does not stop the run.
    const fDrop = fOld - fx;
    if (fTol > 0 ? fDrop <= fTol * Math.max(Math.abs(fOld), Math.abs(fx), 1) : fDrop < -approxWolfe * Math.abs(fOld)) return done('function');
    if (stepNorm <= stepTol * Math.max(normInf(x), 1)) return done('step');
    if (evaluations >= maxEval) return done('maxEvaluations');
    status = 'maxIterations';
  }
  return done(status);
}
