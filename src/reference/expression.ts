/**
 * Activation expressions in x: parsed once by mathjs, then evaluated both in Float64 (a generated plain
 * JavaScript function, fast enough for ~10⁷ calls) and in high precision (a tree of decimal.js closures
 * that computes at the precision of its argument's constructor).
 *
 * Grammar: numbers, the variable `x`, the constants `pi` and `e`, the operators + − * / ^ (and implicit
 * multiplication, `2x`), parentheses, and the functions
 * abs, sign, max, min, sqrt, cbrt, exp, expm1, log (natural, one argument), log1p, sin, cos, tan, atan,
 * sinh, cosh, tanh, asinh, erf, erfc. Anything else (another symbol, assignment, comparison, matrix,
 * unknown function) is rejected with an {@link ExpressionError} naming the offending piece.
 *
 * Numeric literals are parsed by mathjs as BigNumbers, so `0.1` is the decimal 0.1 in high precision
 * (and its nearest double in Float64).
 *
 * The derivative is formed symbolically (chain rule on the parse tree) rather than with mathjs's
 * `derivative`, which has no rule for erf/erfc and emits functions (sech, …) outside this grammar; the
 * tests check it against mathjs's `derivative` where mathjs has a rule. It is **undefined** when the
 * expression contains `sign`: φ is then discontinuous, its a.e. derivative (0) misses the Dirac mass
 * at the jump, and E φ′(h) ≠ E[hφ(h)]/r. For the continuous kinks (abs, max, min) the derivative exists
 * almost everywhere and is returned, with the average of the one-sided derivatives at a kink
 * (abs′(0) = 0, max′ at a tie = mean of the branches' derivatives).
 *
 * mathjs itself is extended (see {@link createMath}) with erf/erfc for BigNumber (mathjs has erf for
 * numbers only) using `core/erf.ts` and `reference/erf.ts`.
 *
 * @module
 */
import { InputError } from '../core/lemmataError.ts';
import type { Decimal } from 'decimal.js';
import { createRequire } from 'node:module';
import type { MathJsInstance, MathNode } from 'mathjs';
import { erf as erf64, erfc as erfc64 } from '../core/erf.ts';
import { erfcDecimal, erfDecimal } from './erf.ts';
import { log1pDecimal, tanhDecimal, type DecimalCtor } from './decimal.ts';

/** Thrown for an expression that does not parse or is not a function of the single variable x. */
export class ExpressionError extends InputError {
  override name = 'ExpressionError';
}

/** Evaluators of one expression. */
export interface Evaluators {
  /** Float64 evaluation (a generated plain function). */
  f64: (x: number) => number;
  /**
   * High-precision evaluation at the precision of `x`'s decimal.js constructor (or at `precision`
   * digits if given); the result belongs to that constructor.
   */
  hp: (x: Decimal, precision?: number) => Decimal;
}

/** A compiled activation. */
export interface CompiledActivation extends Evaluators {
  /** The expression text as given. */
  source: string;
  /** The expression re-printed from the parse tree (canonical form). */
  canonical: string;
  /** φ′, undefined when the expression contains `sign` (see the module comment). */
  derivative?: Evaluators;
  /** Float64 φ′ (the same as `derivative.f64`), for consumers that look for a plain function. */
  df64?: (x: number) => number;
  /** Whether the expression contains a non-smooth function (abs, sign, max, min). */
  nonSmooth: boolean;
  /** Points where φ is not smooth, found where the arguments of abs/sign (or differences of max/min arguments) are affine in x. */
  breakpoints: number[];
  /** False when some non-smooth argument is not affine in x, so `breakpoints` may miss kinks. */
  breakpointsComplete: boolean;
}

// ---------------------------------------------------------------------------------------------
// Internal tree

type Ast =
  | { k: 'x' }
  | { k: 'num'; text: string; v: number }
  | { k: 'pi' }
  | { k: 'e' }
  | { k: 'neg'; a: Ast }
  | { k: 'add' | 'sub' | 'mul' | 'div' | 'pow'; a: Ast; b: Ast }
  | { k: 'fn'; name: FnName; args: Ast[] };

