/**
 * Executable specification of the decimal.js reference (src/reference/): erf/erfc by two independent
 * algorithms, Φ, the Gaussian quadrature, the Hermite coefficients against the 30-digit values of
 * shared/math/deep-gaussian-equivalence.md §9, closed forms at random r, Cholesky against the Float64
 * core, fixed point and Brent.
 *
 * decimal.js is slow (a multiply 2–5 µs, an exp ≈ 200 µs at 50 digits), so the high-precision runs are
 * few and some use 20–35 digits; each tolerance is stated in units of the precision used. Every
 * property runs a wrong variant through the same check and requires it to be rejected.
 */
import { test, expect } from 'vitest';
import fc from 'fast-check';
import type { Decimal } from 'decimal.js';
import { ROOT_SEED } from './setup.ts';
import { deriveSeed32, Rng } from '../src/core/random.ts';
import { DimensionError, get, type Matrix } from '../src/core/matrix.ts';
import { randomSpd } from '../src/core/randomMatrix.ts';
import { cholesky, choleskyLogDet, choleskySolve } from '../src/core/cholesky.ts';
import { NotPositiveDefiniteError } from '../src/core/errors.ts';
import { brent } from '../src/core/brent.ts';
import { decimalContext, decimalFromFloat64, type DecimalCtor } from '../src/reference/decimal.ts';
import { erfcContinuedFraction, erfDecimal, erfSeries, erfcDecimal } from '../src/reference/erf.ts';
import { normalCdfDecimal, normalPdfDecimal } from '../src/reference/normal.ts';
import { gaussianExpectationDecimal, gaussianIntegralsDecimal } from '../src/reference/quadrature.ts';
import { hermiteCoefficientsDecimal, hermiteHeAll, type HermiteCoefficients } from '../src/reference/hermite.ts';
import { choleskyDecimal, choleskyLogDetDecimal, choleskySolveDecimal, matrixToDecimal } from '../src/reference/cholesky.ts';
import { brentDecimal, fixedPointScalarDecimal, fixedPointVectorDecimal } from '../src/reference/fixedPoint.ts';
import { relativeDifference } from '../src/reference/compare.ts';
import { EPS } from '../src/core/constants.ts';

const U = EPS / 2;
const gamma = (n: number) => (n * U) / (1 - n * U);
const params = (name: string, numRuns: number) => ({ seed: deriveSeed32(ROOT_SEED, name), numRuns });
const ctor = (x: Decimal) => x.constructor as DecimalCtor;
const tanhD = (x: Decimal) => ctor(x).tanh(x);

// ───────────────────────────── erf: two algorithms ─────────────────────────────

/**
 * On the overlap 2 ≤ x ≤ 6 the positive series (then 1 − erf) and the continued fraction are independent
 * algorithms. At W = 70 working digits each has relative error ≤ (terms)·10^{−70}, terms ≤ 10⁴ for the
 * fraction and the 1 − erf cancellation costs ≤ x²·log₁₀e ≤ 16 digits, which the series is given as extra
 * digits (W + 16): so they agree to 10^{−70+4+1}; we require 10^{−60}.
 */
const OVERLAP_TOL = 1e-60;
const W70 = decimalContext({ precision: 70 });
const W86 = decimalContext({ precision: 86 });
const seriesErfc = (x: Decimal, scale: Decimal.Value = 1): Decimal => new W86(1).minus(erfSeries(x, W86).times(scale));

test('reference erfc: series (1 − erf) and continued fraction agree to 1e-60 on x ∈ [2, 6] at 70 digits', () => {
  fc.assert(
    fc.property(fc.integer({ min: 0, max: 4000 }), (k) => {
      const x = new W70(2).plus(new W70(k).div(1000));
      return relativeDifference(seriesErfc(x), erfcContinuedFraction(x, W70)) <= OVERLAP_TOL;
    }),
    params('erf series vs continued fraction', 5),
  );
});

