/**
 * High-precision damped fixed-point iteration (scalar and vector) and Brent's root finder in
 * decimal.js (default 50 significant digits): the references for `core/fixedPoint.ts` and `core/brent.ts`.
 *
 * Maps and functions receive Decimals of the working context (P + 10 digits) and should compute at the
 * precision of their argument's constructor.
 *
 * @module
 */
import type { Decimal } from 'decimal.js';
import { DimensionError } from '../core/matrix.ts';
import { BracketError } from '../core/brent.ts';
import { FixedPointError, type FixedPointStatus } from '../core/fixedPoint.ts';
import { decimalContext, GUARD_DIGITS, precisionOf, toDecimal, type DecimalCtor, type PrecisionOptions } from './decimal.ts';

/** Options of the Decimal fixed-point iterations. */
export interface DecimalFixedPointOptions extends PrecisionOptions {
  /** Damping η ∈ (0, 1] (default 1). */
  damping?: Decimal.Value;
  /** Converged when ‖F(x) − x‖∞ ≤ tol·max(1, ‖x‖∞) (default 10^{−P}). */
  tol?: Decimal.Value;
  /** Iteration cap (default 100 000). */
  maxIterations?: number;
  /** Trailing residuals kept (default 10). */
  historyLength?: number;
  /** Divergence when the residual exceeds this factor times the smallest one seen (default 1e8). */
  divergenceFactor?: number;
}

/** Result of a Decimal fixed-point iteration (values rounded to P digits). */
export interface DecimalFixedPointResult<T> {
  /** The last damped update x_{k+1} = x_k + η(F(x_k) − x_k). */
  x: T;
  iterations: number;
  /** ‖F(x_k) − x_k‖∞ at the last evaluated iterate. */
  residual: Decimal;
  /** The last `historyLength` residuals, oldest first. */
  residualHistory: Decimal[];
  converged: boolean;
  status: FixedPointStatus;
}

interface Ctx {
  P: number;
  W: DecimalCtor;
  eta: Decimal;
  tol: Decimal;
  maxIt: number;
  hist: number;
  divFactor: number;
}

function context(opts: DecimalFixedPointOptions): Ctx {
  const P = precisionOf(opts);
  const W = decimalContext({ precision: P + GUARD_DIGITS });
  const eta = toDecimal(opts.damping ?? 1, W, 'damping');
  if (!eta.gt(0) || eta.gt(1)) throw new DimensionError(`damping must lie in (0, 1], got ${eta.toString()}`);
  const tol = opts.tol === undefined ? new W(10).pow(-P) : toDecimal(opts.tol, W, 'tol');
  if (!tol.gt(0)) throw new DimensionError(`tol must be positive, got ${tol.toString()}`);
  const maxIt = opts.maxIterations ?? 100_000;
  if (!Number.isInteger(maxIt) || maxIt < 1) throw new DimensionError(`maxIterations must be a positive integer, got ${maxIt}`);
  const hist = opts.historyLength ?? 10;
  if (!Number.isInteger(hist) || hist < 1) throw new DimensionError(`historyLength must be a positive integer, got ${hist}`);
  const divFactor = opts.divergenceFactor ?? 1e8;
  if (!(divFactor > 1)) throw new DimensionError(`divergenceFactor must exceed 1, got ${divFactor}`);
  return { P, W, eta, tol, maxIt, hist, divFactor };
}

/**
 * Damped fixed-point iteration on Decimal vectors, \( x \leftarrow (1-\eta)x + \eta F(x) \), stopping when
 * \( \|F(x)-x\|_\infty \le \mathrm{tol}\cdot\max(1, \|x\|_\infty) \).
 *
 * @throws {DimensionError} for an empty or non-finite start or invalid options.
 * @throws {FixedPointError} if F returns a wrong length or a non-finite component.
 */
export function fixedPointVectorDecimal(
  F: (x: Decimal[]) => Decimal[],
  x0: readonly Decimal.Value[],
  opts: DecimalFixedPointOptions = {},
): DecimalFixedPointResult<Decimal[]> {
  const c = context(opts);
  const n = x0.length;
  if (n === 0) throw new DimensionError('fixedPoint: starting vector x0 is empty');
  let x = x0.map((v, i) => toDecimal(v, c.W, `x0[${i}]`));
  const history: Decimal[] = [];
  let minRes: Decimal | null = null;
  const D = decimalContext({ precision: c.P });
  const round = (v: Decimal): Decimal => new D(v).toSignificantDigits(c.P);
  for (let k = 1; k <= c.maxIt; k++) {
    const fx = F(x);
    if (fx.length !== n) throw new FixedPointError(`fixedPoint: F returned ${fx.length} components, expected ${n} (iteration ${k})`);
    let res = new c.W(0);
    let xnorm = new c.W(0);
    const next: Decimal[] = [];
    for (let i = 0; i < n; i++) {
      const v = new c.W(fx[i]);
      if (!v.isFinite()) throw new FixedPointError(`fixedPoint: F returned ${v.toString()} in component ${i} at iteration ${k}`);
      const d = v.minus(x[i]);
      if (d.abs().gt(res)) res = d.abs();
      if (x[i].abs().gt(xnorm)) xnorm = x[i].abs();
      next.push(x[i].plus(c.eta.times(d)));
    }
    x = next;
    history.push(res);
    if (history.length > c.hist) history.shift();
    if (minRes === null || res.lt(minRes)) minRes = res;
    const status: FixedPointStatus | null = res.lte(c.tol.times(xnorm.gt(1) ? xnorm : 1))
      ? 'converged'
      : res.gt(minRes.times(c.divFactor))
        ? 'diverged'
        : k === c.maxIt
          ? 'maxIterations'
          : null;
    if (status !== null) {
      return { x: x.map(round), iterations: k, residual: round(res), residualHistory: history.map(round), converged: status === 'converged', status };
    }
  }
  /* c8 ignore next */
  throw new Error('unreachable');
}

