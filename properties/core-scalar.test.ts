/**
 * Executable specification of the Float64 scalar numerics (src/core/erf.ts, normal.ts, entropy.ts,
 * gaussHermite.ts, gaussianExpectation.ts, brent.ts, fixedPoint.ts) against the decimal.js reference.
 *
 * ε = 2⁻⁵² throughout. Every property runs at least one wrong variant through the same check and
 * requires it to be rejected.
 */
import { test, expect } from 'vitest';
import fc from 'fast-check';
import type { Decimal } from 'decimal.js';
import { ROOT_SEED } from './setup.ts';
import { deriveSeed32 } from '../src/core/random.ts';
import { DimensionError } from '../src/core/matrix.ts';
import { DomainError } from '../src/core/errors.ts';
import { erf, erfc, erfcx } from '../src/core/erf.ts';
import { logNormalCdf, normalCdf, normalPdf, normalQuantile, normalQuantileUpper } from '../src/core/normal.ts';
import { binaryEntropy } from '../src/core/entropy.ts';
import { gaussHermite } from '../src/core/gaussHermite.ts';
import { tridiagonalEigen } from '../src/core/tridiagonal.ts';
import { gaussianExpectation } from '../src/core/gaussianExpectation.ts';
import { brent, BracketError } from '../src/core/brent.ts';
import { fixedPointScalar, fixedPointVector, FixedPointError, type FixedPointResult } from '../src/core/fixedPoint.ts';
import { erfDecimal, erfcDecimal, erfcxDecimal } from '../src/reference/erf.ts';
import { logNormalCdfDecimal, normalCdfDecimal, normalPdfDecimal } from '../src/reference/normal.ts';
import { decimalContext, decimalFromFloat64, log1pDecimal } from '../src/reference/decimal.ts';
import { absoluteError, relativeError } from '../src/reference/compare.ts';
import { EPS } from '../src/core/constants.ts';

const params = (name: string, numRuns: number) => ({ seed: deriveSeed32(ROOT_SEED, name), numRuns });
/** 30 digits are ample to judge Float64 results (16 digits) and 3–5× cheaper than 50. */
const REF = { precision: 30 };

/** Log-uniform magnitude in [lo, hi] from an integer (shrinks towards lo). */
const logUniform = (lo: number, hi: number) =>
  fc.integer({ min: 0, max: 1_000_000 }).map((k) => {
    const v = lo * Math.pow(hi / lo, k / 1_000_000);
    return Math.min(hi, Math.max(lo, v));
  });
const signed = (lo: number, hi: number) => fc.tuple(logUniform(lo, hi), fc.boolean()).map(([v, neg]) => (neg ? -v : v));

/**
 * Tolerance for Cody's erf family: the rational approximations are accurate to ≤ 1e-18 in exact
 * arithmetic; Horner evaluation of numerator and denominator (≤ 9 terms, positive coefficients and
 * arguments) costs ≤ (2·9 + 2)ε = 20ε relatively; the two exponentials of the split e^{−s²}e^{−(x−s)(x+s)}
 * ≤ 1 ulp each plus 2 products; the final 1 − erfc or 2 − erfc ≤ 1ε. Total ≤ 25ε; 45ε ≈ 1e-14 (the
 * brief's bound) leaves margin for Math.exp being faithful rather than correctly rounded.
 */
const ERF_TOL = 45 * EPS;

// ───────────────────────────── erf, erfc, erfcx ─────────────────────────────

test('erf agrees with the 30-digit reference to 45ε relatively for |x| in [1e-300, 6]', () => {
  fc.assert(
    fc.property(signed(1e-300, 6), (x) => relativeError(erf(x), erfDecimal(x, REF)) <= ERF_TOL),
    params('erf vs reference', 150),
  );
});

test('erfc agrees with the reference to 45ε relatively on [−26, 26.5] (right tail down to 1e-307)', () => {
  fc.assert(
    fc.property(signed(1e-10, 26.5), (x) => relativeError(erfc(x), erfcDecimal(x, REF)) <= ERF_TOL),
    params('erfc vs reference', 150),
  );
});

