/**
 * Where the Gaussian integrals of an activation live, and whether they exist: a scan of the log-integrand
 * \( \ell(g) = 2\ln|\varphi(\sqrt r\,g)| - g^2/2 \) (the integrand of E φ(h)², h = √r g ~ N(0, r), up to the
 * constant −½ ln 2π) on a grid of g, before any quadrature runs.
 *
 * What it decides (issue 10: an activation that is not square-integrable under the layer's Gaussian, or undefined
 * somewhere on the line, must be refused, never integrated to a finite number):
 * - **Domain.** φ must be finite at every real x. A NaN at a scanned point (log(x), sqrt(x) at x < 0) or an infinite
 *   value that high precision confirms (1/x at 0) is refused. Float64 overflow alone (x^1e9 at x = 2) is not: the
 *   point is re-evaluated in decimal.js (20 digits, exponent range 10^{±9e15}), and only its logarithm is kept.
 * - **Tail growth.** Square-integrability needs ℓ(g) → −∞. The window is the smallest scanned |g| beyond which every
 *   scanned ℓ is below ℓ_max − K (K = `logTail`: 45 in Float64, e^{−45} ≈ 3e-20 of the peak; (P + 15)·ln 10 in
 *   high precision). If ℓ is still within K of its peak at the end of the scan, |g| = {@link SCAN_LIMIT} standard
 *   deviations, E φ(h)² is refused: it is infinite (φ² grows at least like the inverse Gaussian weight, e.g.
 *   x·e^{x²/4} at r = 1 has ℓ(g) = 2 ln g) or its mass lies too far out to integrate reliably. This is a test
 *   on a grid, not a proof: it inspects ℓ at 2·(8·16 + 4·2) + 1 points, and assumes that ℓ does not rise again
 *   between the last scanned point and infinity (true for every expression of the grammar whose growth is at most
 *   polynomial × exponential of a polynomial in x, whose ℓ is eventually monotone).
 * - **Scale.** For a wide Gaussian the points x = ±2^k (|k| ≤ 20) are scanned too, so that features of φ at |x| ~ 1
 *   are seen although they lie between g = 0 and the grid's first point. The quadratures integrate |g| ≤ max(default, window); a wide Gaussian (√r > 2, features of φ much
 *   narrower than a standard deviation) is flagged so that the quadrature cuts the line at 0 and uses the
 *   double-exponential rule, which clusters nodes near the cut double-exponentially (tanh at r = 1e8 has its
 *   transition at |g| ~ 1e-4).
 *
 * @module
 */
import type { Decimal } from 'decimal.js';
import { decimalContext } from '../../reference/decimal.ts';
import { ActivationError, type Activation } from './activation.ts';

/** Scan grid: g = k/8 for 0 ≤ k ≤ 128 (|g| ≤ 16), then 16·2^{j/4} up to 64 standard deviations. */
export const SCAN_LIMIT = 64;

/** √r above which the quadrature cuts the line at 0 (double-exponential rule) rather than using the trapezoid rule. */
export const WIDE_SCALE = 2;

/** Points x = ±2^k, |k| ≤ 20, probed in addition when the Gaussian is wide (√r > WIDE_SCALE). */
const X_PROBES: number[] = Array.from({ length: 41 }, (_, i) => 2 ** (i - 20));

const SCAN: number[] = (() => {
  const g: number[] = [];
  for (let k = 0; k <= 128; k++) g.push(k / 8);
  for (let j = 1; 16 * 2 ** (j / 4) <= SCAN_LIMIT * (1 + 1e-12); j++) g.push(16 * 2 ** (j / 4));
  return g;
})();

/** The scan's verdict. */
export interface IntegrationWindow {
  /** Truncation |g| ≤ L (standard deviations) holding all but e^{−K} of the peak of the integrand of E φ². */
  truncation: number;
  /** max ℓ over the scan: ln of the largest value of φ(√r g)² e^{−g²/2}. */
  logPeak: number;
  /** Whether √r > {@link WIDE_SCALE} (the quadrature should cut the line at 0). */
  wide: boolean;
}

const D20 = decimalContext({ precision: 20 });

function fmt(x: Decimal): string {
  const n = x.toNumber();
  return Number.isFinite(n) ? String(Number(n.toPrecision(6))) : x.toSignificantDigits(6).toString();
}