test('wrong variant: the series with 2/√π perturbed by one Float64 ulp is rejected by the same overlap check', () => {
  const x = new W70('3.25');
  const onUlp = new W86(1).plus(new W86(2).pow(-52)); // (2/√π)(1 + 2⁻⁵²)
  expect(relativeDifference(seriesErfc(x), erfcContinuedFraction(x, W70))).toBeLessThanOrEqual(OVERLAP_TOL);
  const perturbed = seriesErfc(x, onUlp);
  expect(relativeDifference(perturbed, erfcContinuedFraction(x, W70))).toBeGreaterThan(OVERLAP_TOL);
  // …and the Float64 rounding of 2/√π (a typical "constant typed as a double" bug) too.
  const pi = W86.acos(-1);
  const exact = new W86(2).div(W86.sqrt(pi));
  const asDouble = decimalFromFloat64(2 / Math.sqrt(Math.PI), { D: W86 });
  const roundedConst = new W86(1).minus(erfSeries(x, W86).times(asDouble).div(exact));
  expect(relativeDifference(roundedConst, erfcContinuedFraction(x, W70))).toBeGreaterThan(OVERLAP_TOL);
});

test('reference erf is odd, erf + erfc = 1, and erf(1) has its known 50 digits', () => {
  // erf(1) = 0.84270079294971486934122063508260925929606699796630… (A&S Table 7.1 to 15 digits; the rest
  // from this reference's two algorithms agreeing above).
  const e1 = erfDecimal(1);
  expect(e1.toString().startsWith('0.842700792949714869341220635082609259296066997966')).toBe(true);
  fc.assert(
    fc.property(fc.integer({ min: -6000, max: 6000 }), (k) => {
      const x = new W70(k).div(1000);
      const P = { precision: 50 };
      const odd = erfDecimal(x, P).plus(erfDecimal(x.neg(), P)).abs();
      const sum = erfDecimal(x, P).plus(erfcDecimal(x, P)).minus(1).abs();
      return odd.lte('1e-49') && sum.lte('1e-49'); // each rounded to 50 digits: ≤ ½·10^{−49} apiece
    }),
    params('erf identities', 4),
  );
});

// ───────────────────────────── Φ ─────────────────────────────

/**
 * Φ′ = φ by a central difference at 50 digits: (Φ(x+δ) − Φ(x−δ))/(2δ) = φ(x)(1 + (x² − 1)δ²/6 + O(δ⁴)),
 * δ = 1e-20: truncation ≤ 40·1e-40; rounding 2·10^{−50}/(2δ·φ) ≤ 1e-30/φ(x) ≤ 1e-27 for |x| ≤ 3. Tol 1e-25.
 */
const derivativeOk = (Phi: (x: Decimal) => Decimal, x: Decimal): boolean => {
  const D = decimalContext({ precision: 50 });
  const d = new D('1e-20');
  const fd = Phi(x.plus(d)).minus(Phi(x.minus(d))).div(d.times(2));
  return relativeDifference(fd, normalPdfDecimal(x)) <= 1e-25;
};

test('reference Φ: Φ(x) + Φ(−x) = 1 and Φ′ = φ (central difference) for x ∈ [−3, 3]', () => {
  const D = decimalContext({ precision: 50 });
  fc.assert(
    fc.property(fc.integer({ min: -3000, max: 3000 }), (k) => {
      const x = new D(k).div(1000);
      const sym = normalCdfDecimal(x).plus(normalCdfDecimal(x.neg())).minus(1).abs();
      return sym.lte('1e-49') && derivativeOk(normalCdfDecimal, x);
    }),
    params('Phi identities', 4),
  );
});

test('wrong variant: Φ = ½(1 + erf(x)) without the √2 is rejected by the derivative check', () => {
  const wrong = (x: Decimal) => erfDecimal(x).plus(1).div(2);
  const D = decimalContext({ precision: 50 });
  expect(derivativeOk(wrong, new D('0.7'))).toBe(false);
  expect(derivativeOk(normalCdfDecimal, new D('0.7'))).toBe(true);
});

// ───────────────────────────── quadrature ─────────────────────────────

const TANH2 = '0.39429449039784117441645977244411956057379074942231';

test('E tanh(g)² by the 50-digit trapezoid rule equals the notes\u2019 value to 1e-49; the double-exponential rule agrees', () => {
  // Result rounded to 50 significant digits: |error| ≤ ½·10^{−49}·(0.39…) ≤ 1e-49·value, plus the
  // quadrature's own estimate (≈ 1e-60 here).
  const D = decimalContext({ precision: 60 });
  const ref = new D(TANH2);
  const tr = gaussianExpectationDecimal((x) => tanhD(x).pow(2), 1);
  expect(tr.converged).toBe(true);
  expect(relativeDifference(tr.value, ref)).toBeLessThanOrEqual(1e-49);
  // Double-exponential (the breakpoint rule) at 20 digits: ≤ ½·10^{−19} relative after rounding.
  const de = gaussianExpectationDecimal((x) => tanhD(x).pow(2), 1, { method: 'double-exponential', precision: 20 });
  expect(relativeDifference(de.value, ref)).toBeLessThanOrEqual(1e-19);
  // Wrong variant: the physicists' weight e^{−x²}/√π (g ~ N(0, ½)): rejected by the same check.
  const wrong = gaussianExpectationDecimal((x) => tanhD(x).pow(2), '0.5', { precision: 20 });
  expect(relativeDifference(wrong.value, ref)).toBeGreaterThan(1e-49);
});

