/**
 * REPORT.html in a real browser: Debian's headless Chromium driven by playwright-core, on the fixture
 * report (`reportFixture.ts`) opened from disk. Checks: the page renders with no console error, no page
 * error and no network request; every plot and figure is present and laid out (Chromium's getBBox: texts
 * inside their SVG, marks inside the frame, the plot module's text-width estimate never below the real
 * width); the filters by paper, kind, verdict and text work and the table links open the panels; an
 * injected `<script>` (a claim titled `<script>alert(1)</script>`, an `onerror` attribute in a statement)
 * does not run. Saves a screenshot of the summary and verdict table to reports/browser/REPORT.png.
 *
 * Under CI (env CI set) the test runs and fails when Chromium is missing; locally without Chromium it is
 * skipped with one printed line saying how to install it.
 */
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { claimPlots } from '../src/harness/report.ts';
import { renderHtml } from '../src/harness/reportHtml.ts';
import { buildSummary } from '../src/harness/runSummary.ts';
import { textWidth } from '../src/harness/textWidth.ts';
import { buildFixtureReport, type FixtureReport } from './reportFixture.ts';

const CHROMIUM = process.env.LEMMATA_CHROMIUM ?? '/usr/bin/chromium';
const HAVE_CHROMIUM = existsSync(CHROMIUM);
const RUN = HAVE_CHROMIUM || !!process.env.CI;
if (!RUN) console.log(`report-browser.test.ts: skipped: no Chromium at ${CHROMIUM} (install it with: apt-get install -y chromium)`);

/** The launch flags of a sandboxed root session with no network (the machine notes: /work/.library/env/machines/node.md). */
const ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];
const SCREENSHOT_DIR = join(import.meta.dirname, '..', 'reports', 'browser');

/** Is a <details> element open (evaluated in the page; typed loosely, as the project's TypeScript has no DOM types). */
const isOpen = (el: unknown) => (el as { open: boolean }).open;

/**
 * Runs in the page: for every inline SVG of a plot or figure, the boxes of its texts in SVG coordinates
 * (getBBox through the text's transform) against the viewBox, its marks and lines against the frame,
 * and each text's rendered width (getComputedTextLength) and font size.
 */
const LAYOUT_PROBE = `(() => {
  const out = [];
  for (const svg of Array.from(document.querySelectorAll('figure svg'))) {
    const vb = svg.viewBox.baseVal;
    const fig = svg.closest('figure');
    const name = fig.getAttribute('data-plot') || fig.getAttribute('data-figure') || '?';
    const problems = [];
    const texts = [];
    for (const t of Array.from(svg.querySelectorAll('text'))) {
      const b = t.getBBox();
      const toSvg = svg.getCTM().inverse().multiply(t.getCTM());
      const corners = [[b.x, b.y], [b.x + b.width, b.y], [b.x, b.y + b.height], [b.x + b.width, b.y + b.height]].map(([x, y]) => new DOMPoint(x, y).matrixTransform(toSvg));
      const xs = corners.map((p) => p.x);
      const ys = corners.map((p) => p.y);
      if (Math.min(...xs) < vb.x - 0.5 || Math.max(...xs) > vb.x + vb.width + 0.5 || Math.min(...ys) < vb.y - 0.5 || Math.max(...ys) > vb.y + vb.height + 0.5) {
        problems.push('text "' + t.textContent + '" outside the SVG: [' + Math.min(...xs).toFixed(1) + ', ' + Math.max(...xs).toFixed(1) + ']x[' + Math.min(...ys).toFixed(1) + ', ' + Math.max(...ys).toFixed(1) + ']');
      }
      texts.push({ text: t.textContent || '', size: parseFloat(getComputedStyle(t).fontSize), width: t.getComputedTextLength() });
    }
    const frame = svg.querySelector('rect.frame');
    if (frame) {
      const f = frame.getBBox();
      for (const m of Array.from(svg.querySelectorAll('.mark, .series-line'))) {
        const b = m.getBBox();
        if (b.x < f.x + 1 || b.y < f.y + 1 || b.x + b.width > f.x + f.width - 1 || b.y + b.height > f.y + f.height - 1) problems.push(m.getAttribute('class') + ' ' + m.tagName + ' touches the frame');
      }
    }
    out.push({ svg: name, problems, texts });
  }
  return out;
})()`;

