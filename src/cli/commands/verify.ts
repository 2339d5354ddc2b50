/**
 * `lemmata verify [ID|GLOB ...] [--profile quick|ci|full] [--seed N] [--shard K/N] [--out DIR] [--resume] [--junit FILE] [--explain ID] [--json]`
 *
 * @module
 */
import { existsSync, statSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { backendName } from '../../core/backend.ts';
import { CounterexampleDb } from '../../harness/counterexamples.ts';
import { DEFAULT_ALPHA_TOTAL, MIN_ALPHA_TOTAL } from '../../harness/budget.ts';
import { loadSpecs } from '../../harness/registry.ts';
import { renderClaimText } from '../../harness/claimText.ts';
import { buildSummary, writeReport, type RunSummary } from '../../harness/report.ts';
import { workerFigures } from '../../harness/workerFigures.ts';
import { renderVerdictTable } from '../../harness/verdictTable.ts';
import { ensureWritableDir as ensureDir } from '../../harness/outputDir.ts';
import { ResultStore } from '../../harness/resultStore.ts';
import { runClaims } from '../../harness/runner.ts';
import { availableParallelism } from 'node:os';
import { alphaFlag, outDirFlag, parse, parseJobs, parseShard, resolveProfile, resolveSeed, selectClaimsFlag } from '../args.ts';
import { progressPrinter } from '../progress.ts';
import { UsageError } from '../usageError.ts';

export const VERIFY_HELP = `lemmata verify [ID|GLOB ...] [options]

Runs the selected claims (all by default) and their wrong variants, prints a verdict table (one
line per claim: claimed, observed ± se, gap in se, statement, reason) and writes DIR/results.jsonl
(each finished cell, appended), DIR/summary.json, DIR/REPORT.md, DIR/REPORT.html (self-contained,
with filters and one panel per claim), DIR/junit.xml and the plots (DIR/plots/, DIR/figures/).

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
  --junit FILE   also write the JUnit XML to FILE (DIR/junit.xml is always written)
  --explain ID   after the table, print the full text of claim ID (repeatable): statement, source,
                 claimed vs observed, verdict, variants, replay, tolerance derivation
  --json         print the summary JSON on stdout instead of the table

Exit status: 0 when nothing is refuted or in error and every wrong variant is refuted (with --strict:
and every claim verified); 1 otherwise; 2 on a usage or input error.`;

/** Prints the verdict table of a summary (one line per claim; `renderVerdictTable`) to `out` (the caller's stdout). */
export function printTable(s: RunSummary, out: NodeJS.WriteStream): void {
  out.write(renderVerdictTable(s));
}

/** Checks that `--junit FILE` names a file in an existing directory (a usage error naming the flag otherwise). */
export function checkJunitFile(file: string | undefined): string | undefined {
  if (file === undefined) return undefined;
  if (file.trim() === '') throw new UsageError('--junit: an empty path is not a file (give a path, e.g. --junit reports/junit.xml)');
  const abs = resolve(file);
  const dir = dirname(abs);
  if (!existsSync(dir) || !statSync(dir).isDirectory()) throw new UsageError(`--junit ${file}: the directory ${dir} does not exist`);
  if (existsSync(abs) && statSync(abs).isDirectory()) throw new UsageError(`--junit ${file}: is a directory, not a file`);
  return abs;
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
    junit: { type: 'string' },
    explain: { type: 'string', multiple: true },
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
  const alphaTotal = alphaFlag(values.alpha as string | undefined, { why: `below ${MIN_ALPHA_TOTAL} the per-test levels fall under the float64 resolution of 1 − α/2` });
  const jobs = parseJobs(values.jobs as string | undefined);
  const out = outDirFlag(values.out as string | undefined, { defaultDir: 'reports/latest', example: 'reports/latest' });
  const junitFile = checkJunitFile(values.junit as string | undefined);

  const { claims: registry, figures } = await loadSpecs({ context: { seed, profile } });
  let selected = selectClaimsFlag(registry, positionals);
  if (shard) {
    if (shard.count > selected.length) throw new UsageError(`--shard ${shard.index}/${shard.count}: ${selected.length} claim(s) selected, so at most ${selected.length} shards (a shard with no claim proves nothing)`);
    selected = selected.filter((_, i) => i % shard.count === shard.index - 1);
  }
  const explain = (values.explain as string[] | undefined) ?? [];
  for (const id of explain) {
    if (!selected.some((c) => c.id === id)) throw new UsageError(`--explain ${id}: not among the selected claims (${selected.length > 8 ? `${selected.slice(0, 8).map((c) => c.id).join(', ')}, …` : selected.map((c) => c.id).join(', ')})`);
  }

  const store = new ResultStore(out);
  const loaded = store.open({ dir: out, header: { tool: 'lemmata', version: 1, seed, profile, alphaTotal, shard, claims: selected.map((c) => c.id), backend: backendName() }, resume: !!values.resume });
  process.stderr.write(
    `lemmata verify: seed ${seed}${drawn ? ' (drawn; replay with --seed ' + seed + ')' : ''}, profile ${profile}, backend ${backendName()}, ${jobs} job(s), ${selected.length} claim(s)` +
      `${shard ? `, shard ${shard.index}/${shard.count}` : ''}, output ${out}\n`,
  );
  if (loaded) process.stderr.write(`lemmata verify: resuming with ${loaded.records} finished cell(s)${loaded.tornLastLine ? ' (the torn last line of the killed run was dropped)' : ''}\n`);
  const printer = progressPrinter(process.stderr);
  const inWorkers = workerFigures(figures, selected);
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
    figures: { ids: inWorkers.ids, onRendered: inWorkers.onRendered },
    onProgress: printer.onProgress,
  });
  printer.close();
  const summary = buildSummary({ seed, profile, budget: result.budget, claims: result.summaries, policy: { strict: !!values.strict } });
  try {
    await writeReport(out, summary, { figures: inWorkers.figures, junitFile });
  } finally {
    store.close();
  }
  if (values.json) process.stdout.write(JSON.stringify(summary, null, 2) + '\n');
  else {
    printTable(summary, process.stdout);
    for (const id of explain) process.stdout.write('\n' + renderClaimText(summary.claims.find((c) => c.id === id)!, { seed, profile }));
    process.stdout.write(`Report: ${out}/REPORT.md, ${out}/REPORT.html${junitFile ? `; JUnit: ${junitFile}` : ''}\n`);
  }
  return summary.gate.passed ? 0 : 1;
}