const UNARY = ['abs', 'sign', 'sqrt', 'cbrt', 'exp', 'expm1', 'log', 'log1p', 'sin', 'cos', 'tan', 'atan', 'sinh', 'cosh', 'tanh', 'asinh', 'erf', 'erfc'] as const;
const NARY = ['max', 'min'] as const;
type FnName = (typeof UNARY)[number] | (typeof NARY)[number];
const NON_SMOOTH = new Set<string>(['abs', 'sign', 'max', 'min']);

const OPS: Record<string, 'add' | 'sub' | 'mul' | 'div' | 'pow'> = { add: 'add', subtract: 'sub', multiply: 'mul', divide: 'div', pow: 'pow' };

interface AnyNode {
  type: string;
  name?: string;
  fn?: string | { name?: string };
  op?: string;
  args?: AnyNode[];
  content?: AnyNode;
  value?: unknown;
}

function toAst(node: AnyNode, source: string): Ast {
  switch (node.type) {
    case 'ParenthesisNode':
      return toAst(node.content as AnyNode, source);
    case 'ConstantNode': {
      const v = node.value as { toString(): string; toNumber?(): number } | number;
      const text = typeof v === 'number' ? String(v) : v.toString();
      const num = Number(text);
      if (!Number.isFinite(num)) throw new ExpressionError(`'${source}': constant ${text} is not a finite number`);
      return { k: 'num', text, v: num };
    }
    case 'SymbolNode': {
      const n = node.name as string;
      if (n === 'x') return { k: 'x' };
      if (n === 'pi') return { k: 'pi' };
      if (n === 'e') return { k: 'e' };
      throw new ExpressionError(`'${source}' is not a function of x alone: unknown symbol '${n}' (allowed: x, pi, e)`);
    }
    case 'OperatorNode': {
      const fn = node.fn as string;
      const args = node.args ?? [];
      if (fn === 'unaryMinus' && args.length === 1) return { k: 'neg', a: toAst(args[0], source) };
      if (fn === 'unaryPlus' && args.length === 1) return toAst(args[0], source);
      const k = OPS[fn];
      if (k === undefined || args.length !== 2) throw new ExpressionError(`'${source}': operator '${node.op}' is not allowed (allowed: + - * / ^)`);
      return { k, a: toAst(args[0], source), b: toAst(args[1], source) };
    }
    case 'FunctionNode': {
      // Only a plain name may be called: `process.tanh(x)` parses as a call of an accessor whose name is also
      // 'tanh', and must not be read as tanh.
      const callee = node.fn;
      if (typeof callee === 'object' && callee !== null && (callee as AnyNode).type !== 'SymbolNode') {
        const kind = ((callee as AnyNode).type ?? 'unknown').replace(/Node$/, '').toLowerCase();
        throw new ExpressionError(`'${source}': only the whitelisted functions may be called by their plain name (here the callee is a ${kind} expression); allowed: ${[...UNARY, ...NARY, 'pow'].join(', ')}`);
      }
      const name = (typeof callee === 'object' ? callee?.name : node.name) ?? node.name ?? '?';
      const args = (node.args ?? []).map((a) => toAst(a, source));
      if ((UNARY as readonly string[]).includes(name)) {
        if (args.length !== 1) throw new ExpressionError(`'${source}': function '${name}' takes one argument, got ${args.length}`);
        return { k: 'fn', name: name as FnName, args };
      }
      if ((NARY as readonly string[]).includes(name)) {
        if (args.length < 2) throw new ExpressionError(`'${source}': function '${name}' needs at least two arguments, got ${args.length}`);
        return { k: 'fn', name: name as FnName, args };
      }
      if (name === 'pow' && args.length === 2) return { k: 'pow', a: args[0], b: args[1] };
      throw new ExpressionError(`'${source}': unknown or disallowed function '${name}' (allowed: ${[...UNARY, ...NARY, 'pow'].join(', ')})`);
    }
    default:
      throw new ExpressionError(`'${source}' is not a function of x alone: ${node.type.replace(/Node$/, '').toLowerCase()} expressions are not allowed`);
  }
}

function hasX(a: Ast): boolean {
  switch (a.k) {
    case 'x':
      return true;
    case 'num':
    case 'pi':
    case 'e':
      return false;
    case 'neg':
      return hasX(a.a);
    case 'fn':
      return a.args.some(hasX);
    default:
      return hasX(a.a) || hasX(a.b);
  }
}

