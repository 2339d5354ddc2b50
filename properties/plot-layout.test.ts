/**
 * Plots a reader can trust: rendered charts are parsed as XML and their boxes checked (`svgLayout.ts`,
 * conservative text widths): titles wrap inside the canvas, no point, error bar or line touches the frame,
 * legends fit, texts do not overlap, every user string is escaped. Charts: D5's convergence plot (its long
 * title), the `deep-error-identity-vs-d` figure (whose end points sat on the frame), a ten-series legend,
 * open-ended log-scale error bars, degenerate ranges, a hostile title, and every plot and figure of the
 * fixture report. The checker's own wrong variants (a mark on the frame, an overflowing title, overlapping
 * legend entries, broken XML) must be reported.
 */
import { mkdtempSync, readFileSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, expect, test } from 'vitest';
import { Rng } from '../src/core/random.ts';
import { convergencePlot, renderChart, type Series } from '../src/harness/plot.ts';
import { textWidth, wrapText } from '../src/harness/textWidth.ts';
import type { ClaimSummary } from '../src/harness/verdict.ts';
import { writePlot } from '../src/cli/commands/theorySweep.ts';
import d5 from '../spec/deep/D5-deep-linear-information.ts';
import { figures as d6Figures } from '../spec/deep/D6-error-identity-regression.ts';
import { buildFixtureReport, type FixtureReport } from './reportFixture.ts';
import { layoutProblems, parseSvg } from './svgLayout.ts';

let fx: FixtureReport;
beforeAll(async () => {
  fx = await buildFixtureReport();
}, 120_000);

/** D5's convergence plot on a ladder like its measured one (per-sample gap ≈ −0.22/n, sd ≈ 0.19/n, R = 300). */
function d5Summary(): ClaimSummary {
  const rng = Rng.stream(1, 'plot-layout', 'D5');
  const ns = [32, 64, 128, 256, 512];
  const levels = ns.map((d) => {
    const n = 2 * d;
    const se = 0.19 / n / Math.sqrt(300);
    const mean = -0.22 / n + se * rng.normal();
    return { n: d, replicates: 300, mean, stderr: se, floor: false, value: mean };
  });
  return {
    id: d5.id,
    title: d5.title,
    kind: 'limit',
    statement: d5.statement,
    source: '',
    sources: [],
    verdict: 'verified',
    reason: '',
    numbers: { claimed: { label: 'order', value: 1 }, observed: { label: 'fitted order', value: 1, se: 0.02 }, gapSe: 0 },
    fittedRate: 1.0,
    rateCI: [0.96, 1.04],
    claimedRate: 1,
    levels,
    variants: [],
    replay: '',
    tolerance: '',
    details: { quantity: (d5 as { quantity: string }).quantity, size: 'd', fit: { order: 1.0, ns } },
  };
}

test("D5's convergence plot: the long title wraps inside the canvas, points and error bars clear of the frame", () => {
  const svg = convergencePlot(d5Summary());
  expect(layoutProblems(svg)).toEqual([]);
  const root = parseSvg(svg);
  const titleLines = Array.from(root.getElementsByTagName('text')).filter((t) => t.getAttribute('class') === 'title');
  expect(titleLines.length).toBeGreaterThan(1); // it is wrapped, not cut
  expect(titleLines.map((t) => t.textContent).join(' ')).toBe(`D5: ${(d5 as { quantity: string }).quantity} → limit`);
});

test('the deep-error-identity-vs-d figure: first and last points and their error bars clear of the frame', async () => {
  const fig = d6Figures.find((f) => f.id === 'deep-error-identity-vs-d')!;
  const svg = await fig.render({ seed: 7, profile: 'quick' });
  expect(layoutProblems(svg)).toEqual([]);
  // The x axis carries the sizes themselves (32, 64, 128), not decades outside the data.
  const ticks = Array.from(parseSvg(svg).getElementsByTagName('text')).filter((t) => t.getAttribute('class') === 'tick').map((t) => t.textContent);
  expect(ticks).toEqual(expect.arrayContaining(['32', '64', '128']));
});

test('a legend of ten long entries fits: the canvas grows, entries wrap, nothing overlaps', () => {
  const series: Series[] = Array.from({ length: 10 }, (_, i) => ({
    label: `series ${i}: ${'a rather long legend label that keeps going '.repeat(1 + (i % 3))}`,
    points: [1, 2, 3, 4].map((x) => ({ x, y: Math.sin(x + i) + i })),
    line: i % 2 === 0,
    dashed: i % 3 === 0,
  }));
  const svg = renderChart(series, { title: 'ten series', xLabel: 'x', yLabel: 'y' });
  expect(layoutProblems(svg)).toEqual([]);
  expect(Number(parseSvg(svg).getAttribute('height'))).toBeGreaterThan(420);
});

