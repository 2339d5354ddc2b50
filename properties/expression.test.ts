/**
 * Executable specification of the activation-expression compiler (src/reference/expression.ts):
 * the Float64 and high-precision evaluations of one expression agree, the derivative is right (against
 * a high-precision central difference, and against mathjs's own `derivative` where mathjs has a rule),
 * breakpoints are found, and anything that is not a function of x alone is rejected naming the culprit.
 *
 * ε = 2⁻⁵². Every property runs a wrong variant through the same check and requires it to be rejected.
 */
import { test, expect } from 'vitest';
import fc from 'fast-check';
import type { Decimal } from 'decimal.js';
import { create, all } from 'mathjs';
import { ROOT_SEED } from './setup.ts';
import { deriveSeed32 } from '../src/core/random.ts';
import { erf } from '../src/core/erf.ts';
import { normalCdf } from '../src/core/normal.ts';
import { gaussianExpectation } from '../src/core/gaussianExpectation.ts';
import { compileActivation, createMath, ExpressionError, type Evaluators } from '../src/reference/expression.ts';
import { decimalContext, decimalFromFloat64 } from '../src/reference/decimal.ts';
import { erfDecimal } from '../src/reference/erf.ts';
import { absoluteError, relativeDifference } from '../src/reference/compare.ts';
import { EPS } from '../src/core/constants.ts';

const params = (name: string, numRuns: number) => ({ seed: deriveSeed32(ROOT_SEED, name), numRuns });
const W = decimalContext({ precision: 30 });

const logUniform = (lo: number, hi: number) =>
  fc.integer({ min: 0, max: 1_000_000 }).map((k) => Math.min(hi, Math.max(lo, lo * Math.pow(hi / lo, k / 1_000_000))));
const signed = (lo: number, hi: number) => fc.tuple(logUniform(lo, hi), fc.boolean()).map(([v, neg]) => (neg ? -v : v));

const C = 1 / Math.sqrt(2 * Math.PI);

/**
 * Absolute error budgets of the Float64 evaluation (hp at 30 digits is exact to ≈ 1e-30), from the
 * operations each expression performs (V8's elementary functions are faithful, ≤ 1 ulp = 2ε relative):
 */
const CASES: Array<{ expr: string; tol: (x: number, y: number) => number }> = [
  // 2x exact; tanh ≤ 2ε.
  { expr: 'tanh(2*x)', tol: (_x, y) => 2 * EPS * Math.abs(y) },
  // ×2 exact.
  { expr: '2*tanh(2*x)', tol: (_x, y) => 2 * EPS * Math.abs(y) },
  // 3x rounded (½ε relative, erf's relative condition y·erf′(y)/erf(y) ≤ 1) plus Cody's 45ε.
  { expr: 'erf(3*x)', tol: (_x, y) => 46 * EPS * Math.abs(y) },
  { expr: 'x', tol: () => 0 },
  { expr: 'sign(x)', tol: () => 0 },
  // 1/√(2π): π (½ε), ×2 exact, sqrt (½ε + ¼ε inherited), ÷ (½ε) → ≤ 2ε·c; the subtraction ≤ ½ulp(y).
  { expr: 'max(x,0) - 1/sqrt(2*pi)', tol: (_x, y) => 2 * EPS * C + EPS * Math.abs(y) },
  { expr: 'abs(x)', tol: () => 0 },
  // pow(x, 3) ≤ 2ε·|x|³, ×2 exact, 0.1 rounded (½ε·0.1), subtraction ≤ ½ulp(y).
  { expr: '2x^3 - 0.1', tol: (x, y) => 4 * EPS * Math.abs(x) ** 3 + EPS * 0.1 + EPS * Math.abs(y) },
  // pow ≤ 2ε·x², 1 + x² ≤ ½ε(1+x²), sqrt halves the relative error and adds ½ε: ≤ 2ε relative.
  { expr: 'sqrt(1+x^2)', tol: (_x, y) => 2 * EPS * Math.abs(y) },
];

const agree = (ev: Evaluators['f64'], hp: Evaluators['hp'], tol: (x: number, y: number) => number, x: number): boolean => {
  const ref = hp(decimalFromFloat64(x, { D: W }));
  const y = ev(x);
  return absoluteError(y, ref) <= tol(x, ref.toNumber());
};

test('Float64 and high-precision evaluations of the same expression agree within the derived budgets', () => {
  const compiled = CASES.map((c) => ({ ...c, a: compileActivation(c.expr) }));
  fc.assert(
    fc.property(signed(1e-3, 10), fc.integer({ min: 0, max: CASES.length - 1 }), (x, i) => {
      const { a, tol } = compiled[i];
      return agree(a.f64, a.hp, tol, x);
    }),
    params('expression f64 vs hp', 200),
  );
});

test('wrong variant: erf(y) evaluated as 2Φ(y) − 1 (the √2 confusion) is rejected by the same agreement check', () => {
  const a = compileActivation('erf(3*x)');
  const wrong = (x: number) => 2 * normalCdf(3 * x) - 1;
  const tol = CASES[2].tol;
  expect([0.1, 0.37, 1.3].every((x) => agree(a.f64, a.hp, tol, x))).toBe(true);
  expect([0.1, 0.37, 1.3].some((x) => !agree(wrong, a.hp, tol, x))).toBe(true);
});

