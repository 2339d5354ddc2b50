/**
 * Gaussian expectations \( \mathbb E f(\sqrt r\,g) \), g ~ N(0, 1), in Float64, with an error estimate.
 *
 * Choice of rule (see `/work/shared/engineering-notes.md`, "Quadrature"):
 * - **Smooth f (default): the trapezoid rule** on |g| ≤ L with step h, halved until two successive
 *   levels agree. For an integrand analytic in the strip |Im g| < d the error is O(e^{−2πd/h})
 *   (Trefethen & Weideman, *The exponentially convergent trapezoidal rule*, SIAM Rev. 56 (2014),
 *   Thm 5.1), and halving h squares it. Gauss–Hermite converges only like e^{−c√m} when f has complex
 *   poles (tanh: poles at g = ±iπ/(2√r)), because its nodes spread out as √m; the trapezoid rule does
 *   not care. The Gaussian factor itself is entire, so its own error is e^{−2π²/h²}.
 * - **Piecewise-smooth f (sign, ReLU, |x|): caller-supplied breakpoints** (points in the argument of f
 *   where f or a derivative jumps). The real line is cut there (and at 0) and every piece is integrated
 *   by a double-exponential rule (Takahasi & Mori, *Double exponential formulas for numerical
 *   integration*, Publ. RIMS 9 (1974) 721–741): tanh-sinh on finite pieces (split to width ≤ 2√r), and
 *   x = b ± √r·e^{t − e^{−t}} on the two half-lines (analytic strip |Im t| < π/4 with the Gaussian
 *   factor). This converges exponentially for integrands analytic inside each piece, whatever they do at
 *   its ends; the trapezoid rule across a kink would converge only like h². Same design as the
 *   decimal.js reference (`src/reference/quadrature.ts`).
 *
 * Truncation: |g| ≤ L (default 10 standard deviations, tail mass 2Φ(−10) = 1.5e-23); its size is estimated
 * as (|f(−L√r)| + |f(L√r)|)·φ(L)/L (Mills ratio, f taken as constant beyond L) and added to the
 * error estimate.
 *
 * @module
 */
import { EPS, INV_SQRT_2PI } from './constants.ts';
import { DimensionError } from './errors.ts';

/** Options of {@link gaussianExpectation}. */
export interface GaussianExpectationOptions {
  /** Points x (in the argument of f, i.e. on the scale of √r·g) where f is not smooth, e.g. [0] for sign/ReLU/abs. */
  breakpoints?: readonly number[];
  /** Relative tolerance on the value (default 1e-14). */
  relTol?: number;
  /** Absolute tolerance (default 0; a floor of 4ε·E|f| always applies, the rounding level of the sums). */
  absTol?: number;
  /** Truncation |g| ≤ L in standard deviations (default 10). */
  truncation?: number;
  /** Maximum number of step halvings (default 12 for the trapezoid rule, 10 for tanh-sinh). */
  maxLevels?: number;
}

/** Result of {@link gaussianExpectation}. */
export interface GaussianExpectationResult {
  value: number;
  /**
   * Estimated absolute error: the difference between the last two levels (which bounds the error of
   * the coarser level, and — the convergence being exponential — is pessimistic for the finer one that
   * is returned) plus the truncation estimate. Not a rigorous bound.
   */
  errorEstimate: number;
  /** Number of evaluations of f. */
  evaluations: number;
  /** Whether the tolerance was met before `maxLevels`. */
  converged: boolean;
}

/** Tanh-sinh abscissae run over |t| ≤ 3.5: there the weight is ≈ π·cosh(3.5)·e^{−π sinh 3.5} ≈ 4e-22 of the piece length. */
const TS_TMAX = 3.5;

function validate(r: number, opts: GaussianExpectationOptions): { L: number; relTol: number; absTol: number } {
  if (!(r > 0) || !Number.isFinite(r)) throw new DimensionError(`gaussianExpectation: variance r must be positive and finite, got ${r}`);
  const L = opts.truncation ?? 10;
  const relTol = opts.relTol ?? 1e-14;
  const absTol = opts.absTol ?? 0;
  if (!(L > 0) || !Number.isFinite(L)) throw new DimensionError(`gaussianExpectation: truncation L must be positive and finite, got ${L}`);
  if (!(relTol >= 0) || !Number.isFinite(relTol)) throw new DimensionError(`gaussianExpectation: relTol must be finite and ≥ 0, got ${relTol}`);
  if (!(absTol >= 0) || !Number.isFinite(absTol)) throw new DimensionError(`gaussianExpectation: absTol must be finite and ≥ 0, got ${absTol}`);
  if (opts.maxLevels !== undefined && (!Number.isInteger(opts.maxLevels) || opts.maxLevels < 1 || opts.maxLevels > 30)) {
    throw new DimensionError(`gaussianExpectation: maxLevels must be an integer in [1, 30], got ${opts.maxLevels}`);
  }
  for (const b of opts.breakpoints ?? []) {
    if (!Number.isFinite(b)) throw new DimensionError(`gaussianExpectation: breakpoints must be finite, got ${b}`);
  }
  return { L, relTol, absTol };
}