test('log axes: error bars reaching ≤ 0 are drawn open-ended inside the frame; degenerate ranges get room', () => {
  const open = renderChart([{ label: 'noise floor', points: [{ x: 10, y: 1e-3, err: 2e-3 }, { x: 100, y: 1e-4, err: 5e-5 }, { x: 1000, y: 2e-6, err: 1e-6 }] }], { title: 'log-log', xLabel: 'n', yLabel: '|e|', logX: true, logY: true });
  expect(layoutProblems(open)).toEqual([]);
  expect(open).toMatch(/<path class="mark" d="M[^"]+"/); // the arrow head of the open-ended bar
  for (const svg of [
    renderChart([{ label: 'one point', points: [{ x: 3, y: 7, err: 1 }] }], { title: 'single point', xLabel: 'x', yLabel: 'y' }),
    renderChart([{ label: 'flat', points: [{ x: 1, y: 0 }, { x: 2, y: 0 }], line: true }], { title: 'constant zero', xLabel: 'x', yLabel: 'y' }),
    renderChart([{ label: 'tiny', points: [{ x: 1e-9, y: 1e12 }, { x: 2e-9, y: 3e12 }] }], { title: 'extreme magnitudes', xLabel: 'x', yLabel: 'y' }),
    renderChart([{ label: 'empty', points: [{ x: NaN, y: 1 }] }], { title: 'no data at all', xLabel: 'x', yLabel: 'y' }),
  ]) {
    expect(layoutProblems(svg)).toEqual([]);
  }
});

test('every plot and figure of the fixture report passes the layout check', () => {
  const files = [...readdirSync(join(fx.dir, 'plots')).map((f) => join(fx.dir, 'plots', f)), ...readdirSync(join(fx.dir, 'figures')).map((f) => join(fx.dir, 'figures', f))];
  expect(files.length).toBeGreaterThanOrEqual(5);
  for (const f of files) expect(layoutProblems(readFileSync(f, 'utf8')), f).toEqual([]);
});

test('user strings in charts are escaped: a hostile title, labels and an --act expression stay text in valid XML', () => {
  const hostile = '<script>alert(1)</script> & "q" \u0007';
  const svg = renderChart([{ label: hostile, points: [{ x: 1, y: 1 }, { x: 2, y: 2 }], color: '"><script>alert(2)</script>' }], { title: `tanh(2*x) → ${hostile}`, xLabel: hostile, yLabel: hostile });
  const root = parseSvg(svg); // throws on broken XML
  expect(root.getElementsByTagName('script')).toHaveLength(0);
  expect(svg).not.toContain('<script');
  expect(layoutProblems(svg)).toEqual([]);
  // theory deep --plot FILE.html: the title (built from the --act expressions) is escaped in the page too.
  const dir = mkdtempSync(join(tmpdir(), 'lemmata-plot-'));
  const file = join(dir, 'a <b>.html');
  writePlot(file, svg, hostile);
  const page = readFileSync(file, 'utf8');
  expect((page.match(/<script/g) ?? []).length).toBe(0);
  expect(page).toContain('<title>&lt;script&gt;alert(1)&lt;/script&gt; &amp; &quot;q&quot; \uFFFD</title>');
});

test('the layout check can fail: a mark on the frame, an overflowing title, overlapping legend entries, broken XML', () => {
  const good = renderChart([{ label: 'a', points: [{ x: 1, y: 1, err: 0.5 }, { x: 2, y: 2 }] }, { label: 'b', points: [{ x: 1, y: 2 }, { x: 2, y: 1 }], line: true }], { title: 'fine', xLabel: 'x', yLabel: 'y' });
  expect(layoutProblems(good)).toEqual([]);
  const frame = /<rect class="frame" x="([\d.]+)" y="([\d.]+)"/.exec(good)!;
  // A point moved onto the left edge of the frame (what the unpadded axes did to the first size of a ladder).
  const onFrame = good.replace(/<circle class="mark" cx="[\d.]+"/, `<circle class="mark" cx="${frame[1]}"`);
  expect(layoutProblems(onFrame).join('\n')).toMatch(/mark touches or leaves the frame/);
  // A one-line title far wider than the canvas (what D5's title did before wrapping).
  const long = good.replace(/(<text x="[\d.]+" y="[\d.]+" class="title"[^>]*>)fine</, `$1${'a very long title '.repeat(8)}<`);
  expect(layoutProblems(long).join('\n')).toMatch(/outside the canvas/);
  // Two legend entries on one spot.
  const a = /<text x="([\d.]+)" y="([\d.]+)" class="legend">a</.exec(good)!;
  const legend = good.replace(/<text x="[\d.]+" y="[\d.]+" class="legend">b</, `<text x="${a[1]}" y="${a[2]}" class="legend">b<`);
  expect(legend).not.toBe(good);
  expect(layoutProblems(legend).join('\n')).toMatch(/texts overlap/);
  expect(layoutProblems(good.replace('</svg>', '<text>unclosed</svg>'))[0]).toMatch(/not well-formed/);
});

test('text width estimate and wrapping: lines never exceed the width; the estimate is at least the advance widths of common fonts', () => {
  const t = 'D5: (I_deep − I_GLM)/n per instance (I(c; Y|X) by the mean of 16 unbiased pointwise estimates) → limit';
  for (const w of [80, 200, 620]) for (const l of wrapText(t, w, 14)) expect(textWidth(l, 14) <= w || !l.includes(' ')).toBe(true);
  expect(wrapText(t, 620, 14).join(' ')).toBe(t);
  // DejaVu Sans advance widths (em): 'm' 0.974, 'W' 0.989, '0' 0.636, 'a' 0.613, ' ' 0.318, '→' 0.838, 'Δ' 0.684.
  for (const [ch, em] of [['m', 0.974], ['W', 0.989], ['0', 0.636], ['a', 0.613], [' ', 0.318], ['→', 0.838], ['Δ', 0.684]] as const) expect(textWidth(ch, 100)).toBeGreaterThanOrEqual(em * 100);
});