function contains(a: Ast, names: Set<string>): boolean {
  switch (a.k) {
    case 'fn':
      return names.has(a.name) || a.args.some((b) => contains(b, names));
    case 'neg':
      return contains(a.a, names);
    case 'add':
    case 'sub':
    case 'mul':
    case 'div':
    case 'pow':
      return contains(a.a, names) || contains(a.b, names);
    default:
      return false;
  }
}

// ---------------------------------------------------------------------------------------------
// Float64 code generation

const MATH_FN: Record<string, string> = {
  abs: 'Math.abs', sign: 'Math.sign', sqrt: 'Math.sqrt', cbrt: 'Math.cbrt', exp: 'Math.exp', expm1: 'Math.expm1',
  log: 'Math.log', log1p: 'Math.log1p', sin: 'Math.sin', cos: 'Math.cos', tan: 'Math.tan', atan: 'Math.atan',
  sinh: 'Math.sinh', cosh: 'Math.cosh', tanh: 'Math.tanh', asinh: 'Math.asinh', max: 'Math.max', min: 'Math.min',
  erf: 'erf', erfc: 'erfc',
};

function jsCode(a: Ast): string {
  switch (a.k) {
    case 'x':
      return 'x';
    case 'num':
      return `(${String(a.v)})`;
    case 'pi':
      return 'Math.PI';
    case 'e':
      return 'Math.E';
    case 'neg':
      return `(-${jsCode(a.a)})`;
    case 'add':
      return `(${jsCode(a.a)} + ${jsCode(a.b)})`;
    case 'sub':
      return `(${jsCode(a.a)} - ${jsCode(a.b)})`;
    case 'mul':
      return `(${jsCode(a.a)} * ${jsCode(a.b)})`;
    case 'div':
      return `(${jsCode(a.a)} / ${jsCode(a.b)})`;
    case 'pow':
      return `Math.pow(${jsCode(a.a)}, ${jsCode(a.b)})`;
    case 'fn':
      return `${MATH_FN[a.name]}(${a.args.map(jsCode).join(', ')})`;
  }
}

function compileF64(a: Ast): (x: number) => number {
  // The code is assembled only from whitelisted names, operators and String(number) literals.
  const factory = new Function('erf', 'erfc', `"use strict"; return function phi(x) { return ${jsCode(a)}; };`) as (
    e: (x: number) => number,
    ec: (x: number) => number,
  ) => (x: number) => number;
  return factory(erf64, erfc64);
}

// ---------------------------------------------------------------------------------------------
// High-precision closures

type HpFn = (x: Decimal, D: DecimalCtor) => Decimal;

function hpFunction(name: FnName): (args: Decimal[], D: DecimalCtor) => Decimal {
  switch (name) {
    case 'abs':
      return ([u]) => u.abs();
    case 'sign':
      return ([u], D) => new D(u.isZero() ? 0 : u.isNegative() ? -1 : 1);
    case 'sqrt':
      return ([u], D) => D.sqrt(u);
    case 'cbrt':
      return ([u], D) => D.cbrt(u);
    case 'exp':
      return ([u], D) => D.exp(u);
    case 'expm1':
      // e^u − 1 loses log10(1/|u|) digits for small u: compute e^u with that many extra digits.
      return ([u], D) => {
        if (u.isZero()) return new D(0);
        const extra = u.abs().lt(1) ? Math.max(0, -u.abs().e) + 2 : 0;
        const W = D.clone({ precision: D.precision + extra });
        return new D(W.exp(u).minus(1)).toSignificantDigits(D.precision);
      };
    case 'log':
      return ([u], D) => D.ln(u);
    case 'log1p':
      return ([u], D) => log1pDecimal(new D(u), D);
    case 'sin':
      return ([u], D) => D.sin(u);
    case 'cos':
      return ([u], D) => D.cos(u);
    case 'tan':
      return ([u], D) => D.tan(u);
    case 'atan':
      return ([u], D) => D.atan(u);
    // decimal.js's sinh/cosh take 0.1 s at |u| = 5000; one exp is 200× faster (sinh via exp only where it cannot cancel).
    case 'sinh':
      return ([u], D) => {
        if (u.abs().lt(1)) return D.sinh(u);
        const e = D.exp(u);
        return e.minus(new D(1).div(e)).div(2);
      };
    case 'cosh':
      return ([u], D) => {
        const e = D.exp(u);
        return e.plus(new D(1).div(e)).div(2);
      };
    case 'tanh':
      return ([u], D) => tanhDecimal(u, D);
    case 'asinh':
      return ([u], D) => D.asinh(u);
    case 'erf':
      return ([u], D) => new D(erfDecimal(u, { precision: D.precision }));
    case 'erfc':
      return ([u], D) => new D(erfcDecimal(u, { precision: D.precision }));
    case 'max':
      return (us, D) => D.max(...us);
    case 'min':
      return (us, D) => D.min(...us);
  }
}