// ───────────────────────────── derivatives ─────────────────────────────

/**
 * hp derivative vs a central difference of hp at 60 digits with δ = 1e-25: truncation |φ‴|δ²/6 ≲ 1e-49
 * for these expressions on |x| ≤ 5, rounding 2·10^{−60}·|φ|/(2δ) ≤ 1e-34·|φ|. Tol 1e-30·(1 + |φ| + |φ′|).
 */
const W60 = decimalContext({ precision: 60 });
const fdOk = (hp: Evaluators['hp'], dhp: Evaluators['hp'], x: number): boolean => {
  const X = decimalFromFloat64(x, { D: W60 });
  const d = new W60('1e-25');
  const fd = hp(X.plus(d)).minus(hp(X.minus(d))).div(d.times(2));
  const dv = dhp(X);
  return fd.minus(dv).abs().lte(new W60('1e-30').times(hp(X).abs().plus(dv.abs()).plus(1)));
};
const SMOOTH = ['tanh(2*x)', '2*tanh(2*x)', 'erf(3*x)', 'x', '2x^3 - 0.1', 'sqrt(1+x^2)', 'exp(-x^2/2)*sin(3x)', 'log1p(x^2) + cosh(x)/7', 'erfc(x)*atan(x)'];

test('the symbolic derivative matches a 60-digit central difference (smooth expressions; abs and max away from kinks)', () => {
  const compiled = [...SMOOTH, 'abs(x) * x', 'max(x, 0)^2'].map((e) => compileActivation(e));
  fc.assert(
    fc.property(signed(1e-2, 5), fc.integer({ min: 0, max: compiled.length - 1 }), (x, i) => {
      const a = compiled[i];
      return a.derivative !== undefined && fdOk(a.hp, a.derivative.hp, x);
    }),
    params('derivative vs finite difference', 40),
  );
});

test('wrong variants of derivatives are rejected by the same check: tanh′ = 1 − tanh, erf′ without the factor 2', () => {
  const t = compileActivation('tanh(x)');
  const tanhWrong = compileActivation('1 - tanh(x)').hp;
  expect(fdOk(t.hp, (t.derivative as Evaluators).hp, 0.8)).toBe(true);
  expect(fdOk(t.hp, tanhWrong, 0.8)).toBe(false);
  const e = compileActivation('erf(x)');
  const erfWrong = compileActivation('exp(-x^2)/sqrt(pi)').hp;
  expect(fdOk(e.hp, (e.derivative as Evaluators).hp, 0.8)).toBe(true);
  expect(fdOk(e.hp, erfWrong, 0.8)).toBe(false);
});

/**
 * Our Float64 derivative vs mathjs's `derivative` evaluated in Float64, for expressions mathjs can
 * differentiate. Both sides are short chains (≤ 8 faithful operations, each of relative condition ≤ 2,
 * no cancellation on the sampled range): ≤ 32ε relative each, ≤ 64ε apart.
 */
test('the Float64 derivative agrees with mathjs derivative (where mathjs has a rule) to 64ε', () => {
  const math = create(all);
  const exprs = ['tanh(2*x)', '2x^3 - 0.1', 'sqrt(1+x^2)', 'exp(x/3)*cosh(x)']; // derivatives free of cancellation for x > 0
  const ours = exprs.map((e) => compileActivation(e).df64 as (x: number) => number);
  const theirs = exprs.map((e) => math.derivative(e, 'x').compile());
  fc.assert(
    fc.property(logUniform(1e-2, 8), fc.integer({ min: 0, max: exprs.length - 1 }), (x, i) => {
      const a = ours[i](x);
      const b = theirs[i].evaluate({ x }) as number;
      return Math.abs(a - b) <= 64 * EPS * Math.abs(b);
    }),
    params('derivative vs mathjs', 100),
  );
  // Wrong variant: d/dx tanh(2x) without the chain factor 2 is rejected by the same comparison.
  const noChain = (x: number) => 1 / Math.cosh(2 * x) ** 2;
  const b = theirs[0].evaluate({ x: 0.4 }) as number;
  expect(Math.abs(noChain(0.4) - b) <= 64 * EPS * Math.abs(b)).toBe(false);
  // mathjs has no rule for erf: that is why the derivative is formed here.
  expect(() => math.derivative('erf(x)', 'x')).toThrow();
  expect(compileActivation('erf(x)').df64?.(0)).toBeCloseTo(2 / Math.sqrt(Math.PI), 15);
});

test('the derivative is undefined for sign (Dirac mass at the jump) and a.e. for abs and max (mean of one-sided derivatives at kinks)', () => {
  expect(compileActivation('sign(x)').derivative).toBeUndefined();
  expect(compileActivation('2*sign(x) + x').derivative).toBeUndefined();
  const a = compileActivation('abs(x)');
  expect(a.df64?.(-2)).toBe(-1);
  expect(a.df64?.(0)).toBe(0);
  const m = compileActivation('max(x, 0)');
  expect(m.df64?.(3)).toBe(1);
  expect(m.df64?.(-3)).toBe(0);
  expect(m.df64?.(0)).toBe(0.5);
});

