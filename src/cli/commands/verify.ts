/**
 * `lemmata verify [ID|GLOB ...] [--profile quick|ci|full] [--seed N] [--shard K/N] [--out DIR] [--resume] [--json]`
 *
 * @module
 */
import { resolve } from 'node:path';
import { backendName } from '../../core/backend.ts';
import { CounterexampleDb } from '../../harness/counterexamples.ts';
import { DEFAULT_ALPHA_TOTAL, MIN_ALPHA_TOTAL } from '../../harness/budget.ts';
import { loadSpecs, selectClaims, UnknownClaimError } from '../../harness/registry.ts';
import { buildSummary, rateText, writeReport, type RunSummary } from '../../harness/report.ts';
import { ensureWritableDir as ensureDir } from '../../harness/outputDir.ts';
import { ResultStore } from '../../harness/resultStore.ts';
import { runClaims } from '../../harness/runner.ts';
import { availableParallelism } from 'node:os';
import { parse, numberFlag, parseJobs, parseShard, resolveProfile, resolveSeed } from '../args.ts';
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
  --jobs N       worker processes for the cells (default: the available cores, ${availableParallelism()} here);
                 the summary is the same bits for every N
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

/** Checks that `dir` can be created and written (a usage error naming the flag otherwise). */
export function ensureWritableDir(dir: string, flag = '--out'): string {
  try {
    return ensureDir(dir, flag);
  } catch (e) {
    throw new UsageError((e as Error).message);
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
    jobs: { type: 'string' },
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
  const alphaTotal = numberFlag('alpha', values.alpha as string | undefined, (x) => x >= MIN_ALPHA_TOTAL && x <= 0.5, `a probability in [${MIN_ALPHA_TOTAL}, 0.5] (below ${MIN_ALPHA_TOTAL} the per-test levels fall under the float64 resolution of 1 − α/2)`) ?? DEFAULT_ALPHA_TOTAL;
  const jobs = parseJobs(values.jobs as string | undefined);
  const outFlag = values.out as string | undefined;
  if (outFlag !== undefined && outFlag.trim() === '') throw new UsageError("--out: an empty path is not a directory (give a path, e.g. --out reports/latest)");
  const out = resolve(outFlag ?? 'reports/latest');

  const { claims: registry, figures } = await loadSpecs({ context: { seed, profile } });
  let selected;
  try {
    selected = selectClaims(registry, positionals);
  } catch (e) {
    if (e instanceof UnknownClaimError) throw new UsageError(e.message);
    throw e;
  }
  if (shard) {
    if (shard.count > selected.length) throw new UsageError(`--shard ${shard.index}/${shard.count}: ${selected.length} claim(s) selected, so at most ${selected.length} shards (a shard with no claim proves nothing)`);
    selected = selected.filter((_, i) => i % shard.count === shard.index - 1);
  }

  const store = new ResultStore(out);
  const loaded = store.open({ dir: out, header: { tool: 'lemmata', version: 1, seed, profile, alphaTotal, shard, claims: selected.map((c) => c.id), backend: backendName() }, resume: !!values.resume });
  process.stderr.write(
    `lemmata verify: seed ${seed}${drawn ? ' (drawn; replay with --seed ' + seed + ')' : ''}, profile ${profile}, backend ${backendName()}, ${jobs} job(s), ${selected.length} claim(s)` +
      `${shard ? `, shard ${shard.index}/${shard.count}` : ''}, output ${out}\n`,
  );
  if (loaded) process.stderr.write(`lemmata verify: resuming with ${loaded.records} finished cell(s)${loaded.tornLastLine ? ' (the torn last line of the killed run was dropped)' : ''}\n`);
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
    jobs,
    source: { builtin: true },
    onProgress: printer.onProgress,
  });
  printer.close();
  const summary = buildSummary(seed, profile, result.budget, result.summaries, { strict: !!values.strict });
  try {
    await writeReport(out, summary, figures);
  } finally {
    store.close();
  }
  if (values.json) process.stdout.write(JSON.stringify(summary, null, 2) + '\n');
  else {
    printTable(summary);
    process.stdout.write(`Report: ${out}/REPORT.md\n`);
  }
  return summary.gate.passed ? 0 : 1;
}
