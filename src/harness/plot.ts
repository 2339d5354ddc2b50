/**
 * Hand-written SVG plots (no dependency): the log-log convergence plot of a limit claim, and a
 * generic x–y chart with error bars used by figure-style reports.
 *
 * Layout rules a reader can trust (checked by `properties/plot-layout.test.ts` with conservative text
 * widths and by the browser test with Chromium's `getBBox()`):
 * - the title wraps to the canvas width, and the top margin grows with its lines;
 * - the data range is padded by {@link PLOT_PAD} px on every side of the plot area, so no point, error
 *   bar or line touches the frame (on a log axis, an error bar reaching ≤ 0 is drawn open-ended, to a
 *   point inside the frame, with an arrow head);
 * - the left margin fits the widest y tick label; the axis labels wrap to the plot's extent;
 * - the legend takes two columns when every entry fits half the width, else one (an entry wider than
 *   the line wraps), and the canvas grows to hold it;
 * - every user string is escaped, so the SVG stays well-formed XML.
 *
 * Elements carry classes for tests and styling: `title`, `frame`, `tick`, `axis-label`, `mark`
 * (points and error bars), `series-line`, `legend`.
 *
 * @module
 */
import { escapeXml } from './escape.ts';
import { textWidth, wrapText } from './textWidth.ts';
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
  /** Canvas width in px (default 640). */
  width?: number;
  /** Canvas height in px for a one-line title and a legend of ≤ 2 rows (default 420); the canvas grows beyond it for longer ones. */
  height?: number;
}

/** Distance in px between the data's extreme marks and the frame, on every side. */
export const PLOT_PAD = 12;
/** Font sizes in px. */
const FONT = 12;
const TITLE_FONT = 14;
const LINE = 16;
const TITLE_LINE = 18;
const MARKER_R = 3.5;
/** An open-ended log-scale error bar is drawn down to y / OPEN_END. */
const OPEN_END = 3;

const PALETTE = ['#1f77b4', '#d62728', '#2ca02c', '#ff7f0e', '#9467bd', '#8c564b', '#e377c2', '#17becf', '#bcbd22', '#7f7f7f'];

const esc = escapeXml;
const num = (x: number) => (Number.isFinite(x) ? Number(x.toFixed(1)).toString() : '0');

/**
 * Tick positions over [lo, hi]. On a log axis: the decades when at least three fall in the range; else the
 * data's own positions when they are few (≤ 10) integers, as the sizes of a ladder (32, 64, 128) are; else
 * 1-2-5 multiples, then every integer multiple of the decades.
 */
