/**
 * Hand-written SVG plots (no dependency): the log-log convergence plot of a limit claim, and a
 * generic x–y chart with error bars used by figure-style reports.
 *
 * @module
 */
import type { ClaimSummary } from './verdict.ts';

/** One series of a chart. */
export interface Series {
  label: string;
  points: Array<{ x: number; y: number; err?: number }>;
  /** Draw as a line (true) or as markers with error bars (false). */
  line?: boolean;
  dashed?: boolean;
  color?: string;
}

/** Chart options. */
export interface ChartOptions {
  title: string;
  xLabel: string;
  yLabel: string;
  logX?: boolean;
  logY?: boolean;
  width?: number;
  height?: number;
}

const PALETTE = ['#1f77b4', '#d62728', '#2ca02c', '#ff7f0e', '#9467bd', '#8c564b', '#e377c2'];

const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

function niceTicks(lo: number, hi: number, log: boolean): number[] {
  if (log) {
    const a = Math.floor(Math.log10(lo));
    const b = Math.ceil(Math.log10(hi));
    const inRange = (t: number) => t >= lo * 0.999 && t <= hi * 1.001;
    const out: number[] = [];
    for (let k = a; k <= b; k++) out.push(10 ** k);
    if (out.filter(inRange).length < 3) for (let k = a; k < b; k++) for (const m of [2, 5]) out.push(m * 10 ** k);
    return out.filter(inRange).sort((x, y) => x - y);
  }
  const span = hi - lo || Math.abs(hi) || 1;
  const step0 = span / 5;
  const mag = 10 ** Math.floor(Math.log10(step0));
  const step = [1, 2, 5, 10].map((m) => m * mag).find((s) => span / s <= 6) ?? 10 * mag;
  const out: number[] = [];
  for (let t = Math.ceil(lo / step) * step; t <= hi + 1e-12 * span; t += step) out.push(Number(t.toPrecision(12)));
  return out;
}

const fmtTick = (t: number) => (Math.abs(t) >= 1e4 || (Math.abs(t) < 1e-3 && t !== 0) ? t.toExponential(0) : String(Number(t.toPrecision(4))));