test('erfcx agrees with the reference to 45ε relatively on [−26, 1e6]', () => {
  fc.assert(
    fc.property(fc.oneof(logUniform(1e-10, 1e6), logUniform(1e-10, 26).map((v) => -v)), (x) => relativeError(erfcx(x), erfcxDecimal(x, REF)) <= ERF_TOL),
    params('erfcx vs reference', 120),
  );
});

test('wrong variant: an erfc tail with the constant 1/√π one ulp off is within 45ε (undetectable), and one forming e^{−x²} from a rounded x² is rejected', () => {
  // Honest limit of the check: a one-ulp change of a Cody constant moves erfc by ≈ 1ε, far inside 45ε.
  const onePerturbed = (x: number) => erfc(x) * (1 + EPS);
  expect(relativeError(onePerturbed(10), erfcDecimal(10, REF))).toBeLessThanOrEqual(ERF_TOL);
  // What the check does catch: forgetting the split of x², whose rounding costs x²·ε/2 relatively.
  const naive = (x: number) => erfcx(x) * Math.exp(-x * x);
  const xs = [20.123456789, 25.987654321, 26.3];
  const worst = Math.max(...xs.map((x) => relativeError(naive(x), erfcDecimal(x, REF))));
  expect(worst).toBeGreaterThan(ERF_TOL);
  for (const x of xs) expect(relativeError(erfc(x), erfcDecimal(x, REF))).toBeLessThanOrEqual(ERF_TOL);
});

// ───────────────────────────── Φ, log Φ, φ ─────────────────────────────

/**
 * Φ = ½ erfcx(|x|/√2)·e^{−x²/2} in the lower tail: erfcx as above (≤ 25ε), its argument |x|/√2 rounded
 * (≤ ε/2 relative, amplified by the relative condition of erfcx, ≤ 1), the split exponential (≤ 4ε):
 * ≤ 30ε; 45ε as for erf. Upper half: 1 − (tail ≤ ½) adds ≤ ε.
 */
const PHI_TOL = 45 * EPS;

test('Φ agrees with the reference to 45ε relatively for x in [−37.4, 40] (every normal-range value)', () => {
  fc.assert(
    fc.property(signed(1e-10, 37.4), (x) => relativeError(normalCdf(x), normalCdfDecimal(x, REF)) <= PHI_TOL),
    params('Phi vs reference', 150),
  );
});

test('Φ in the subnormal range (x ∈ [−38.4, −37.5]) is within 2 subnormal ulps of the reference', () => {
  // Below Φ = 2.2e-308 only absolute accuracy 2^-1074 is representable; the final product is the only
  // rounding into the subnormal range (e^{−700} applied last), so |error| ≤ ½ulp + 45ε·Φ < 2·2^-1074.
  fc.assert(
    fc.property(fc.integer({ min: 0, max: 900 }), (k) => {
      const x = -37.5 - k / 1000;
      return absoluteError(normalCdf(x), normalCdfDecimal(x, REF)) <= 2 * 2 ** -1074;
    }),
    params('Phi subnormal', 40),
  );
  expect(normalCdf(-38)).toBeGreaterThan(0);
});

test('wrong variants of Φ are rejected by the same check: ½(1 + erf(x)) without the √2, and ½erfc(−x/√2) with x/√2 rounded', () => {
  const noSqrt2 = (x: number) => 0.5 * (1 + erf(x));
  const roundedArg = (x: number) => 0.5 * erfc(-x * Math.SQRT1_2); // condition number x² in the tail
  const check = (phi: (x: number) => number, x: number) => relativeError(phi(x), normalCdfDecimal(x, REF)) <= PHI_TOL;
  expect(check(noSqrt2, -1.3)).toBe(false);
  expect(check(noSqrt2, 0.7)).toBe(false);
  // The rounded-argument variant fails only where x²·ε/2 exceeds 45ε, i.e. deep in the tail.
  const tail = [-30.123456789, -33.3, -35.987654321, -37.1];
  expect(tail.some((x) => !check(roundedArg, x))).toBe(true);
  for (const x of [-1.3, 0.7, ...tail]) expect(check(normalCdf, x)).toBe(true);
});

