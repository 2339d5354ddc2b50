/**
 * REPORT.html: one self-contained page (inline CSS, SVG and script; no network, no external font) that
 * opens from disk. It holds the summary (gate, counts, false-alarm budget, seed), the verdict table with
 * filters by paper, kind and verdict (and a text search), one collapsible panel per claim (statement and
 * source, claimed against observed with the standard error and the gap, the plot, the kill-matrix row,
 * the seed and a copyable replay command, and the tolerance derivation collapsed), and the report's
 * figures. Panels of claims that fail the gate or are not verified start open; the others start closed,
 * so a page of ~100 claims stays navigable (the table links to each panel and opens it).
 *
 * Safety: every user string is escaped (`escape.ts`), and a Content-Security-Policy allows only the
 * page's own script, by its SHA-256 hash: an injected `<script>` (a claim titled `<script>…`) cannot run
 * even if escaping were bypassed. Nothing depends on the clock: equal summaries give equal files.
 *
 * @module
 */
import { createHash } from 'node:crypto';
import { shortStatement } from './claimText.ts';
import { escapeXml as h, oneLine, shorten } from './escape.ts';
import { kindOf } from './kinds/table.ts';
import { claimedText, gapText, observedText } from './numbersText.ts';
import type { DrawnFigure } from './reportMarkdown.ts';
import { variantReplayLine } from './replayLine.ts';
import { budgetLine, gateLine, type RunSummary } from './runSummary.ts';
import { gatePasses, type ClaimSummary } from './verdict.ts';

/** What the HTML report draws besides the summary. */
export interface HtmlReportInput {
  /** The plot of each claim that has one (claim id → SVG document). */
  plots?: ReadonlyMap<string, string>;
  figures?: DrawnFigure[];
}

const STYLE = `
:root { --ok: #1a7f37; --bad: #cf222e; --warn: #8a5a00; --err: #8250df; --muted: #57606a; --line: #d0d7de; --bg2: #f6f8fa; }
* { box-sizing: border-box; }
body { font: 14px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif; margin: 0; color: #1f2328; background: #fff; }
header, main { padding: 0 24px; max-width: 1600px; }
header { padding-top: 16px; }
h1 { font-size: 22px; margin: 0 0 8px; }
h2 { font-size: 18px; margin: 20px 0 8px; border-bottom: 1px solid var(--line); padding-bottom: 4px; }
h3 { font-size: 15px; margin: 14px 0 6px; }
.gate { font-weight: 600; padding: 6px 10px; border-radius: 6px; display: inline-block; }
.gate.pass { background: #dafbe1; color: var(--ok); }
.gate.fail { background: #ffebe9; color: var(--bad); }
dl.kv { display: grid; grid-template-columns: max-content 1fr; gap: 2px 14px; margin: 8px 0; }
dl.kv dt { color: var(--muted); }
dl.kv dd { margin: 0; }
nav.filters { position: sticky; top: 0; z-index: 2; background: var(--bg2); border-bottom: 1px solid var(--line); padding: 8px 24px; display: flex; flex-wrap: wrap; gap: 8px 16px; align-items: center; }
nav.filters label { display: inline-flex; gap: 6px; align-items: center; }
nav.filters select, nav.filters input { font: inherit; padding: 2px 4px; max-width: 22em; }
#f-count { color: var(--muted); }
table { border-collapse: collapse; }
th, td { text-align: left; vertical-align: top; padding: 4px 8px; border-bottom: 1px solid var(--line); }
th { background: var(--bg2); font-weight: 600; }
table.verdicts { width: 100%; font-size: 13px; }
table.verdicts td.stmt { max-width: 28em; }
table.verdicts td.reason { max-width: 32em; color: var(--muted); }
td.num { font-variant-numeric: tabular-nums; white-space: nowrap; }
a { color: #0969da; text-decoration: none; }
a:hover { text-decoration: underline; }
.badge { display: inline-block; padding: 0 7px; border-radius: 10px; font-size: 12px; font-weight: 600; white-space: nowrap; }
.badge.verified { background: #dafbe1; color: var(--ok); }
.badge.refuted { background: #ffebe9; color: var(--bad); }
.badge.inconclusive { background: #fff8c5; color: var(--warn); }
.badge.error { background: #fbefff; color: var(--err); }
.badge.survived { background: #ffebe9; color: var(--bad); }
details.claim { border: 1px solid var(--line); border-radius: 6px; margin: 10px 0; background: #fff; scroll-margin-top: 96px; }
details.claim > summary { padding: 8px 12px; cursor: pointer; font-weight: 600; }
details.claim > summary .title { font-weight: 400; }
details.claim[open] > summary { border-bottom: 1px solid var(--line); }
details.claim .body { padding: 4px 16px 12px; }
.statement { font-size: 15px; background: var(--bg2); border-left: 3px solid #0969da; padding: 8px 12px; margin: 10px 0; white-space: pre-line; }
table.numbers th { width: 9em; }
figure { margin: 10px 0; }
figure svg { max-width: 100%; height: auto; border: 1px solid var(--line); }
figcaption { color: var(--muted); max-width: 60em; }
code { font: 12px/1.4 ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; background: var(--bg2); padding: 1px 4px; border-radius: 4px; overflow-wrap: anywhere; }
button { font: inherit; font-size: 12px; cursor: pointer; border: 1px solid var(--line); background: #fff; border-radius: 4px; padding: 1px 8px; }
details.tolerance > summary { cursor: pointer; color: var(--muted); }
details.tolerance p { white-space: pre-line; }
.muted { color: var(--muted); }
.hidden { display: none !important; }
`;