// ───────────────────────────── Hermite coefficients ─────────────────────────────

const S9 = {
  kappa1: '0.605705509602158825583540227556',
  q: '0.394294490397841174416459772444',
  eps: '0.0274153260354302571560236101086',
  mu3: '-0.363595376280974149497967856470',
  mu5: '0.685173793508918887590599531643',
};
/** §9 values carry 30 significant digits: rounding ≤ ½·10^{−29}/(leading digit) ≤ 5e-30 relative; ours (35 digits) ≤ 1e-34. */
const S9_TOL = 1e-29;

let tanhCoefficients: HermiteCoefficients | undefined;
const tanhAtOne = (): HermiteCoefficients => (tanhCoefficients ??= hermiteCoefficientsDecimal(tanhD, 1, 9, { precision: 35 }));

test('Hermite coefficients of tanh at r = 1 match §9 to 29 digits: κ1 = μ1, E φ², ε, μ3, μ5', () => {
  const h = tanhAtOne();
  expect(h.converged).toBe(true);
  const D = decimalContext({ precision: 35 });
  expect(relativeDifference(h.kappa1, new D(S9.kappa1))).toBeLessThanOrEqual(S9_TOL);
  expect(relativeDifference(h.mu[1], new D(S9.kappa1))).toBeLessThanOrEqual(S9_TOL);
  expect(relativeDifference(h.secondMoment, new D(S9.q))).toBeLessThanOrEqual(S9_TOL);
  expect(relativeDifference(h.epsilon, new D(S9.eps))).toBeLessThanOrEqual(S9_TOL);
  expect(relativeDifference(h.mu[3], new D(S9.mu3))).toBeLessThanOrEqual(S9_TOL);
  expect(relativeDifference(h.mu[5], new D(S9.mu5))).toBeLessThanOrEqual(S9_TOL);
  // tanh is odd: even coefficients vanish (to the quadrature's rounding level).
  for (const k of [0, 2, 4, 6, 8]) expect(h.mu[k].abs().lte('1e-33')).toBe(true);
});

test('wrong variant: physicists\u2019 H_k (H_{k+1} = 2x H_k − 2k H_{k−1}) gives μ3, μ5 rejected by the §9 check', () => {
  const K = 5;
  const res = gaussianIntegralsDecimal(
    (x, g) => {
      const v = tanhD(x);
      const W = ctor(g);
      const H: Decimal[] = [new W(1), g.times(2)];
      for (let k = 1; k < K; k++) H.push(g.times(2).times(H[k]).minus(H[k - 1].times(2 * k)));
      return H.map((h) => v.times(h));
    },
    K + 1,
    1,
    { precision: 20 },
  );
  const D = decimalContext({ precision: 35 });
  expect(relativeDifference(res.values[3], new D(S9.mu3))).toBeGreaterThan(S9_TOL);
  expect(relativeDifference(res.values[5], new D(S9.mu5))).toBeGreaterThan(S9_TOL);
  // He_k itself: He_3 = x³ − 3x, He_5 = x⁵ − 10x³ + 15x at x = 2: −2·… exact integers.
  const he = hermiteHeAll(5, 2, { D: decimalContext({ precision: 20 }) });
  expect(he.map((v) => v.toNumber())).toEqual([1, 2, 3, 2, -5, -18]);
});