function compileHp(a: Ast): HpFn {
  switch (a.k) {
    case 'x':
      return (x) => x;
    case 'num': {
      const text = a.text;
      return (_x, D) => new D(text);
    }
    case 'pi':
      return (_x, D) => D.acos(-1);
    case 'e':
      return (_x, D) => D.exp(1);
    case 'neg': {
      const f = compileHp(a.a);
      return (x, D) => f(x, D).neg();
    }
    case 'add':
    case 'sub':
    case 'mul':
    case 'div':
    case 'pow': {
      const f = compileHp(a.a);
      const g = compileHp(a.b);
      const k = a.k;
      return (x, D) => {
        const u = f(x, D);
        const v = g(x, D);
        switch (k) {
          case 'add':
            return u.plus(v);
          case 'sub':
            return u.minus(v);
          case 'mul':
            return u.times(v);
          case 'div':
            return u.div(v);
          default:
            return u.pow(v);
        }
      };
    }
    case 'fn': {
      const fs = a.args.map(compileHp);
      const h = hpFunction(a.name);
      return (x, D) => h(fs.map((f) => f(x, D)), D);
    }
  }
}

function evaluators(a: Ast): Evaluators {
  const f64 = compileF64(a);
  const h = compileHp(a);
  const hp = (x: Decimal, precision?: number): Decimal => {
    let D = x.constructor as DecimalCtor;
    if (precision !== undefined && precision !== D.precision) D = D.clone({ precision });
    return h(new D(x), D);
  };
  return { f64, hp };
}

// ---------------------------------------------------------------------------------------------
// Symbolic derivative

const ZERO: Ast = { k: 'num', text: '0', v: 0 };
const ONE: Ast = { k: 'num', text: '1', v: 1 };
const num = (text: string): Ast => ({ k: 'num', text, v: Number(text) });
const isNum = (a: Ast, v: number): boolean => a.k === 'num' && a.v === v && Number(a.text) === v;

function add(a: Ast, b: Ast): Ast {
  if (isNum(a, 0)) return b;
  if (isNum(b, 0)) return a;
  return { k: 'add', a, b };
}
function sub(a: Ast, b: Ast): Ast {
  if (isNum(b, 0)) return a;
  if (isNum(a, 0)) return { k: 'neg', a: b };
  return { k: 'sub', a, b };
}
function mul(a: Ast, b: Ast): Ast {
  if (isNum(a, 0) || isNum(b, 0)) return ZERO;
  if (isNum(a, 1)) return b;
  if (isNum(b, 1)) return a;
  return { k: 'mul', a, b };
}
function div(a: Ast, b: Ast): Ast {
  if (isNum(a, 0)) return ZERO;
  if (isNum(b, 1)) return a;
  return { k: 'div', a, b };
}
const fn = (name: FnName, ...args: Ast[]): Ast => ({ k: 'fn', name, args });
const pow = (a: Ast, b: Ast): Ast => ({ k: 'pow', a, b });

