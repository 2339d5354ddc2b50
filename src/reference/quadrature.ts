/**
 * High-precision Gaussian expectations \( \mathbb E F(\sqrt r\,g) \), g ~ N(0, 1), in decimal.js
 * (default 50 significant digits), for one integrand or several sharing their evaluations.
 *
 * Rules (the same choice as the Float64 `core/gaussianExpectation.ts`, for the same reasons):
 * - **trapezoid** (default without breakpoints): nodes g_j = j·h on |g| ≤ L, weights h·φ(g_j). Error
 *   O(e^{−2πd/h}) for an integrand analytic in |Im g| < d (Trefethen & Weideman, SIAM Rev. 56 (2014)
 *   385–458, Thm 5.1); for tanh(√r g), d = π/(2√r). The notes measured h = 0.075, L = 16 → 2e-51 for
 *   E tanh(g)². φ(g_j) is formed by the exact recurrence φ(g+2h) = φ(g)·e^{−2h(g+h)} with
 *   e^{−2h(g+2h+h)} = e^{−2h(g+h)}·e^{−4h²}, i.e. two multiplications per node instead of an exp.
 * - **double-exponential** (default with breakpoints; Takahasi & Mori, *Double exponential formulas
 *   for numerical integration*, Publ. RIMS 9 (1974) 721–741): the line is cut at 0 and at the breakpoints
 *   x_b (in the argument of F) inside |x| < L√r. Each finite piece [a, b] (split to width ≤ 2√r) gets
 *   tanh-sinh, x = c + ½(b−a)·tanh(½π sinh t); the two half-lines get x = b ± √r·e^{t − e^{−t}}
 *   (double-exponential clustering at the cut, single-exponential growth outwards: with the
 *   Gaussian factor e^{−e^{2t}/2} the integrand stays analytic in the strip |Im t| < π/4, whereas the
 *   exp-sinh map's strip narrows like 1/(2 cosh t) and needed 4× more nodes at 50 digits). Abscissae are formed as distances from the cut, so F is never evaluated at
 *   or across a breakpoint, and the rule converges exponentially for integrands analytic inside each
 *   piece whatever they do at its ends (kinks, jumps). No truncation error on this path.
 *
 * Levels: the step is halved (new nodes only) until the estimated error is below 10^{−(P+5)} of the
 * integral's L¹ scale Σ|w·F|. Since halving h squares the error of an exponentially convergent rule,
 * the error of the last level is estimated as d²/S, d = |I_k − I_{k−1}| and S the L¹ scale
 * (Bailey, Jeyabalan & Li, *A comparison of three high-precision quadrature schemes*, Exp. Math. 14
 * (2005) 317–329, §3). `lastDifference` = d is reported too: it is the actual error of level k − 1 and
 * a pessimistic bound for level k.
 *
 * All arithmetic runs at P + 10 guard digits; results are rounded to P digits.
 *
 * @module
 */
import type { Decimal } from 'decimal.js';
import { DimensionError } from '../core/matrix.ts';
import { decimalContext, GUARD_DIGITS, piOf, precisionOf, toDecimal, type DecimalCtor, type PrecisionOptions } from './decimal.ts';

/** Options of the high-precision Gaussian quadrature. */
export interface DecimalQuadratureOptions extends PrecisionOptions {
  /** Points in the argument x = √r·g of the integrand where it is not smooth (e.g. [0] for sign, ReLU, abs). */
  breakpoints?: readonly Decimal.Value[];
  /** 'trapezoid' (default without breakpoints) or 'double-exponential' (default, and required, with breakpoints). */
  method?: 'trapezoid' | 'double-exponential';
  /** Fixed final step (trapezoid: in g; double-exponential: in t): computes exactly the levels 4h, 2h, h. */
  step?: number;
  /** Truncation |g| ≤ L (default √(2·ln10·(P + 10 + growthDigits)) + 1, so that φ(L) < 10^{−(P+10)}). */
  truncation?: number;
  /** Extra decimal digits by which the integrand may grow at the truncation point (e.g. K·log₁₀L for He_K). */
  growthDigits?: number;
  /** Maximum number of step halvings (default 9). */
  maxLevels?: number;
}

