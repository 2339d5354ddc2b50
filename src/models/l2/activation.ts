/**
 * Activations of the L2-regularised networks of Jacot, Golikov, Hongler, Gabriel 2022
 * (arXiv 2205.15809, §2 and Props. 3–8).
 *
 * The positively homogeneous ones, \( \sigma(cx) = c\,\sigma(x) \) for c > 0 (equivalently Euler's
 * identity \( \sigma'(x)\,x = \sigma(x) \)), are ReLU, leaky ReLU(a), |x| and the identity: the
 * covariance form, neuron balance and sparsity need them (`shared/math/l2-feature-learning.md` §1, §3).
 * tanh, softplus and ReLU² are controls, for which those statements fail.
 *
 * Derivative convention at the kink x = 0: the right derivative of ReLU is not used; σ'(0) = 0 for
 * ReLU, |x| and ReLU², σ'(0) = a for leaky ReLU (any value keeps Euler's identity at 0).
 *
 * @module
 */
import { InputError } from '../../core/lemmataError.ts';

/** Thrown for an unknown or malformed activation name, or an invalid leaky slope. */
export class L2ActivationError extends InputError {
  override name = 'L2ActivationError';
}

/** The activation families. */
export type ActivationKind = 'relu' | 'leaky-relu' | 'abs' | 'identity' | 'tanh' | 'softplus' | 'relu2';

/** A scalar activation σ with its derivative. */
export interface L2Activation {
  /** The family. */
  readonly kind: ActivationKind;
  /** The name that {@link parseActivation} reads back, e.g. `relu` or `leaky-relu(0.1)`. */
  readonly name: string;
  /** True when σ(cx) = cσ(x) for every c > 0 (degree-1 positive homogeneity). */
  readonly homogeneous: boolean;
  /** σ(x). */
  value(x: number): number;
  /** σ'(x) (at a kink, the convention of the module doc). */
  derivative(x: number): number;
}

/** ReLU: \( \sigma(x) = \max(0, x) \), \( \sigma'(x) = 1_{x > 0} \). Positively homogeneous. */
export const relu: L2Activation = Object.freeze({
  kind: 'relu',
  name: 'relu',
  homogeneous: true,
  value: (x: number) => (x > 0 ? x : 0),
  derivative: (x: number) => (x > 0 ? 1 : 0),
});

/** |x|: \( \sigma(x) = |x| \), \( \sigma'(x) = \operatorname{sign} x \) (0 at 0). Positively homogeneous. */
export const absolute: L2Activation = Object.freeze({
  kind: 'abs',
  name: 'abs',
  homogeneous: true,
  value: (x: number) => Math.abs(x),
  derivative: (x: number) => (x > 0 ? 1 : x < 0 ? -1 : 0),
});

/** The identity (linear network): \( \sigma(x) = x \), \( \sigma' = 1 \). Positively homogeneous. */
export const identityActivation: L2Activation = Object.freeze({
  kind: 'identity',
  name: 'identity',
  homogeneous: true,
  value: (x: number) => x,
  derivative: () => 1,
});

/** tanh, \( \sigma' = 1 - \tanh^2 \). Not homogeneous (a control). */
export const tanhActivation: L2Activation = Object.freeze({
  kind: 'tanh',
  name: 'tanh',
  homogeneous: false,
  value: (x: number) => Math.tanh(x),
  derivative: (x: number) => {
    const t = Math.tanh(x);
    return 1 - t * t;
  },
});

/**
 * Softplus \( \sigma(x) = \log(1 + e^x) \), evaluated as \( \max(x,0) + \log 1p(e^{-|x|}) \) (no overflow);
 * \( \sigma'(x) = 1/(1 + e^{-x}) \). Not homogeneous (a control).
 */
export const softplus: L2Activation = Object.freeze({
  kind: 'softplus',
  name: 'softplus',
  homogeneous: false,
  value: (x: number) => (x > 0 ? x : 0) + Math.log1p(Math.exp(-Math.abs(x))),
  derivative: (x: number) => (x >= 0 ? 1 / (1 + Math.exp(-x)) : Math.exp(x) / (1 + Math.exp(x))),
});

/** ReLU²: \( \sigma(x) = \max(0,x)^2 \), \( \sigma'(x) = 2\max(0,x) \). Homogeneous of degree 2, not 1 (a control). */
export const relu2: L2Activation = Object.freeze({
  kind: 'relu2',
  name: 'relu2',
  homogeneous: false,
  value: (x: number) => (x > 0 ? x * x : 0),
  derivative: (x: number) => (x > 0 ? 2 * x : 0),
});

/**
 * Leaky ReLU with slope a: \( \sigma(x) = x \) for x > 0, \( a x \) otherwise; \( \sigma'(x) = 1_{x>0} + a\,1_{x \le 0} \).
 * Positively homogeneous for every finite a.
 *
 * @throws {L2ActivationError} if `a` is not finite.
 */
export function leakyRelu(a: number): L2Activation {
  if (typeof a !== 'number' || !Number.isFinite(a)) throw new L2ActivationError(`leaky ReLU slope a must be a finite number, got ${a}`);
  return Object.freeze({
    kind: 'leaky-relu' as const,
    name: `leaky-relu(${a})`,
    homogeneous: true,
    value: (x: number) => (x > 0 ? x : a * x),
    derivative: (x: number) => (x > 0 ? 1 : a),
  });
}

/** The positively homogeneous activations (with leaky ReLU at a = 0.1). */
export const HOMOGENEOUS_ACTIVATIONS: readonly L2Activation[] = Object.freeze([relu, leakyRelu(0.1), absolute, identityActivation]);

/** The non-homogeneous controls. */
export const CONTROL_ACTIVATIONS: readonly L2Activation[] = Object.freeze([tanhActivation, softplus, relu2]);

const BY_NAME: Record<string, L2Activation> = {
  relu,
  abs: absolute,
  identity: identityActivation,
  linear: identityActivation,
  tanh: tanhActivation,
  softplus,
  relu2,
};

/**
 * The activation named `name`: `relu`, `leaky-relu(a)` (e.g. `leaky-relu(0.1)`), `abs`, `identity`
 * (alias `linear`), `tanh`, `softplus` or `relu2`. Reads back every {@link L2Activation.name}.
 *
 * One rule for every name: surrounding spaces are ignored and letters match **case-insensitively** (`ReLU`, `RELU`
 * and `relu` are the same, as are `Leaky-ReLU(0.1)` and `leaky-relu(0.1)`); between `leaky` and `relu` the separator
 * may be `-`, `_` or nothing.
 *
 * @throws {L2ActivationError} naming the bad string.
 */
export function parseActivation(name: string): L2Activation {
  if (typeof name !== 'string') throw new L2ActivationError(`activation must be a string, got ${JSON.stringify(name)}`);
  const s = name.trim().toLowerCase();
  const hit = Object.hasOwn(BY_NAME, s) ? BY_NAME[s] : undefined;
  if (hit) return hit;
  const m = /^leaky[-_]?relu\(\s*([^)]*)\s*\)$/.exec(s);
  if (m) {
    const a = Number(m[1]);
    if (m[1].trim() === '' || !Number.isFinite(a)) throw new L2ActivationError(`activation '${name}': leaky ReLU slope must be a finite number`);
    return leakyRelu(a);
  }
  throw new L2ActivationError(
    `unknown activation '${name}': expected relu, leaky-relu(a), abs, identity, tanh, softplus or relu2 (case-insensitive)`,
  );
}