function niceTicks(lo: number, hi: number, log: boolean, data: number[] = []): number[] {
  if (log) {
    const a = Math.floor(Math.log10(lo));
    const b = Math.ceil(Math.log10(hi));
    const inRange = (t: number) => t >= lo * (1 - 1e-9) && t <= hi * (1 + 1e-9);
    const out = new Set<number>();
    for (let k = a; k <= b; k++) out.add(10 ** k);
    if ([...out].filter(inRange).length >= 3) return [...out].filter(inRange).sort((x, y) => x - y);
    const distinct = [...new Set(data)].filter(inRange);
    if (distinct.length >= 2 && distinct.length <= 10 && distinct.every((x) => Number.isInteger(x))) return distinct.sort((x, y) => x - y);
    for (const mults of [[2, 5], [2, 3, 4, 5, 6, 7, 8, 9]]) {
      if ([...out].filter(inRange).length >= 3) break;
      for (let k = a; k <= b; k++) for (const m of mults) out.add(Number((m * 10 ** k).toPrecision(12)));
    }
    return [...out].filter(inRange).sort((x, y) => x - y);
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

/** An axis: data range padded by PLOT_PAD px at both ends of a pixel extent. */
interface Axis {
  lo: number;
  hi: number;
  log: boolean;
}

/** Extends [lo, hi] so that it maps to [pad, len − pad] of a `len`-px extent (in log space on a log axis). */
function padRange(lo: number, hi: number, log: boolean, len: number): Axis {
  const f = PLOT_PAD / Math.max(1, len - 2 * PLOT_PAD);
  if (log) {
    const a = Math.log(lo);
    const b = Math.log(hi);
    return { lo: Math.exp(a - f * (b - a)), hi: Math.exp(b + f * (b - a)), log };
  }
  return { lo: lo - f * (hi - lo), hi: hi + f * (hi - lo), log };
}

/** Position in [0, 1] of `v` on the axis. */
function frac(a: Axis, v: number): number {
  return a.log ? Math.log(v / a.lo) / Math.log(a.hi / a.lo) : (v - a.lo) / (a.hi - a.lo);
}

/** A wrapped text block: one `<text>` per line. */
function textLines(lines: string[], x: number, y0: number, lineHeight: number, attrs: string): string {
  return lines.map((l, k) => `<text x="${num(x)}" y="${num(y0 + k * lineHeight)}" ${attrs}>${esc(l)}</text>`).join('');
}

/** Renders series as an SVG document. Points with non-finite coordinates, or non-positive ones on log axes, are dropped. */
export function renderChart(series: Series[], o: ChartOptions): string {
  const W = o.width ?? 640;
  const baseH = o.height ?? 420;
  const titleLines = wrapText(o.title, W - 20, TITLE_FONT);
  const ok = (p: { x: number; y: number }) => Number.isFinite(p.x) && Number.isFinite(p.y) && (!o.logX || p.x > 0) && (!o.logY || p.y > 0);
  const all = series.flatMap((s) => s.points.filter(ok));
  if (all.length === 0) {
    const lines = wrapText(`${o.title}: no data to plot`, W - 40, FONT);
    const H = Math.max(80, 40 + lines.length * LINE);
    return `<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H}" viewBox="0 0 ${W} ${H}" font-family="sans-serif" font-size="${FONT}"><rect width="${W}" height="${H}" fill="white"/>${textLines(lines, 20, 30, LINE, 'class="title"')}</svg>\n`;
  }
  // Data extent, error bars included (an error bar reaching ≤ 0 on a log axis is open-ended, drawn to y/OPEN_END).
  const lowEnd = (p: { y: number; err?: number }) => (p.err ? (o.logY && p.y - p.err <= 0 ? p.y / OPEN_END : p.y - p.err) : p.y);
  const highEnd = (p: { y: number; err?: number }) => (p.err ? p.y + p.err : p.y);
  let x0 = Math.min(...all.map((p) => p.x));
  let x1 = Math.max(...all.map((p) => p.x));
  let y0 = Math.min(...all.map(lowEnd));
  let y1 = Math.max(...all.map(highEnd));
  if (x0 === x1) [x0, x1] = o.logX ? [x0 / 2, x1 * 2] : [x0 - (Math.abs(x0) || 1) * 0.5, x1 + (Math.abs(x1) || 1) * 0.5];
  if (y0 === y1) [y0, y1] = o.logY ? [y0 / 2, y1 * 2] : [y0 - (Math.abs(y0) || 1) * 0.5, y1 + (Math.abs(y1) || 1) * 0.5];

  // Legend entries: marker (26 px) + label; two columns when every entry fits half the width.
  const legendW = W - 20;
  const entryW = (s: Series) => 26 + textWidth(s.label, FONT);
  const twoCols = series.length > 1 && series.every((s) => entryW(s) <= legendW / 2 - 8);
  const colW = twoCols ? legendW / 2 : legendW;
  const legendLines = series.map((s) => wrapText(s.label, colW - 34, FONT));
  const rowHeights: number[] = [];
  for (let i = 0; i < series.length; i += twoCols ? 2 : 1) {
    rowHeights.push(LINE * Math.max(legendLines[i].length, twoCols && i + 1 < series.length ? legendLines[i + 1].length : 0));
  }
  const legendH = rowHeights.reduce((a, b) => a + b, 0);

  // Margins: the top holds the title; the bottom the tick labels, the x label and the legend; the left the y
  // tick labels and the y label. The left margin depends on the y ticks, which depend on the plot height:
  // iterate until the tick labels fit (two rounds in practice).
  // Title lines at baselines 26, 44, …; the frame starts 12 px below the last one (room for its descenders).
  const TITLE_BASE = 26;
  const top = TITLE_BASE + (titleLines.length - 1) * TITLE_LINE + 12;
  const plotH = Math.max(160, baseH - 40 - 80);
  let left = 70;
  let xAxis: Axis;
  let yAxis: Axis;
  let yTicks: number[];
  let xLabelLines: string[];
  let yLabelLines: string[];
  for (let round = 0; ; round++) {
    const plotW = W - left - 20;
    xAxis = padRange(x0, x1, !!o.logX, plotW);
    yAxis = padRange(y0, y1, !!o.logY, plotH);
    yTicks = niceTicks(yAxis.lo, yAxis.hi, yAxis.log);
    yLabelLines = wrapText(o.yLabel, plotH, FONT);
    xLabelLines = wrapText(o.xLabel, plotW, FONT);
    const tickW = Math.max(0, ...yTicks.map((t) => textWidth(fmtTick(t), FONT)));
    const need = Math.ceil(8 + tickW + 8 + yLabelLines.length * LINE + 4);
    if (need <= left || round >= 4) {
      left = Math.max(left, need);
      break;
    }
    left = need;
  }
  const plotW = W - left - 20;
  xAxis = padRange(x0, x1, !!o.logX, plotW);
  yAxis = padRange(y0, y1, !!o.logY, plotH);
  yTicks = niceTicks(yAxis.lo, yAxis.hi, yAxis.log);
  const xTicks = niceTicks(xAxis.lo, xAxis.hi, xAxis.log, all.map((p) => p.x));
  const bottomAxis = top + plotH;
  const xLabelY = bottomAxis + 18 + 8 + LINE;
  const legendY = xLabelY + (xLabelLines.length - 1) * LINE + 12 + LINE;
  const H = Math.max(baseH, Math.ceil(legendY + legendH - LINE + 12));
  const tx = (x: number) => left + frac(xAxis, x) * plotW;
  const ty = (y: number) => bottomAxis - frac(yAxis, y) * plotH;

  const parts: string[] = [];
  parts.push(`<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H}" viewBox="0 0 ${W} ${H}" font-family="sans-serif" font-size="${FONT}">`);
  parts.push(`<rect width="${W}" height="${H}" fill="white"/>`);
  parts.push(textLines(titleLines, W / 2, TITLE_BASE, TITLE_LINE, `class="title" text-anchor="middle" font-size="${TITLE_FONT}"`));
  parts.push(`<rect class="frame" x="${left}" y="${top}" width="${num(plotW)}" height="${plotH}" fill="none" stroke="#444"/>`);
  for (const t of xTicks) {
    const X = num(tx(t));
    parts.push(`<line x1="${X}" y1="${bottomAxis}" x2="${X}" y2="${bottomAxis + 5}" stroke="#444"/><text class="tick" x="${X}" y="${bottomAxis + 18}" text-anchor="middle">${esc(fmtTick(t))}</text>`);
  }
  for (const t of yTicks) {
    const Y = ty(t);
    parts.push(`<line x1="${left - 5}" y1="${num(Y)}" x2="${left}" y2="${num(Y)}" stroke="#444"/><text class="tick" x="${left - 8}" y="${num(Y + 4)}" text-anchor="end">${esc(fmtTick(t))}</text>`);
  }
  parts.push(textLines(xLabelLines, left + plotW / 2, xLabelY, LINE, 'class="axis-label" text-anchor="middle"'));
  yLabelLines.forEach((l, k) => {
    parts.push(`<text class="axis-label" transform="translate(${num(16 + k * LINE)} ${num(top + plotH / 2)}) rotate(-90)" text-anchor="middle">${esc(l)}</text>`);
  });
  series.forEach((s, i) => {
    const col = esc(s.color ?? PALETTE[i % PALETTE.length]);
    const pts = s.points.filter(ok);
    const dash = s.dashed ? ' stroke-dasharray="6 4"' : '';
    if (s.line) {
      if (pts.length) {
        const d = pts.map((p, k) => `${k ? 'L' : 'M'}${num(tx(p.x))},${num(ty(p.y))}`).join(' ');
        parts.push(`<path class="series-line" d="${d}" fill="none" stroke="${col}" stroke-width="1.5"${dash}/>`);
      }
    } else {
      for (const p of pts) {
        const X = tx(p.x);
        if (p.err && Number.isFinite(p.err) && p.err > 0) {
          const open = !!o.logY && p.y - p.err <= 0;
          const yl = ty(lowEnd(p));
          const yh = ty(highEnd(p));
          parts.push(`<line class="mark" x1="${num(X)}" y1="${num(yl)}" x2="${num(X)}" y2="${num(yh)}" stroke="${col}"/>`);
          parts.push(`<line class="mark" x1="${num(X - 3)}" y1="${num(yh)}" x2="${num(X + 3)}" y2="${num(yh)}" stroke="${col}"/>`);
          parts.push(
            open
              ? `<path class="mark" d="M${num(X - 3)},${num(yl - 4)} L${num(X)},${num(yl)} L${num(X + 3)},${num(yl - 4)}" fill="none" stroke="${col}"/>`
              : `<line class="mark" x1="${num(X - 3)}" y1="${num(yl)}" x2="${num(X + 3)}" y2="${num(yl)}" stroke="${col}"/>`,
          );
        }
        parts.push(`<circle class="mark" cx="${num(X)}" cy="${num(ty(p.y))}" r="${MARKER_R}" fill="${col}"/>`);
      }
    }
  });
  // Legend.
  let rowY = legendY;
  for (let i = 0, r = 0; i < series.length; r++) {
    for (let c = 0; c < (twoCols ? 2 : 1) && i < series.length; c++, i++) {
      const s = series[i];
      const col = esc(s.color ?? PALETTE[i % PALETTE.length]);
      const lx = 10 + c * colW;
      const dash = s.dashed ? ' stroke-dasharray="6 4"' : '';
      parts.push(
        s.line
          ? `<line class="legend" x1="${num(lx)}" y1="${num(rowY - 4)}" x2="${num(lx + 20)}" y2="${num(rowY - 4)}" stroke="${col}" stroke-width="1.5"${dash}/>`
          : `<circle class="legend" cx="${num(lx + 10)}" cy="${num(rowY - 4)}" r="${MARKER_R}" fill="${col}"/>`,
      );
      parts.push(textLines(legendLines[i], lx + 26, rowY, LINE, 'class="legend"'));
    }
    rowY += rowHeights[r];
  }
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