test('log Φ agrees with the reference to 45ε relatively for x in [−1e5, 37] (both tails)', () => {
  // x < 0: log(½erfcx) − x²/2 is a sum of two negative terms, each with relative error ≤ 30ε; x > 0:
  // log1p(−Φ(−x)) inherits Φ's 45ε (log1p relative condition ≈ 1 near 0).
  fc.assert(
    fc.property(fc.oneof(logUniform(1e-10, 1e5).map((v) => -v), logUniform(1e-10, 37)), (x) => relativeError(logNormalCdf(x), logNormalCdfDecimal(x, REF)) <= PHI_TOL),
    params('logPhi vs reference', 120),
  );
});

test('wrong variant: log Φ as log(Φ(x)) is rejected (−∞ past the underflow of Φ, and 0 for large x)', () => {
  const naive = (x: number) => Math.log(normalCdf(x));
  const check = (f: (x: number) => number, x: number) => relativeError(f(x), logNormalCdfDecimal(x, REF)) <= PHI_TOL;
  expect(check(naive, -40)).toBe(false);
  expect(check(naive, 9)).toBe(false);
  expect(check(logNormalCdf, -40)).toBe(true);
  expect(check(logNormalCdf, 9)).toBe(true);
});

test('the normal density agrees with the reference to 8ε relatively for |x| ≤ 37', () => {
  // 1/√(2π) rounded (½ε), the split exponential e^{−s²/2}e^{−t/2} (2 exps + 3 products, ≤ 6ε): ≤ 7ε.
  fc.assert(
    fc.property(signed(1e-10, 37), (x) => relativeError(normalPdf(x), normalPdfDecimal(x, REF)) <= 8 * EPS),
    params('pdf vs reference', 100),
  );
  // Wrong variant: e^{−x²/2} with x² rounded costs x²ε/4 relatively, rejected at |x| ≳ 6.
  const naive = (x: number) => Math.exp(-0.5 * x * x) / Math.sqrt(2 * Math.PI);
  expect([20.1234567891, 30.7654321, 36.5].some((x) => relativeError(naive(x), normalPdfDecimal(x, REF)) > 8 * EPS)).toBe(true);
});

/**
 * Quantile: after AS 241 (≈ 1e-16 relative) and one Halley step on the residual computed with Φ (≤ 45ε·p),
 * x̂ is within ≈ 45ε·p/φ(x) + 2ε|x| of the true quantile, and p/φ(x) ≤ max(1/|x|, 2.51) (Mills ratio, and
 * √(2π)·Φ/φ ≤ 2.51 for x ≥ −1). So |Φ_ref(x̂) − p|/φ_ref(x̂) ≤ 45ε·2.51 + 2ε|x| ≤ 120ε·max(1, |x|).
 */
const quantileBackwardOk = (x: number, p: number): boolean => {
  const resid = normalCdfDecimal(x, REF).minus(decimalFromFloat64(p, { D: decimalContext({ precision: 30 }) })).abs().div(normalPdfDecimal(x, REF));
  return resid.toNumber() <= 120 * EPS * Math.max(1, Math.abs(x));
};

test('Φ⁻¹(p) has backward error ≤ 120ε·max(1,|x|) in x for p in [1e-300, 1) (both halves)', () => {
  // Upper half: p = 1 − m rounded to a double; the check is against that double p itself.
  fc.assert(
    fc.property(logUniform(1e-300, 0.5), fc.boolean(), (m, upper) => {
      const p = upper ? 1 - Math.max(m, 1e-16) : m; // keep 1 − m < 1
      return quantileBackwardOk(normalQuantile(p), p);
    }),
    params('quantile backward error', 120),
  );
  // Upper quantile for tiny q: Φ(−x̂) = q.
  fc.assert(
    fc.property(logUniform(1e-300, 0.5), (q) => quantileBackwardOk(-normalQuantileUpper(q), q)),
    params('upper quantile', 60),
  );
});