/**
 * Damped scalar fixed-point iteration in Decimal, see {@link fixedPointVectorDecimal}.
 *
 * @throws as {@link fixedPointVectorDecimal}.
 */
export function fixedPointScalarDecimal(
  F: (x: Decimal) => Decimal,
  x0: Decimal.Value,
  opts: DecimalFixedPointOptions = {},
): DecimalFixedPointResult<Decimal> {
  const r = fixedPointVectorDecimal((v) => [F(v[0])], [x0], opts);
  return { ...r, x: r.x[0] };
}

/** Options of {@link brentDecimal}. */
export interface DecimalBrentOptions extends PrecisionOptions {
  /** Final bracket width ≤ tol·|root| + atol (default tol = 10^{−P}). */
  tol?: Decimal.Value;
  /** Absolute part of the tolerance (default 10^{−2P}). */
  atol?: Decimal.Value;
  /** Iteration cap (default 1000). */
  maxIterations?: number;
}

/** Result of {@link brentDecimal} (rounded to P digits). */
export interface DecimalBrentResult {
  root: Decimal;
  value: Decimal;
  iterations: number;
  converged: boolean;
}

/**
 * Brent's root finder (Brent 1973, ch. 4, `zero`; the same algorithm as `core/brent.ts`) in Decimal.
 *
 * @throws {BracketError} if f(a), f(b) are non-finite or of the same strict sign, or f returns a
 *   non-finite value.
 * @throws {DimensionError} for a non-finite or empty bracket, or invalid options.
 */
export function brentDecimal(f: (x: Decimal) => Decimal, a0: Decimal.Value, b0: Decimal.Value, opts: DecimalBrentOptions = {}): DecimalBrentResult {
  const P = precisionOf(opts);
  const W = decimalContext({ precision: P + GUARD_DIGITS });
  const D = decimalContext({ precision: P });
  const round = (v: Decimal): Decimal => new D(v).toSignificantDigits(P);
  let a = toDecimal(a0, W, 'a');
  let b = toDecimal(b0, W, 'b');
  if (a.eq(b)) throw new DimensionError(`brent: bracket [a, b] is empty (a = b = ${a.toString()})`);
  const rtol = opts.tol === undefined ? new W(10).pow(-P) : toDecimal(opts.tol, W, 'tol');
  const atol = opts.atol === undefined ? new W(10).pow(-2 * P) : toDecimal(opts.atol, W, 'atol');
  if (!rtol.gt(0) || atol.isNegative()) throw new DimensionError(`brent: tol must be positive and atol ≥ 0, got ${rtol.toString()}, ${atol.toString()}`);
  const maxIt = opts.maxIterations ?? 1000;
  if (!Number.isInteger(maxIt) || maxIt < 1) throw new DimensionError(`brent: maxIterations must be a positive integer, got ${maxIt}`);
  const ev = (x: Decimal, what: string): Decimal => {
    const v = new W(f(x));
    if (!v.isFinite()) throw new BracketError(`brent: f is not finite at ${what} = ${x.toString()}`);
    return v;
  };
  let fa = ev(a, 'a');
  let fb = ev(b, 'b');
  if (fa.isZero()) return { root: round(a), value: round(fa), iterations: 0, converged: true };
  if (fb.isZero()) return { root: round(b), value: round(fb), iterations: 0, converged: true };
  if (fa.isNegative() === fb.isNegative()) {
    throw new BracketError(`brent: f(a) and f(b) have the same sign: f(${a.toString()}) = ${fa.toString()}, f(${b.toString()}) = ${fb.toString()}`);
  }
  let c = a;
  let fc = fa;
  let d = b.minus(a);
  let e = d;
  const half = new W(0.5);
  for (let it = 0; ; it++) {
    if (fb.isNegative() === fc.isNegative()) {
      c = a;
      fc = fa;
      d = b.minus(a);
      e = d;
    }
    if (fc.abs().lt(fb.abs())) {
      a = b;
      b = c;
      c = a;
      fa = fb;
      fb = fc;
      fc = fa;
    }
    const tol = half.times(rtol.times(b.abs()).plus(atol));
    const m = half.times(c.minus(b));
    if (m.abs().lte(tol) || fb.isZero()) return { root: round(b), value: round(fb), iterations: it, converged: true };
    if (it >= maxIt) return { root: round(b), value: round(fb), iterations: it, converged: false };
    if (e.abs().lt(tol) || fa.abs().lte(fb.abs())) {
      d = m;
      e = m;
    } else {
      let s = fb.div(fa);
      let p: Decimal;
      let q: Decimal;
      if (a.eq(c)) {
        p = m.times(2).times(s);
        q = new W(1).minus(s);
      } else {
        const qq = fa.div(fc);
        const r = fb.div(fc);
        p = s.times(m.times(2).times(qq).times(qq.minus(r)).minus(b.minus(a).times(r.minus(1))));
        q = qq.minus(1).times(r.minus(1)).times(s.minus(1));
      }
      if (p.isPositive() && !p.isZero()) q = q.neg();
      else p = p.neg();
      s = e;
      e = d;
      if (p.times(2).lt(m.times(3).times(q).minus(tol.times(q).abs())) && p.lt(half.times(s).times(q).abs())) {
        d = p.div(q);
      } else {
        d = m;
        e = m;
      }
    }
    a = b;
    fa = fb;
    b = d.abs().gt(tol) ? b.plus(d) : b.plus(m.isPositive() ? tol : tol.neg());
    fb = ev(b, 'x');
  }
}