/** Result of {@link gaussianIntegralsDecimal}. */
export interface DecimalQuadratureVectorResult {
  /** One value per component, rounded to P digits. */
  values: Decimal[];
  /** Estimated absolute errors d²/S per component (a heuristic, see the module comment). */
  errorEstimates: Decimal[];
  /** |I_k − I_{k−1}| per component: the error of the previous level; pessimistic for the returned one. */
  lastDifferences: Decimal[];
  /** Number of evaluations of the integrand (each yields all components). */
  evaluations: number;
  /** Whether the estimate met the tolerance for every component before `maxLevels`. */
  converged: boolean;
  /** Final step. */
  step: number;
  /** The rule used. */
  method: 'trapezoid' | 'double-exponential';
}

/** Result of {@link gaussianExpectationDecimal}. */
export interface DecimalQuadratureResult {
  value: Decimal;
  errorEstimate: Decimal;
  lastDifference: Decimal;
  evaluations: number;
  converged: boolean;
  step: number;
  method: 'trapezoid' | 'double-exponential';
}

/**
 * A vector integrand: receives x = √r·g and g (both Decimals of the working context) and returns the
 * component values F_c(x, g). The Gaussian weight is applied by the rule.
 */
export type GaussianIntegrand = (x: Decimal, g: Decimal) => Decimal[];

interface Setup {
  P: number;
  W: DecimalCtor;
  r: Decimal;
  s: Decimal;
  L: number;
  maxLevels: number;
  tolFactor: Decimal;
}

function setup(r: Decimal.Value, opts: DecimalQuadratureOptions): Setup {
  const P = precisionOf(opts);
  const W = decimalContext({ precision: P + GUARD_DIGITS });
  const R = toDecimal(r, W, 'r');
  if (!R.isPositive() || R.isZero()) throw new DimensionError(`gaussianExpectationDecimal: variance r must be positive, got ${R.toString()}`);
  const growth = opts.growthDigits ?? 0;
  if (!(growth >= 0) || !Number.isFinite(growth)) throw new DimensionError(`growthDigits must be finite and ≥ 0, got ${growth}`);
  const L = opts.truncation ?? Math.sqrt(2 * Math.LN10 * (P + GUARD_DIGITS + growth)) + 1;
  if (!(L > 0) || !Number.isFinite(L)) throw new DimensionError(`truncation L must be positive and finite, got ${L}`);
  const maxLevels = opts.maxLevels ?? 9;
  if (!Number.isInteger(maxLevels) || maxLevels < 2 || maxLevels > 20) throw new DimensionError(`maxLevels must be an integer in [2, 20], got ${maxLevels}`);
  if (opts.step !== undefined && (!(opts.step > 0) || !Number.isFinite(opts.step))) throw new DimensionError(`step must be positive and finite, got ${opts.step}`);
  return { P, W, r: R, s: W.sqrt(R), L, maxLevels, tolFactor: new W(10).pow(-(P + 5)) };
}

function checkValues(v: Decimal[], count: number, x: Decimal): void {
  if (v.length !== count) throw new DimensionError(`integrand returned ${v.length} components, expected ${count}`);
  for (let c = 0; c < count; c++) {
    if (!v[c].isFinite()) throw new DimensionError(`integrand component ${c} is not finite at x = ${x.toString()}`);
  }
}

