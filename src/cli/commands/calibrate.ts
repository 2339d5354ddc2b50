/**
 * `lemmata calibrate [ID|GLOB ...] --seeds K [--profile P] [--seed BASE] [--alpha A] [--jobs N] [--out DIR] [--resume] [--json]`:
 * the measured false-alarm rate of the stochastic claims (logic and statistics in `harness/calibrate.ts`).
 *
 * @module
 */
import { availableParallelism } from 'node:os';
import { backendName } from '../../core/backend.ts';
import { DEFAULT_ALPHA_TOTAL, budgetFor } from '../../harness/budget.ts';
import { CALIBRATION_LEVEL, calibrationMarkdown, calibrationReport, isStochastic, machineInfo, runCalibration, type CalibrationReport } from '../../harness/calibrate.ts';
import { CalibrationStore } from '../../harness/calibrationStore.ts';
import { loadSpecs } from '../../harness/registry.ts';
import { alphaFlag, numberFlag, outDirFlag, parse, parseJobs, resolveProfile, resolveSeed, selectClaimsFlag } from '../args.ts';
import { UsageError } from '../usageError.ts';

/** Largest --seeds accepted (a typo guard: 10⁵ runs of the cheapest claim already take hours). */
export const MAX_SEEDS = 100_000;

export const CALIBRATE_HELP = `lemmata calibrate [ID|GLOB ...] --seeds K [options]

Runs the correct implementation (never the wrong variants) of the stochastic claims — limit,
expectation and extrapolation claims; all of them by default — at K root seeds derived from one base
seed, and reports for each claim its refutation rate (a false alarm: the claim is true) with a
Clopper–Pearson interval against its share of the false-alarm budget, and the distribution of the
p-values of its decisive test (fractions below 0.05 and 0.01, Kolmogorov–Smirnov against U(0, 1),
one-sided Smirnov test for an excess of small p-values). Writes DIR/calibration.json,
DIR/CALIBRATION.md and DIR/calibration.jsonl (one line per finished run, so --resume continues).

Options:
  --seeds K      number of root seeds (required; 1 ≤ K ≤ ${MAX_SEEDS})
  --profile P    quick (default), ci or full
  --seed N       base seed (uint32); seed k = first 32 bits of SHA-256(N, 'calibrate', k);
                 default: env LEMMATA_SEED, else drawn and printed
  --alpha A      suite-wide false-alarm budget per run, as for verify (default ${DEFAULT_ALPHA_TOTAL})
  --jobs N       worker processes for the runs (default: the available cores, ${availableParallelism()} here);
                 each run's record is the same for every N
  --out DIR      output directory (default reports/calibration)
  --resume       continue a killed calibration in DIR (same base seed, profile and alpha; K may grow)
  --json         print calibration.json on stdout instead of the table

Progress goes to stderr: one line per finished run (with --jobs 1 on a terminal, also the cells of the run).
Exit status: 0 when no claim is flagged (refuted more often than its budget allows, anti-conservative
p-values, or errors, each at level ${CALIBRATION_LEVEL}); 1 when one is; 2 on a usage error.`;

const dur = (ms: number | null) => {
  if (ms === null || !Number.isFinite(ms)) return '?';
  const s = Math.round(ms / 1000);
  return s >= 3600 ? `${Math.floor(s / 3600)}h${String(Math.floor((s % 3600) / 60)).padStart(2, '0')}m` : s >= 60 ? `${Math.floor(s / 60)}m${String(s % 60).padStart(2, '0')}s` : `${s}s`;
};

/** Prints the calibration table (plain text). */
export function printCalibration(r: CalibrationReport, out: NodeJS.WriteStream = process.stdout): void {
  const g = (x: number, d = 2) => (Number.isFinite(x) ? x.toPrecision(d) : '—');
  const rows = r.claims.map((c) => [
    c.id,
    c.kind,
    String(c.runs),
    `${c.refuted.k} [${g(c.refuted.ci95[0])}, ${g(c.refuted.ci95[1])}]`,
    g(c.budgetShare),
    `${c.pValues.below05.k}/${c.pValues.n}`,
    `${c.pValues.below01.k}/${c.pValues.n}`,
    c.pValues.ks ? g(c.pValues.ks.p) : '—',
    c.pValues.smirnov ? g(c.pValues.smirnov.p) : '—',
    c.pValues.shape,
    g(c.msPerRun / 1000),
    c.findings.length ? 'FLAGGED' : '',
  ]);
  const head = ['claim', 'kind', 'runs', 'refuted [95% CI]', 'budget', 'p<0.05', 'p<0.01', 'KS p', 'D+ p', 'p-values', 's/run', ''];
  const w = head.map((h, i) => Math.max(h.length, ...rows.map((x) => x[i].length)));
  const line = (x: string[]) => x.map((s, i) => s.padEnd(w[i])).join('  ').trimEnd();
  out.write(line(head) + '\n' + w.map((n) => '-'.repeat(n)).join('  ') + '\n');
  for (const x of rows) out.write(line(x) + '\n');
  const s = r.suite;
  out.write(`\nSuite: ${s.refuted.k} refutations of correct claims in ${s.runs} runs (rate ${g(s.refuted.rate)}, 95% CI [${g(s.refuted.ci95[0])}, ${g(s.refuted.ci95[1])}]); mean budget share per run ${g(s.budgetShare)}.\n`);
  for (const f of r.findings) out.write(`FINDING ${f}\n`);
  out.write(`${r.findings.length ? 'FLAGGED' : 'CALIBRATED'}: ${r.claims.length} claim(s) × ${r.seeds} seed(s), base seed ${r.baseSeed}, profile ${r.profile}.\n`);
}