/** d a / dx; `sign` must have been excluded by the caller. */
function d(a: Ast): Ast {
  switch (a.k) {
    case 'x':
      return ONE;
    case 'num':
    case 'pi':
    case 'e':
      return ZERO;
    case 'neg': {
      const da = d(a.a);
      return isNum(da, 0) ? ZERO : { k: 'neg', a: da };
    }
    case 'add':
      return add(d(a.a), d(a.b));
    case 'sub':
      return sub(d(a.a), d(a.b));
    case 'mul':
      return add(mul(d(a.a), a.b), mul(a.a, d(a.b)));
    case 'div':
      return div(sub(mul(d(a.a), a.b), mul(a.a, d(a.b))), pow(a.b, num('2')));
    case 'pow': {
      const u = a.a;
      const v = a.b;
      if (!hasX(v)) return mul(mul(v, pow(u, sub(v, ONE))), d(u)); // v·u^{v−1}·u′
      // u^v·(v′ ln u + v u′/u)
      return mul(a, add(mul(d(v), fn('log', u)), div(mul(v, d(u)), u)));
    }
    case 'fn': {
      const u = a.args[0];
      const du = d(u);
      const chain = (outer: Ast): Ast => mul(outer, du);
      switch (a.name) {
        case 'abs':
          // a.e. derivative; sign(0) = 0 is the average of the one-sided derivatives at the kink
          return chain(fn('sign', u));
        case 'sqrt':
          return chain(div(num('0.5'), a));
        case 'cbrt':
          return chain(div(ONE, mul(num('3'), pow(a, num('2')))));
        case 'exp':
          return chain(a);
        case 'expm1':
          return chain(fn('exp', u));
        case 'log':
          return chain(div(ONE, u));
        case 'log1p':
          return chain(div(ONE, add(ONE, u)));
        case 'sin':
          return chain(fn('cos', u));
        case 'cos':
          return chain({ k: 'neg', a: fn('sin', u) });
        case 'tan':
          return chain(div(ONE, pow(fn('cos', u), num('2'))));
        case 'atan':
          return chain(div(ONE, add(ONE, pow(u, num('2')))));
        case 'sinh':
          return chain(fn('cosh', u));
        case 'cosh':
          return chain(fn('sinh', u));
        case 'tanh':
          // sech²u = 1/cosh²u rather than 1 − tanh²u, which cancels to 0 in Float64 for |u| > 19
          return chain(div(ONE, pow(fn('cosh', u), num('2'))));
        case 'asinh':
          return chain(div(ONE, fn('sqrt', add(ONE, pow(u, num('2'))))));
        case 'erf':
          // 2/√π·e^{−u²}
          return chain(mul(div(num('2'), fn('sqrt', { k: 'pi' })), fn('exp', { k: 'neg', a: pow(u, num('2')) })));
        case 'erfc':
          return chain({ k: 'neg', a: mul(div(num('2'), fn('sqrt', { k: 'pi' })), fn('exp', { k: 'neg', a: pow(u, num('2')) })) });
        case 'max':
        case 'min': {
          // d max(u, v, …) = derivative of the active argument; at a tie, the mean over the tied ones:
          // Σ_i [u_i = m] u_i′ / Σ_i [u_i = m], with [u_i = m] = 1 − |sign(u_i − m)|.
          let numer: Ast = ZERO;
          let denom: Ast = ZERO;
          for (const ui of a.args) {
            const ind = sub(ONE, fn('abs', fn('sign', sub(ui, a))));
            numer = add(numer, mul(ind, d(ui)));
            denom = add(denom, ind);
          }
          return div(numer, denom);
        }
        case 'sign':
          throw new ExpressionError('sign has no derivative (Dirac mass at its jump)');
      }
    }
  }
}

// ---------------------------------------------------------------------------------------------
// Breakpoints

/** [slope, intercept] if a is affine in x (with Float64 coefficients), else null. */
function affine(a: Ast): [number, number] | null {
  if (!hasX(a)) return [0, compileF64(a)(0)];
  switch (a.k) {
    case 'x':
      return [1, 0];
    case 'neg': {
      const p = affine(a.a);
      return p && [-p[0], -p[1]];
    }
    case 'add':
    case 'sub': {
      const p = affine(a.a);
      const q = affine(a.b);
      if (!p || !q) return null;
      return a.k === 'add' ? [p[0] + q[0], p[1] + q[1]] : [p[0] - q[0], p[1] - q[1]];
    }
    case 'mul': {
      const p = affine(a.a);
      const q = affine(a.b);
      if (!p || !q) return null;
      if (p[0] === 0) return [p[1] * q[0], p[1] * q[1]];
      if (q[0] === 0) return [q[1] * p[0], q[1] * p[1]];
      return null;
    }
    case 'div': {
      const p = affine(a.a);
      const q = affine(a.b);
      if (!p || !q || q[0] !== 0) return null;
      return [p[0] / q[1], p[1] / q[1]];
    }
    default:
      return null;
  }
}

