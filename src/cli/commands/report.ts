/**
 * `lemmata report --merge DIR... [--out DIR] [--json]`: merges shard outputs into one report,
 * identical to a single-process run with the same seed (verdicts are judged from the records).
 *
 * @module
 */
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { loadSpecs } from '../../harness/registry.ts';
import { buildSummary, writeReport } from '../../harness/report.ts';
import { ResultStore, type RunHeader } from '../../harness/resultStore.ts';
import { runClaims } from '../../harness/runner.ts';
import { parse } from '../args.ts';
import { UsageError } from '../usageError.ts';
import { ensureWritableDir, printTable } from './verify.ts';

export const REPORT_HELP = `lemmata report --merge DIR [DIR ...] [--out DIR] [--json]

Merges the results of shard runs (lemmata verify --shard K/N --out DIR_K) made with the same seed
and profile into one summary.json, REPORT.md and plots, identical to a single run. Default --out:
reports/merged.`;

export async function reportCommand(argv: string[]): Promise<number> {
  const { values, positionals } = parse(argv, { merge: { type: 'boolean' }, out: { type: 'string' }, json: { type: 'boolean' }, help: { type: 'boolean', short: 'h' } });
  if (values.help) {
    process.stdout.write(REPORT_HELP + '\n');
    return 0;
  }
  if (!values.merge) throw new UsageError('report needs --merge DIR [DIR ...]');
  if (positionals.length === 0) throw new UsageError('report --merge needs at least one run directory');
  const headers: RunHeader[] = [];
  const store = new ResultStore(null);
  for (const d of positionals) {
    const dir = resolve(d);
    const hf = join(dir, 'run.json');
    const rf = join(dir, 'results.jsonl');
    if (!existsSync(hf) || !existsSync(rf)) throw new UsageError(`${dir} is not a lemmata run directory (needs run.json and results.jsonl)`);
    let h: RunHeader;
    try {
      h = JSON.parse(readFileSync(hf, 'utf8')) as RunHeader;
    } catch (e) {
      throw new UsageError(`${hf}: ${(e as Error).message}`);
    }
    if (headers.length && (h.seed !== headers[0].seed || h.profile !== headers[0].profile || h.alphaTotal !== headers[0].alphaTotal)) {
      throw new UsageError(`${dir} was run with seed ${h.seed}, profile ${h.profile}; ${positionals[0]} with seed ${headers[0].seed}, profile ${headers[0].profile}: cannot merge`);
    }
    headers.push(h);
    store.loadFile(rf);
  }
  const out = resolve((values.out as string | undefined) ?? 'reports/merged');
  ensureWritableDir(out);
  const { claims: registry, figures } = await loadSpecs({ context: { seed: headers[0].seed, profile: headers[0].profile } });
  const wanted = new Set(headers.flatMap((h) => h.claims));
  const unknown = [...wanted].filter((id) => !registry.some((c) => c.id === id));
  if (unknown.length) throw new UsageError(`the runs name claims this registry does not have: ${unknown.join(', ')}`);
  const selected = registry.filter((c) => wanted.has(c.id));
  const { seed, profile, alphaTotal } = headers[0];
  const res = await runClaims({ seed, profile, registry, selected, store, alphaTotal, judgeOnly: true });
  const summary = buildSummary(seed, profile, res.budget, res.summaries);
  await writeReport(out, summary, figures);
  if (values.json) process.stdout.write(JSON.stringify(summary, null, 2) + '\n');
  else {
    printTable(summary);
    process.stdout.write(`Report: ${out}/REPORT.md\n`);
  }
  return summary.gate.passed ? 0 : 1;
}
