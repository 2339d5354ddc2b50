/**
 * Brent's bracketing root finder in Float64.
 *
 * @module
 */
import { DimensionError } from './errors.ts';
import { LemmataError } from './lemmataError.ts';

/** Thrown when [a, b] does not bracket a root or f returns a non-finite value. Exit code 1. */
export class BracketError extends LemmataError {
  override name = 'BracketError';
}

/** Options of {@link brent}. */
export interface BrentOptions {
  /** Absolute tolerance: the final bracket width may be up to `xtol` + `rtol`·|root| (default 0). */
  xtol?: number;
  /** Relative tolerance on the final bracket width (default 2^-51, i.e. Brent's 4·macheps with macheps = 2^-53); at least 2^-53. */
  rtol?: number;
  /** Iteration cap (default 200). */
  maxIterations?: number;
}

/** Result of {@link brent}. */
export interface BrentResult {
  /** The best root estimate: the bracket end with the smaller |f|. */
  root: number;
  /** f(root). */
  value: number;
  /** Function evaluations after the two at a and b. */
  iterations: number;
  /** Whether the bracket shrank below the tolerance (or f(root) = 0) within the cap. */
  converged: boolean;
  /** Final bracket [lo, hi] containing a sign change. */
  bracket: [number, number];
}

/**
 * Brent's method (R. P. Brent, *Algorithms for Minimization without Derivatives*, 1973, ch. 4,
 * procedure `zero`): inverse quadratic interpolation / secant steps safeguarded by bisection, keeping
 * a bracket [b, c] with f(b)·f(c) ≤ 0. Stops when \( |c-b| \le \mathrm{rtol}\,|b| + \mathrm{xtol} \)
 * (never below the smallest subnormal, so a root at 0 with xtol = 0 still terminates), or f(b) = 0.
 * Converges superlinearly for smooth f and never worse than about (log₂((b−a)/tol))² evaluations.
 *
 * @param f the function; must be finite at every point it is evaluated.
 * @throws {BracketError} if f(a), f(b) are non-finite or of the same strict sign, or f returns a
 *   non-finite value during the iteration.
 * @throws {DimensionError} if a, b are not finite, equal, or the options are invalid.
 */
export function brent(f: (x: number) => number, a: number, b: number, opts: BrentOptions = {}): BrentResult {
  const xtol = opts.xtol ?? 0;
  const rtol = opts.rtol ?? 4 * 2 ** -53;
  const maxIt = opts.maxIterations ?? 200;
  if (!Number.isFinite(a)) throw new DimensionError(`brent: bracket end a must be finite, got ${a}`);
  if (!Number.isFinite(b)) throw new DimensionError(`brent: bracket end b must be finite, got ${b}`);
  if (a === b) throw new DimensionError(`brent: bracket [a, b] is empty (a = b = ${a})`);
  if (!(xtol >= 0) || !Number.isFinite(xtol)) throw new DimensionError(`brent: xtol must be finite and ≥ 0, got ${xtol}`);
  if (!(rtol >= 2 ** -53) || !Number.isFinite(rtol)) throw new DimensionError(`brent: rtol must be ≥ 2^-53 and finite, got ${rtol}`);
  if (!Number.isInteger(maxIt) || maxIt < 1) throw new DimensionError(`brent: maxIterations must be a positive integer, got ${maxIt}`);

  let fa = f(a);
  let fb = f(b);
  if (!Number.isFinite(fa)) throw new BracketError(`brent: f(a) is not finite: f(${a}) = ${fa}`);
  if (!Number.isFinite(fb)) throw new BracketError(`brent: f(b) is not finite: f(${b}) = ${fb}`);
  if (fa === 0) return { root: a, value: 0, iterations: 0, converged: true, bracket: [a, a] };
  if (fb === 0) return { root: b, value: 0, iterations: 0, converged: true, bracket: [b, b] };
  // Compare signs, not the product (which can underflow to 0 or overflow).
  if (Math.sign(fa) === Math.sign(fb)) {
    throw new BracketError(`brent: f(a) and f(b) have the same sign: f(${a}) = ${fa}, f(${b}) = ${fb}; [a, b] does not bracket a root`);
  }

  let c = a;
  let fc = fa;
  let d = b - a;
  let e = d;
  let it = 0;
  for (;;) {
    if (Math.sign(fb) === Math.sign(fc)) {
      c = a;
      fc = fa;
      d = b - a;
      e = d;
    }
    if (Math.abs(fc) < Math.abs(fb)) {
      a = b;
      b = c;
      c = a;
      fa = fb;
      fb = fc;
      fc = fa;
    }
    const tol = Math.max(0.5 * rtol * Math.abs(b) + 0.5 * xtol, Number.MIN_VALUE);
    const m = 0.5 * (c - b);
    if (Math.abs(m) <= tol || fb === 0) {
      return { root: b, value: fb, iterations: it, converged: true, bracket: b < c ? [b, c] : [c, b] };
    }
    if (it >= maxIt) {
      return { root: b, value: fb, iterations: it, converged: false, bracket: b < c ? [b, c] : [c, b] };
    }
    if (Math.abs(e) < tol || Math.abs(fa) <= Math.abs(fb)) {
      d = m;
      e = m;
    } else {
      let s = fb / fa;
      let p: number;
      let q: number;
      if (a === c) {
        // secant
        p = 2 * m * s;
        q = 1 - s;
      } else {
        // inverse quadratic interpolation
        const qq = fa / fc;
        const r = fb / fc;
        p = s * (2 * m * qq * (qq - r) - (b - a) * (r - 1));
        q = (qq - 1) * (r - 1) * (s - 1);
      }
      if (p > 0) q = -q;
      else p = -p;
      s = e;
      e = d;
      if (2 * p < 3 * m * q - Math.abs(tol * q) && p < Math.abs(0.5 * s * q)) {
        d = p / q;
      } else {
        d = m;
        e = m;
      }
    }
    a = b;
    fa = fb;
    b += Math.abs(d) > tol ? d : m > 0 ? tol : -tol;
    fb = f(b);
    it++;
    if (!Number.isFinite(fb)) throw new BracketError(`brent: f returned a non-finite value ${fb} at x = ${b} (iteration ${it})`);
  }
}