const SCRIPT = `
(function () {
  'use strict';
  var byId = function (id) { return document.getElementById(id); };
  var rows = Array.prototype.slice.call(document.querySelectorAll('tr.claim-row'));
  var panels = {};
  Array.prototype.forEach.call(document.querySelectorAll('details.claim'), function (p) { panels[p.getAttribute('data-claim')] = p; });
  var paper = byId('f-paper'), kind = byId('f-kind'), verdict = byId('f-verdict'), text = byId('f-text'), count = byId('f-count');
  function matches(row) {
    var p = paper.value, k = kind.value, v = verdict.value, t = text.value.trim().toLowerCase();
    if (p !== '' && (' ' + row.getAttribute('data-papers') + ' ').indexOf(' ' + p + ' ') < 0) return false;
    if (k !== '' && row.getAttribute('data-kind') !== k) return false;
    if (v === 'gate-fail') { if (row.getAttribute('data-gate') !== 'fail') return false; }
    else if (v !== '' && row.getAttribute('data-verdict') !== v) return false;
    if (t !== '' && row.getAttribute('data-text').indexOf(t) < 0) return false;
    return true;
  }
  function apply() {
    var shown = 0;
    rows.forEach(function (row) {
      var ok = matches(row);
      row.classList.toggle('hidden', !ok);
      var panel = panels[row.getAttribute('data-claim')];
      if (panel) panel.classList.toggle('hidden', !ok);
      if (ok) shown++;
    });
    count.textContent = 'showing ' + shown + ' of ' + rows.length + ' claims';
  }
  [paper, kind, verdict].forEach(function (el) { el.addEventListener('change', apply); });
  text.addEventListener('input', apply);
  byId('f-reset').addEventListener('click', function () { paper.value = ''; kind.value = ''; verdict.value = ''; text.value = ''; apply(); });
  function setAll(open) { Object.keys(panels).forEach(function (k) { if (!panels[k].classList.contains('hidden')) panels[k].open = open; }); }
  byId('expand-all').addEventListener('click', function () { setAll(true); });
  byId('collapse-all').addEventListener('click', function () { setAll(false); });
  function openTarget() {
    var id = decodeURIComponent(location.hash.slice(1));
    var el = id ? byId(id) : null;
    if (el && el.tagName === 'DETAILS') { el.open = true; el.scrollIntoView(); }
  }
  window.addEventListener('hashchange', openTarget);
  function fallbackCopy(value) {
    var ta = document.createElement('textarea');
    ta.value = value;
    ta.setAttribute('readonly', '');
    ta.style.position = 'fixed';
    ta.style.opacity = '0';
    document.body.appendChild(ta);
    ta.select();
    var ok = false;
    try { ok = document.execCommand('copy'); } catch (e) { ok = false; }
    document.body.removeChild(ta);
    return ok;
  }
  document.addEventListener('click', function (e) {
    var b = e.target && e.target.closest ? e.target.closest('button.copy') : null;
    if (!b) return;
    var value = b.getAttribute('data-copy') || '';
    var done = function (ok) {
      b.textContent = ok ? 'copied' : 'select the command to copy it';
      setTimeout(function () { b.textContent = 'copy'; }, 1500);
    };
    try {
      if (navigator.clipboard && navigator.clipboard.writeText) navigator.clipboard.writeText(value).then(function () { done(true); }, function () { done(fallbackCopy(value)); });
      else done(fallbackCopy(value));
    } catch (err) { done(fallbackCopy(value)); }
  });
  apply();
  openTarget();
})();
`;

