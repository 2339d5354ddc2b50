/**
 * Run outputs, written together into the output folder: `summary.json` (the documented `--json`
 * schema), `REPORT.md`, `REPORT.html`, `junit.xml`, one SVG plot per claim whose kind draws one
 * (`plots/ID.svg`), and the figures (`figures/ID.svg`). Each format has its own renderer
 * (`reportMarkdown.ts`, `reportHtml.ts`, `junit.ts`); nothing here depends on wall-clock time, so equal
 * records give equal files.
 *
 * @module
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Figure } from './figure.ts';
import { renderJunit } from './junit.ts';
import { kindOf } from './kinds/table.ts';
import { renderHtml } from './reportHtml.ts';
import { renderMarkdown, type DrawnFigure } from './reportMarkdown.ts';
import type { RunSummary } from './runSummary.ts';

export { buildSummary, SUMMARY_SCHEMA, type RunSummary } from './runSummary.ts';
export { rateText } from './kinds/limit.ts';

/** Options of {@link writeReport}. */
export interface WriteReportOptions {
  /** The figures to draw (those of a claim in the summary are drawn; default none). */
  figures?: Figure[];
  /** Also write the JUnit XML to this file (`verify --junit FILE`). */
  junitFile?: string;
}

/** The plot of every claim whose kind draws one (claim id → SVG). */
export function claimPlots(s: RunSummary): Map<string, string> {
  const plots = new Map<string, string>();
  for (const c of s.claims) {
    const svg = kindOf(c).plot?.(c);
    if (svg) plots.set(c.id, svg);
  }
  return plots;
}

/** Renders the figures that illustrate at least one claim of the run (a figure that throws is reported, not fatal). */
export async function drawFigures(s: RunSummary, figures: Figure[]): Promise<DrawnFigure[]> {
  const ids = new Set(s.claims.map((c) => c.id));
  const drawn: DrawnFigure[] = [];
  for (const f of figures) {
    if (!f.claims.some((id) => ids.has(id))) continue;
    const file = `figures/${f.id}.svg`;
    try {
      drawn.push({ figure: f, file, svg: await f.render({ seed: s.seed, profile: s.profile }) });
    } catch (e) {
      drawn.push({ figure: f, file, svg: null, error: (e as Error)?.message ?? String(e) });
    }
  }
  return drawn;
}

/** Writes summary.json, REPORT.md, REPORT.html, junit.xml, plots/*.svg and figures/*.svg into `dir`. */
export async function writeReport(dir: string, s: RunSummary, o: WriteReportOptions = {}): Promise<void> {
  const { figures = [] } = o;
  mkdirSync(join(dir, 'plots'), { recursive: true });
  writeFileSync(join(dir, 'summary.json'), JSON.stringify(s, null, 2) + '\n');
  const plots = claimPlots(s);
  for (const [id, svg] of plots) writeFileSync(join(dir, 'plots', `${id}.svg`), svg);
  const drawn = await drawFigures(s, figures);
  if (drawn.length) mkdirSync(join(dir, 'figures'), { recursive: true });
  for (const f of drawn) if (f.svg !== null) writeFileSync(join(dir, f.file), f.svg);
  writeFileSync(join(dir, 'REPORT.md'), renderMarkdown(s, { figures: drawn, plots: new Set(plots.keys()) }));
  writeFileSync(join(dir, 'REPORT.html'), renderHtml(s, { plots, figures: drawn }));
  const junit = renderJunit(s);
  writeFileSync(join(dir, 'junit.xml'), junit);
  if (o.junitFile) writeFileSync(o.junitFile, junit);
}