/** Renders series as an SVG document. Points with non-positive coordinates are dropped on log axes. */
export function renderChart(series: Series[], o: ChartOptions): string {
  const W = o.width ?? 640;
  const H = o.height ?? 420;
  // The legend runs two entries per row below the axis label: the bottom margin grows with its rows (beyond two rows
  // the default 80 px would cut it off).
  const m = { l: 70, r: 20, t: 40, b: 80 + 14 * Math.max(0, Math.ceil(series.length / 2) - 2) };
  const ok = (p: { x: number; y: number }) => Number.isFinite(p.x) && Number.isFinite(p.y) && (!o.logX || p.x > 0) && (!o.logY || p.y > 0);
  const all = series.flatMap((s) => s.points.filter(ok));
  if (all.length === 0) {
    return `<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H}"><text x="20" y="40">${esc(o.title)}: no data to plot</text></svg>\n`;
  }
  let x0 = Math.min(...all.map((p) => p.x));
  let x1 = Math.max(...all.map((p) => p.x));
  const ys = all.flatMap((p) => (p.err ? [p.y - p.err, p.y + p.err] : [p.y])).filter((y) => !o.logY || y > 0);
  let y0 = Math.min(...ys);
  let y1 = Math.max(...ys);
  if (x0 === x1) [x0, x1] = o.logX ? [x0 / 2, x1 * 2] : [x0 - 1, x1 + 1];
  if (y0 === y1) [y0, y1] = o.logY ? [y0 / 2, y1 * 2] : [y0 - 1, y1 + 1];
  if (o.logY) [y0, y1] = [y0 / 1.3, y1 * 1.3];
  else [y0, y1] = [y0 - 0.05 * (y1 - y0), y1 + 0.05 * (y1 - y0)];
  const tx = (x: number) => m.l + ((o.logX ? Math.log(x / x0) / Math.log(x1 / x0) : (x - x0) / (x1 - x0)) * (W - m.l - m.r));
  const ty = (y: number) => H - m.b - ((o.logY ? Math.log(y / y0) / Math.log(y1 / y0) : (y - y0) / (y1 - y0)) * (H - m.t - m.b));
  const parts: string[] = [];
  parts.push(`<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H}" font-family="sans-serif" font-size="12">`);
  parts.push(`<rect width="${W}" height="${H}" fill="white"/>`);
  parts.push(`<text x="${W / 2}" y="20" text-anchor="middle" font-size="14">${esc(o.title)}</text>`);
  parts.push(`<rect x="${m.l}" y="${m.t}" width="${W - m.l - m.r}" height="${H - m.t - m.b}" fill="none" stroke="#444"/>`);
  for (const t of niceTicks(x0, x1, !!o.logX)) {
    const X = tx(t).toFixed(1);
    parts.push(`<line x1="${X}" y1="${H - m.b}" x2="${X}" y2="${H - m.b + 5}" stroke="#444"/><text x="${X}" y="${H - m.b + 18}" text-anchor="middle">${fmtTick(t)}</text>`);
  }
  for (const t of niceTicks(y0, y1, !!o.logY)) {
    const Y = ty(t).toFixed(1);
    parts.push(`<line x1="${m.l - 5}" y1="${Y}" x2="${m.l}" y2="${Y}" stroke="#444"/><text x="${m.l - 8}" y="${Number(Y) + 4}" text-anchor="end">${fmtTick(t)}</text>`);
  }
  parts.push(`<text x="${(m.l + W - m.r) / 2}" y="${H - m.b + 36}" text-anchor="middle">${esc(o.xLabel)}</text>`);
  parts.push(`<text transform="translate(16 ${(m.t + H - m.b) / 2}) rotate(-90)" text-anchor="middle">${esc(o.yLabel)}</text>`);
  series.forEach((s, i) => {
    const col = s.color ?? PALETTE[i % PALETTE.length];
    const pts = s.points.filter(ok);
    if (s.line) {
      const d = pts.map((p, k) => `${k ? 'L' : 'M'}${tx(p.x).toFixed(1)},${ty(p.y).toFixed(1)}`).join(' ');
      parts.push(`<path d="${d}" fill="none" stroke="${col}" stroke-width="1.5"${s.dashed ? ' stroke-dasharray="6 4"' : ''}/>`);
    } else {
      for (const p of pts) {
        const X = tx(p.x).toFixed(1);
        if (p.err) {
          const lo = o.logY ? Math.max(p.y - p.err, y0) : p.y - p.err;
          parts.push(`<line x1="${X}" y1="${ty(lo).toFixed(1)}" x2="${X}" y2="${ty(p.y + p.err).toFixed(1)}" stroke="${col}"/>`);
        }
        parts.push(`<circle cx="${X}" cy="${ty(p.y).toFixed(1)}" r="3.5" fill="${col}"/>`);
      }
    }
    const ly = H - m.b + 52 + 14 * Math.floor(i / 2);
    const lx = m.l + (i % 2) * ((W - m.l - m.r) / 2);
    parts.push(
      s.line
        ? `<line x1="${lx}" y1="${ly - 4}" x2="${lx + 20}" y2="${ly - 4}" stroke="${col}" stroke-width="1.5"${s.dashed ? ' stroke-dasharray="6 4"' : ''}/>`
        : `<circle cx="${lx + 10}" cy="${ly - 4}" r="3.5" fill="${col}"/>`,
    );
    parts.push(`<text x="${lx + 26}" y="${ly}">${esc(s.label)}</text>`);
  });
  parts.push('</svg>');
  return parts.join('\n') + '\n';
}

/**
 * The convergence plot of a limit claim: |ē_n| against n on log-log axes with ±1 standard-error
 * bars, the fitted line, and the claimed slope anchored at the fitted line's middle.
 */
export function convergencePlot(s: ClaimSummary): string {
  const size = String((s.details.size as string | undefined) ?? 'n');
  const pts = s.levels.map((l) => ({ x: l.n, y: Math.abs(l.mean), err: l.stderr }));
  const series: Series[] = [{ label: '|mean error| ± 1 se', points: pts }];
  const fit = s.details.fit as { order: number; ns: number[] } | undefined;
  if (fit && s.fittedRate !== null) {
    const fitted = s.levels.filter((l) => fit.ns.includes(l.n));
    const lx = fitted.map((l) => Math.log(l.n));
    const ly = fitted.map((l) => Math.log(Math.abs(l.mean)));
    const xm = lx.reduce((a, b) => a + b, 0) / lx.length;
    const ym = ly.reduce((a, b) => a + b, 0) / ly.length;
    const ends = [fit.ns[0], fit.ns[fit.ns.length - 1]];
    series.push({ label: `fit: order ${s.fittedRate.toFixed(2)}`, line: true, points: ends.map((n) => ({ x: n, y: Math.exp(ym - s.fittedRate! * (Math.log(n) - xm)) })) });
    if (s.claimedRate !== null) {
      series.push({ label: `claimed order ${s.claimedRate}`, line: true, dashed: true, points: ends.map((n) => ({ x: n, y: Math.exp(ym - s.claimedRate! * (Math.log(n) - xm)) })) });
    }
  }
  return renderChart(series, { title: `${s.id}: ${String(s.details.quantity ?? '')} → limit`, xLabel: size, yLabel: '|E_n − E_∞|', logX: true, logY: true });
}