test('Parseval: partial sums Σ_{j≤k} μ_j²/j! are non-decreasing, stay below E φ², and close the gap', () => {
  const h = tanhAtOne();
  const S = h.parsevalPartialSums;
  const q = h.secondMoment;
  const slack = q.times('1e-33'); // rounding of 35-digit sums
  for (let k = 1; k < S.length; k++) expect(S[k].gte(S[k - 1].minus(slack))).toBe(true);
  expect(S[S.length - 1].lte(q.plus(slack))).toBe(true);
  // The gap after degree 9 is well below the gap after degree 1 (= ε): Σ_{k≥11} μ_k²/k! ≪ ε.
  const gap1 = q.minus(S[1]);
  const gap9 = q.minus(S[9]);
  expect(gap9.lt(gap1.times(0.1))).toBe(true);
  // Wrong variant: μ_k²/k instead of /k! overshoots E φ² (already at k = 3: 0.367 + 0.132/3 + … > 0.394).
  const D = decimalContext({ precision: 35 });
  let wrong = new D(0);
  let overshoots = false;
  for (let k = 0; k < h.mu.length; k++) {
    wrong = wrong.plus(new D(h.mu[k]).pow(2).div(Math.max(k, 1)));
    if (wrong.gt(q.plus(slack))) overshoots = true;
  }
  expect(overshoots).toBe(true);
});

/** r on a log grid in [0.05, 20] that avoids r = 1 (where κ1 = μ1/r and μ1/√r coincide). */
const refVarianceArb = fc
  .integer({ min: 0, max: 200 })
  .filter((k) => k !== 100)
  .map((k) => Math.pow(20, (k - 100) / 100));

type Closed = { name: string; phi: (x: Decimal) => Decimal; breakpoints?: number[]; kappa1: (r: Decimal) => Decimal; q: (r: Decimal) => Decimal };
const CLOSED: Closed[] = [
  {
    name: 'sign',
    phi: (x) => new (ctor(x))(x.isZero() ? 0 : x.isNegative() ? -1 : 1),
    breakpoints: [0],
    kappa1: (r) => ctor(r).sqrt(new (ctor(r))(2).div(ctor(r).acos(-1).times(r))),
    q: (r) => new (ctor(r))(1),
  },
  {
    name: 'relu',
    phi: (x) => (x.isNegative() ? new (ctor(x))(0) : x),
    breakpoints: [0],
    kappa1: (r) => new (ctor(r))('0.5'),
    q: (r) => r.div(2),
  },
  {
    name: 'erf',
    phi: (x) => new (ctor(x))(erfDecimal(x, { precision: ctor(x).precision })),
    kappa1: (r) => new (ctor(r))(2).div(ctor(r).sqrt(ctor(r).acos(-1).times(r.times(2).plus(1)))),
    q: (r) => ctor(r).asin(r.times(2).div(r.times(2).plus(1))).times(2).div(ctor(r).acos(-1)),
  },
];

/** Results rounded to P = 20 digits: ≤ ½·10^{−19} relative each; κ1 = μ1/√r adds one more rounding. Tol 1e-18. */
const CF_TOL = 1e-18;
/** Runs the 20-digit quadrature once and judges κ1 computed by `kappa1From`, and q, against the closed forms. */
const closedCheck = (c: Closed, r: number) => {
  const W = decimalContext({ precision: 30 });
  const R = decimalFromFloat64(r, { D: W });
  const h = hermiteCoefficientsDecimal(c.phi, R, 1, { precision: 20, ...(c.breakpoints ? { breakpoints: c.breakpoints } : {}) });
  return (kappa1From: (h: HermiteCoefficients, r: Decimal) => Decimal): boolean =>
    relativeDifference(kappa1From(h, R), c.kappa1(R)) <= CF_TOL && relativeDifference(h.secondMoment, c.q(R)) <= CF_TOL;
};
const kappa1Right = (h: HermiteCoefficients) => h.kappa1; // μ1/√r
const kappa1Wrong = (h: HermiteCoefficients, R: Decimal) => new (ctor(R))(h.mu[1]).div(R); // μ1/r

test('closed forms at random r (20 digits), sign: κ1 = √(2/(πr)), q = 1; ReLU: κ1 = ½, q = r/2; the wrong κ1 = μ1/r is rejected by the same check', () => {
  fc.assert(
    fc.property(refVarianceArb, fc.constantFrom(CLOSED[0], CLOSED[1]), (r, c) => {
      const judge = closedCheck(c, r);
      return judge(kappa1Right) && !judge(kappa1Wrong);
    }),
    params('closed forms reference', 3),
  );
});

test('closed forms at a random r (20 digits), erf: κ1 = 2/√(π(1+2r)), q = (2/π)asin(2r/(1+2r)); ReLU κ0 = √(r/(2π)); wrong κ1 rejected', () => {
  fc.assert(
    fc.property(refVarianceArb, (r) => {
      const judge = closedCheck(CLOSED[2], r);
      return judge(kappa1Right) && !judge(kappa1Wrong);
    }),
    params('closed forms reference erf', 1),
  );
  const r = 2.75;
  const W = decimalContext({ precision: 30 });
  const h = hermiteCoefficientsDecimal(CLOSED[1].phi, r, 0, { precision: 20, breakpoints: [0] });
  const k0 = W.sqrt(new W(r).div(W.acos(-1).times(2)));
  expect(relativeDifference(h.kappa0, k0)).toBeLessThanOrEqual(CF_TOL);
});

