/**
 * The terminal verdict table: one line per claim (id, kind, verdict, claimed, observed ± se, gap in
 * standard errors, wrong variants refuted, the statement shortened, the reason shortened), then the
 * full reason and replay command of every claim that is not verified and of every surviving wrong
 * variant, then the gate.
 *
 * @module
 */
import { shortStatement } from './claimText.ts';
import { oneLine, shorten, terminalSafe } from './escape.ts';
import { claimedText, gapText, observedText } from './numbersText.ts';
import { variantReplayLine } from './replayLine.ts';
import { gateLine, type RunSummary } from './runSummary.ts';

/** Options of {@link renderVerdictTable}. */
export interface VerdictTableOptions {
  /** Maximum characters of the statement column (default 48). */
  statement?: number;
  /** Maximum characters of the reason column (default 72). */
  reason?: number;
}

/** The verdict table of a run as text (what `verify`, `report --merge` and `replay` print). */
export function renderVerdictTable(s: RunSummary, o: VerdictTableOptions = {}): string {
  const rows = s.claims.map((c) => [
    c.id,
    c.kind,
    c.verdict,
    shorten(claimedText(c.numbers), 34),
    shorten(observedText(c.numbers), 40),
    gapText(c.numbers),
    `${c.variants.filter((v) => v.killed).length}/${c.variants.length}`,
    shortStatement(c, { max: o.statement ?? 48 }),
    shorten(c.reason, o.reason ?? 72),
  ].map((x) => terminalSafe(oneLine(x))));
  const head = ['claim', 'kind', 'verdict', 'claimed', 'observed ± se', 'gap', 'variants refuted', 'statement', 'reason'];
  const w = head.map((h, i) => Math.max(h.length, ...rows.map((r) => [...r[i]].length)));
  const pad = (x: string, n: number) => x + ' '.repeat(Math.max(0, n - [...x].length));
  const line = (r: string[]) => r.map((x, i) => pad(x, w[i])).join('  ').trimEnd();
  const out: string[] = [line(head), w.map((n) => '-'.repeat(n)).join('  ')];
  for (const r of rows) out.push(line(r));
  for (const c of s.claims) {
    if (c.verdict !== 'verified') out.push('', terminalSafe(`${c.id}: ${c.verdict} — ${oneLine(c.reason)}`), `  replay: ${c.replay}`);
    for (const v of c.variants) {
      if (!v.killed) out.push('', terminalSafe(`${c.id}/${v.name}: wrong variant SURVIVED (${v.verdict}) — ${oneLine(v.reason)}`), `  replay: ${variantReplayLine(c.replay, v.name)}`);
    }
  }
  out.push('', `${gateLine(s)}. Seed ${s.seed}, profile ${s.profile}.`);
  return out.join('\n') + '\n';
}
