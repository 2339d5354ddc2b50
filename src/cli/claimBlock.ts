/**
 * The text block of one claim in `audit` and `replay`: the lemma, the verdict, what was claimed against what was
 * observed, the counterexample of a refuted identity, the kill matrix and the replay command.
 *
 * @module
 */
import type { ClaimSummary } from '../harness/verdict.ts';

const g = (x: unknown, d = 6) => (typeof x === 'number' && Number.isFinite(x) ? x.toPrecision(d) : '—');

/** Claimed against observed, in words, for the kinds that have numbers. */
export function claimedObserved(s: ClaimSummary): string | null {
  const d = s.details as Record<string, unknown>;
  if (s.kind === 'expectation' || s.kind === 'extrapolation') {
    const observed = s.kind === 'extrapolation' ? (d.extrapolated as number) : (d.mean as number);
    const rel = d.relation === 'atLeast' ? '≥' : d.relation === 'atMost' ? '≤' : '=';
    const gap = s.stderr ? ((observed - (d.expected as number)) / s.stderr).toFixed(2) : '—';
    return `claimed ${s.kind === 'extrapolation' ? 'E_∞' : 'E X'} ${rel} ${g(d.expected)}; observed ${g(observed)} ± ${g(s.stderr, 2)} (${gap} se)`;
  }
  if (s.kind === 'limit') {
    const rate = d.rate as { order: number; sense: string } | null;
    const fit = s.fittedRate !== null ? `, fitted order ${g(s.fittedRate, 3)}${s.rateCI ? ` [${g(s.rateCI[0], 3)}, ${g(s.rateCI[1], 3)}]` : ''}` : '';
    const claimed = rate ? `${rate.sense === 'atLeast' ? 'order ≥' : 'order'} ${rate.order}` : 'no rate claimed';
    return `claimed limit ${g(d.limit)} (${claimed}); finest error ${g(s.estimate, 3)} ± ${g(s.stderr, 2)}${fit}`;
  }
  const f = d.failure as { label: string; actual?: number; expected?: number; delta?: number; tol?: number; value?: number; op?: string; bound?: number } | null | undefined;
  if (f && f.expected !== undefined) return `claimed ${f.label}${f.tol ? ` within ${g(f.tol, 3)}` : ' exactly'}; observed ${g(f.actual, 10)} against ${g(f.expected, 10)}, |Δ| = ${g(f.delta, 3)}${f.tol ? ` (${g((f.delta ?? NaN) / f.tol, 3)} × the bound)` : ''}`;
  if (f && f.op !== undefined) return `claimed ${f.label}; observed ${g(f.value)} ${f.op} ${g(f.bound)} fails`;
  if (typeof d.runs === 'number') return `${d.runs} runs; worst |Δ|/tol = ${g(d.worstRatio, 3)} (≤ 1 is inside the stated bound)`;
  return null;
}

/** Prints one claim's block. */
export function printClaimBlock(s: ClaimSummary, o: { statement: string; out?: NodeJS.WritableStream }): void {
  const out = o.out ?? process.stdout;
  const L: string[] = [];
  L.push(`${s.id} — ${s.title}`);
  L.push(`  lemma:    ${o.statement}`);
  L.push(`  verdict:  ${s.verdict.toUpperCase()} — ${s.reason}`);
  const co = claimedObserved(s);
  if (co) L.push(`  numbers:  ${co}`);
  const ce = s.details.counterexample as { params: unknown; seed: number } | null | undefined;
  if (ce) L.push(`  counterexample: params ${JSON.stringify(ce.params)}, internal seed ${ce.seed}`);
  if (s.variants.length === 0) L.push('  WARNING: this claim has no wrong variant: it was never shown able to fail.');
  for (const v of s.variants) L.push(`  variant ${v.name}: ${v.killed ? 'refuted ✔' : `${v.verdict} ✘ SURVIVED`} — ${v.why}`);
  L.push(`  replay:   ${s.replay}`);
  out.write(L.join('\n') + '\n\n');
}
