/**
 * `lemmata replay ID --seed N [--path P] [--variant NAME] [--profile P]`: reruns one claim (or one
 * wrong variant) alone, with the same streams as in the run that printed the command.
 *
 * @module
 */
import { describeFailure, type PropertyRunResult } from '../../harness/checkProperty.ts';
import { CounterexampleDb } from '../../harness/counterexamples.ts';
import { kindOf } from '../../harness/kinds/table.ts';
import { loadRegistry } from '../../harness/registry.ts';
import { buildSummary } from '../../harness/report.ts';
import { ResultStore } from '../../harness/resultStore.ts';
import { runClaims } from '../../harness/runner.ts';
import { join } from 'node:path';
import { alphaFlag, parse, resolveProfile, resolveSeed } from '../args.ts';
import { loadClaimFiles } from '../../harness/claimFiles.ts';
import { progressPrinter } from '../progress.ts';
import { UsageError } from '../usageError.ts';
import { printTable } from './verify.ts';

export const REPLAY_HELP = `lemmata replay [--spec FILE ...] ID --seed N [--path P] [--variant NAME] [--profile P] [--alpha A] [--json]

Reruns one claim with the streams of root seed N. For property claims (identity, optimisation,
empirical) --path replays fast-check's shrunk counterexample directly; for sampling claims (limit,
expectation, extrapolation) the whole claim is rerun and its levels printed. With --spec, the claim
comes from your claim files (as printed by 'lemmata audit', which names every audited file so the
false-alarm budget is the same); counterexamples are then read from .lemmata/ in the current directory.`;

export async function replayMain(argv: string[]): Promise<number> {
  const { values, positionals } = parse(argv, {
    seed: { type: 'string' },
    spec: { type: 'string', multiple: true },
    alpha: { type: 'string' },
    path: { type: 'string' },
    variant: { type: 'string' },
    profile: { type: 'string' },
    json: { type: 'boolean' },
    help: { type: 'boolean', short: 'h' },
  });
  if (values.help) {
    process.stdout.write(REPLAY_HELP + '\n');
    return 0;
  }
  if (positionals.length !== 1) throw new UsageError(`replay takes exactly one claim id, got ${positionals.length}`);
  if (values.seed === undefined && !process.env.LEMMATA_SEED) throw new UsageError('replay needs --seed N (the root seed printed by the failing run)');
  const { seed } = resolveSeed(values.seed as string | undefined);
  const profile = resolveProfile(values.profile as string | undefined);
  const specs = (values.spec as string[] | undefined) ?? [];
  const alphaTotal = alphaFlag(values.alpha as string | undefined);
  const registry = specs.length ? (await loadClaimFiles(specs, { seed, profile })).claims : await loadRegistry({ context: { seed, profile } });
  const claim = registry.find((c) => c.id === positionals[0]);
  if (!claim) throw new UsageError(`unknown claim '${positionals[0]}' (${specs.length ? `the files ${specs.join(', ')} define: ${registry.map((c) => c.id).join(', ')}` : "see 'lemmata list'"})`);
  const counterexampleDb = () => (specs.length ? new CounterexampleDb(join(process.cwd(), '.lemmata', 'counterexamples.json')) : new CounterexampleDb());
  const variant = values.variant as string | undefined;
  if (variant !== undefined && !claim.variants.some((v) => v.name === variant)) {
    throw new UsageError(`claim ${claim.id} has no variant '${variant}' (it has: ${claim.variants.map((v) => v.name).join(', ')})`);
  }
  const path = values.path as string | undefined;
  const kind = kindOf(claim);
  if (path !== undefined && !kind.acceptsPath) throw new UsageError(`--path applies to property claims; ${claim.id} is a ${claim.kind} claim`);
  const pathProblem = path !== undefined ? kind.pathProblem?.(claim, path, profile) : null;
  if (pathProblem) throw new UsageError(pathProblem);
  // A property replay runs the claim (and the named variant); a sampling replay reruns the claim's whole ladder and its variants.
  const variants = variant ? claim.variants.filter((v) => v.name === variant) : kind.acceptsPath ? [] : claim.variants;
  const selected = [{ ...claim, variants }] as typeof registry;
  const store = new ResultStore(null);
  const printer = progressPrinter(process.stderr);
  const res = await runClaims({
    seed,
    profile,
    registry,
    selected,
    store,
    path,
    alphaTotal,
    counterexamples: variant === undefined && path === undefined ? counterexampleDb() : undefined,
    onProgress: printer.onProgress,
  });
  printer.close();
  const s = res.summaries[0];
  // The verdict replayed: the variant's when --variant is given.
  const replayed = variant === undefined ? s : s.variants[0];
  if (kind.acceptsPath) {
    const r = (variant === undefined ? store.property(claim.id, null) : store.property(claim.id, variant))?.result as PropertyRunResult | undefined;
    if (values.json) process.stdout.write(JSON.stringify(r ?? s, null, 2) + '\n');
    else {
      process.stdout.write(`${claim.id}${variant ? ` [variant ${variant}]` : ''}: ${replayed.verdict} — ${replayed.reason}\n`);
      if (r?.counterexample) process.stdout.write(`counterexample: params ${JSON.stringify(r.counterexample.params)}, internal seed ${r.counterexample.seed}, path ${r.path}\n`);
      if (r?.failure) process.stdout.write(`failure: ${describeFailure(r.failure)}\n`);
    }
    return replayed.verdict === 'verified' || (variant !== undefined && replayed.verdict === 'refuted') ? 0 : 1;
  }
  const summary = buildSummary({ seed, profile, budget: res.budget, claims: res.summaries });
  if (values.json) process.stdout.write(JSON.stringify(summary, null, 2) + '\n');
  else {
    printTable(summary, process.stdout);
    for (const l of s.levels) {
      process.stdout.write(`  n=${l.n}: mean E_n ${l.value.toPrecision(10)}, error ${l.mean.toExponential(3)} ± ${l.stderr.toExponential(2)}${l.floor ? ' (noise floor)' : ''}\n`);
    }
  }
  return summary.gate.passed ? 0 : 1;
}