// ───────────────────────────── Cholesky: reference vs core ─────────────────────────────

const frobDiff = (a: Matrix, b: Decimal[][]): number => {
  const D = decimalContext({ precision: 40 });
  let s = new D(0);
  for (let i = 0; i < a.rows; i++) for (let j = 0; j < a.cols; j++) s = s.plus(decimalFromFloat64(get(a, i, j), { D }).minus(b[i][j]).pow(2));
  return s.sqrt().toNumber();
};

/**
 * A = QΛQᵀ with λ ∈ [1/κ, 1] (so ‖A‖₂ = ‖L‖₂² = 1). Core backward error (Higham Thm 10.3):
 * ‖ΔA‖_F ≤ γ_{n+1}‖|L||Lᵀ|‖_F ≤ γ_{n+1}·n·‖A‖₂. Factor perturbation (Higham Thm 10.8, Sun 1991):
 * ‖ΔL‖_F ≤ 2^{−1/2}κ·e/(1 − κe)·‖L‖₂ with e = γ_{n+1}n. Log-det: |Δ log det| ≤ ‖A⁻¹‖₂‖ΔA‖_* ≤ κ√n·e, plus
 * the rounding of 2Σ log L_ii (≤ 2nε·Σ|log L_ii|). Solve (Thm 10.4): ‖Δx‖/‖x‖ ≤ κ·γ_{3n+1}n/(1 − κγ_{3n+1}n).
 */
test('reference Cholesky, log-det and solve agree with the Float64 core within the perturbation bounds', () => {
  fc.assert(
    fc.property(fc.integer({ min: 1, max: 8 }), fc.integer({ min: 0, max: 6 }), fc.integer({ min: 0, max: 2 ** 31 - 1 }), (n, lc, seed) => {
      const kappa = 10 ** lc;
      const A = randomSpd(n, kappa, Rng.stream(seed, 'spd'));
      const Ad = matrixToDecimal(A, { precision: 40 });
      const { L: Lref } = choleskyDecimal(Ad, { precision: 40, symmetry: 'check' });
      const { L } = cholesky(A);
      const e = gamma(n + 1) * n;
      if (frobDiff(L, Lref) > (Math.SQRT1_2 * kappa * e) / (1 - kappa * e)) return false;
      const ldRef = choleskyLogDetDecimal(Lref, { precision: 40 });
      let sumLog = 0;
      for (let i = 0; i < n; i++) sumLog += Math.abs(Math.log(get(L, i, i)));
      const ldTol = kappa * Math.sqrt(n) * e + 2 * n * EPS * sumLog + EPS;
      if (Math.abs(choleskyLogDet(L) - ldRef.toNumber()) > ldTol) return false;
      const b = new Float64Array(n).map((_, i) => Math.cos(i + seed));
      const x = choleskySolve(L, b);
      const xr = choleskySolveDecimal(Lref, Array.from(b), { precision: 40 });
      const D = decimalContext({ precision: 40 });
      let dn = new D(0);
      let xn = new D(0);
      for (let i = 0; i < n; i++) {
        dn = dn.plus(decimalFromFloat64(x[i], { D }).minus(xr[i]).pow(2));
        xn = xn.plus(new D(xr[i]).pow(2));
      }
      const g = gamma(3 * n + 1) * n;
      return dn.sqrt().div(xn.sqrt()).toNumber() <= (kappa * g) / (1 - kappa * g);
    }),
    params('cholesky reference vs core', 15),
  );
});