function evalChecked(f: (x: number) => number, x: number): number {
  const v = f(x);
  if (!Number.isFinite(v)) throw new DimensionError(`gaussianExpectation: f(${x}) = ${v} is not finite`);
  return v;
}

/**
 * \( \mathbb E f(\sqrt r\,g) = \int f(x)\,\frac{e^{-x^2/(2r)}}{\sqrt{2\pi r}}\,dx \), g ~ N(0, 1), by the
 * trapezoid rule (smooth f) or piecewise tanh-sinh (with `breakpoints`), see the module comment.
 *
 * @param f the integrand, called on x = √r·g; must be finite on [−L√r, L√r].
 * @param r the variance, r > 0.
 * @throws {DimensionError} if r ≤ 0 or not finite, an option is invalid, or f returns a non-finite value.
 */
export function gaussianExpectation(
  f: (x: number) => number,
  r: number,
  opts: GaussianExpectationOptions = {},
): GaussianExpectationResult {
  const { L, relTol, absTol } = validate(r, opts);
  const s = Math.sqrt(r);
  const lo = -L * s;
  const hi = L * s;
  const bps = [...new Set(opts.breakpoints ?? [])].filter((b) => b > lo && b < hi).sort((a, b) => a - b);
  // Tail beyond ±L: ∫_L^∞ φ ≈ φ(L)/L, with f frozen at its value at the truncation point.
  const tailMass = (INV_SQRT_2PI * Math.exp(-0.5 * L * L)) / L;
  const tail = (Math.abs(evalChecked(f, lo)) + Math.abs(evalChecked(f, hi))) * tailMass;
  let res: GaussianExpectationResult;
  if (bps.length === 0) res = trapezoid(f, s, L, relTol, absTol, opts.maxLevels ?? 12);
  else res = piecewiseDoubleExponential(f, r, L, bps, relTol, absTol, opts.maxLevels ?? 10);
  return { ...res, errorEstimate: res.errorEstimate + tail, evaluations: res.evaluations + 2 };
}

function trapezoid(f: (x: number) => number, s: number, L: number, relTol: number, absTol: number, maxLevels: number): GaussianExpectationResult {
  // Level 0: h = 1 on the grid g = j·h, |g| ≤ L; each level adds the midpoints.
  let h = 1;
  let sum = 0; // Σ φ(g_j) f(s g_j) over the current grid
  let sumAbs = 0;
  let n = 0;
  const J0 = Math.floor(L);
  for (let j = -J0; j <= J0; j++) {
    const g = j;
    const v = INV_SQRT_2PI * Math.exp(-0.5 * g * g) * evalChecked(f, s * g);
    sum += v;
    sumAbs += Math.abs(v);
    n++;
  }
  let prev = h * sum;
  let diff = Infinity;
  for (let level = 1; level <= maxLevels; level++) {
    h *= 0.5;
    const J = Math.floor(L / h);
    for (let j = -J + (J % 2 === 0 ? 1 : 0); j <= J; j += 2) {
      // odd multiples of the new h only
      const g = j * h;
      const v = INV_SQRT_2PI * Math.exp(-0.5 * g * g) * evalChecked(f, s * g);
      sum += v;
      sumAbs += Math.abs(v);
      n++;
    }
    const cur = h * sum;
    diff = Math.abs(cur - prev);
    prev = cur;
    const tol = Math.max(absTol, relTol * Math.abs(cur), 4 * EPS * h * sumAbs);
    if (level >= 2 && diff <= tol) return { value: cur, errorEstimate: diff, evaluations: n, converged: true };
  }
  return { value: prev, errorEstimate: diff, evaluations: n, converged: false };
}

type Piece = { kind: 0; a: number; b: number } | { kind: 1 | -1; b: number };

