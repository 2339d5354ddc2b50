/**
 * How the named numbers of a verdict ({@link ClaimNumbers}) read in every report: the claimed value,
 * the observed value with its standard error, and the gap in standard errors. Plain text; each renderer
 * escapes it for its format.
 *
 * @module
 */
import type { ClaimNumbers } from './verdict.ts';

/** Options of {@link fmtNum}. */
export interface FmtNumOptions {
  /** Significant digits (default 4). */
  digits?: number;
}

/** A number with `digits` significant digits and no trailing zeros (`—` for null or non-finite values). */
export function fmtNum(x: number | null | undefined, options: FmtNumOptions = {}): string {
  const { digits = 4 } = options;
  if (x === null || x === undefined || Number.isNaN(x)) return '—';
  if (!Number.isFinite(x)) return x > 0 ? '∞' : '−∞';
  const a = Math.abs(x);
  // Exponent notation outside [1e-4, 1e6): 4.74e+8 reads better than 474000000.
  const s = a !== 0 && (a >= 1e6 || a < 1e-4) ? x.toExponential(digits - 1).replace(/\.?0+e/, 'e') : String(Number(x.toPrecision(digits)));
  return s.replace(/^-/, '−');
}

/** What was claimed: the text form when the kind gave one, else `label = value`. */
export function claimedText(n: ClaimNumbers, o: { label?: boolean } = {}): string {
  const v = n.claimed.text ?? fmtNum(n.claimed.value, { digits: 6 });
  const withUnit = n.unit && n.claimed.text === undefined && n.claimed.value !== null ? `${v} ${n.unit}` : v;
  if (o.label === false) return withUnit;
  return n.claimed.text !== undefined ? `${n.claimed.label} ${withUnit}` : `${n.claimed.label} = ${withUnit}`;
}

/** What was observed: `value ± se` (or the text form), with the label unless `label: false`. */
export function observedText(n: ClaimNumbers, o: { label?: boolean } = {}): string {
  const ob = n.observed;
  let v: string;
  if (ob.value === null) v = ob.text ?? '—';
  else v = `${fmtNum(ob.value, { digits: 4 })}${ob.se !== null && Number.isFinite(ob.se) ? ` ± ${fmtNum(ob.se, { digits: 2 })}` : ''}${n.unit ? ` ${n.unit}` : ''}`;
  if (o.label === false) return v;
  return ob.value === null && ob.text !== undefined ? v : `${ob.label} = ${v}`;
}

/** The gap (observed − claimed)/se as `+1.3 se` (`—` without a standard error). */
export function gapText(n: ClaimNumbers): string {
  const g = n.gapSe;
  if (g === null || Number.isNaN(g)) return '—';
  if (!Number.isFinite(g)) return g > 0 ? '+∞ se' : '−∞ se';
  const a = Math.abs(g);
  const body = a < 10 ? a.toFixed(1) : a < 1e4 ? a.toFixed(0) : a.toExponential(1);
  return `${g < 0 ? '−' : '+'}${body} se`;
}
