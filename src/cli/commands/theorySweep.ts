/**
 * Sweeps and output formats shared by `lemmata theory glm` and `lemmata theory deep` (issue 15): parameter axes
 * given as lists or ranges, aligned tables, CSV, and plot files.
 *
 * Axis syntax (for --alpha, --noise, --ridge-lambda):
 * - `A` or `A,B,C`: the listed values;
 * - `lo:hi:n`: n linearly spaced points lo + (hi − lo)·k/(n − 1), k = 0..n−1 (endpoints exact);
 * - `log:lo:hi:n`: n geometrically spaced points lo·(hi/lo)^{k/(n−1)} (endpoints exact; lo, hi > 0).
 * A grid is the product of the axes; at most {@link MAX_POINTS} points.
 *
 * @module
 */
import { writeFileSync } from 'node:fs';
import { UsageError } from '../usageError.ts';
import type { FlagDomain } from '../args.ts';
import { escapeXml } from '../../harness/escape.ts';

/** Largest number of grid points of one call. */
export const MAX_POINTS = 100_000;

/** A parsed axis: the Float64 values, their decimal texts (used exactly in high precision), and whether it is geometric. */
export interface Axis {
  values: number[];
  texts: string[];
  log: boolean;
}

function num(flag: string, t: string, what: string | null, domain: string): number {
  const x = Number(t);
  if (t.trim() === '' || !Number.isFinite(x)) throw new UsageError(what === null ? `--${flag} must be ${domain}, got '${t}'` : `--${flag}: ${what} must be a finite number, got '${t}'`);
  return x;
}

/**
 * Parses an axis (see the module comment) and checks every value with `check`.
 *
 * @throws {UsageError} naming the flag for a malformed list or range, a count that is not an integer in
 *   [1, MAX_POINTS], a non-positive end of a geometric range, or a value outside the domain.
 */
export function parseAxis(flag: string, text: string, flagDomain: FlagDomain): Axis {
  const { check: ok, domain } = flagDomain;
  const t = text.trim();
  let values: number[];
  let texts: string[];
  let log = false;
  if (t.includes(':')) {
    const parts = t.split(':');
    log = parts[0] === 'log';
    if (log) parts.shift();
    if (parts.length !== 3) throw new UsageError(`--${flag}: a range is lo:hi:n or log:lo:hi:n, got '${text}'`);
    const lo = num(flag, parts[0], 'lo', domain);
    const hi = num(flag, parts[1], 'hi', domain);
    const n = Number(parts[2]);
    if (!Number.isInteger(n) || n < 1 || n > MAX_POINTS) throw new UsageError(`--${flag}: the number of points n must be an integer in [1, ${MAX_POINTS}], got '${parts[2]}'`);
    if (log && !(lo > 0 && hi > 0)) throw new UsageError(`--${flag}: a geometric range needs lo > 0 and hi > 0, got '${text}'`);
    values = [];
    for (let k = 0; k < n; k++) {
      if (k === 0) values.push(lo);
      else if (k === n - 1) values.push(hi);
      else if (log) values.push(Math.exp(Math.log(lo) + ((Math.log(hi) - Math.log(lo)) * k) / (n - 1)));
      else values.push(lo + ((hi - lo) * k) / (n - 1));
    }
    // Interior points are Float64 numbers: their shortest decimal form is what a single call with that value would read.
    texts = values.map((v, k) => (k === 0 ? parts[0].trim() : k === n - 1 ? parts[1].trim() : String(v)));
  } else {
    texts = t.split(',').map((s) => s.trim());
    values = texts.map((s) => num(flag, s, null, domain));
  }
  values.forEach((v, i) => {
    if (!ok(v)) throw new UsageError(`--${flag} must be ${domain}, got '${texts[i]}'`);
  });
  return { values, texts, log };
}

