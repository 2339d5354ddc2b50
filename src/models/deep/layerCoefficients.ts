/**
 * Gaussian-equivalence coefficients of one hidden layer at pre-activation variance r, in Float64 and in
 * high precision.
 *
 * For h ~ N(0, r) (shared/math/deep-gaussian-equivalence.md §2; Cui, Krzakala, Zdeborová 2023,
 * arXiv 2302.00375, eq. (6)):
 * \[ \kappa_0 = \mathbb E\varphi(h),\quad \kappa_1 = \mathbb E\varphi'(h) = \mathbb E[h\varphi(h)]/r,\quad
 *    q = \mathbb E\varphi(h)^2,\quad \varepsilon = q - \kappa_0^2 - r\kappa_1^2 = \sum_{k\ge2}\mu_k^2/k!, \]
 * μ_k(r) = E[φ(√r g) He_k(g)] the probabilists' Hermite coefficients. One layer φ(Wh/√d) then behaves like
 * κ0 + κ1 Wh/√d + √ε ξ with fresh Gaussian ξ.
 *
 * Float64: ε is integrated directly as E[(φ(h) − κ0 − κ1 h)²] ≥ 0, which keeps its relative accuracy when
 * φ is nearly linear (q − rκ1² would cancel). High precision: one pass for E φ, E hφ, E φ² at P + 10 digits,
 * where the cancellation in q − κ0² − rκ1² costs only a few of the guard digits.
 *
 * @module
 */
import { InputError } from '../../core/lemmataError.ts';
import type { Decimal } from 'decimal.js';
import { gaussianExpectation } from '../../core/gaussianExpectation.ts';
import { decimalContext, GUARD_DIGITS, precisionOf, toDecimal, type PrecisionOptions } from '../../reference/decimal.ts';
import { gaussianIntegralsDecimal } from '../../reference/quadrature.ts';
import { DimensionError } from '../../core/matrix.ts';
import { ActivationError, NonCentredActivationError, type Activation, type LayerActivation } from './activation.ts';
import { integrationWindow } from './integrationWindow.ts';

/** Coefficients of one layer at variance r (Float64). `center` is the constant subtracted (0 unless centred). */
export interface LayerCoefficients {
  r: number;
  kappa0: number;
  kappa1: number;
  q: number;
  eps: number;
  center: number;
}

/** Coefficients of one layer in high precision (decimal.js values rounded to the requested digits). */
export interface LayerCoefficientsDecimal {
  r: Decimal;
  kappa0: Decimal;
  kappa1: Decimal;
  q: Decimal;
  eps: Decimal;
  center: Decimal;
}

/** Thrown for an invalid variance. */
export class VarianceError extends InputError {
  override name = 'VarianceError';
}

/**
 * |κ0| below this multiple of √(E φ²) is "centred": the Float64 quadrature is accurate to ~1e-14
 * relative, so 1e-12 leaves a factor 100 of headroom while any genuine mean (ReLU: √(r/2π)/√(r/2) = 0.56)
 * is eleven orders larger.
 */
export const CENTRED_TOL = 1e-12;

/** ε ≤ this·q is below the Float64 quadrature's resolution (relative error 1e-14 of κ1 and q) and reported as 0. */
export const EPS_RESOLUTION = 1e-14;

function checkR(r: number, name = 'r'): void {
  if (!Number.isFinite(r) || !(r > 0)) throw new VarianceError(`${name} (the pre-activation variance) must be positive and finite, got ${r}`);
}

function nonCentred(name: string, kappa0: number, r: number): NonCentredActivationError {
  return new NonCentredActivationError(
    `activation '${name}' is not centred: κ0 = E φ(h) = ${kappa0.toPrecision(6)} ≠ 0 at variance r = ${r.toPrecision(6)}; ` +
      'the deep Gaussian equivalence holds for centred activations (a non-zero mean adds a mean direction the effective GLM lacks): ' +
      'use a centred activation or request centring (φ − κ0(r), e.g. --center)',
  );
}

