/**
 * Vitest reporter: collects the claim summaries that `claimTests` stored in `task.meta` and writes the
 * run's outputs, as `lemmata verify` does, to reports/vitest/ at the end of the run: summary.json,
 * REPORT.md, REPORT.html, junit.xml, plots and figures (gate: strict, as the suite requires).
 */
import { relative, resolve } from 'node:path';
import type { Reporter, TestModule } from 'vitest/node';
import { budgetFor } from '../src/harness/budget.ts';
import { loadSpecs } from '../src/harness/registry.ts';
import { buildSummary, writeReport } from '../src/harness/report.ts';
import type { Profile } from '../src/harness/profile.ts';
import type { ClaimSummary } from '../src/harness/verdict.ts';

/** Options of the reporter (vitest passes them from `reporters: [['./properties/reporter.ts', { outDir }]]`). */
export interface LemmataReporterOptions {
  /** Output folder (default reports/vitest). */
  outDir?: string;
}

/** The failed tests of a run, as `file > name`. */
function failedTests(modules: ReadonlyArray<TestModule>): string[] {
  const out: string[] = [];
  for (const m of modules) {
    if (m.state() === 'failed' && ![...m.children.allTests()].some((t) => t.result().state === 'failed')) out.push(`${m.moduleId} (the file failed to load or run)`);
    for (const t of m.children.allTests()) if (t.result().state === 'failed') out.push(`${m.moduleId} > ${t.fullName}`);
  }
  return out;
}

export default class LemmataReporter implements Reporter {
  private readonly outDir: string;

  constructor(o: LemmataReporterOptions = {}) {
    this.outDir = resolve(o.outDir ?? 'reports/vitest');
  }

  async onTestRunEnd(modules: ReadonlyArray<TestModule>, unhandledErrors: ReadonlyArray<unknown> = [], reason?: string): Promise<void> {
    try {
      await this.writeClaimReport(modules);
    } finally {
      // Last lines of the output: a failing run names its seed, so that it can be replayed (issue 10).
      const failed = failedTests(modules);
      if (failed.length || unhandledErrors.length || reason === 'failed') {
        const seed = process.env.LEMMATA_SEED ?? '(unset)';
        const files = [...new Set(failed.map((f) => relative(process.cwd(), f.split(' > ')[0].replace(/ \(.*$/, ''))))];
        process.stdout.write(
          `\nlemmata: ${failed.length} test(s) failed${unhandledErrors.length ? `, ${unhandledErrors.length} unhandled error(s)` : ''} with root seed ${seed}:\n` +
            failed.slice(0, 10).map((f) => `  ${relative(process.cwd(), f)}\n`).join('') +
            (failed.length > 10 ? `  … and ${failed.length - 10} more\n` : '') +
            `replay: LEMMATA_SEED=${seed} npx vitest run ${files.join(' ')}\n`,
        );
      }
    }
  }

  private async writeClaimReport(modules: ReadonlyArray<TestModule>): Promise<void> {
    const found: ClaimSummary[] = [];
    let seed = 0;
    let profile: Profile = 'ci';
    for (const m of modules) {
      for (const t of m.children.allTests()) {
        const meta = t.meta().lemmata;
        if (!meta) continue;
        found.push(meta.summary);
        seed = meta.seed;
        profile = meta.profile;
      }
    }
    if (found.length === 0) return;
    found.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
    const { claims, figures } = await loadSpecs({ context: { seed, profile } });
    const summary = buildSummary({ seed, profile, budget: budgetFor(claims), claims: found, policy: { strict: true } });
    const dir = this.outDir;
    await writeReport(dir, summary, { figures });
    process.stdout.write(
      `\nlemmata: ${summary.gate.verified}/${found.length} claims verified, ${summary.gate.variantsKilled}/${summary.gate.variants} wrong variants refuted; ` +
        `report ${dir}/REPORT.html (and REPORT.md, junit.xml)\n`,
    );
  }
}
