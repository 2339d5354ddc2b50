/**
 * `lemmata report --merge DIR... [--out DIR] [--json]`: merges shard outputs into one report,
 * identical to a single-process run with the same seed (verdicts are judged from the records).
 *
 * @module
 */
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { loadSpecs } from '../../harness/registry.ts';
import { buildSummary, writeReport } from '../../harness/report.ts';
import { clearDerivedOutputs, lockRunDir } from '../../harness/outputDir.ts';
import { badRecordsMessage, readRunHeader, ResultStore, type RunHeader } from '../../harness/resultStore.ts';
import { runClaims } from '../../harness/runner.ts';
import { parse } from '../args.ts';
import { UsageError } from '../usageError.ts';
import { checkJunitFile, ensureWritableDir, printTable } from './verify.ts';

export const REPORT_HELP = `lemmata report --merge DIR [DIR ...] [--out DIR] [--strict] [--junit FILE] [--json]

Merges the results of shard runs (lemmata verify --shard K/N --out DIR_K) made with the same seed
and profile into one summary.json, REPORT.md, REPORT.html, junit.xml and plots, identical to a
single run. Default --out: reports/merged. --junit FILE also writes the JUnit XML to FILE.`;

export async function reportCommand(argv: string[]): Promise<number> {
  const { values, positionals } = parse(argv, { merge: { type: 'boolean' }, out: { type: 'string' }, strict: { type: 'boolean' }, junit: { type: 'string' }, json: { type: 'boolean' }, help: { type: 'boolean', short: 'h' } });
  if (values.help) {
    process.stdout.write(REPORT_HELP + '\n');
    return 0;
  }
  if (!values.merge) throw new UsageError('report needs --merge DIR [DIR ...]');
  if (positionals.length === 0) throw new UsageError('report --merge needs at least one run directory');
  const junitFile = checkJunitFile(values.junit as string | undefined);
  const headers: RunHeader[] = [];
  const store = new ResultStore(null);
  for (const d of positionals) {
    const dir = resolve(d);
    const hf = join(dir, 'run.json');
    const rf = join(dir, 'results.jsonl');
    if (!existsSync(hf) || !existsSync(rf)) throw new UsageError(`${dir} is not a lemmata run directory (needs run.json and results.jsonl)`);
    const h = readRunHeader(hf);
    const h0 = headers[0];
    if (h0 && (h.seed !== h0.seed || h.profile !== h0.profile || h.alphaTotal !== h0.alphaTotal || (h.backend ?? null) !== (h0.backend ?? null))) {
      throw new UsageError(`${dir} was run with seed ${h.seed}, profile ${h.profile}, backend ${h.backend ?? '?'}; ${positionals[0]} with seed ${h0.seed}, profile ${h0.profile}, backend ${h0.backend ?? '?'}: cannot merge`);
    }
    headers.push(h);
    const loaded = store.loadFile(rf);
    if (loaded.bad.length) throw new UsageError(badRecordsMessage(rf, loaded));
    if (loaded.tornLastLine) process.stderr.write(`lemmata report: ${rf}: dropped a torn last line (the run was killed while writing it)\n`);
  }
  // A shard set must be complete: every K of 1..N exactly once, all with the same N.
  const sharded = headers.filter((h) => h.shard);
  if (sharded.length) {
    if (sharded.length !== headers.length) throw new UsageError('cannot merge sharded and unsharded runs');
    const N = sharded[0].shard!.count;
    if (sharded.some((h) => h.shard!.count !== N)) throw new UsageError(`the runs come from different shard counts (${[...new Set(sharded.map((h) => h.shard!.count))].join(', ')})`);
    const have = new Set(sharded.map((h) => h.shard!.index));
    if (have.size !== sharded.length) throw new UsageError('the same shard was given twice');
    const missing = Array.from({ length: N }, (_, i) => i + 1).filter((k) => !have.has(k));
    if (missing.length) throw new UsageError(`incomplete shard set: have ${[...have].sort((a, b) => a - b).map((k) => `${k}/${N}`).join(', ')}, missing ${missing.map((k) => `${k}/${N}`).join(', ')}`);
  }
  const out = ensureWritableDir((values.out as string | undefined) ?? 'reports/merged');
  const lock = lockRunDir(out);
  const { claims: registry, figures } = await loadSpecs({ context: { seed: headers[0].seed, profile: headers[0].profile } });
  const wanted = new Set(headers.flatMap((h) => h.claims));
  const unknown = [...wanted].filter((id) => !registry.some((c) => c.id === id));
  if (unknown.length) throw new UsageError(`the runs name claims this registry does not have: ${unknown.join(', ')}`);
  const selected = registry.filter((c) => wanted.has(c.id));
  const { seed, profile, alphaTotal } = headers[0];
  const res = await runClaims({ seed, profile, registry, selected, store, alphaTotal, judgeOnly: true });
  const summary = buildSummary({ seed, profile, budget: res.budget, claims: res.summaries, policy: { strict: !!values.strict } });
  try {
    clearDerivedOutputs(out);
    await writeReport(out, summary, { figures, junitFile });
  } finally {
    lock.release();
  }
  if (values.json) process.stdout.write(JSON.stringify(summary, null, 2) + '\n');
  else {
    printTable(summary, process.stdout);
    process.stdout.write(`Report: ${out}/REPORT.md, ${out}/REPORT.html${junitFile ? `; JUnit: ${junitFile}` : ''}\n`);
  }
  return summary.gate.passed ? 0 : 1;
}