test('wrong variant: the quantile without the refinement step (Acklam-like 1e-9 accuracy) is rejected; AS 241 alone passes', () => {
  // A 1e-9 relative error in x (Acklam's algorithm) is far beyond the bound.
  const acklamLike = (p: number) => normalQuantile(p) * (1 + 1e-9);
  expect(quantileBackwardOk(acklamLike(1e-5), 1e-5)).toBe(false);
  expect(quantileBackwardOk(normalQuantile(1e-5), 1e-5)).toBe(true);
});

// ───────────────────────────── binary entropy ─────────────────────────────

test('h₂(p) agrees with the reference to 8ε relatively near 0, near 1 and in between', () => {
  // m = min(p, 1−p) exact; −m log m and −(1−m) log1p(−m) are both ≥ 0 (no cancellation), each with
  // relative error ≤ 3ε (log, product, 1 − m); their sum ≤ 4ε. 8ε covers log/log1p being faithful.
  const ref = (p: number): Decimal => {
    const D = decimalContext({ precision: 40 });
    const P = decimalFromFloat64(p, { D });
    // −p ln p − (1 − p) ln(1 − p), with ln(1 − p) by log1p so that tiny p keeps its O(p) term.
    const Q = new D(1).minus(P);
    const t1 = P.isZero() ? new D(0) : P.times(D.ln(P)).neg();
    const t2 = Q.isZero() ? new D(0) : Q.times(log1pDecimal(P.neg(), D)).neg();
    return t1.plus(t2);
  };
  const prop = fc.tuple(logUniform(1e-300, 0.5), fc.boolean()).map(([m, hi]) => (hi ? 1 - m : m));
  fc.assert(fc.property(prop, (p) => relativeError(binaryEntropy(p), ref(p)) <= 8 * EPS), params('h2 vs reference', 150));
  // Wrong variant: −p log p − (1−p) log(1−p) with 1 − p formed first loses everything for tiny p.
  const naive = (p: number) => -p * Math.log(p) - (1 - p) * Math.log(1 - p);
  expect(relativeError(naive(1e-17), ref(1e-17))).toBeGreaterThan(8 * EPS);
  expect(binaryEntropy(0)).toBe(0);
  expect(binaryEntropy(1)).toBe(0);
  expect(() => binaryEntropy(1.5)).toThrow(/p must lie in \[0, 1\]/);
  expect(() => binaryEntropy(NaN)).toThrow(DimensionError);
});

// ───────────────────────────── Gauss–Hermite ─────────────────────────────

/**
 * Σ w_i x_i^{2k} vs (2k−1)!!: all terms are positive, so relative errors add. Budget: weights ≤ 2mε (two
 * length-m recurrences, p_m′ and p_{m−1}, in the Christoffel–Darboux formula); nodes ≤ 2ε relative after
 * the Newton polish (stop at |Δx| ≤ 2ε|x|), amplified by 2k in x^{2k}, plus pow ≤ 1ε → (4k + 1)ε; the
 * recursive sum of m positive terms ≤ (m − 1)ε; (2k−1)!! in double is exact up to 2k − 1 = 33 and ≤ kε
 * beyond. Total ≤ (3m + 5k + 8)ε.
 */
const ghTol = (m: number, k: number) => (3 * m + 5 * k + 8) * EPS;
const doubleFactorial = (n: number) => {
  let r = 1;
  for (let j = n; j > 1; j -= 2) r *= j;
  return r;
};
const momentsOk = (rule: { nodes: Float64Array; weights: Float64Array }, m: number, k: number): boolean => {
  let s = 0;
  for (let i = 0; i < m; i++) s += rule.weights[i] * rule.nodes[i] ** (2 * k);
  const exact = doubleFactorial(2 * k - 1);
  return Math.abs(s - exact) <= ghTol(m, k) * exact;
};

