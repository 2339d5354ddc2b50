/**
 * `lemmata audit FILE... [--profile P] [--seed N] [--out DIR] [--alpha A] [--strict] [--json]`: checks a theorist's own
 * claim files, from anywhere, through the same checkers and kill matrix as the built-in claims.
 *
 * The audited claims get their own false-alarm budget (α_total split over their stochastic tests only), so auditing
 * never changes a built-in claim's threshold; counterexamples go to `.lemmata/` under the current directory, never
 * into the installed package.
 *
 * @module
 */
import { join, relative } from 'node:path';
import { backendName } from '../../core/backend.ts';
import { budgetFor, DEFAULT_ALPHA_TOTAL } from '../../harness/budget.ts';
import { CounterexampleDb } from '../../harness/counterexamples.ts';
import { buildSummary, writeReport } from '../../harness/report.ts';
import { ResultStore } from '../../harness/resultStore.ts';
import { runClaims } from '../../harness/runner.ts';
import { alphaFlag, outDirFlag, parse, parseJobs, resolveProfile, resolveSeed } from '../args.ts';
import { loadClaimFiles } from '../../harness/claimFiles.ts';
import { progressPrinter } from '../progress.ts';
import { UsageError } from '../usageError.ts';
import { printClaimBlock } from '../claimBlock.ts';

export const AUDIT_HELP = `lemmata audit FILE... [options]

Checks your own claim files (.ts, .mts, .js, .mjs; anywhere on disk) exactly like the built-in claims:
each claim, and each of its wrong variants, through its kind's checker. A claim file default-exports a
claim (defineClaim from 'lemmata'), an array of claims, or a function of { seed, profile } returning them;
'lemmata new-claim NAME' writes a commented one to start from (docs/auditing.md walks through three).

For each claim it prints the statement, the verdict, what was claimed against what was observed (with
the standard error and the gap in standard errors), the shrunk counterexample of a refuted identity,
and a replay command for that file. A claim without wrong variants is accepted with a warning: it was
never shown able to fail.

Options:
  --profile P    quick (default), ci or full
  --seed N       root seed (uint32); default: env LEMMATA_SEED, else drawn and printed
  --out DIR      report folder (default .lemmata/audit under the current directory)
  --alpha A      false-alarm budget of the audited claims, split over their own stochastic tests
                 (default ${DEFAULT_ALPHA_TOTAL}; the built-in claims' thresholds are not affected)
  --jobs N       worker processes for the cells (default: the available cores)
  --strict       an inconclusive claim fails too
  --json         print the summary JSON instead of the text

Counterexamples are stored in .lemmata/counterexamples.json under the current directory.

Exit status: 0 when every claim passes (verified, or inconclusive without --strict, and every wrong
variant refuted); 1 when a claim is refuted or errors, or a wrong variant survives; 2 for an invalid
file or usage.`;

/** Quotes a path for a POSIX shell when it holds anything but safe characters. */
export function shellQuote(p: string): string {
  return /^[A-Za-z0-9_./:@%+=-]+$/.test(p) ? p : `'${p.replace(/'/g, `'\\''`)}'`;
}

export async function auditCommand(argv: string[]): Promise<number> {
  const { values, positionals } = parse(argv, {
    profile: { type: 'string' },
    seed: { type: 'string' },
    out: { type: 'string' },
    alpha: { type: 'string' },
    strict: { type: 'boolean' },
    jobs: { type: 'string' },
    json: { type: 'boolean' },
    help: { type: 'boolean', short: 'h' },
  });
  if (values.help) {
    process.stdout.write(AUDIT_HELP + '\n');
    return 0;
  }
  const profile = resolveProfile(values.profile as string | undefined);
  const { seed, drawn } = resolveSeed(values.seed as string | undefined);
  const alphaTotal = alphaFlag(values.alpha as string | undefined);
  const out = outDirFlag(values.out as string | undefined, { defaultDir: join('.lemmata', 'audit') });
  const { claims, figures, files } = await loadClaimFiles(positionals, { seed, profile });
  if (claims.length === 0) throw new UsageError(`${positionals.join(', ')}: no claim exported`);
  // The audited claims' own budget: the built-in registry is not part of it, so its thresholds never move.
  const budget = budgetFor(claims, { alphaTotal });
  // The replay command names every audited file (the budget is theirs together) and a non-default α.
  const rel = (f: string) => relative(process.cwd(), f) || f;
  const replayPrefix = `npx lemmata replay ${[...new Set(files.values())].map((f) => `--spec ${shellQuote(rel(f))}`).join(' ')}${alphaTotal !== DEFAULT_ALPHA_TOTAL ? ` --alpha ${alphaTotal}` : ''}`;
  const store = new ResultStore(out);
  store.open({ dir: out, header: { tool: 'lemmata', version: 1, seed, profile, alphaTotal, shard: null, claims: claims.map((c) => c.id), backend: backendName(), budgetTests: budget.tests }, resume: false });
  process.stderr.write(
    `lemmata audit: seed ${seed}${drawn ? ` (drawn; replay with --seed ${seed})` : ''}, profile ${profile}, ${claims.length} claim(s) from ${positionals.length} file(s), ` +
      `budget α = ${alphaTotal} over ${budget.tests} stochastic test(s) of these claims, output ${out}\n`,
  );
  const printer = progressPrinter(process.stderr);
  let result;
  try {
    const r = await runClaims({
      seed,
      profile,
      registry: claims,
      selected: claims,
      store,
      budget,
      counterexamples: new CounterexampleDb(join(process.cwd(), '.lemmata', 'counterexamples.json')),
      record: true,
      replayPrefix,
      jobs: parseJobs(values.jobs as string | undefined),
      source: { files: [...new Set(files.values())] },
      onProgress: printer.onProgress,
    });
    const summaries = r.summaries;
    result = buildSummary({ seed, profile, budget, claims: summaries, policy: { strict: !!values.strict } });
    await writeReport(out, result, { figures });
  } finally {
    printer.close();
    store.close();
  }
  if (values.json) process.stdout.write(JSON.stringify(result, null, 2) + '\n');
  else {
    for (const s of result.claims) printClaimBlock(s);
    const gt = result.gate;
    process.stdout.write(
      `${gt.passed ? 'PASS' : 'FAIL'}: ${gt.verified} verified, ${gt.refuted} refuted, ${gt.inconclusive} inconclusive, ${gt.errors} errors; ` +
        `${gt.variantsKilled}/${gt.variants} wrong variants refuted. Seed ${seed}, profile ${profile}. Report: ${out}/REPORT.md, ${out}/REPORT.html\n`,
    );
  }
  return result.gate.passed ? 0 : 1;
}
