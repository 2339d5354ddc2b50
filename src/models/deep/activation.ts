/**
 * The activation registry of the deep model: built-in activations (linear, tanh, erf, sign, ReLU and
 * centred ReLU) and activations given as expressions in x (parsed by mathjs through
 * `src/reference/expression.ts`), each evaluable in Float64 and in high precision (decimal.js).
 *
 * Convention (Cui, Krzakala, Zdeborová 2023, arXiv 2302.00375, §2; Camilli et al. 2025, arXiv
 * 2505.03577): a hidden layer maps its pre-activation h ~ N(0, r) to φ(h). The deep Gaussian
 * equivalence is stated for **centred** activations, κ0 = E φ(h) = 0: a non-zero mean adds a rank-one
 * "mean direction" to every layer, which the effective GLM does not contain. A non-centred activation is
 * therefore rejected unless centring is asked for, in which case the layer uses φ(h) − κ0(r_l), the
 * centring constant being evaluated at the layer's own propagated variance r_l (for ReLU, √(r_l/2π)).
 *
 * @module
 */
import { InputError } from '../../core/lemmataError.ts';
import type { Decimal } from 'decimal.js';
import { erf } from '../../core/erf.ts';
import { tanhDecimal, type DecimalCtor } from '../../reference/decimal.ts';
import { erfDecimal } from '../../reference/erf.ts';
import { compileActivation } from '../../reference/expression.ts';

/** Thrown for an unknown or unparsable activation. */
export class ActivationError extends InputError {
  override name = 'ActivationError';
}

/** Thrown for an activation with κ0 = E φ(h) ≠ 0 when centring was not requested. */
export class NonCentredActivationError extends InputError {
  override name = 'NonCentredActivationError';
}

/**
 * An activation φ: R → R.
 *
 * - `f` evaluates in Float64;
 * - `dec` evaluates in the precision of its argument's decimal.js constructor (callers pass Decimals of
 *   the working precision of the quadrature);
 * - `breakpoints` are the points where φ or φ′ is not smooth (0 for sign and ReLU): the quadrature cuts
 *   the line there;
 * - `df` is φ′ where it exists; `jumps` are the jumps of φ (φ′ then carries a Dirac mass of that size),
 *   so that the Stein identity κ1 = E φ′(h) = E[hφ(h)]/r can be checked for sign too;
 * - `closedForm`, when known, gives κ0, κ1 and E φ² at variance r exactly (used as an independent check).
 */
export interface Activation {
  /** Canonical name, e.g. `tanh`, `relu`, or the expression text. */
  name: string;
  f: (x: number) => number;
  dec: (x: Decimal) => Decimal;
  df?: (x: number) => number;
  jumps?: ReadonlyArray<{ at: number; size: number }>;
  breakpoints: readonly number[];
  /** Odd activations are centred at every r (κ0 = 0 exactly). */
  odd?: boolean;
  closedForm?: (r: number) => { kappa0: number; kappa1: number; q: number };
}

const SQRT_PI = Math.sqrt(Math.PI);

/** A decimal.js constructor's precision, read from a value. */
function precisionOfValue(x: Decimal): number {
  return (x.constructor as unknown as { precision: number }).precision;
}

/**
 * The built-in activations. Closed forms (shared/math/deep-gaussian-equivalence.md §2):
 * erf: \( \kappa_1 = 2/\sqrt{\pi(1+2r)} \), \( q = \tfrac2\pi\arcsin\frac{2r}{1+2r} \);
 * sign: \( \kappa_1 = \sqrt{2/(\pi r)} \), q = 1; ReLU: \( \kappa_0 = \sqrt{r/2\pi} \), κ1 = 1/2, q = r/2;
 * linear: κ1 = 1, q = r.
 */
export const BUILTIN_ACTIVATIONS: Readonly<Record<string, Activation>> = {
  linear: {
    name: 'linear',
    f: (x) => x,
    dec: (x) => x,
    df: () => 1,
    breakpoints: [],
    odd: true,
    closedForm: (r) => ({ kappa0: 0, kappa1: 1, q: r }),
  },
  tanh: {
    name: 'tanh',
    f: Math.tanh,
    dec: (x) => tanhDecimal(x, x.constructor as DecimalCtor),
    df: (x) => {
      const c = Math.cosh(x);
      return Number.isFinite(c) ? 1 / (c * c) : 0;
    },
    breakpoints: [],
    odd: true,
  },
  erf: {
    name: 'erf',
    f: erf,
    dec: (x) => erfDecimal(x, { precision: precisionOfValue(x) }),
    df: (x) => (2 / SQRT_PI) * Math.exp(-x * x),
    breakpoints: [],
    odd: true,
    // q = (2/π) asin(2r/(1+2r)); for r ≥ 1 as 1 − (4/π) asin(1/√(2(1+2r))) (π/2 − asin x = 2 asin √((1−x)/2)), since asin is
    // ill-conditioned near 1 (r = 1e12 would keep 10 digits).
    closedForm: (r) => ({ kappa0: 0, kappa1: 2 / Math.sqrt(Math.PI * (1 + 2 * r)), q: r < 1 ? (2 / Math.PI) * Math.asin((2 * r) / (1 + 2 * r)) : 1 - (4 / Math.PI) * Math.asin(1 / Math.sqrt(2 * (1 + 2 * r))) }),
  },
  sign: {
    name: 'sign',
    f: (x) => (x > 0 ? 1 : x < 0 ? -1 : 0),
    dec: (x) => {
      const C = x.constructor as unknown as new (v: number) => Decimal;
      return new C(x.isZero() ? 0 : x.isNegative() ? -1 : 1);
    },
    df: () => 0,
    jumps: [{ at: 0, size: 2 }],
    breakpoints: [0],
    odd: true,
    closedForm: (r) => ({ kappa0: 0, kappa1: Math.sqrt(2 / (Math.PI * r)), q: 1 }),
  },
  relu: {
    name: 'relu',
    f: (x) => (x > 0 ? x : 0),
    dec: (x) => (x.isPositive() && !x.isZero() ? x : x.minus(x)),
    df: (x) => (x > 0 ? 1 : 0),
    breakpoints: [0],
    closedForm: (r) => ({ kappa0: Math.sqrt(r / (2 * Math.PI)), kappa1: 0.5, q: r / 2 }),
  },
};