test('Gauss–Hermite integrates E g^{2k} = (2k−1)!! exactly for 2k ≤ 2m − 1, within (3m + 5k + 8)ε', () => {
  fc.assert(
    fc.property(fc.integer({ min: 1, max: 80 }), fc.integer({ min: 0, max: 1000 }), (m, u) => {
      const rule = gaussHermite(m);
      const k = Math.min(m - 1, Math.floor((u / 1000) * Math.min(m, 40))); // up to degree 2m−2 (and ≤ 80 to stay in range)
      let sw = 0;
      for (let i = 0; i < m; i++) {
        if (!(rule.weights[i] >= 0)) return false;
        if (rule.nodes[i] !== -rule.nodes[m - 1 - i]) return false;
        sw += rule.weights[i];
      }
      return Math.abs(sw - 1) <= m * EPS && momentsOk(rule, m, k);
    }),
    params('gauss-hermite moments', 80),
  );
});

test('wrong variant: the physicists\u2019 Jacobi matrix (off-diagonal √(k/2), weight e^{−x²}) is rejected by the moment check', () => {
  const physicists = (m: number) => {
    const off = new Float64Array(m - 1).map((_, i) => Math.sqrt((i + 1) / 2));
    const { values, firstComponents } = tridiagonalEigen(new Float64Array(m), off, { vectors: 'first' });
    const w = (firstComponents as Float64Array).map((v) => v * v);
    return { nodes: values, weights: w };
  };
  expect(momentsOk(physicists(10), 10, 1)).toBe(false); // E x² = 1/2 under e^{−x²}/√π
  expect(momentsOk(gaussHermite(10), 10, 1)).toBe(true);
  expect(() => gaussHermite(0)).toThrow(/m must be an integer/);
});

// ───────────────────────────── Gaussian expectations ─────────────────────────────

const TANH2 = '0.39429449039784117441645977244411956057379074942231'; // E tanh(g)², engineering notes

/**
 * Rounding budget of the quadrature sums: N positive terms, each with relative error ≤ 8ε (exp, f, three
 * products), recursive summation ≤ (N−1)ε: ≤ (N + 8)ε·value for a positive integrand (the discretisation
 * error is far below: e^{−π²/(h√r)} at the final h).
 */
const quadTol = (evaluations: number) => (evaluations + 8) * EPS;

test('E tanh(g)² by the trapezoid rule matches the 50-digit value within (N + 8)ε', () => {
  const ref = decimalContext({ precision: 50 });
  const res = gaussianExpectation((x) => Math.tanh(x) ** 2, 1);
  expect(res.converged).toBe(true);
  expect(relativeError(res.value, new ref(TANH2))).toBeLessThanOrEqual(quadTol(res.evaluations));
  // Wrong variant: the physicists' weight e^{−x²}/√π, i.e. g ~ N(0, ½) (a √2 confusion): rejected.
  const wrong = gaussianExpectation((x) => Math.tanh(x) ** 2, 0.5);
  expect(relativeError(wrong.value, new ref(TANH2))).toBeGreaterThan(quadTol(wrong.evaluations));
});

/** r log-uniform in [1e-2, 1e2] on a grid that avoids r = 1 (where κ1 = μ1/r and μ1/√r coincide). */
const varianceArb = fc
  .integer({ min: 0, max: 1000 })
  .filter((k) => k !== 500)
  .map((k) => Math.pow(10, (k - 500) / 250));

type Closed = { name: string; f: (x: number) => number; breakpoints?: number[]; kappa1: (r: number) => number; q: (r: number) => number };
const CLOSED: Closed[] = [
  { name: 'erf', f: erf, kappa1: (r) => 2 / Math.sqrt(Math.PI * (1 + 2 * r)), q: (r) => (2 / Math.PI) * Math.asin((2 * r) / (1 + 2 * r)) },
  { name: 'sign', f: Math.sign, breakpoints: [0], kappa1: (r) => Math.sqrt(2 / (Math.PI * r)), q: () => 1 },
  { name: 'relu', f: (x) => Math.max(x, 0), breakpoints: [0], kappa1: () => 0.5, q: (r) => r / 2 },
];