/**
 * κ0, κ1, q, ε of the layer at variance r (Float64, quadrature of `core/gaussianExpectation.ts`, or
 * the activation's closed form when `closedForm` is true and one exists).
 *
 * @throws {VarianceError} if r is not positive and finite.
 * @throws {NonCentredActivationError} if |κ0| > CENTRED_TOL·√(Eφ²) and the layer is not centred.
 */
export function layerCoefficients(layer: LayerActivation, r: number, opts: { closedForm?: boolean } = {}): LayerCoefficients {
  checkR(r);
  const act = layer.activation;
  let k0: number;
  let k1: number;
  let m2: number;
  let integrate: ((f: (x: number) => number, absTol?: number) => number) | null = null;
  if (opts.closedForm && act.closedForm) {
    const c = act.closedForm(r);
    [k0, k1, m2] = [c.kappa0, c.kappa1, c.q];
  } else {
    integrate = float64Integrator(act, r);
    k0 = act.odd ? 0 : integrate(act.f);
    k1 = integrate((x) => x * act.f(x)) / r;
    m2 = integrate((x) => act.f(x) ** 2);
  }
  if (!Number.isFinite(m2) || !Number.isFinite(k1) || !Number.isFinite(k0)) {
    throw new ActivationError(`activation '${act.name}' at variance r = ${r.toPrecision(6)}: E φ(h)² = ${m2.toPrecision(3)} is outside the Float64 range; use --precision`);
  }
  if (!layer.center && Math.abs(k0) > CENTRED_TOL * Math.sqrt(m2)) throw nonCentred(act.name, k0, r);
  const center = layer.center ? k0 : 0;
  const kappa0 = k0 - center;
  const q = m2 - center * (2 * k0 - center);
  let eps: number;
  if (integrate === null) eps = Math.max(0, q - kappa0 * kappa0 - r * k1 * k1);
  else eps = integrate((x) => (act.f(x) - k0 - k1 * x) ** 2, 1e-17 * m2);
  // Below the quadrature's resolution (κ1 carries relative error ~1e-14, so (φ − κ1h)² can be ~1e-28·q for an exactly
  // linear φ), ε is indistinguishable from 0: report 0, so that a linear network is recognised as noiseless.
  if (eps <= EPS_RESOLUTION * q) eps = 0;
  return { r, kappa0, kappa1: k1, q, eps, center };
}

/** ln of the largest double: a Gaussian integral whose peak integrand exceeds e^{700} may overflow Float64. */
const LOG_FLOAT64_MAX = 700;

/**
 * The Float64 Gaussian integrals of one activation at variance r, on the window of {@link integrationWindow}
 * (truncation |g| ≤ max(10, window); the line cut at 0 for a wide Gaussian), each required to converge.
 *
 * @throws {ActivationError} if φ is undefined or not square-integrable (from the scan), if the integrand overflows
 *   Float64, or if a quadrature does not converge (a pole or a non-integrable singularity on the line, e.g. tan(x),
 *   1/(x − 0.3)).
 */
function float64Integrator(act: Activation, r: number): (f: (x: number) => number, absTol?: number) => number {
  const win = integrationWindow(act, r, { logTail: 45, minTruncation: 10 });
  if (win.logPeak > LOG_FLOAT64_MAX) {
    throw new ActivationError(`activation '${act.name}' at variance r = ${r.toPrecision(6)}: E φ(h)² ≈ 10^${Math.round(win.logPeak / Math.LN10)} is outside the Float64 range; use --precision`);
  }
  // Integrate in g = h/√r against N(0, 1), evaluating f at √r·g: in h itself the rule would square x ~ √r·g (overflow
  // beyond r ~ 1e154 zeroes the Gaussian weight of every node past g ≈ 1). Same nodes as before for the trapezoid rule.
  const sr = Math.sqrt(r);
  const breakpoints = (win.wide ? [...new Set([...act.breakpoints, 0])] : act.breakpoints).map((b) => b / sr);
  return (f, absTol) => {
    let res;
    try {
      res = gaussianExpectation((g) => f(sr * g), 1, { breakpoints, truncation: win.truncation, ...(absTol !== undefined ? { absTol } : {}) });
    } catch (e) {
      if (e instanceof DimensionError) {
        throw new ActivationError(`activation '${act.name}' at variance r = ${r.toPrecision(6)}: ${e.message.replace(/^gaussianExpectation: /, '')} in Float64 inside the integration window (|h| ≤ ${win.truncation}√r); use --precision`);
      }
      throw e;
    }
    if (!res.converged) throw notConverged(act.name, r.toPrecision(6), res.errorEstimate.toPrecision(2));
    return res.value;
  };
}