test('wrong variants: log det without the factor 2, and the factor transposed, are rejected; the reference reproduces A', () => {
  const A = randomSpd(5, 100, Rng.stream(7, 'spd'));
  const Ad = matrixToDecimal(A, { precision: 40 });
  const { L: Lref } = choleskyDecimal(Ad, { precision: 40 });
  const ld = choleskyLogDetDecimal(Lref, { precision: 40 }).toNumber();
  const { L } = cholesky(A);
  let half = 0;
  for (let i = 0; i < 5; i++) half += Math.log(get(L, i, i));
  const e = gamma(6) * 5;
  expect(Math.abs(half - ld)).toBeGreaterThan(100 * Math.sqrt(5) * e + 10 * EPS * Math.abs(ld) + EPS);
  const LrefT = Lref.map((row, i) => row.map((_, j) => Lref[j][i]));
  expect(frobDiff(L, LrefT)).toBeGreaterThan((Math.SQRT1_2 * 100 * e) / (1 - 100 * e));
  // L Lᵀ = A in 40 digits (rounded factor: ≤ n·10^{−39}·‖A‖).
  const D = decimalContext({ precision: 40 });
  for (let i = 0; i < 5; i++) {
    for (let j = 0; j <= i; j++) {
      let s = new D(0);
      for (let k = 0; k <= j; k++) s = s.plus(new D(Lref[i][k]).times(Lref[j][k]));
      expect(s.minus(Ad[i][j]).abs().lte('1e-37')).toBe(true);
    }
  }
  expect(() => choleskyDecimal([[1, 2], [2, 1]])).toThrow(NotPositiveDefiniteError);
  expect(() => choleskyDecimal([[1, 2]])).toThrow(/must be square/);
  expect(() => choleskyDecimal([[1, 0.5], [0.4, 1]], { symmetry: 'check' })).toThrow(/not symmetric/);
});

// ───────────────────────────── fixed point and Brent ─────────────────────────────

test('Decimal Brent and damped fixed point find the same root of cos x = x to 1e-48; the Float64 Brent agrees within its tolerance', () => {
  const r = brentDecimal((x) => ctor(x).cos(x).minus(x), 0, 1);
  const f = fixedPointScalarDecimal((x) => ctor(x).cos(x), 1, { damping: '0.6' });
  expect(r.converged && f.converged).toBe(true);
  // Both stop at a relative step/bracket ≤ 10^{−50}; after rounding to 50 digits they differ by ≤ 2·10^{−50}.
  expect(relativeDifference(r.root, f.x)).toBeLessThanOrEqual(1e-48);
  const c = brent((x) => Math.cos(x) - x, 0, 1);
  // Core: bracket width ≤ 2^{−51}|root|; f is evaluated with error ≤ 2ε, |f′| ≈ 1.67: |root − x*| ≤ 2^{−51}|x*| + 2ε/1.67.
  expect(relativeDifference(decimalFromFloat64(c.root, { D: decimalContext({ precision: 50 }) }), r.root)).toBeLessThanOrEqual(2 ** -51 + 2 * EPS);
  // Wrong variant: a Decimal Brent run with a Float64-level tolerance is rejected by the 1e-48 check.
  const loose = brentDecimal((x) => ctor(x).cos(x).minus(x), 0, 1, { tol: '1e-16' });
  expect(relativeDifference(loose.root, f.x)).toBeGreaterThan(1e-48);
});

test('Decimal vector fixed point of a 2-D contraction, and bad inputs throw errors naming the argument', () => {
  const v = fixedPointVectorDecimal((x) => [ctor(x[0]).cos(x[1]).div(2), ctor(x[0]).sin(x[0]).div(4).plus('0.1')], [0, 0], { precision: 30 });
  expect(v.converged).toBe(true);
  const W = decimalContext({ precision: 30 });
  expect(W.cos(v.x[1]).div(2).minus(v.x[0]).abs().lte('1e-29')).toBe(true);
  expect(() => fixedPointScalarDecimal(() => decimalContext({ precision: 20 })(NaN), 1)).toThrow(/not|NaN/);
  expect(() => brentDecimal((x) => x.times(x).plus(1), -1, 1)).toThrow(/same sign/);
  expect(() => erfDecimal('abc')).toThrow(/x is not a valid number/);
  expect(() => erfDecimal(NaN)).toThrow(/x must be finite/);
  expect(() => normalCdfDecimal(Infinity)).toThrow(DimensionError);
  expect(() => erfDecimal(1, { precision: 1 })).toThrow(/precision must be an integer/);
  expect(() => gaussianExpectationDecimal(tanhD, 0)).toThrow(/variance r must be positive/);
  expect(() => gaussianExpectationDecimal(tanhD, 1, { method: 'trapezoid', breakpoints: [0] })).toThrow(/breakpoints/);
  expect(() => hermiteCoefficientsDecimal(tanhD, 1, -1)).toThrow(/degree K/);
  expect(() => gaussianExpectationDecimal((x) => new (ctor(x))(1).div(x), 1, { precision: 20 })).toThrow(/not finite/);
});