/** Accumulates levels and decides convergence; shared by both rules. */
class Levels {
  readonly sums: Decimal[];
  readonly abs: Decimal[];
  prev: Decimal[] | null = null;
  diffs: Decimal[];
  prevDiffs: Decimal[] | null = null;
  constructor(
    readonly W: DecimalCtor,
    readonly count: number,
  ) {
    this.sums = Array.from({ length: count }, () => new W(0));
    this.abs = Array.from({ length: count }, () => new W(0));
    this.diffs = Array.from({ length: count }, () => new W(Infinity));
  }
  add(weight: Decimal, v: Decimal[]): void {
    for (let c = 0; c < this.count; c++) {
      const t = weight.times(v[c]);
      this.sums[c] = this.sums[c].plus(t);
      this.abs[c] = this.abs[c].plus(t.abs());
    }
  }
  /** Closes a level with step factor h; returns whether every component met the tolerance. */
  close(h: Decimal, tolFactor: Decimal, level: number): boolean {
    const cur = this.sums.map((s) => s.times(h));
    let ok = level >= 2;
    if (this.prev !== null) {
      this.prevDiffs = this.diffs;
      this.diffs = cur.map((v, c) => v.minus((this.prev as Decimal[])[c]).abs());
      for (let c = 0; c < this.count; c++) {
        const S = this.abs[c].times(h);
        const d = this.diffs[c];
        const est = S.isZero() ? d : d.times(d).div(S);
        // In the asymptotic regime the differences must shrink (or be already at rounding level).
        const shrinking = this.prevDiffs === null || d.lte(this.prevDiffs[c]) || d.lte(S.times(tolFactor));
        if (!(est.lte(S.times(tolFactor)) && shrinking)) ok = false;
      }
    } else ok = false;
    this.prev = cur;
    return ok;
  }
  estimates(h: Decimal): Decimal[] {
    return this.diffs.map((d, c) => {
      const S = this.abs[c].times(h);
      return S.isZero() || !d.isFinite() ? d : d.times(d).div(S);
    });
  }
}

function finish(levels: Levels, st: Setup, h: Decimal, evaluations: number, converged: boolean, method: 'trapezoid' | 'double-exponential'): DecimalQuadratureVectorResult {
  const D = decimalContext({ precision: st.P });
  const round = (x: Decimal): Decimal => (x.isFinite() ? new D(x).toSignificantDigits(st.P) : new D(x));
  const values = (levels.prev as Decimal[]).map(round);
  const errorEstimates = levels.estimates(h).map(round);
  const lastDifferences = levels.diffs.map(round);
  return { values, errorEstimates, lastDifferences, evaluations, converged, step: h.toNumber(), method };
}

function trapezoidRule(F: GaussianIntegrand, count: number, st: Setup, step: number | undefined): DecimalQuadratureVectorResult {
  const { W, s, L } = st;
  const lv = new Levels(W, count);
  const invSqrt2Pi = new W(1).div(W.sqrt(piOf(W).times(2)));
  let evaluations = 0;
  const evalPair = (g: Decimal, wphi: Decimal): void => {
    // nodes ±g share the weight φ(g)
    for (const gg of g.isZero() ? [g] : [g, g.neg()]) {
      const x = gg.times(s);
      const v = F(x, gg);
      checkValues(v, count, x);
      lv.add(wphi, v);
      evaluations++;
    }
  };
  // Level 0 at step h0: all nodes j·h0, 0 ≤ j ≤ L/h0 (with their mirror images).
  const h0 = step !== undefined ? 4 * step : 0.5;
  const levelsToRun = step !== undefined ? 2 : st.maxLevels;
  let h = new W(h0);
  const J0 = Math.floor(L / h0);
  // φ(j h) for j = 0, 1, …: φ_{j+1} = φ_j · a_j, a_j = e^{−h²(2j+1)/2}, a_{j+1} = a_j·e^{−h²}.
  {
    let phi = invSqrt2Pi;
    let a = W.exp(h.times(h).neg().div(2));
    const q = W.exp(h.times(h).neg());
    for (let j = 0; j <= J0; j++) {
      evalPair(h.times(j), phi);
      phi = phi.times(a);
      a = a.times(q);
    }
  }
  let converged = lv.close(h, st.tolFactor, 0);
  for (let level = 1; level <= levelsToRun && !converged; level++) {
    h = h.div(2);
    const hn = h0 / 2 ** level;
    const J = Math.floor(L / hn);
    // New nodes: odd j, g = j·h. φ(g_{j+2}) = φ(g_j)·b_j, b_j = e^{−2h²(j+1)}, b_{j+2} = b_j·e^{−4h²}.
    let phi = invSqrt2Pi.times(W.exp(h.times(h).neg().div(2)));
    let b = W.exp(h.times(h).times(-4));
    const q = W.exp(h.times(h).times(-4));
    for (let j = 1; j <= J; j += 2) {
      evalPair(h.times(j), phi);
      phi = phi.times(b);
      b = b.times(q);
    }
    converged = lv.close(h, st.tolFactor, level);
    if (step !== undefined && level === levelsToRun) break;
  }
  // With a fixed step the run is not adaptive: report whether the estimate met the tolerance.
  if (step !== undefined) converged = lv.estimates(h).every((e, c) => e.lte(lv.abs[c].times(h).times(st.tolFactor)));
  return finish(lv, st, h, evaluations, converged, 'trapezoid');
}