/** The CSP source of the page's one script: its SHA-256 hash. */
function scriptHash(code: string): string {
  return `'sha256-${createHash('sha256').update(code, 'utf8').digest('base64')}'`;
}

/** An SVG document as an element to inline in HTML (an XML declaration or doctype dropped). */
function inlineSvg(svg: string): string {
  return svg.replace(/^\s*<\?xml[^>]*\?>\s*/, '').replace(/^\s*<!DOCTYPE[^>]*>\s*/i, '').trim();
}

const badge = (v: string) => `<span class="badge ${h(v)}">${h(v)}</span>`;
const copyButton = (cmd: string) => `<button type="button" class="copy" data-copy="${h(cmd)}">copy</button>`;
const idAttr = (prefix: string, id: string) => h(`${prefix}-${encodeURIComponent(id)}`);

/** The index of each paper (for the filter) in first-appearance order. */
function paperIndex(s: RunSummary): string[] {
  const papers: string[] = [];
  for (const c of s.claims) for (const x of c.sources ?? []) if (!papers.includes(x.paper)) papers.push(x.paper);
  return papers;
}

function claimPanel(c: ClaimSummary, s: RunSummary, svg: string | undefined): string {
  const P: string[] = [];
  const pass = gatePasses(c, { strict: s.gate.strict });
  const open = !pass || c.verdict !== 'verified';
  const killed = c.variants.filter((v) => v.killed).length;
  P.push(
    `<details class="claim" id="${idAttr('claim', c.id)}" data-claim="${h(c.id)}"${open ? ' open' : ''}>`,
    `<summary>${h(c.id)} ${badge(c.verdict)} <span class="title">${h(oneLine(c.title))}</span> <span class="muted">· ${h(c.kind)} · ${killed}/${c.variants.length} variants refuted</span></summary>`,
    '<div class="body">',
    `<div class="statement">${h(c.statement)}</div>`,
    `<p class="source"><span class="muted">Source:</span> ${(c.sources ?? []).map((x) => `${h(x.paper)}, ${h(x.ref)}`).join('; ') || h(c.source)}</p>`,
  );
  const n = c.numbers;
  P.push(
    '<table class="numbers">',
    `<tr><th>claimed</th><td>${h(claimedText(n))}</td></tr>`,
    `<tr><th>observed</th><td>${h(observedText(n))}</td></tr>`,
    `<tr><th>gap</th><td class="num">${h(gapText(n))}</td></tr>`,
    n.at ? `<tr><th>at</th><td>${h(n.at)}</td></tr>` : '',
    `<tr><th>verdict</th><td>${badge(c.verdict)} ${h(c.reason)}</td></tr>`,
    '</table>',
  );
  const desc = kindOf(c).describe(c);
  if (desc.facts.length) P.push('<dl class="kv facts">', ...desc.facts.map((f) => `<dt>${h(f.label)}</dt><dd>${h(f.text)}</dd>`), '</dl>');
  if (svg) P.push(`<figure class="plot" data-plot="${h(c.id)}">${inlineSvg(svg)}</figure>`);
  if (desc.table) {
    P.push(`<h3>${h(desc.table.caption)}</h3>`, '<table class="evidence"><thead><tr>', ...desc.table.head.map((x) => `<th>${h(x)}</th>`), '</tr></thead><tbody>');
    for (const r of desc.table.rows) P.push(`<tr>${r.map((x) => `<td class="num">${h(x)}</td>`).join('')}</tr>`);
    P.push('</tbody></table>');
  }
  P.push(`<h3>Wrong variants (${killed}/${c.variants.length} refuted)</h3>`);
  if (c.variants.length) {
    P.push('<table class="kill"><thead><tr><th>variant</th><th>verdict</th><th>what was changed</th><th>reason</th><th>replay</th></tr></thead><tbody>');
    for (const v of c.variants) {
      const cmd = variantReplayLine(c.replay, v.name);
      P.push(`<tr data-variant="${h(v.name)}"><td><code>${h(v.name)}</code></td><td>${v.killed ? badge('refuted') : `<span class="badge survived">${h(v.verdict)} — survived</span>`}</td><td>${h(v.why)}</td><td>${h(v.reason)}</td><td>${copyButton(cmd)}</td></tr>`);
    }
    P.push('</tbody></table>');
  } else P.push('<p>No wrong variant: this claim was never shown able to fail.</p>');
  P.push(`<p class="replay"><span class="muted">Seed ${s.seed}, profile ${h(s.profile)}. Replay:</span> <code>${h(c.replay)}</code> ${copyButton(c.replay)}</p>`);
  P.push(`<details class="tolerance"><summary>Tolerance derivation</summary><p>${h(c.tolerance ?? '')}</p></details>`);
  P.push('</div></details>');
  return P.join('\n');
}

