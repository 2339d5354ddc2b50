/**
 * `lemmata verify [ID|GLOB ...] [--profile quick|ci|full] [--seed N] [--shard K/N] [--out DIR] [--resume] [--json]`
 *
 * @module
 */
import { accessSync, constants, existsSync, mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { CounterexampleDb } from '../../harness/counterexamples.ts';
import { DEFAULT_ALPHA_TOTAL } from '../../harness/budget.ts';
import { loadSpecs, selectClaims, UnknownClaimError } from '../../harness/registry.ts';
import { buildSummary, rateText, writeReport, type RunSummary } from '../../harness/report.ts';
import { ResultStore } from '../../harness/resultStore.ts';
import { runClaims } from '../../harness/runner.ts';
import { parse, numberFlag, parseShard, resolveProfile, resolveSeed } from '../args.ts';
import { progressPrinter } from '../progress.ts';
import { UsageError } from '../usageError.ts';

export const VERIFY_HELP = `lemmata verify [ID|GLOB ...] [options]

Runs the selected claims (all by default) and their wrong variants, prints a verdict table and
writes DIR/results.jsonl (each finished cell, appended), DIR/summary.json, DIR/REPORT.md and one
SVG log-log plot per limit claim in DIR/plots/.

Options:
  --profile P    quick (default; a few minutes), ci (what npm test gates on) or full
  --seed N       root seed (uint32); default: env LEMMATA_SEED, else drawn and printed
  --shard K/N    run the K-th of N shards (claims split by sorted id); merge with 'lemmata report --merge'
  --out DIR      output directory (default reports/latest)
  --resume       continue a killed run in DIR: finished cells are not recomputed
  --alpha A      suite-wide false-alarm budget per run (default ${DEFAULT_ALPHA_TOTAL})
  --no-record    do not store new counterexamples in fixtures/counterexamples.json
  --strict       an inconclusive claim fails the gate too (what npm test requires of the built-in claims)
  --json         print the summary JSON on stdout instead of the table

Exit status: 0 when nothing is refuted or in error and every wrong variant is refuted (with --strict:
and every claim verified); 1 otherwise; 2 on a usage or input error.`;

/** Prints the verdict table of a summary. */
export function printTable(s: RunSummary, out: NodeJS.WriteStream = process.stdout): void {
  const rows = s.claims.map((c) => [
    c.id,
    c.kind,
    c.verdict,
    c.estimate === null ? '' : `${c.estimate.toPrecision(3)}${c.stderr !== null ? ` ± ${c.stderr.toPrecision(2)}` : ''}`,
    rateText(c),
    `${c.variants.filter((v) => v.killed).length}/${c.variants.length}`,
  ]);
  const head = ['claim', 'kind', 'verdict', 'estimate', 'fitted order [95% CI]', 'variants refuted'];
  const w = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const line = (r: string[]) => r.map((x, i) => x.padEnd(w[i])).join('  ').trimEnd();
  out.write(line(head) + '\n' + w.map((n) => '-'.repeat(n)).join('  ') + '\n');
  for (const r of rows) out.write(line(r) + '\n');
  for (const c of s.claims) {
    if (c.verdict !== 'verified') out.write(`\n${c.id}: ${c.verdict} — ${c.reason}\n  replay: ${c.replay}\n`);
    for (const v of c.variants) if (!v.killed) out.write(`\n${c.id}/${v.name}: wrong variant SURVIVED (${v.verdict}) — ${v.reason}\n  replay: ${c.replay.replace(/( --path \S+)?$/, '')} --variant ${v.name}\n`);
  }
  const gt = s.gate;
  out.write(
    `\n${gt.passed ? 'PASS' : 'FAIL'}: ${gt.verified} verified, ${gt.refuted} refuted, ${gt.inconclusive} inconclusive, ${gt.errors} errors; ` +
      `${gt.variantsKilled}/${gt.variants} wrong variants refuted. Seed ${s.seed}, profile ${s.profile}.\n`,
  );
}

/** Checks that `dir` can be created and written, with a one-line error otherwise. */
export function ensureWritableDir(dir: string): void {
  try {
    mkdirSync(dir, { recursive: true });
    accessSync(dir, constants.W_OK);
  } catch (e) {
    throw new UsageError(`--out ${dir}: not a writable directory (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`);
  }
}

export async function verifyCommand(argv: string[]): Promise<number> {
  const { values, positionals } = parse(argv, {
    profile: { type: 'string' },
    seed: { type: 'string' },
    shard: { type: 'string' },
    out: { type: 'string' },
    resume: { type: 'boolean' },
    alpha: { type: 'string' },
    'no-record': { type: 'boolean' },
    strict: { type: 'boolean' },
    json: { type: 'boolean' },
    help: { type: 'boolean', short: 'h' },
  });
  if (values.help) {
    process.stdout.write(VERIFY_HELP + '\n');
    return 0;
  }
  const profile = resolveProfile(values.profile as string | undefined);
  const { seed, drawn } = resolveSeed(values.seed as string | undefined);
  const shard = parseShard(values.shard as string | undefined);
  const alphaTotal = numberFlag('alpha', values.alpha as string | undefined, (x) => x > 0 && x < 1, 'a probability in (0, 1)') ?? DEFAULT_ALPHA_TOTAL;
  const out = resolve((values.out as string | undefined) ?? 'reports/latest');
  if (values.resume && !existsSync(resolve(out, 'results.jsonl'))) throw new UsageError(`--resume: ${out}/results.jsonl does not exist (nothing to resume)`);
  ensureWritableDir(out);

  const { claims: registry, figures } = await loadSpecs({ context: { seed, profile } });
  let selected;
  try {
    selected = selectClaims(registry, positionals);
  } catch (e) {
    if (e instanceof UnknownClaimError) throw new UsageError(e.message);
    throw e;
  }
  if (shard) selected = selected.filter((_, i) => i % shard.count === shard.index - 1);

  process.stderr.write(
    `lemmata verify: seed ${seed}${drawn ? ' (drawn; replay with --seed ' + seed + ')' : ''}, profile ${profile}, ${selected.length} claim(s)` +
      `${shard ? `, shard ${shard.index}/${shard.count}` : ''}, output ${out}\n`,
  );
  const store = new ResultStore(out);
  store.open(out, { tool: 'lemmata', version: 1, seed, profile, alphaTotal, shard, claims: selected.map((c) => c.id) }, !!values.resume);
  const printer = progressPrinter();
  const result = await runClaims({
    seed,
    profile,
    registry,
    selected,
    store,
    alphaTotal,
    counterexamples: new CounterexampleDb(),
    record: !values['no-record'],
    onProgress: printer.onProgress,
  });
  printer.close();
  const summary = buildSummary(seed, profile, result.budget, result.summaries, { strict: !!values.strict });
  await writeReport(out, summary, figures);
  if (values.json) process.stdout.write(JSON.stringify(summary, null, 2) + '\n');
  else {
    printTable(summary);
    process.stdout.write(`Report: ${out}/REPORT.md\n`);
  }
  return summary.gate.passed ? 0 : 1;
}