/** Joins `--flag -1` into `--flag=-1` for the given flags, so that parseArgs does not read a negative value as an option. */
export function joinNegativeValues(argv: string[], flags: readonly string[]): string[] {
  const re = new RegExp(`^--(${flags.join('|')})$`);
  const out: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    if (re.test(argv[i]) && i + 1 < argv.length && /^-[\d.]/.test(argv[i + 1])) out.push(`${argv[i]}=${argv[++i]}`);
    else out.push(argv[i]);
  }
  return out;
}

/** Options of {@link cell}. */
export interface CellOptions {
  /** CSV form (Infinity spelled out) instead of the text table's ∞ (default false). */
  csv?: boolean;
}

/** A cell of a text table or CSV: numbers as their shortest round-trip decimal, Infinity as ∞ (text) or Infinity (CSV). */
export function cell(v: unknown, o: CellOptions = {}): string {
  const { csv = false } = o;
  if (typeof v === 'number') return v === Infinity ? (csv ? 'Infinity' : '∞') : String(v);
  if (v === 'Infinity') return csv ? 'Infinity' : '∞';
  return v === undefined || v === null ? '' : String(v);
}

/** An aligned text table (two spaces between columns). */
export function alignedTable(header: string[], rows: string[][]): string {
  const w = header.map((h, j) => Math.max(h.length, ...rows.map((r) => (r[j] ?? '').length)));
  const line = (r: string[]) => r.map((c, j) => (j === r.length - 1 ? c : c.padEnd(w[j]))).join('  ');
  return [line(header), ...rows.map(line)].join('\n');
}

/** RFC 4180 CSV: fields with a comma, quote or newline are quoted. */
export function toCsv(header: string[], rows: string[][]): string {
  const q = (s: string) => (/[",\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s);
  return [header, ...rows].map((r) => r.map(q).join(',')).join('\n');
}

/**
 * Writes an SVG chart to FILE.svg, or to FILE.html wrapped in a minimal page.
 *
 * @throws {UsageError} for another extension or an unwritable path.
 */
export function writePlot(file: string, svg: string, title: string): void {
  const lower = file.toLowerCase();
  let body: string;
  if (lower.endsWith('.svg')) body = svg;
  else if (lower.endsWith('.html') || lower.endsWith('.htm')) {
    body = `<!doctype html>\n<html lang="en">\n<head><meta charset="utf-8"><title>${escapeXml(title)}</title></head>\n<body>\n${svg}\n</body>\n</html>\n`;
  } else throw new UsageError(`--plot: the file must end in .svg or .html, got '${file}'`);
  try {
    writeFileSync(file, body);
  } catch (e) {
    throw new UsageError(`--plot: cannot write '${file}': ${(e as Error).message}`);
  }
}

/** Settings of Monte Carlo overlay points. */
export interface MonteCarloSpec {
  d: number;
  R: number;
  seed: number;
}

/**
 * Parses `d=128,R=20[,seed=7]` (d an integer in [8, 4096], R in [2, 10000], seed a 32-bit unsigned integer, default 1).
 *
 * @throws {UsageError} naming the key for anything else.
 */
export function parseMonteCarlo(text: string): MonteCarloSpec {
  const out: MonteCarloSpec = { d: 128, R: 20, seed: 1 };
  const limits: Record<string, [number, number]> = { d: [8, 4096], R: [2, 10_000], seed: [0, 0xffffffff] };
  for (const part of text.split(',')) {
    const m = /^\s*(d|R|seed)\s*=\s*(\d+)\s*$/.exec(part);
    if (!m) throw new UsageError(`--monte-carlo: expected d=INT,R=INT[,seed=INT], got '${text}'`);
    const v = Number(m[2]);
    const [lo, hi] = limits[m[1]];
    if (!Number.isSafeInteger(v) || v < lo || v > hi) throw new UsageError(`--monte-carlo: ${m[1]} must be an integer in [${lo}, ${hi}], got ${m[2]}`);
    out[m[1] as keyof MonteCarloSpec] = v;
  }
  return out;
}
