/**
 * `lemmata replay ID --seed N [--path P] [--variant NAME] [--profile P]`: reruns one claim (or one
 * wrong variant) alone, with the same streams as in the run that printed the command.
 *
 * @module
 */
import { deriveSeed32 } from '../../core/random.ts';
import { runProperty, describeFailure } from '../../harness/checkProperty.ts';
import { forProfile, implFor } from '../../harness/claim.ts';
import { budgetFor } from '../../harness/budget.ts';
import { CounterexampleDb } from '../../harness/counterexamples.ts';
import { loadRegistry } from '../../harness/registry.ts';
import { buildSummary } from '../../harness/report.ts';
import { ResultStore } from '../../harness/resultStore.ts';
import { runClaims } from '../../harness/runner.ts';
import { parse, publishSeed, resolveProfile, resolveSeed } from '../args.ts';
import { progressPrinter } from '../progress.ts';
import { UsageError } from '../usageError.ts';
import { printTable } from './verify.ts';

export const REPLAY_HELP = `lemmata replay ID --seed N [--path P] [--variant NAME] [--profile P] [--json]

Reruns one claim with the streams of root seed N. For property claims (identity, optimisation,
empirical) --path replays fast-check's shrunk counterexample directly; for limit and expectation
claims the whole ladder of that claim is rerun and its levels printed.`;

export async function replayCommand(argv: string[]): Promise<number> {
  const { values, positionals } = parse(argv, {
    seed: { type: 'string' },
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
  publishSeed(seed);
  const registry = await loadRegistry();
  const claim = registry.find((c) => c.id === positionals[0]);
  if (!claim) throw new UsageError(`unknown claim '${positionals[0]}' (see 'lemmata list')`);
  const variant = values.variant as string | undefined;
  if (variant !== undefined && !claim.variants.some((v) => v.name === variant)) {
    throw new UsageError(`claim ${claim.id} has no variant '${variant}' (it has: ${claim.variants.map((v) => v.name).join(', ')})`);
  }
  if (claim.kind === 'identity' || claim.kind === 'optimisation' || claim.kind === 'empirical') {
    const fcSeed = deriveSeed32(seed, claim.id, 'property');
    const r = runProperty(claim, implFor(claim, variant), {
      fcSeed,
      numRuns: forProfile(claim.runs, profile),
      profile,
      path: values.path as string | undefined,
      isBase: variant === undefined,
      examples: variant === undefined && !values.path ? new CounterexampleDb().examplesFor(claim.id) : undefined,
    });
    if (values.json) process.stdout.write(JSON.stringify(r, null, 2) + '\n');
    else {
      process.stdout.write(`${claim.id}${variant ? ` [variant ${variant}]` : ''}: ${r.verdict} — ${r.reason}\n`);
      if (r.counterexample) process.stdout.write(`counterexample: params ${JSON.stringify(r.counterexample.params)}, internal seed ${r.counterexample.seed}, path ${r.path}\n`);
      if (r.failure) process.stdout.write(`failure: ${describeFailure(r.failure)}\n`);
    }
    return r.verdict === 'verified' || (variant !== undefined && r.verdict === 'refuted') ? 0 : 1;
  }
  if (values.path) throw new UsageError(`--path applies to property claims; ${claim.id} is a ${claim.kind} claim`);
  // Limit/expectation: rerun this claim alone, optionally restricted to one variant.
  const selected = [variant ? { ...claim, variants: claim.variants.filter((v) => v.name === variant) } : claim];
  const printer = progressPrinter();
  const res = await runClaims({ seed, profile, registry, selected: selected as typeof registry, store: new ResultStore(null), onProgress: printer.onProgress });
  printer.close();
  const summary = buildSummary(seed, profile, budgetFor(registry), res.summaries);
  if (values.json) process.stdout.write(JSON.stringify(summary, null, 2) + '\n');
  else {
    printTable(summary);
    for (const l of res.summaries[0].levels) {
      process.stdout.write(`  n=${l.n}: mean E_n ${l.value.toPrecision(10)}, error ${l.mean.toExponential(3)} ± ${l.stderr.toExponential(2)}${l.floor ? ' (noise floor)' : ''}\n`);
    }
  }
  return summary.gate.passed ? 0 : 1;
}