/**
 * κ1 = μ1/√r with μ1 = E[φ(√r g) g] and q = E φ² from the core quadrature. The integrands φ(x)·x/√r and
 * φ² are ≥ 0 for these odd-or-ReLU φ, so the rounding budget (N + 8)ε·value applies; the closed forms
 * cost ≤ 6ε (sqrt, asin, products). Tolerance (N + 16)ε relatively.
 */
const kappaCheck = (c: Closed, r: number, kappa1From: (mu1: number, r: number) => number): boolean => {
  const opts = c.breakpoints ? { breakpoints: c.breakpoints } : {};
  const mu1 = gaussianExpectation((x) => c.f(x) * (x / Math.sqrt(r)), r, opts);
  const q = gaussianExpectation((x) => c.f(x) ** 2, r, opts);
  const k1 = kappa1From(mu1.value, r);
  const tol1 = (mu1.evaluations + 16) * EPS;
  const tolq = (q.evaluations + 16) * EPS;
  return Math.abs(k1 - c.kappa1(r)) <= tol1 * c.kappa1(r) && Math.abs(q.value - c.q(r)) <= tolq * c.q(r);
};

test('closed forms at random r: erf (κ1 = 2/√(π(1+2r)), q = (2/π)asin(2r/(1+2r))), sign (κ1 = √(2/(πr)), q = 1), ReLU (κ1 = ½, q = r/2)', () => {
  fc.assert(
    fc.property(varianceArb, fc.constantFrom(...CLOSED), (r, c) => kappaCheck(c, r, (mu1, rr) => mu1 / Math.sqrt(rr))),
    params('closed forms core', 60),
  );
});

test('wrong variant: κ1 = μ1/r instead of μ1/√r is rejected at every r ≠ 1 of the grid', () => {
  fc.assert(
    fc.property(varianceArb, fc.constantFrom(...CLOSED), (r, c) => !kappaCheck(c, r, (mu1, rr) => mu1 / rr)),
    params('closed forms wrong kappa', 30),
  );
});

test('without breakpoints a kink is not integrated to tolerance, and the result says so (converged = false)', () => {
  const res = gaussianExpectation((x) => Math.abs(x), 1);
  expect(res.converged).toBe(false);
  expect(res.errorEstimate).toBeGreaterThan(1e-12);
  const ok = gaussianExpectation((x) => Math.abs(x), 1, { breakpoints: [0] });
  expect(ok.converged).toBe(true);
  expect(() => gaussianExpectation(Math.tanh, 0)).toThrow(/variance r must be positive/);
  expect(() => gaussianExpectation(Math.tanh, NaN)).toThrow(DimensionError);
  expect(() => gaussianExpectation((x) => 1 / x, 1)).toThrow(/not finite/);
});

// ───────────────────────────── Brent ─────────────────────────────

test('Brent: the root of (x − x*)(1 + x²)·s lies within rtol·|root| + xtol of x*, for brackets around x*', () => {
  // On convergence the bracket [b, c] has a sign change and |c − b| ≤ rtol|b| + xtol, so |b − x*| is
  // bounded by the same quantity (x* is the only root).
  fc.assert(
    fc.property(signed(1e-3, 1e3), logUniform(1e-3, 1e3), logUniform(1e-3, 1e3), logUniform(1e-100, 1e100), (xs, dl, dr, s) => {
      const f = (x: number) => (x - xs) * (1 + x * x) * s;
      const res = brent(f, xs - dl, xs + dr, { xtol: 1e-300 });
      return res.converged && Math.abs(res.root - xs) <= 2 ** -51 * Math.abs(res.root) + 1e-300 + Math.abs(xs) * EPS;
    }),
    params('brent accuracy', 100),
  );
});

test('Brent rejects a non-bracket by comparing signs; a wrong variant comparing f(a)·f(b) > 0 misses tiny values', () => {
  const tiny = () => 1e-200; // f(a)·f(b) = 1e-400 underflows to 0
  expect(() => brent(tiny, 0, 1)).toThrow(BracketError);
  const productCheckRejects = (fa: number, fb: number) => fa * fb > 0;
  expect(productCheckRejects(tiny(), tiny())).toBe(false); // the wrong check would accept [0, 1]
  expect(() => brent(() => NaN, 0, 1)).toThrow(/f\(a\) is not finite/);
  expect(() => brent(Math.sin, 1, 1)).toThrow(/empty/);
  expect(() => brent((x) => (x > 0.5 ? NaN : -1), 0, 1)).toThrow(BracketError);
});