// ───────────────────────────── breakpoints ─────────────────────────────

test('breakpoints are found where arguments of abs/sign (and differences of max/min arguments) vanish', () => {
  expect(compileActivation('sign(x - 1)').breakpoints).toEqual([1]);
  expect(compileActivation('abs(2*x + 3)').breakpoints).toEqual([-1.5]);
  expect(compileActivation('max(x,0) - 1/sqrt(2*pi)').breakpoints).toEqual([0]);
  expect(compileActivation('max(2*x-1, 0, x/3)').breakpoints).toEqual([0, 0.5, 0.6]);
  expect(compileActivation('tanh(2*x)').breakpoints).toEqual([]);
  expect(compileActivation('tanh(2*x)').nonSmooth).toBe(false);
  const nonAffine = compileActivation('sign(x^2 - 1)');
  expect(nonAffine.nonSmooth).toBe(true);
  expect(nonAffine.breakpointsComplete).toBe(false);
});

test('a compiled sign(x) with its breakpoints gives κ1 = √(2/(πr)) through the core quadrature; without them the quadrature reports non-convergence', () => {
  const s = compileActivation('sign(x)');
  const r = 0.37;
  const withBp = gaussianExpectation((x) => x * s.f64(x), r, { breakpoints: s.breakpoints });
  const kappa1 = withBp.value / r;
  const exact = Math.sqrt(2 / (Math.PI * r));
  // Rounding budget of the positive-integrand sums, (N + 16)ε (see core-scalar.test.ts).
  expect(Math.abs(kappa1 - exact)).toBeLessThanOrEqual((withBp.evaluations + 16) * EPS * exact);
  const without = gaussianExpectation((x) => x * s.f64(x), r);
  expect(without.converged).toBe(false);
});

// ───────────────────────────── rejection ─────────────────────────────

test('anything that is not a function of x alone is rejected, naming the offending symbol, function or construct', () => {
  const cases: Array<[string, RegExp]> = [
    ['y + x', /unknown symbol 'y'/],
    ['tanh(w*x)', /unknown symbol 'w'/],
    ['f(x)', /function 'f'/],
    ['x = 3', /assignment/],
    ['x > 0', /operator '>'/],
    ['[1, 2]', /array/],
    ['log(x, 2)', /'log' takes one argument/],
    ['max(x)', /at least two arguments/],
    ['x +', /cannot parse/],
    ['', /non-empty/],
    ['e^x + pi + t', /unknown symbol 't'/],
    // A call through an accessor or any other callee expression is refused even when its name is whitelisted (issue 10).
    ['process.tanh(x)', /only the whitelisted functions may be called by their plain name/],
    ['Math.tanh(x)', /only the whitelisted functions/],
    ["x['constructor'](x)", /only the whitelisted functions|not allowed/],
    ['(tanh)(x)', /only the whitelisted functions|not a function of x alone/],
    ['f(x) = x', /not a function of x alone|assignment/],
    ['import("fs")', /not a finite number|unknown or disallowed function 'import'|only the whitelisted/],
    ['"abc"', /not a finite number/],
    ['true', /not a finite number|not a function of x alone/],
    ['5!', /operator/],
    ['x ? 1 : 2', /conditional|not a function of x alone/],
  ];
  for (const [expr, re] of cases) {
    expect(() => compileActivation(expr)).toThrow(ExpressionError);
    expect(() => compileActivation(expr)).toThrow(re);
  }
});

test('constants are exact decimals in high precision (0.1 is 1/10, not its double) and e, pi are at full precision', () => {
  const a = compileActivation('x + 0.1');
  const v = a.hp(new W(0));
  expect(v.eq(new W('0.1'))).toBe(true);
  const D50 = decimalContext({ precision: 50 });
  const p = compileActivation('pi + e - x').hp(new D50(0));
  expect(relativeDifference(p, D50.acos(-1).plus(D50.exp(1)))).toBeLessThanOrEqual(1e-49);
  // The precision argument overrides the argument's context.
  const hp40 = compileActivation('tanh(x)').hp(new W('0.5'), 40);
  expect((hp40.constructor as unknown as { precision: number }).precision).toBe(40);
});

test('mathjs is extended with erf/erfc for BigNumber (reference) and number (Cody)', () => {
  const math = createMath({ precision: 40 });
  const x = math.bignumber('0.75');
  const got = math.evaluate('erf(x)', { x }) as Decimal;
  expect(relativeDifference(decimalContext({ precision: 40 })(got.toString()), erfDecimal('0.75', { precision: 40 }))).toBeLessThanOrEqual(1e-39);
  const m64 = createMath();
  expect((m64.erf as unknown as (v: number) => number)(0.3)).toBe(erf(0.3));
  const c = math.evaluate('erfc(x)', { x: math.bignumber(5) }) as Decimal;
  expect(c.toString().startsWith('1.5374597944280348501883434853833788901')).toBe(true);
});