/** REPORT.html of a run. */
export function renderHtml(s: RunSummary, input: HtmlReportInput = {}): string {
  const plots = input.plots ?? new Map<string, string>();
  const figures = input.figures ?? [];
  const papers = paperIndex(s);
  const kinds = [...new Set(s.claims.map((c) => c.kind))].sort();
  const verdicts = ['verified', 'refuted', 'inconclusive', 'error'].filter((v) => s.claims.some((c) => c.verdict === v));
  const strict = { strict: s.gate.strict };
  const g = s.gate;
  const csp = `default-src 'none'; style-src 'unsafe-inline'; img-src data:; script-src ${scriptHash(SCRIPT)}; base-uri 'none'; form-action 'none'`;
  const B: string[] = [];
  B.push('<!doctype html>', '<html lang="en">', '<head>', '<meta charset="utf-8">', `<meta http-equiv="Content-Security-Policy" content="${h(csp)}">`, '<meta name="viewport" content="width=device-width, initial-scale=1">');
  B.push(`<title>lemmata report — seed ${s.seed}, profile ${h(s.profile)}: ${g.passed ? 'PASS' : 'FAIL'}</title>`, `<style>${STYLE}</style>`, '</head>', '<body>');
  // Summary.
  const all = `npx lemmata verify --seed ${s.seed} --profile ${s.profile}`;
  B.push('<header id="summary">', '<h1>lemmata verification report</h1>', `<p class="gate ${g.passed ? 'pass' : 'fail'}">${h(gateLine(s))}</p>`);
  B.push(
    '<dl class="kv">',
    `<dt>claims</dt><dd>${s.claims.length}: ${g.verified} verified, ${g.refuted} refuted, ${g.inconclusive} inconclusive, ${g.errors} errors${g.strict ? ' (strict: inconclusive fails the gate)' : ' (inconclusive passes the gate; --strict fails it)'}</dd>`,
    `<dt>wrong variants</dt><dd>${g.variantsKilled}/${g.variants} refuted${g.survivingVariants.length ? `; surviving: ${g.survivingVariants.map((x) => `<code>${h(x)}</code>`).join(', ')}` : ''}</dd>`,
    `<dt>false-alarm budget</dt><dd>${h(budgetLine(s))}</dd>`,
    `<dt>seed, profile</dt><dd>${s.seed}, ${h(s.profile)}</dd>`,
    `<dt>replay everything</dt><dd><code>${h(all)}</code> ${copyButton(all)}</dd>`,
    '<dt>other outputs</dt><dd><a href="REPORT.md">REPORT.md</a> · <a href="summary.json">summary.json</a> · <a href="junit.xml">junit.xml</a></dd>',
    '</dl>',
    '</header>',
  );
  // Filters.
  const opt = (value: string, label: string) => `<option value="${h(value)}">${h(label)}</option>`;
  B.push(
    '<nav class="filters" aria-label="filters">',
    `<label>paper <select id="f-paper">${opt('', 'all papers')}${papers.map((p, i) => opt(String(i), shorten(p, 60))).join('')}</select></label>`,
    `<label>kind <select id="f-kind">${opt('', 'all kinds')}${kinds.map((k) => opt(k, k)).join('')}</select></label>`,
    `<label>verdict <select id="f-verdict">${opt('', 'all verdicts')}${verdicts.map((v) => opt(v, v)).join('')}${opt('gate-fail', 'fails the gate')}</select></label>`,
    '<label>search <input id="f-text" type="search" placeholder="id, title or statement"></label>',
    '<button type="button" id="f-reset">reset</button>',
    '<span id="f-count"></span>',
    '<button type="button" id="expand-all">expand all panels</button> <button type="button" id="collapse-all">collapse all panels</button>',
    '</nav>',
  );
  // Verdict table.
  B.push('<main>', '<section id="verdicts">', '<h2>Verdicts</h2>');
  B.push('<table class="verdicts"><thead><tr><th>claim</th><th>kind</th><th>verdict</th><th>statement</th><th>claimed</th><th>observed ± se</th><th>gap</th><th>variants refuted</th><th>reason</th></tr></thead><tbody>');
  for (const c of s.claims) {
    const pidx = (c.sources ?? []).map((x) => papers.indexOf(x.paper)).join(' ');
    const search = `${c.id} ${c.title} ${c.statement}`.toLowerCase();
    const killed = c.variants.filter((v) => v.killed).length;
    B.push(
      `<tr class="claim-row" id="${idAttr('row', c.id)}" data-claim="${h(c.id)}" data-kind="${h(c.kind)}" data-verdict="${h(c.verdict)}" data-gate="${gatePasses(c, strict) ? 'pass' : 'fail'}" data-papers="${h(pidx)}" data-text="${h(oneLine(search))}">` +
        `<td><a href="#${idAttr('claim', c.id)}">${h(c.id)}</a></td><td>${h(c.kind)}</td><td>${badge(c.verdict)}</td>` +
        `<td class="stmt" title="${h(oneLine(c.statement))}">${h(shortStatement(c, { max: 90 }))}</td>` +
        `<td>${h(claimedText(c.numbers))}</td><td class="num">${h(observedText(c.numbers))}</td><td class="num">${h(gapText(c.numbers))}</td>` +
        `<td class="num">${killed}/${c.variants.length}${killed < c.variants.length ? ' <span class="badge survived">survivor</span>' : ''}</td>` +
        `<td class="reason" title="${h(oneLine(c.reason))}">${h(shorten(c.reason, 160))}</td></tr>`,
    );
  }
  B.push('</tbody></table>', '</section>');
  // Claims.
  B.push('<section id="claims">', '<h2>Claims</h2>');
  for (const c of s.claims) B.push(claimPanel(c, s, plots.get(c.id)));
  B.push('</section>');
  // Figures.
  if (figures.length) {
    B.push('<section id="figures">', '<h2>Figures</h2>');
    for (const f of figures) {
      B.push(`<figure class="figure" id="${idAttr('figure', f.figure.id)}" data-figure="${h(f.figure.id)}">`, `<h3>${h(f.figure.title)}</h3>`);
      if (f.svg !== null) B.push(inlineSvg(f.svg));
      B.push(`<figcaption>${h(f.figure.caption)}${f.error ? ` <strong>The figure failed to render:</strong> ${h(f.error)}` : ''}</figcaption>`, '</figure>');
    }
    B.push('</section>');
  }
  B.push('</main>', `<script>${SCRIPT}</script>`, '</body>', '</html>');
  return B.join('\n') + '\n';
}