function collectBreakpoints(a: Ast, out: Set<number>): boolean {
  let complete = true;
  const visit = (b: Ast): void => {
    switch (b.k) {
      case 'fn': {
        if (NON_SMOOTH.has(b.name)) {
          const diffs: Ast[] = b.name === 'abs' || b.name === 'sign' ? [b.args[0]] : [];
          if (b.name === 'max' || b.name === 'min') {
            for (let i = 0; i < b.args.length; i++) for (let j = i + 1; j < b.args.length; j++) diffs.push({ k: 'sub', a: b.args[i], b: b.args[j] });
          }
          for (const g of diffs) {
            if (!hasX(g)) continue;
            const p = affine(g);
            if (p === null || !Number.isFinite(p[0]) || !Number.isFinite(p[1])) complete = false;
            else if (p[0] !== 0) out.add(-p[1] / p[0] + 0); // + 0 turns −0 into 0
          }
        }
        b.args.forEach(visit);
        return;
      }
      case 'neg':
        visit(b.a);
        return;
      case 'add':
      case 'sub':
      case 'mul':
      case 'div':
      case 'pow':
        visit(b.a);
        visit(b.b);
        return;
      default:
        return;
    }
  };
  visit(a);
  return complete;
}

// ---------------------------------------------------------------------------------------------
// Public API

let parser: MathJsInstance | null = null;

/**
 * mathjs, loaded on first use (issue 16): built-in activations never load it. Loaded synchronously so that
 * {@link compileActivation} stays synchronous, from mathjs's single-file bundle (`mathjs/lib/browser/math.js`, an
 * exported entry of the same package and version): Node resolves one file instead of the ~1,500 modules of the
 * CommonJS build, measured 0.08–0.12 s against 0.63–0.69 s to load.
 */
function mathjs(): typeof import('mathjs') {
  return createRequire(import.meta.url)('mathjs/lib/browser/math.js') as typeof import('mathjs');
}

/** Options of {@link createMath}. */
export interface CreateMathOptions {
  /** Significant decimal digits of the instance's BigNumbers (default 64). */
  precision?: number;
}

/**
 * A mathjs instance with BigNumber numbers (64 digits by default) and erf/erfc registered for both number
 * (`core/erf.ts`, Cody) and BigNumber (`reference/erf.ts`, at the instance's precision), since mathjs
 * has erf for numbers only and no erfc.
 */
export function createMath(options: CreateMathOptions = {}): MathJsInstance {
  const { precision = 64 } = options;
  const { create, all } = mathjs();
  const math = create(all, { number: 'BigNumber', precision });
  const typed = math.typed as unknown as (name: string, sigs: Record<string, (x: never) => unknown>) => unknown;
  math.import(
    {
      erf: typed('erf', {
        number: (x: number) => erf64(x),
        BigNumber: (x: Decimal) => math.bignumber(erfDecimal(x, { precision }).toString()),
      }),
      erfc: typed('erfc', {
        number: (x: number) => erfc64(x),
        BigNumber: (x: Decimal) => math.bignumber(erfcDecimal(x, { precision }).toString()),
      }),
    },
    { override: true },
  );
  return math;
}

/**
 * Compiles an activation expression in x (e.g. `tanh(2*x)`, `2*tanh(2*x)`, `erf(3*x)`, `x`, `sign(x)`,
 * `max(x,0) - 1/sqrt(2*pi)`, `abs(x)`) into Float64 and high-precision evaluators, its derivative
 * (when defined, see the module comment) and its breakpoints.
 *
 * @throws {ExpressionError} if the text does not parse or is not a function of the single variable x
 *   (the message names the offending symbol, operator or function).
 */
export function compileActivation(expr: string): CompiledActivation {
  if (typeof expr !== 'string' || expr.trim() === '') throw new ExpressionError(`activation expression must be a non-empty string, got ${JSON.stringify(expr)}`);
  parser ??= createMath();
  let node: MathNode;
  try {
    node = parser.parse(expr);
  } catch (e) {
    throw new ExpressionError(`cannot parse '${expr}': ${(e as Error).message}`);
  }
  const ast = toAst(node as unknown as AnyNode, expr);
  const ev = evaluators(ast);
  const nonSmooth = contains(ast, NON_SMOOTH);
  const bps = new Set<number>();
  const complete = collectBreakpoints(ast, bps);
  const out: CompiledActivation = {
    source: expr,
    canonical: node.toString(),
    ...ev,
    nonSmooth,
    breakpoints: [...bps].sort((p, q) => p - q),
    breakpointsComplete: complete,
  };
  if (!contains(ast, new Set(['sign']))) {
    const der = evaluators(d(ast));
    out.derivative = der;
    out.df64 = der.f64;
  }
  return out;
}