/**
 * Double-exponential rule on the pieces of the line cut at 0 and at the breakpoints (see the module
 * comment): tanh-sinh on finite pieces (split to width ≤ 2√r), x = b ± √r·e^{t − e^{−t}} on the two
 * half-lines. Abscissae are built as distances from the cut, so f is never evaluated at (or across) a
 * breakpoint; a node that rounds onto its cut is skipped (its weight is below 1e-18 of the piece).
 */
function piecewiseDoubleExponential(
  f: (x: number) => number,
  r: number,
  L: number,
  breakpoints: number[],
  relTol: number,
  absTol: number,
  maxLevels: number,
): GaussianExpectationResult {
  const s = Math.sqrt(r);
  const norm = 1 / Math.sqrt(2 * Math.PI * r);
  const inv2r = 0.5 / r;
  const cuts = [...new Set([...breakpoints, 0])].sort((a, b) => a - b);
  const pieces: Piece[] = [{ kind: -1, b: cuts[0] }];
  for (let i = 0; i + 1 < cuts.length; i++) {
    const a = cuts[i];
    const b = cuts[i + 1];
    const n = Math.max(1, Math.ceil((b - a) / (2 * s)));
    for (let k = 0; k < n; k++) {
      pieces.push({ kind: 0, a: k === 0 ? a : a + ((b - a) * k) / n, b: k === n - 1 ? b : a + ((b - a) * (k + 1)) / n });
    }
  }
  pieces.push({ kind: 1, b: cuts[cuts.length - 1] });
  // Half-line map y = e^{t − e^{−t}}: t − e^{−t} = −18·ln 10 at TLO (node within 1e-18·√r of the cut), y > L beyond THI.
  const TLO = -Math.log(18 * Math.LN10) - 0.1;
  const THI = Math.log(L) + 0.5;
  const sums = new Float64Array(pieces.length);
  const abs = new Float64Array(pieces.length);
  let n = 0;
  const addNode = (p: number, t: number): void => {
    const pc = pieces[p];
    let x: number;
    let w: number;
    if (pc.kind === 0) {
      const { a, b } = pc;
      const hw = 0.5 * (b - a);
      const u = 0.5 * Math.PI * Math.sinh(Math.abs(t));
      const eu = Math.exp(-2 * u); // e^{−2u} ≤ 1
      const dist = (2 * hw * eu) / (1 + eu); // hw·(1 − tanh u), the distance from the nearer end
      x = t >= 0 ? b - dist : a + dist;
      if (x <= a || x >= b) return;
      w = hw * 0.5 * Math.PI * Math.cosh(t) * ((4 * eu) / ((1 + eu) * (1 + eu)));
    } else {
      const emt = Math.exp(-t);
      const y = s * Math.exp(t - emt);
      x = pc.b + pc.kind * y;
      if (x === pc.b || !Number.isFinite(x)) return;
      w = y * (1 + emt);
    }
    const v = w * norm * Math.exp(-x * x * inv2r);
    if (v === 0) return; // Gaussian underflow: f need not be finite that far out
    const fv = evalChecked(f, x) * v;
    sums[p] += fv;
    abs[p] += Math.abs(fv);
    n++;
  };
  const runLevel = (h: number, odd: boolean): void => {
    for (let p = 0; p < pieces.length; p++) {
      const lo = pieces[p].kind === 0 ? -TS_TMAX : TLO;
      const hi = pieces[p].kind === 0 ? TS_TMAX : THI;
      const jHi = Math.floor(hi / h);
      for (let j = Math.ceil(lo / h); j <= jHi; j++) {
        if (odd && j % 2 === 0) continue;
        addNode(p, j * h);
      }
    }
  };
  let h = 0.5;
  runLevel(h, false);
  let prev = 0;
  for (let p = 0; p < pieces.length; p++) prev += h * sums[p];
  let diff = Infinity;
  for (let level = 1; level <= maxLevels; level++) {
    h *= 0.5;
    runLevel(h, true);
    let cur = 0;
    let l1 = 0;
    for (let p = 0; p < pieces.length; p++) {
      cur += h * sums[p];
      l1 += h * abs[p];
    }
    diff = Math.abs(cur - prev);
    prev = cur;
    const tol = Math.max(absTol, relTol * Math.abs(cur), 4 * EPS * l1);
    if (level >= 2 && diff <= tol) return { value: cur, errorEstimate: diff, evaluations: n, converged: true };
  }
  return { value: prev, errorEstimate: diff, evaluations: n, converged: false };
}