/** A piece of the double-exponential rule: a finite interval, or a half-line from a cut. */
type Piece = { kind: 'finite'; a: Decimal; b: Decimal } | { kind: 'right'; b: Decimal } | { kind: 'left'; b: Decimal };

function doubleExponentialRule(F: GaussianIntegrand, count: number, st: Setup, pieces: Piece[], step: number | undefined): DecimalQuadratureVectorResult {
  const { W, r, s, L } = st;
  const lv = new Levels(W, count);
  const halfPi = piOf(W).div(2);
  const norm = new W(1).div(W.sqrt(piOf(W).times(2).times(r)));
  const inv2r = new W(1).div(r.times(2));
  // tanh-sinh: beyond |t| = tMax the weights are below 10^{−(W+2)} of the piece: ½π·sinh t ≥ (W + 2)·ln 10.
  const tMax = Math.asinh(((W.precision + 2) * Math.LN10) / (Math.PI / 2)) + 0.1;
  // Half-lines x = b ± √r·y, y = e^{t − e^{−t}}: below t_lo the node is within 10^{−(W+2)}·√r of the cut
  // (t − e^{−t} = −(W+2)·ln 10); above t_hi = ln L + ½ it is beyond L standard deviations from the cut
  // (the half-lines start at a cut on the far side of 0, so the Gaussian factor is below e^{−L²/2} there).
  const tLo = -Math.log((W.precision + 2) * Math.LN10) - 0.1;
  const tHi = Math.log(L) + 0.5;
  let evaluations = 0;
  const one = new W(1);
  const addNode = (pc: Piece, t: Decimal): void => {
    let x: Decimal;
    let w: Decimal;
    if (pc.kind === 'finite') {
      const { a, b } = pc;
      const hw = b.minus(a).div(2);
      const et = W.exp(t.abs());
      const cosh = et.plus(one.div(et)).div(2);
      const u = halfPi.times(et.minus(one.div(et)).div(2));
      const e2u = W.exp(u.times(-2));
      const onePlus = e2u.plus(1);
      const dist = hw.times(2).times(e2u).div(onePlus); // hw·(1 − tanh u), distance from the nearer end
      x = t.isNegative() ? a.plus(dist) : b.minus(dist);
      if (x.lte(a) || x.gte(b)) return;
      w = hw.times(halfPi).times(cosh).times(e2u.times(4).div(onePlus.times(onePlus)));
    } else {
      const emt = W.exp(t.neg());
      const y = s.times(W.exp(t.minus(emt)));
      x = pc.kind === 'right' ? pc.b.plus(y) : pc.b.minus(y);
      if (x.eq(pc.b)) return;
      w = y.times(emt.plus(1));
    }
    w = w.times(norm).times(W.exp(x.times(x).times(inv2r).neg()));
    const v = F(x, x.div(s));
    checkValues(v, count, x);
    lv.add(w, v);
    evaluations++;
  };
  const runLevel = (h: number, odd: boolean): void => {
    for (const pc of pieces) {
      const lo = pc.kind === 'finite' ? -tMax : tLo;
      const hi = pc.kind === 'finite' ? tMax : tHi;
      const jLo = Math.ceil(lo / h);
      const jHi = Math.floor(hi / h);
      for (let j = jLo; j <= jHi; j++) {
        if (odd && j % 2 === 0) continue;
        addNode(pc, new W(j).times(h));
      }
    }
  };
  const h0 = step !== undefined ? 4 * step : 0.5;
  const levelsToRun = step !== undefined ? 2 : st.maxLevels;
  let h = new W(h0);
  runLevel(h0, false);
  let converged = lv.close(h, st.tolFactor, 0);
  for (let level = 1; level <= levelsToRun && !converged; level++) {
    h = h.div(2);
    runLevel(h0 / 2 ** level, true);
    converged = lv.close(h, st.tolFactor, level);
    if (step !== undefined && level === levelsToRun) break;
  }
  if (step !== undefined) converged = lv.estimates(h).every((e, c) => e.lte(lv.abs[c].times(h).times(st.tolFactor)));
  return finish(lv, st, h, evaluations, converged, 'double-exponential');
}