function notConverged(name: string, r: string, err: string): ActivationError {
  return new ActivationError(
    `the Gaussian integrals of activation '${name}' at variance r = ${r} did not converge (last change ${err}): φ has a pole or a non-integrable singularity on the real line, so E φ(h)² is infinite`,
  );
}

/**
 * The same coefficients in high precision (decimal.js, default 50 digits), from one shared quadrature
 * of E φ, E hφ, E φ² (`reference/quadrature.ts`). `r` may be a Decimal (propagated variances stay exact).
 *
 * @throws {VarianceError} if r is not positive and finite.
 * @throws {NonCentredActivationError} as {@link layerCoefficients} (threshold 10^{−(P−10)} relative).
 */
export function layerCoefficientsDecimal(layer: LayerActivation, r: Decimal.Value, opts: PrecisionOptions = {}): LayerCoefficientsDecimal {
  const P = precisionOf(opts);
  const W = decimalContext({ precision: P + GUARD_DIGITS });
  const D = decimalContext({ precision: P });
  const R = toDecimal(r, W, 'r');
  if (!(R.isPositive() && !R.isZero())) throw new VarianceError(`r (the pre-activation variance) must be positive, got ${R.toString()}`);
  const act = layer.activation;
  // The scan's K: every scanned point within 10^{−(P + 15)} of the peak lies inside the window.
  const win = integrationWindow(act, R, { logTail: (P + GUARD_DIGITS + 5) * Math.LN10, minTruncation: 0 });
  const breakpoints = win.wide ? [...new Set([...act.breakpoints, 0])] : act.breakpoints;
  const defaultL = Math.sqrt(2 * Math.LN10 * (P + 2 * GUARD_DIGITS)) + 1; // the quadrature's own default at P + 10 digits
  let res;
  try {
    res = gaussianIntegralsDecimal(
      (x) => {
        const y = act.dec(x);
        return [y, x.times(y), y.times(y)];
      },
      3,
      R,
      { precision: P + GUARD_DIGITS, ...(breakpoints.length ? { breakpoints } : {}), ...(win.truncation > defaultL ? { truncation: win.truncation } : {}) },
    );
  } catch (e) {
    if (e instanceof DimensionError) throw new ActivationError(`activation '${act.name}' at variance r = ${R.toSignificantDigits(6).toString()}: ${e.message}`);
    throw e;
  }
  if (!res.converged) throw notConverged(act.name, R.toSignificantDigits(6).toString(), res.lastDifferences[2].toSignificantDigits(2).toString());
  const [e0, e1, e2] = res.values.map((v) => new W(v));
  const k0 = act.odd ? new W(0) : e0;
  if (!layer.center && k0.abs().gt(e2.sqrt().times(new W(10).pow(-(P - 10))))) throw nonCentred(act.name, k0.toNumber(), R.toNumber());
  const center = layer.center ? k0 : new W(0);
  const kappa0 = k0.minus(center);
  const kappa1 = e1.div(R);
  const q = e2.minus(center.times(k0.times(2).minus(center)));
  let eps = q.minus(kappa0.times(kappa0)).minus(R.times(kappa1).times(kappa1));
  // Below the reference's resolution (P digits), ε is 0 (exactly linear φ).
  if (eps.lte(q.abs().times(new W(10).pow(-P)))) eps = new W(0);
  const out = (v: Decimal) => new D(v).toSignificantDigits(P);
  return { r: out(R), kappa0: out(kappa0), kappa1: out(kappa1), q: out(q), eps: out(eps), center: out(center) };
}
