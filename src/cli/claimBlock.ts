/**
 * The compact text block of one claim in `audit`: the lemma, the verdict, what was claimed against what was
 * observed (the kind's named numbers, with the standard error and the gap in standard errors), the counterexample
 * of a refuted identity, the kill matrix and the replay command. The full text of one claim is
 * `renderClaimText` (`lemmata show ID`, `verify --explain ID`).
 *
 * @module
 */
import { oneLine, terminalSafe } from '../harness/escape.ts';
import { claimedText, gapText, observedText } from '../harness/numbersText.ts';
import type { ClaimSummary } from '../harness/verdict.ts';

/** Claimed against observed in one line: `claimed E_∞ = 0.7434; observed extrapolated E_∞ = 0.7684 ± 0.016 (gap +1.6 se)`. */
export function claimedObserved(s: ClaimSummary): string {
  const n = s.numbers;
  const gap = n.gapSe === null ? '' : ` (gap ${gapText(n)})`;
  return `claimed ${claimedText(n)}; observed ${observedText(n)}${gap}${n.at ? `; ${n.at}` : ''}`;
}

/** Prints one claim's block (`statement` defaults to the summary's). */
export function printClaimBlock(s: ClaimSummary, o: { statement?: string; out?: NodeJS.WritableStream } = {}): void {
  const out = o.out ?? process.stdout;
  const L: string[] = [];
  L.push(`${s.id} — ${oneLine(s.title)}`);
  L.push(`  lemma:    ${oneLine(o.statement ?? s.statement)}`);
  L.push(`  verdict:  ${s.verdict.toUpperCase()} — ${oneLine(s.reason)}`);
  L.push(`  numbers:  ${claimedObserved(s)}`);
  const ce = s.details.counterexample as { params: unknown; seed: number } | null | undefined;
  if (ce) L.push(`  counterexample: params ${JSON.stringify(ce.params)}, internal seed ${ce.seed}`);
  if (s.variants.length === 0) L.push('  WARNING: this claim has no wrong variant: it was never shown able to fail.');
  for (const v of s.variants) L.push(`  variant ${v.name}: ${v.killed ? 'refuted ✔' : `${v.verdict} ✘ SURVIVED`} — ${oneLine(v.why)}`);
  L.push(`  replay:   ${s.replay}`);
  out.write(terminalSafe(L.join('\n')) + '\n\n');
}