// ───────────────────────────── fixed point ─────────────────────────────

/**
 * For the affine contraction F(x) = x* + L(x − x*), |L| < 1: F(x) − x = (L − 1)(x − x*), so at the last
 * evaluated iterate |x_k − x*| = res/(1 − L) exactly, and the returned damped update is closer still
 * (|1 − η(1 − L)| ≤ 1). Rounding adds ≤ 4ε(|x*| + |x_k|).
 */
const fixedPointBoundOk = (r: FixedPointResult<number>, xs: number, L: number): boolean =>
  r.converged && Math.abs(r.x - xs) <= r.residual / (1 - L) + 8 * EPS * (Math.abs(xs) + 1);

test('damped fixed point: converged x is within residual/(1 − L) of the fixed point of an affine contraction', () => {
  fc.assert(
    fc.property(signed(1e-3, 1e3), fc.integer({ min: -90, max: 90 }), fc.integer({ min: 1, max: 100 }), (xs, l, e) => {
      const L = l / 100;
      const eta = e / 100;
      const r = fixedPointScalar((x) => xs + L * (x - xs), 0, { damping: eta, atol: 1e-13, rtol: 1e-13, maxIterations: 100_000 });
      return fixedPointBoundOk(r, xs, L);
    }),
    params('fixed point bound', 100),
  );
  // Wrong variant: reporting the step η·res as the residual understates the distance for η < 1.
  const xs = 3;
  const L = 0.5;
  const r = fixedPointScalar((x) => xs + L * (x - xs), 0, { damping: 0.01, atol: 1e-9, rtol: 0 });
  expect(fixedPointBoundOk({ ...r, residual: r.lastStep }, xs, L)).toBe(false);
  expect(fixedPointBoundOk(r, xs, L)).toBe(true);
});

test('vector fixed point converges for a 2-D contraction; NaN throws, divergence is reported', () => {
  const r = fixedPointVector(
    (x, out) => {
      out[0] = 0.5 * Math.cos(x[1]);
      out[1] = 0.25 * Math.sin(x[0]) + 0.1;
    },
    new Float64Array([0, 0]),
    { damping: 0.7 },
  );
  expect(r.converged).toBe(true);
  expect(Math.abs(0.5 * Math.cos(r.x[1]) - r.x[0])).toBeLessThanOrEqual(1e-12);
  expect(() => fixedPointScalar(() => NaN, 1)).toThrow(FixedPointError);
  const div = fixedPointScalar((x) => 3 * x + 1, 1, { maxIterations: 1000 });
  expect(div.status).toBe('diverged');
  expect(div.converged).toBe(false);
  expect(() => fixedPointScalar(Math.cos, 1, { damping: 0 })).toThrow(/damping must lie in \(0, 1\]/);
});

// ───────────────────────────── bad input ─────────────────────────────

test('NaN arguments throw errors naming the function and argument', () => {
  expect(() => erf(NaN)).toThrow(/erf: argument x is NaN/);
  expect(() => erfc(NaN)).toThrow(DomainError); // a NaN is outside erf's domain, not a dimension problem
  expect(() => normalCdf(NaN)).toThrow(/normalCdf/);
  expect(() => logNormalCdf(NaN)).toThrow(DimensionError);
  expect(() => normalQuantile(-0.1)).toThrow(/p must lie in \[0, 1\]/);
  expect(() => normalQuantile(NaN)).toThrow(DimensionError);
  expect(erf(Infinity)).toBe(1);
  expect(normalCdf(-Infinity)).toBe(0);
  expect(logNormalCdf(-Infinity)).toBe(-Infinity);
  expect(normalQuantile(0)).toBe(-Infinity);
});
