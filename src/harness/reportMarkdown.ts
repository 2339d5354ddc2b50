/**
 * REPORT.md: the gate and budget, the verdict table (statement shortened, claimed, observed ± se, gap,
 * variants, reason), the kill matrix, one section per claim (statement in full, source, claimed against
 * observed, verdict and reason, kind facts, plot, evidence table, variants, replay, and the tolerance
 * derivation at the end), and the figures. Every user string goes through `escape.ts`.
 *
 * @module
 */
import { shortStatement } from './claimText.ts';
import { mdCell, mdCode, mdText, shorten } from './escape.ts';
import type { Figure } from './figure.ts';
import { kindOf } from './kinds/table.ts';
import { claimedText, gapText, observedText } from './numbersText.ts';
import { budgetLine, gateLine, type RunSummary } from './runSummary.ts';

/** A figure drawn for the report, with the file it was written to (relative to the report). */
export interface DrawnFigure {
  figure: Figure;
  file: string;
  /** The rendered SVG (null when rendering failed). */
  svg: string | null;
  /** Why rendering failed. */
  error?: string;
}

/** An escaped link target (a relative path of ours; spaces and parentheses encoded). */
const href = (p: string) => encodeURI(p).replace(/\(/g, '%28').replace(/\)/g, '%29');

/** What {@link renderMarkdown} draws besides the summary. */
export interface MarkdownReportInput {
  /** The drawn figures (default none). */
  figures?: DrawnFigure[];
  /** The claims that have a plot in `plots/ID.svg` (default none). */
  plots?: ReadonlySet<string>;
}

/** REPORT.md of a run. */
export function renderMarkdown(s: RunSummary, input: MarkdownReportInput = {}): string {
  const { figures = [], plots = new Set<string>() } = input;
  const L: string[] = [];
  L.push('# lemmata verification report', '');
  L.push(`Root seed **${s.seed}**, profile **${mdText(s.profile)}**. Replay everything: ${mdCode(`npx lemmata verify --seed ${s.seed} --profile ${s.profile}`)}. Interactive report: [REPORT.html](REPORT.html); JUnit: [junit.xml](junit.xml).`, '');
  L.push(`Gate: **${mdText(gateLine(s))}**.`, '');
  L.push(`False-alarm budget: ${mdText(budgetLine(s))}.`, '');
  L.push('## Verdicts', '');
  L.push('| claim | kind | verdict | statement | claimed | observed ± se | gap | variants refuted | reason |', '|---|---|---|---|---|---|---|---|---|');
  for (const c of s.claims) {
    const k = c.variants.filter((v) => v.killed).length;
    L.push(
      `| [${mdCell(c.id)}](#${anchor(c.id)}) | ${mdCell(c.kind)} | **${mdCell(c.verdict)}** | ${mdCell(shortStatement(c, { max: 80 }))} | ${mdCell(claimedText(c.numbers))} | ${mdCell(observedText(c.numbers))} | ${mdCell(gapText(c.numbers))} | ${k}/${c.variants.length} | ${mdCell(shorten(c.reason, 140))} |`,
    );
  }
  L.push('', '## Kill matrix', '', "Every wrong variant runs through its claim's own check; it must be **refuted**.", '', '| claim | variant | verdict | what was changed |', '|---|---|---|---|');
  for (const c of s.claims) for (const v of c.variants) L.push(`| ${mdCell(c.id)} | ${mdCell(v.name)} | ${v.killed ? 'refuted ✔' : `**${mdCell(v.verdict)} ✘ SURVIVED**`} | ${mdCell(v.why)} |`);
  L.push('', '## Claims', '');
  const toleranceOf = new Map<string, string>();
  for (const c of s.claims) {
    L.push(`<a id="${anchor(c.id)}"></a>`, '', `### ${mdText(c.id)} — ${mdText(c.title)}`, '');
    L.push(`**Statement.** ${mdText(c.statement)}`, '');
    L.push(`- Source: ${mdText(c.source)}`);
    L.push(`- Kind: ${mdText(c.kind)}; verdict **${mdText(c.verdict)}**: ${mdText(c.reason)}`);
    L.push(`- Claimed: ${mdText(claimedText(c.numbers))}`);
    L.push(`- Observed: ${mdText(observedText(c.numbers))}; gap ${mdText(gapText(c.numbers))}${c.numbers.at ? ` (${mdText(c.numbers.at)})` : ''}`);
    const desc = kindOf(c).describe(c);
    for (const f of desc.facts) L.push(`- ${mdText(f.label)}: ${mdText(f.text)}`);
    L.push(`- Replay: ${mdCode(c.replay)}`, '');
    if (plots.has(c.id)) L.push(`![${mdText(c.id)} plot](${href(`plots/${c.id}.svg`)})`, '');
    if (desc.table) {
      L.push(`${mdText(desc.table.caption)}:`, '', `| ${desc.table.head.map(mdCell).join(' | ')} |`, `|${desc.table.head.map(() => '---').join('|')}|`);
      for (const r of desc.table.rows) L.push(`| ${r.map(mdCell).join(' | ')} |`);
      L.push('');
    }
    if (c.variants.length) {
      L.push('| variant | verdict | what was changed | reason |', '|---|---|---|---|');
      for (const v of c.variants) L.push(`| ${mdCell(v.name)} | ${v.killed ? 'refuted ✔' : `**${mdCell(v.verdict)} ✘**`} | ${mdCell(v.why)} | ${mdCell(v.reason)} |`);
    } else L.push('No wrong variant: this claim was never shown able to fail.');
    L.push('');
    // The derivation is long and often shared by the claims of one lemma: last in the section, and given once.
    const same = toleranceOf.get(c.tolerance);
    L.push(same ? `**Tolerance derivation:** as for [${mdText(same)}](#${anchor(same)}).` : `**Tolerance derivation.** ${mdText(c.tolerance)}`, '');
    if (!same) toleranceOf.set(c.tolerance, c.id);
  }
  if (figures.length) {
    L.push('## Figures', '');
    for (const f of figures) {
      L.push(`### ${mdText(f.figure.title)}`, '');
      if (f.svg !== null) L.push(`![${mdText(f.figure.id)}](${href(f.file)})`, '');
      L.push(mdText(f.figure.caption), '');
      if (f.error) L.push(`**The figure failed to render:** ${mdText(f.error)}`, '');
    }
  }
  return L.join('\n') + '\n';
}

/** The anchor of a claim's section: claim ids are letters, digits, `.`, `_` and `-` (`ID_RE`), safe in an id and a URL fragment as they are; anything else is percent-encoded. */
export function anchor(id: string): string {
  return `claim-${encodeURIComponent(id)}`;
}