/**
 * ln|φ(x)| at x = s·g, in Float64 when φ is finite there and in decimal.js (20 digits) when Float64 overflows
 * (or x itself is beyond Float64).
 *
 * @throws {ActivationError} if φ is undefined (NaN) or infinite at x.
 */
function logAbsPhi(act: Activation, s: Decimal, g: number): number {
  const xd = s.times(g);
  const x = xd.toNumber();
  if (Number.isFinite(x)) {
    const v = act.f(x);
    if (Number.isFinite(v)) return Math.log(Math.abs(v));
    // Not finite in Float64 (overflow, or Inf − Inf = NaN): decide in high precision.
  }
  let y: Decimal;
  try {
    y = act.dec(new D20(xd));
  } catch {
    throw undefinedAt(act, xd, 'undefined');
  }
  if (y.isNaN()) throw undefinedAt(act, xd, 'NaN');
  if (!y.isFinite()) throw undefinedAt(act, xd, y.toString());
  if (y.isZero()) return -Infinity;
  const l = y.abs().ln().toNumber();
  return l;
}

function undefinedAt(act: Activation, x: Decimal, v: string): ActivationError {
  return new ActivationError(`activation '${act.name}' is not finite at x = ${fmt(x)} (φ(x) = ${v}): an activation must be finite at every real x and square-integrable under the layer's Gaussian`);
}

/**
 * Scans ℓ(g) = 2 ln|φ(√r g)| − g²/2 and returns the integration window (see the module comment).
 *
 * @param r the pre-activation variance (a number or a Decimal: propagated variances may exceed Float64).
 * @param opts.logTail K: the window holds every scanned point within e^{−K} of the peak.
 * @param opts.minTruncation the quadrature's default truncation (the window is never narrower).
 * @throws {ActivationError} if φ is not finite at a scanned point, or E φ(h)² is infinite / beyond the scan.
 */
export function integrationWindow(act: Activation, r: Decimal.Value, opts: { logTail: number; minTruncation: number }): IntegrationWindow {
  const R = new D20(r);
  if (!R.isFinite() || !R.gt(0)) throw new ActivationError(`the variance r of activation '${act.name}' must be positive and finite, got ${R.toString()}`);
  const s = R.sqrt();
  const wide = s.gt(WIDE_SCALE);
  // A wide Gaussian puts φ's features (at |x| ~ 1) between the grid's first two points: probe x = ±2^k, |k| ≤ 20, too.
  const grid = wide ? [...new Set([...SCAN, ...X_PROBES.map((x) => new D20(x).div(s).toNumber()).filter((g) => g > 0 && g < SCAN_LIMIT)])].sort((a, b) => a - b) : SCAN;
  const ell = new Float64Array(grid.length); // max over ±g
  let logPeak = -Infinity;
  for (let i = 0; i < grid.length; i++) {
    const g = grid[i];
    const a = logAbsPhi(act, s, g);
    const b = g === 0 ? a : logAbsPhi(act, s, -g);
    const l = 2 * Math.max(a, b) - 0.5 * g * g;
    ell[i] = Number.isNaN(l) ? -Infinity : l;
    if (ell[i] > logPeak) logPeak = ell[i];
  }
  if (logPeak === -Infinity) throw new ActivationError(`activation '${act.name}' vanishes at every scanned point (|h| ≤ ${SCAN_LIMIT}√r, and |h| = 2^±20 for wide Gaussians) at r = ${fmt(R)}: E φ(h)² is 0 or below what this calculator resolves`);
  const cut = logPeak - opts.logTail;
  let last = -1;
  for (let i = grid.length - 1; i >= 0; i--) {
    if (ell[i] >= cut) {
      last = i;
      break;
    }
  }
  if (last >= grid.length - 2) {
    throw new ActivationError(
      `activation '${act.name}' is not square-integrable under the layer's Gaussian N(0, r = ${fmt(R)}): φ(h)²·e^{−h²/(2r)} has not decayed at |h| = ${SCAN_LIMIT}√r ` +
        `(ln of the integrand ${ell[grid.length - 1].toFixed(1)} vs ${logPeak.toFixed(1)} at its peak), so E φ(h)² is infinite or its mass lies beyond ${SCAN_LIMIT} standard deviations`,
    );
  }
  const truncation = Math.max(opts.minTruncation, grid[last + 1]);
  return { truncation, logPeak, wide };
}