export async function calibrateCommand(argv: string[]): Promise<number> {
  const { values, positionals } = parse(argv, {
    seeds: { type: 'string' },
    profile: { type: 'string' },
    seed: { type: 'string' },
    alpha: { type: 'string' },
    out: { type: 'string' },
    jobs: { type: 'string' },
    resume: { type: 'boolean' },
    json: { type: 'boolean' },
    help: { type: 'boolean', short: 'h' },
  });
  if (values.help) {
    process.stdout.write(CALIBRATE_HELP + '\n');
    return 0;
  }
  if (values.seeds === undefined) throw new UsageError('calibrate needs --seeds K (the number of root seeds, e.g. --seeds 200)');
  const seedsText = values.seeds as string;
  const K = numberFlag('seeds', seedsText, { check: (x) => Number.isInteger(x) && x >= 1 && x <= MAX_SEEDS, domain: `an integer in [1, ${MAX_SEEDS}]` })!;
  const jobs = parseJobs(values.jobs as string | undefined);
  const profile = resolveProfile(values.profile as string | undefined);
  const { seed: baseSeed, drawn } = resolveSeed(values.seed as string | undefined);
  const alphaTotal = alphaFlag(values.alpha as string | undefined);
  const out = outDirFlag(values.out as string | undefined, { defaultDir: 'reports/calibration', example: 'reports/calibration' });

  const { claims: registry } = await loadSpecs({ context: { seed: baseSeed, profile } });
  let selected = selectClaimsFlag(registry, positionals);
  const deterministic = selected.filter((c) => !isStochastic(c));
  selected = selected.filter(isStochastic);
  if (selected.length === 0) {
    throw new UsageError(`no stochastic claim selected (${deterministic.map((c) => `${c.id}: ${c.kind}`).join(', ')}): only limit, expectation and extrapolation claims spend the false-alarm budget`);
  }
  const budget = budgetFor(registry, { alphaTotal });
  const backend = backendName();
  const { store, loaded, tornLastLine } = CalibrationStore.open({ dir: out, header: { tool: 'lemmata', command: 'calibrate', baseSeed, profile, alphaTotal, budgetTests: budget.tests, backend }, resume: !!values.resume });
  const machine = machineInfo(backend);
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  const err = process.stderr;
  const tty = !!err.isTTY;
  try {
    err.write(
      `lemmata calibrate: base seed ${baseSeed}${drawn ? ` (drawn; repeat with --seed ${baseSeed})` : ''}, ${K} seed(s), profile ${profile}, backend ${backend}, ` +
        `${selected.length} stochastic claim(s)${deterministic.length ? ` (${deterministic.length} deterministic claim(s) skipped)` : ''}, α_i = ${budget.alphaPerTest.toPrecision(3)}; ${jobs} job(s); output ${out}\n`,
    );
    if (loaded) err.write(`lemmata calibrate: resuming with ${loaded} finished run(s)${tornLastLine ? ' (the torn last line of the killed run was dropped)' : ''}\n`);
    let lastDraw = 0;
    let workerCpuMs = 0;
    const records = await runCalibration({
      claims: selected,
      budget,
      profile,
      baseSeed,
      seeds: K,
      store,
      jobs,
      source: { builtin: true },
      onCell: tty && jobs === 1
        ? (claim, k, e) => {
            const now = Date.now();
            if (now - lastDraw < 200) return;
            lastDraw = now;
            const where = e.n !== undefined ? `level ${(e.level ?? 0) + 1}/${e.levels} n=${e.n} ` : '';
            err.write(`\r\x1b[2K  ${claim} seed #${k + 1}: ${where}replicate ${(e.replicate ?? 0) + 1}/${e.replicates ?? '?'}`);
          }
        : undefined,
      onRecord(r, i) {
        if (i.inWorker) workerCpuMs += r.cpuMs ?? 0;
        if (i.resumed && i.done !== i.total) return;
        const p = r.pValue === null ? 'no test' : `p = ${r.pValue.toPrecision(3)}`;
        err.write(`${tty ? '\r\x1b[2K' : ''}[${String(i.done).padStart(String(i.total).length)}/${i.total}] ${r.claim} seed #${r.k + 1} (${r.seed}): ${r.verdict}, ${p}, ${(r.ms / 1000).toFixed(1)}s; elapsed ${dur(i.elapsedMs)}, ETA ~${dur(i.etaMs)}\n`);
      },
    });
    const cpu = process.cpuUsage(cpu0);
    machine.loadavgEnd = (await import('node:os')).loadavg();
    const command = `lemmata calibrate ${[...positionals.map((p) => `'${p}'`), `--seeds ${K}`, `--profile ${profile}`, `--seed ${baseSeed}`, ...(values.alpha !== undefined ? [`--alpha ${alphaTotal}`] : [])].join(' ')}`;
    const report = calibrationReport({ claims: selected, records, budget, profile, baseSeed, seeds: K, command, machine, elapsedSeconds: (performance.now() - t0) / 1000, cpuSeconds: (cpu.user + cpu.system) / 1e6 + workerCpuMs / 1000 });
    store.write('calibration.json', JSON.stringify(report, null, 2) + '\n');
    store.write('CALIBRATION.md', calibrationMarkdown(report));
    if (values.json) process.stdout.write(JSON.stringify(report, null, 2) + '\n');
    else {
      printCalibration(report);
      process.stdout.write(`Report: ${out}/CALIBRATION.md\n`);
    }
    return report.findings.length ? 1 : 0;
  } finally {
    store.close();
  }
}