describe.skipIf(!RUN)('REPORT.html in headless Chromium', () => {
  let fx: FixtureReport;
  let context: BrowserContext;
  let page: Page;
  let userDataDir: string;
  const consoleErrors: string[] = [];
  const pageErrors: string[] = [];
  const dialogs: string[] = [];
  const requests: string[] = [];
  let url: string;

  beforeAll(async () => {
    expect(HAVE_CHROMIUM, `CI needs Chromium at ${CHROMIUM} (.ci/run installs it: apt-get install -y chromium)`).toBe(true);
    fx = await buildFixtureReport();
    url = pathToFileURL(join(fx.dir, 'REPORT.html')).href;
    userDataDir = mkdtempSync(join(tmpdir(), 'lemmata-chromium-'));
    context = await chromium.launchPersistentContext(userDataDir, { executablePath: CHROMIUM, headless: true, args: ARGS, viewport: { width: 1400, height: 1000 } });
    page = context.pages()[0] ?? (await context.newPage());
    page.on('console', (m) => {
      if (m.type() === 'error') consoleErrors.push(m.text());
    });
    page.on('pageerror', (e) => pageErrors.push(e.message));
    page.on('dialog', (d) => {
      dialogs.push(d.message());
      void d.dismiss();
    });
    page.on('request', (r) => requests.push(r.url()));
    await page.goto(url, { waitUntil: 'load' });
  }, 180_000);

  afterAll(async () => {
    await context?.close();
    if (userDataDir) rmSync(userDataDir, { recursive: true, force: true });
  });

  test('renders with no console error, no page error and no request but the page itself', async () => {
    await expect(page.title()).resolves.toMatch(/^lemmata report — seed 7, profile quick: FAIL$/);
    await expect(page.locator('#f-count').textContent()).resolves.toBe(`showing ${fx.summary.claims.length} of ${fx.summary.claims.length} claims`);
    expect(consoleErrors).toEqual([]);
    expect(pageErrors).toEqual([]);
    expect(requests).toEqual([url]);
  });

  test('an injected <script> does not run: no dialog, no injected global, the hostile title shown as text', async () => {
    expect(dialogs).toEqual([]);
    await expect(page.evaluate('window.__lemmataInjected')).resolves.toBeUndefined();
    await expect(page.locator('script').count()).resolves.toBe(1);
    await expect(page.locator('[id="claim-S.hostile"] > summary .title').textContent()).resolves.toBe('<script>alert(1)</script>');
    await expect(page.locator('[id="claim-S.hostile"] .statement').textContent()).resolves.toContain('<img src=x onerror=');
  });

  test('every plot and figure is present and laid out inside its SVG (getBBox)', async () => {
    await page.click('#expand-all');
    const plots = readdirSync(join(fx.dir, 'plots')).map((f) => f.replace(/\.svg$/, ''));
    for (const id of plots) await expect(page.locator(`figure.plot[data-plot="${id}"] svg`).count(), id).resolves.toBe(1);
    for (const id of ['deep-error-identity-vs-d', 'synthetic-hostile']) await expect(page.locator(`figure.figure[data-figure="${id}"] svg`).count(), id).resolves.toBe(1);
    const layout = (await page.evaluate(LAYOUT_PROBE)) as Array<{ svg: string; problems: string[]; texts: Array<{ text: string; size: number; width: number }> }>;
    expect(layout.length).toBe(plots.length + 2);
    for (const l of layout) {
      expect(l.problems, l.svg).toEqual([]);
      // The estimate the layout is built on is conservative for the font Chromium actually used.
      for (const t of l.texts) expect(textWidth(t.text, t.size) + 0.5, `${l.svg}: "${t.text}"`).toBeGreaterThanOrEqual(t.width);
    }
    await page.click('#collapse-all');
  });

  const claimsOf = (selector: string) => page.locator(selector).evaluateAll((els) => els.map((e) => e.getAttribute('data-claim')));
  const visible = () => claimsOf('tr.claim-row:not(.hidden)');
  const visiblePanels = () => claimsOf('details.claim:not(.hidden)');

  test('filters by kind, verdict, paper and text select the right rows and panels; reset shows all', async () => {
    const ids = (pred: (c: FixtureReport['summary']['claims'][number]) => boolean) => fx.summary.claims.filter(pred).map((c) => c.id);
    await page.selectOption('#f-kind', 'limit');
    await expect(visible()).resolves.toEqual(ids((c) => c.kind === 'limit'));
    await expect(visiblePanels()).resolves.toEqual(ids((c) => c.kind === 'limit'));
    await page.selectOption('#f-kind', '');
    await page.selectOption('#f-verdict', 'refuted');
    await expect(visible()).resolves.toEqual(['S.hostile']);
    await page.selectOption('#f-verdict', 'gate-fail');
    await expect(visible()).resolves.toEqual(['S.error', 'S.hostile']);
    await page.selectOption('#f-verdict', '');
    await page.selectOption('#f-paper', { label: 'Other paper 2025' });
    await expect(visible()).resolves.toEqual(ids((c) => c.sources.some((x) => x.paper === 'Other paper 2025')));
    await page.selectOption('#f-kind', 'expectation');
    await expect(visible()).resolves.toEqual(['S.expect-atleast']);
    await page.click('#f-reset');
    await page.fill('#f-text', 'mmse');
    await expect(visible()).resolves.toEqual(['G1.quadratic']);
    await expect(page.locator('#f-count').textContent()).resolves.toBe(`showing 1 of ${fx.summary.claims.length} claims`);
    await page.click('#f-reset');
    await expect(visible()).resolves.toEqual(fx.summary.claims.map((c) => c.id));
  });

  test('a link in the table opens its claim panel; a copy button answers', async () => {
    await page.goto(url, { waitUntil: 'load' }); // the panels as the page opens
    const panel = page.locator('[id="claim-G1.quadratic"]');
    await expect(panel.evaluate(isOpen)).resolves.toBe(false); // verified: starts closed
    await page.click('[id="row-G1.quadratic"] a');
    await expect(panel.evaluate(isOpen)).resolves.toBe(true);
    const button = panel.locator('p.replay button.copy');
    await button.click();
    await expect.poll(() => button.textContent()).not.toBe('copy');
    // Failing claims start open, with their tolerance derivation collapsed.
    await expect(page.locator('[id="claim-S.hostile"]').evaluate(isOpen)).resolves.toBe(true);
    await expect(page.locator('[id="claim-S.hostile"] details.tolerance').evaluate(isOpen)).resolves.toBe(false);
    expect(consoleErrors).toEqual([]);
    expect(pageErrors).toEqual([]);
  });

  test('a report of 100 claims (the registry has ~90) renders, with every plot, and filters', async () => {
    const claims = Array.from({ length: 100 }, (_, k) => {
      const c = structuredClone(fx.summary.claims[k % fx.summary.claims.length]);
      c.id = `${c.id}.copy${k}`;
      return c;
    });
    const big = buildSummary({ seed: fx.summary.seed, profile: fx.summary.profile, budget: fx.summary.budget, claims });
    const plots = claimPlots(big);
    const file = join(fx.dir, 'REPORT-100.html');
    writeFileSync(file, renderHtml(big, { plots }));
    const p = await context.newPage();
    const errors: string[] = [];
    p.on('console', (m) => {
      if (m.type() === 'error') errors.push(m.text());
    });
    p.on('pageerror', (e) => errors.push(e.message));
    await p.goto(pathToFileURL(file).href, { waitUntil: 'load' });
    await expect(p.locator('tr.claim-row').count()).resolves.toBe(100);
    await expect(p.locator('details.claim').count()).resolves.toBe(100);
    await expect(p.locator('figure.plot svg').count()).resolves.toBe(plots.size);
    await p.selectOption('#f-kind', 'extrapolation');
    await expect(p.locator('tr.claim-row:not(.hidden)').count()).resolves.toBe(claims.filter((c) => c.kind === 'extrapolation').length);
    await expect(p.locator('#f-count').textContent()).resolves.toBe(`showing ${claims.filter((c) => c.kind === 'extrapolation').length} of 100 claims`);
    expect(errors).toEqual([]);
    await p.close();
  });

  test('screenshot of the summary and the verdict table: reports/browser/REPORT.png', async () => {
    await page.click('#f-reset');
    await page.click('#collapse-all');
    await page.evaluate('window.scrollTo(0, 0)');
    const table = await page.locator('#verdicts').boundingBox();
    expect(table).not.toBeNull();
    mkdirSync(SCREENSHOT_DIR, { recursive: true });
    const file = join(SCREENSHOT_DIR, 'REPORT.png');
    await page.screenshot({ path: file, fullPage: true, clip: { x: 0, y: 0, width: 1400, height: Math.ceil(table!.y + table!.height + 16) } });
    expect(existsSync(file)).toBe(true);
  });
});
