/**
 * `lemmata show ID [--run DIR] [--json]`: the full text of one claim, from a finished run's
 * summary.json (statement, source, claimed vs observed with the standard error and the gap, verdict
 * and reason, evidence, wrong variants, replay, tolerance derivation), or from its definition when the
 * run does not include it.
 *
 * @module
 */
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { renderClaimDefinitionText, renderClaimText } from '../../harness/claimText.ts';
import { loadRegistry } from '../../harness/registry.ts';
import { SUMMARY_SCHEMA, type RunSummary } from '../../harness/runSummary.ts';
import { parse, resolveProfile, resolveSeed } from '../args.ts';
import { UsageError } from '../usageError.ts';

export const SHOW_HELP = `lemmata show ID [--run DIR] [--json]

Prints the full text of one claim: statement, source, what was claimed against what was observed
(with its standard error and the gap in standard errors), the verdict and its reason, the evidence
(ladder, sizes, power), every wrong variant with why and its verdict, the replay commands and the
tolerance derivation. Results come from the run in DIR (default reports/latest, its summary.json);
a claim that run does not include is shown from its definition, with the command that runs it.

Options:
  --run DIR      the run directory (default reports/latest)
  --json         print the claim's summary (schema ${SUMMARY_SCHEMA}) as JSON`;

/** Reads a run's summary.json (null when there is none); a malformed or older one is a usage error naming the file. */
function readSummary(file: string): RunSummary | null {
  if (!existsSync(file)) return null;
  let doc: unknown;
  try {
    doc = JSON.parse(readFileSync(file, 'utf8'));
  } catch (e) {
    throw new UsageError(`${file}: not valid JSON (${(e as Error).message})`);
  }
  const d = doc as Partial<RunSummary>;
  if (!d || d.tool !== 'lemmata' || !Array.isArray(d.claims)) throw new UsageError(`${file}: not a lemmata summary`);
  if (d.schema !== SUMMARY_SCHEMA) throw new UsageError(`${file}: written with summary schema ${String(d.schema)}, this lemmata reads ${SUMMARY_SCHEMA}: rerun 'lemmata verify'`);
  return d as RunSummary;
}

export async function showCommand(argv: string[]): Promise<number> {
  const { values, positionals } = parse(argv, { run: { type: 'string' }, json: { type: 'boolean' }, help: { type: 'boolean', short: 'h' } });
  if (values.help) {
    process.stdout.write(SHOW_HELP + '\n');
    return 0;
  }
  if (positionals.length !== 1) throw new UsageError(`show takes exactly one claim id, got ${positionals.length}`);
  const id = positionals[0];
  const runFlag = values.run as string | undefined;
  if (runFlag !== undefined && runFlag.trim() === '') throw new UsageError('--run: an empty path is not a directory');
  const dir = resolve(runFlag ?? 'reports/latest');
  const summary = readSummary(join(dir, 'summary.json'));
  const found = summary?.claims.find((c) => c.id === id);
  if (summary && found) {
    if (values.json) process.stdout.write(JSON.stringify(found, null, 2) + '\n');
    else process.stdout.write(renderClaimText(found, { seed: summary.seed, profile: summary.profile }));
    return 0;
  }
  // Not in the run: the definition, from the registry of the run's seed (claims drawn from the seed differ between seeds).
  const { seed } = summary ? { seed: summary.seed } : resolveSeed(undefined, { fallback: 0 });
  const profile = summary ? summary.profile : resolveProfile(undefined);
  const claim = (await loadRegistry({ context: { seed, profile } })).find((c) => c.id === id);
  if (!claim) throw new UsageError(`unknown claim '${id}' (see 'lemmata list')`);
  const note = summary ? `the run in ${dir} does not include it` : `no run in ${dir}`;
  if (values.json) process.stdout.write(JSON.stringify({ id: claim.id, title: claim.title, kind: claim.kind, statement: claim.statement, source: claim.source, tolerance: claim.tolerance, variants: claim.variants.map((v) => ({ name: v.name, why: v.why })), run: null }, null, 2) + '\n');
  else process.stdout.write(renderClaimDefinitionText(claim, { note }));
  return 0;
}