/** Names accepted for the built-ins (aliases map to the canonical name; `crelu` = ReLU with centring). */
const ALIASES: Readonly<Record<string, { name: string; center: boolean }>> = {
  linear: { name: 'linear', center: false },
  identity: { name: 'linear', center: false },
  id: { name: 'linear', center: false },
  tanh: { name: 'tanh', center: false },
  erf: { name: 'erf', center: false },
  sign: { name: 'sign', center: false },
  relu: { name: 'relu', center: false },
  crelu: { name: 'relu', center: true },
  'centred-relu': { name: 'relu', center: true },
  'centered-relu': { name: 'relu', center: true },
};

/** One hidden layer's activation: φ, and whether the layer subtracts κ0(r_l) (centring). */
export interface LayerActivation {
  activation: Activation;
  center: boolean;
}

/**
 * Compiles an expression in x (mathjs syntax, e.g. `tanh(2*x)`) into an {@link Activation}, through
 * `reference/expression.ts` (`compileActivation`), which evaluates it both in Float64 and in high precision.
 *
 * @throws {ActivationError} if the expression does not parse or is not a function of x alone.
 */
export function expressionActivation(expr: string): Activation {
  let c: unknown;
  try {
    c = compileActivation(expr);
  } catch (e) {
    throw new ActivationError(`cannot parse activation '${expr}': ${(e as Error).message}`);
  }
  return fromCompiled(expr, c);
}

/** Adapts a `CompiledActivation` of `reference/expression.ts` (f64, hp, df64, breakpoints) to an {@link Activation}. */
function fromCompiled(expr: string, c: unknown): Activation {
  const o = c as { f64?: (x: number) => number; hp?: (x: Decimal, p?: number) => Decimal; df64?: (x: number) => number; breakpoints?: number[]; breakpointsComplete?: boolean };
  if (typeof o.f64 !== 'function' || typeof o.hp !== 'function') throw new ActivationError(`the compiled activation '${expr}' lacks a Float64 or a high-precision evaluator`);
  if (o.breakpointsComplete === false) throw new ActivationError(`activation '${expr}': its kinks are not at points affine in x, so the quadrature cannot place them; rewrite it with abs/sign/max/min of affine arguments`);
  const f = o.f64;
  const hp = o.hp;
  const df = o.df64;
  return {
    name: expr,
    f,
    dec: (x) => hp(x),
    ...(df ? { df } : {}),
    breakpoints: o.breakpoints ?? [],
  };
}

/** Options of {@link resolveActivation} and {@link builtinLayer}. */
export interface LayerActivationOptions {
  /** Centre the activation, φ − κ0(r_l) (default false; `crelu` implies it). */
  center?: boolean;
}

/**
 * Resolves an activation spec: a built-in name (`linear`, `tanh`, `erf`, `sign`, `relu`, `crelu`) or an
 * expression in x. `center` requests centring (φ − κ0(r_l)); `crelu` implies it.
 *
 * @throws {ActivationError} for an empty or unparsable spec.
 */
export function resolveActivation(spec: string, options: LayerActivationOptions = {}): LayerActivation {
  const { center = false } = options;
  if (typeof spec !== 'string' || spec.trim() === '') throw new ActivationError(`activation must be a non-empty name or expression in x, got ${JSON.stringify(spec)}`);
  const key = spec.trim();
  const alias = ALIASES[key.toLowerCase()];
  if (alias) return { activation: BUILTIN_ACTIVATIONS[alias.name], center: center || alias.center };
  return { activation: expressionActivation(key), center };
}

/** The built-in `name` as a layer (synchronous; for specs and tests). @throws {ActivationError} for an unknown name. */
export function builtinLayer(name: string, options: LayerActivationOptions = {}): LayerActivation {
  const { center = false } = options;
  const alias = ALIASES[name.toLowerCase()];
  if (!alias) throw new ActivationError(`unknown built-in activation '${name}' (known: ${Object.keys(ALIASES).join(', ')})`);
  return { activation: BUILTIN_ACTIVATIONS[alias.name], center: center || alias.center };
}

/**
 * φ_c(x) = φ(c·x) (e.g. tanh(2x) from tanh), with φ_c′(x) = c·φ′(cx); odd and jump structure inherited.
 *
 * @throws {ActivationError} if c is not positive and finite.
 */
export function scaledActivation(act: Activation, c: number): Activation {
  if (!Number.isFinite(c) || !(c > 0)) throw new ActivationError(`scale c must be positive and finite, got ${c}`);
  const df = act.df;
  return {
    name: `${act.name}(${c}*x)`,
    f: (x) => act.f(c * x),
    dec: (x) => act.dec(x.times(c)),
    ...(df ? { df: (x: number) => c * df(c * x) } : {}),
    ...(act.jumps ? { jumps: act.jumps.map((j) => ({ at: j.at / c, size: j.size })) } : {}),
    breakpoints: act.breakpoints.map((b) => b / c),
    ...(act.odd ? { odd: true } : {}),
  };
}