/**
 * Several Gaussian integrals at once, \( \mathbb E F_c(\sqrt r\,g, g) \), c = 0..count−1, sharing every
 * evaluation of the integrand (used for the Hermite coefficients μ_0..μ_K in `hermite.ts`).
 *
 * @param F returns the `count` component values at x = √r·g (both given in the working precision).
 * @throws {DimensionError} if r is not positive and finite, an option is invalid, the rule is
 *   'trapezoid' with breakpoints, or F returns a wrong number of components or a non-finite value.
 */
export function gaussianIntegralsDecimal(
  F: GaussianIntegrand,
  count: number,
  r: Decimal.Value,
  opts: DecimalQuadratureOptions = {},
): DecimalQuadratureVectorResult {
  if (!Number.isInteger(count) || count < 1) throw new DimensionError(`count must be a positive integer, got ${count}`);
  const st = setup(r, opts);
  const bps = (opts.breakpoints ?? []).map((b, i) => toDecimal(b, st.W, `breakpoints[${i}]`));
  const method = opts.method ?? (bps.length > 0 ? 'double-exponential' : 'trapezoid');
  if (method !== 'trapezoid' && method !== 'double-exponential') {
    throw new DimensionError(`method must be 'trapezoid' or 'double-exponential', got ${String(method)}`);
  }
  if (method === 'trapezoid') {
    if (bps.length > 0) throw new DimensionError('the trapezoid rule cannot honour breakpoints: use method "double-exponential"');
    return trapezoidRule(F, count, st, opts.step);
  }
  // Cuts: the breakpoints inside the truncation window, and 0 (a harmless smooth cut when it is not a
  // breakpoint), so that the two half-lines start on the far side of the mass. Finite pieces wider than
  // 2√r are split further: tanh-sinh resolves the middle of a piece with spacing ≈ (width/2)·(π/2)·h.
  const hi = st.s.times(st.L);
  const lo = hi.neg();
  const cutList = [...bps.filter((b) => b.gt(lo) && b.lt(hi)), new st.W(0)].sort((a, b) => a.comparedTo(b));
  const cuts: Decimal[] = [];
  for (const b of cutList) if (cuts.length === 0 || !b.eq(cuts[cuts.length - 1])) cuts.push(b);
  const pieces: Piece[] = [{ kind: 'left', b: cuts[0] }];
  const maxWidth = st.s.times(2);
  for (let i = 0; i + 1 < cuts.length; i++) {
    const a = cuts[i];
    const b = cuts[i + 1];
    const n = Math.max(1, Math.ceil(b.minus(a).div(maxWidth).toNumber()));
    for (let k = 0; k < n; k++) {
      const pa = k === 0 ? a : a.plus(b.minus(a).times(k).div(n));
      const pb = k === n - 1 ? b : a.plus(b.minus(a).times(k + 1).div(n));
      pieces.push({ kind: 'finite', a: pa, b: pb });
    }
  }
  pieces.push({ kind: 'right', b: cuts[cuts.length - 1] });
  return doubleExponentialRule(F, count, st, pieces, opts.step);
}

/**
 * High-precision \( \mathbb E f(\sqrt r\,g) \), g ~ N(0, 1) (default 50 digits), with error estimates;
 * see the module comment for the rules. `f` receives x in the working precision (P + 10 digits) and
 * should compute at the precision of its argument's constructor.
 *
 * @throws {DimensionError} as {@link gaussianIntegralsDecimal}.
 */
export function gaussianExpectationDecimal(
  f: (x: Decimal) => Decimal,
  r: Decimal.Value,
  opts: DecimalQuadratureOptions = {},
): DecimalQuadratureResult {
  const res = gaussianIntegralsDecimal((x) => [f(x)], 1, r, opts);
  return {
    value: res.values[0],
    errorEstimate: res.errorEstimates[0],
    lastDifference: res.lastDifferences[0],
    evaluations: res.evaluations,
    converged: res.converged,
    step: res.step,
    method: res.method,
  };
}
