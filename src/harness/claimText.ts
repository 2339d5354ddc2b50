/**
 * The full text of one claim's result, for a terminal: statement, source, claimed against observed
 * (with the standard error and the gap in standard errors), the verdict and its reason, the kind's
 * facts and evidence table, every wrong variant with why and its verdict, the replay commands, and the
 * tolerance derivation last. Used by `lemmata show ID`, `verify --explain ID` and `audit`.
 *
 * @module
 */
import { kindOf } from './kinds/table.ts';
import { oneLine, shorten, terminalSafe } from './escape.ts';
import { claimedText, gapText, observedText } from './numbersText.ts';
import { variantReplayLine } from './replayLine.ts';
import type { ClaimSummary } from './verdict.ts';

/** Options of {@link renderClaimText}. */
export interface ClaimTextOptions {
  /** Line width for wrapping (default 100). */
  width?: number;
  /** The run's seed and profile (printed beside the replay command). */
  seed?: number;
  profile?: string;
  /** Print the tolerance derivation (default true). */
  tolerance?: boolean;
}

/** Options of {@link shortStatement}. */
export interface ShortStatementOptions {
  /** Longest length in characters (default 60). */
  max?: number;
}

/** The statement shortened to `max` characters on one line (the table's form; the claim's section has it in full). */
export function shortStatement(s: { statement: string }, options: ShortStatementOptions = {}): string {
  const { max = 60 } = options;
  return shorten(s.statement, max);
}

/** Wraps one paragraph to `width` columns: the first line starts with `indent`, the following ones with `hang`. */
function wrap(text: string, width: number, indent: string, hang = indent): string[] {
  const words = oneLine(text).split(' ').filter(Boolean);
  const out: string[] = [];
  let cur = '';
  const lead = () => (out.length ? hang : indent);
  for (const w of words) {
    if (cur && lead().length + cur.length + 1 + w.length > width) {
      out.push(lead() + cur);
      cur = w;
    } else cur = cur ? `${cur} ${w}` : w;
  }
  if (cur || out.length === 0) out.push(lead() + cur);
  return out;
}

/** A labelled line, `label` padded to 10 columns and the text wrapped under itself. */
function labelled(label: string, text: string, width: number, indent: string): string[] {
  const head = `${indent}${label.padEnd(9)} `;
  return wrap(text, width, head, ' '.repeat(head.length));
}

/** Pads the columns of a small table. */
function columns(head: string[], rows: string[][], indent: string): string[] {
  const w = head.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (r: string[]) => indent + r.map((x, i) => (x ?? '').padEnd(w[i])).join('  ').trimEnd();
  return [line(head), line(w.map((n) => '-'.repeat(n))), ...rows.map(line)];
}

/** The full text block of one claim (plain text, control characters made visible). */
export function renderClaimText(s: ClaimSummary, o: ClaimTextOptions = {}): string {
  const W = o.width ?? 100;
  const I = '  ';
  const L: string[] = [];
  L.push(`${s.id} — ${oneLine(s.title)}`);
  L.push(`${I}kind ${s.kind} · verdict ${s.verdict.toUpperCase()}${o.seed !== undefined ? ` · seed ${o.seed}` : ''}${o.profile ? `, profile ${o.profile}` : ''}`);
  L.push('', 'Statement', ...wrap(s.statement, W, I));
  L.push('', 'Source', ...(s.sources?.length ? s.sources.flatMap((x) => wrap(`${x.paper}, ${x.ref}`, W, I)) : wrap(s.source, W, I)));
  const n = s.numbers;
  L.push('', 'Claimed vs observed');
  L.push(...labelled('claimed', claimedText(n), W, I));
  L.push(...labelled('observed', observedText(n), W, I));
  L.push(...labelled('gap', gapText(n), W, I));
  if (n.at) L.push(...labelled('at', n.at, W, I));
  L.push('', 'Verdict', ...wrap(`${s.verdict} — ${s.reason}`, W, I, I + '  '));
  const desc = kindOf(s).describe(s);
  if (desc.facts.length || desc.table) {
    L.push('', 'Details');
    for (const f of desc.facts) L.push(...wrap(`${f.label}: ${f.text}`, W, I, I + '  '));
    if (desc.table) L.push(`${I}${desc.table.caption}:`, ...columns(desc.table.head, desc.table.rows, I + I));
  }
  const killed = s.variants.filter((v) => v.killed).length;
  L.push('', `Wrong variants (${killed}/${s.variants.length} refuted)`);
  if (s.variants.length === 0) L.push(`${I}none: this claim was never shown able to fail`);
  for (const v of s.variants) {
    L.push(...wrap(`${v.killed ? '✔' : '✘ SURVIVED'} ${v.name}: ${v.verdict} — ${v.reason}`, W, I, I + '    '));
    L.push(...wrap(`why: ${v.why}`, W, I + '    '));
    L.push(`${I}    replay: ${variantReplayLine(s.replay, v.name)}`);
  }
  L.push('', 'Replay', `${I}${s.replay}`);
  if (o.tolerance !== false) L.push('', 'Tolerance derivation', ...wrap(s.tolerance ?? '', W, I));
  return terminalSafe(L.join('\n')) + '\n';
}

/** What {@link renderClaimDefinitionText} needs of a claim definition. */
export interface ClaimDefinitionView {
  id: string;
  title: string;
  kind: string;
  statement: string;
  source: { paper: string; ref: string } | Array<{ paper: string; ref: string }>;
  tolerance: string;
  variants: Array<{ name: string; why: string }>;
}

/** The text of a claim that has no result yet (`lemmata show ID` before a run): its definition and how to run it. */
export function renderClaimDefinitionText(c: ClaimDefinitionView, o: { width?: number; note?: string } = {}): string {
  const W = o.width ?? 100;
  const I = '  ';
  const sources = Array.isArray(c.source) ? c.source : [c.source];
  const L: string[] = [`${c.id} — ${oneLine(c.title)}`, `${I}kind ${c.kind} · not run${o.note ? ` (${o.note})` : ''}`];
  L.push('', 'Statement', ...wrap(c.statement, W, I));
  L.push('', 'Source', ...sources.flatMap((x) => wrap(`${x.paper}, ${x.ref}`, W, I)));
  L.push('', `Wrong variants (${c.variants.length})`);
  for (const v of c.variants) L.push(...wrap(`${v.name}: ${v.why}`, W, I));
  L.push('', 'Run it', `${I}npx lemmata verify ${c.id} --explain ${c.id}`);
  L.push('', 'Tolerance derivation', ...wrap(c.tolerance, W, I));
  return terminalSafe(L.join('\n')) + '\n';
}
